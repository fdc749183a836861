"""Reading the parse around a cue: the speaker's head (a verb's subject, inherited through
participles and conjuncts), the cue verbs above a word, what a cue reports, and the clause
shapes that are not reported speech."""

from __future__ import annotations

from spacy.tokens import Token

from dateline.quotes.drafts import Draft
from dateline.quotes.layout import Layout
from dateline.references.antecedents import is_age_noun
from dateline.vocabulary import function_words

# Dependents of a speech verb that carry what was said.
COMPLEMENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "dative"}
MAX_CUE_CLIMB = 8  # head-chain steps from quoted words up to their cue verb
MAX_SUBJECT_CLIMB = 4  # governing verbs climbed to inherit a subject
# the closing mark may stand this many characters past a clause's final stop ("... it.\"")
CLAUSE_EDGE_SLACK = 2
TIME_ENTITY_TYPES = ("DATE", "TIME")  # spaCy's entity labels for dates and times


def is_time(token: Token) -> bool:
    """A date or time word ("Monday", "noon"), which the parser sometimes makes a subject; not
    an age noun ("the 23-year-old", which spaCy may label a date)."""
    return token.ent_type_ in TIME_ENTITY_TYPES and not is_age_noun(token)


class Syntax:
    """Parse readings the attribution steps share, for one Doc."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.text = layout.text

    def complement_span(self, cue: Token, d: Draft) -> tuple[int, int] | None:
        """What the cue reports, when the quoted words sit inside it: the cue's complements
        after it ("said [that the deal was “a mistake”]", "called [the plan “reckless”]")."""
        parts = [c for c in cue.children if c.i > cue.i and c.dep_ in COMPLEMENT_DEPS]
        if not parts:
            return None
        tokens = [t for c in parts for t in c.subtree]
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        if not (start <= d.start and d.end <= end + CLAUSE_EDGE_SLACK) or (end - start) <= (
            d.end - d.start
        ):
            return None
        return start, max(end, d.end)

    def cues_up(self, t: Token, steps: int = MAX_CUE_CLIMB) -> list[Token]:
        """Cue verbs on the head chain above t, nearest first."""
        out = []
        cur = t
        for _ in range(steps):
            if cur.head == cur:
                break
            cur = cur.head
            if self.layout.cue_role(cur) and not self.layout.in_quote(cur.idx):
                out.append(cur)
        return out

    def adjacent_np(self, window: list[Token], cue: Token) -> Token | None:
        """A speaker phrase next to the cue when the parse gave the cue no subject."""
        before = [
            t
            for t in window
            if t.i < cue.i and t.pos_ in ("PROPN", "PRON", "NOUN") and not is_time(t)
        ]
        if before:
            return before[-1]
        run: list[Token] = []
        for t in window:
            if t.i <= cue.i:
                continue
            if t.pos_ == "PROPN":
                run.append(t)
            elif run or t.text == ",":
                break
        return run[-1] if run else None

    @staticmethod
    def passive(verb: Token) -> bool:
        """A cue in the passive ("it was revealed that", "she was told"): its subject is what was
        said or the one addressed, never the speaker."""
        deps = {c.dep_ for c in verb.children}
        if "nsubjpass" in deps or ("auxpass" in deps and "nsubj" not in deps):
            return True
        # "It was revealed" (the parser may call "It" a plain subject); "what he's called" is
        # active: its "’s" is "has"
        return any(c.dep_ == "auxpass" and c.lemma_.lower() == "be" for c in verb.children)

    @staticmethod
    def reduced_passive(verb: Token) -> bool:
        """A past participle opening a clause of its own before the one it modifies, with no
        subject and no auxiliary ("Asked what would happen, X said ...", "Told of the ruling,
        she said ..."): the main subject was asked or told, and what the participle reports
        (a question, news) is no one's words the text names."""
        return (
            verb.dep_ == "advcl"
            and verb.tag_ in ("VBN", "VBD")
            and verb.i < verb.head.i
            and verb.left_edge.i == verb.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
        )

    @staticmethod
    def agent(verb: Token) -> Token | None:
        """The speaker of a passive cue: the object of its "by" ("was announced by the army")."""
        for child in verb.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None

    def subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The verb's subject, inherited from the governing verb for participles and conjuncts;
        never from another paragraph (the parser sometimes runs a headline into the text). A
        passive cue's speaker is its agent, or nobody."""
        if self.layout.cue_role(verb) and self.passive(verb):
            return self.agent(verb)
        found = self.subject_any(verb, depth)
        if found is None:
            found = self._age_subject(verb)
        if found is not None and self.layout.para_of(found.idx) != self.layout.para_of(verb.idx):
            return None
        if found is not None and is_time(found):
            return None  # '"...," Monday said the minister': a date is never who speaks
        if (
            found is not None
            and self.layout.in_quote(found.idx)
            and not self.layout.in_quote(verb.idx)
        ):
            return None  # climbed into the quotation: the parse lost the cue's own subject
        return found

    @staticmethod
    def _age_subject(verb: Token) -> Token | None:
        """ "The 23-year-old added ...": the parser, reading "old" as an adjective, leaves the
        verb without a subject; the description right before it is one."""
        doc = verb.doc
        i = verb.i - 1
        while i >= 0 and doc[i].pos_ == "ADV":
            i -= 1
        if i >= 0 and is_age_noun(doc[i]):
            return doc[i]
        return None

    def subject_any(self, verb: Token, depth: int = 0) -> Token | None:
        # nearest first: in "The Latest: Trump urges ..." the parser gives the verb two subjects;
        # a cue outside quotation marks never takes a subject inside them ('"We will win,"
        # Chief X said': the parser may hang "We" on "said")
        outside = not self.layout.in_quote(verb.idx)
        for c in sorted(verb.children, key=lambda c: abs(verb.i - c.i)):
            if outside and self.layout.in_quote(c.idx):
                continue
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.lower_ in function_words("relative") and verb.dep_ == "relcl":
                    return verb.head
                return c
        if verb.dep_ == "xcomp":  # "forced X to admit": the object controls the infinitive
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if (
            depth < MAX_SUBJECT_CLIMB
            and verb.dep_ == "pcomp"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):  # "pitched himself by telling them that ...": the verb the preposition hangs on
            return self.subject_any(verb.head.head, depth + 1)
        if depth < MAX_SUBJECT_CLIMB and verb.dep_ in (
            "advcl",
            "xcomp",
            "conj",
            "pcomp",
            "ccomp",
            "parataxis",
        ):
            return self.subject_any(verb.head, depth + 1)
        if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN"):
            return verb.head
        return None

    @staticmethod
    def adverbial(clause: Token) -> bool:
        """A clause opened by "after", "because", "if"...: an adverbial the parser took for a
        complement; what was said is elsewhere."""
        return any(
            c.dep_ == "mark" and c.lower_ in function_words("adverbial_mark")
            for c in clause.children
        )

    @staticmethod
    def is_that_clause(t: Token) -> bool:
        return any(g.dep_ == "mark" for g in t.children)

    def chunk_bounds(self, verb: Token) -> tuple[int, int]:
        """Token range of the attribution chunk (subject + verb + its modifiers)."""
        kids = [c for c in verb.children if c.dep_ not in ("ccomp", "punct", "parataxis")]
        lo = min([verb.i] + [c.left_edge.i for c in kids])
        return lo, max([verb.i] + [c.right_edge.i for c in kids])
