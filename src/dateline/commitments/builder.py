"""The rules that find commitments in one Doc, each a shape of the parse read with the frames of
``commitment_frames.csv`` and the word groups of ``commitment_words.csv``:

* **pledges**: a frame verb binds its subject ("pledged to replace ..., to pave ... and to keep
  ...", "committed to withdrawing", "promised that the post would be rebuilt", "promised a
  deployment within 15 days"); a pledge noun with its infinitive ("the rebels' pledge to
  disarm"); an accepted demand ("accepted the demand that the army withdraw");
* **terms**: an agreement as the subject of a frame verb ("the deal calls for X to fall ... and
  for Y to withdraw", "commits both sides to", "provides for", "sets a deadline", "says the
  rebels must"), and any clause that is not in the past put under an agreement ("under its
  terms, the two sides will exchange ... and release ...", "..., according to the agreement");
* **reported futures**: a reporting verb (``speech_verbs.csv``'s report role) with a clause in
  the future whose subject is the speaker or the speaker's side ("the company said it would keep
  paying ... and offer ..."), or which is passive ("it said a new vote would be held within 10
  days"); a prediction about others ("said the rebels would attack") binds nobody;
* **obligations**: "X is to leave by Friday" with a party as subject; "must", "shall" and
  "should" count only under an agreement (a demand someone makes of others is no commitment).

Every coordinated item is a commitment of its own (:func:`.clauses.items`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.symbols import ADP, AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from dateline.commitments.anchors import Anchors
from dateline.commitments.clauses import (
    PAST_TAGS,
    auxiliaries,
    condition_of,
    has_marker,
    item_tokens,
    items,
    negated,
    passive,
    quantity,
    span_of,
    subject_of,
)
from dateline.commitments.deadlines import Deadlines
from dateline.commitments.parties import Parties
from dateline.commitments.words import CommitmentWords, Frames
from dateline.model import Commitment
from dateline.times import times_in
from dateline.tokens import arrays, text_of

WHAT_MAX_CHARS = 80  # the "what" summary (the clause's verb lemmas) is cut at this length
MAX_OF_CHAIN = 3  # "according to a copy of the text of the agreement": of-phrases followed
OVERLAP_SHARE = 0.5  # a span sharing more than this of the shorter one is the same commitment
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl"}
TERMS_DEPS = CLAUSE_DEPS | {"conj"}  # "calls for X to fall ..., and for Y to withdraw"
ADJUNCT_DEPS = {"prep", "advmod", "npadvmod", "dative", "prt", "agent", "advcl"}
OBJECT_DEPS = {"dobj"}
DATE_LABELS = {"DATE", "TIME"}
PRONOUN_POS = {"PRON"}
DIRECT = "direct"  # the quotes layer's kind of a quotation in quotation marks
IT = "it"  # the pronoun an agreement is taken up by ("It calls for ...")
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj"}
PREDICATE_DEPS = {"acomp", "attr", "oprd", "neg"}  # "is the first to", "is not to"
MODIFIER_DEPS = {"acl", "amod", "relcl"}  # "challenges voiced by ...": a participle, no speaker
VERBAL_POS = {"VERB", "AUX"}
RULE_POS = frozenset({VERB, AUX, NOUN, ADP})  # the parts of speech a rule starts from


@dataclass(frozen=True)
class Found:
    """One commitment before it gets an id: its tokens, who is bound, what it counts from."""

    tokens: list[Token]
    party: str | None
    kind: str
    anchor: date | None
    event: str | None = None


class Builder:
    """Collects the commitments of one document."""

    def __init__(self, doc: Doc, words: CommitmentWords, frames: Frames) -> None:
        self.doc = doc
        self.words = words
        self.frames = frames
        self.text = text_of(doc)
        self.article = doc._.article
        self.published: date | None = getattr(self.article, "published", None)
        self.anchors = Anchors(doc, words, self.published)
        self.deadlines = Deadlines(self.text, words)
        self._parties: Parties | None = None
        self.out: list[Commitment] = []
        self._kept: dict[int, list[tuple[int, int]]] = {}  # sentence start -> spans kept
        self._agreement_sents: set[int] | None = None  # first tokens of sentences naming one
        self._direct: list[tuple[int, int]] | None = None  # direct quotes' spans

    @property
    def parties(self) -> Parties:
        """Built on first use: most articles hold no commitment."""
        if self._parties is None:
            self._parties = Parties(self.doc)
        return self._parties

    # ---- recording

    def add(self, found: Found) -> None:
        tokens = found.tokens
        span = span_of(tokens)
        if span[1] <= span[0]:
            return
        sent = tokens[0].sent
        kept = self._kept.setdefault(sent.start_char, [])
        if any(_same(span, other) for other in kept):
            return
        kept.append(span)
        times = times_in(self.doc, span[0], span[1])
        agreement_day = self.anchors.agreement(span[0])[0]
        deadline, precision = self.deadlines.find(times, found.anchor, agreement_day)
        value, origin, what = quantity(tokens, list(sent), self.words)
        condition, status = condition_of(tokens, self.words)
        summary = " ".join(t.lemma_ for t in tokens if t.pos_ == "VERB")[:WHAT_MAX_CHARS]
        self.out.append(
            Commitment(
                id=f"c{len(self.out) + 1}",
                start=span[0],
                end=span[1],
                text=self.text[span[0] : span[1]],
                party=found.party,
                what=summary or None,
                quantity_value=value,
                quantity_from=origin,
                quantity_what=what,
                deadline=deadline,
                deadline_precision=precision,
                condition=condition,
                condition_status=status,
                kind=found.kind,
                event=found.event,
            )
        )

    def add_items(
        self, head: Token, party: str | None, kind: str, anchor: date | None, event: str | None
    ) -> None:
        """One commitment per coordinated item of ``head``; an item with a subject of its own
        binds that subject."""
        siblings = items(head, self.words)
        for item in siblings:
            own = next((c for c in item.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            bound = party
            if own is not None and item.i != head.i:
                bound = self.parties.of(own)  # "..., and both sides are required to ..."
            self.add(Found(item_tokens(item, siblings), bound, kind, anchor, event))

    # ---- the rules

    def build(self) -> list[Commitment]:
        words, frames = self.words, self.frames
        columns, strings = arrays(self.doc), self.doc.vocab.strings
        # part of speech and lemma read from the arrays: about 400 tokens of an article reach
        # the rules, and each asked its Token for both up to six times
        lemma_ids = columns.lemma
        for i, pos in enumerate(columns.pos):
            if pos not in RULE_POS:  # read from the array: no Token built for the others
                continue
            tok = self.doc[i]
            if self.article is not None and self.article.in_boilerplate(
                tok.idx, tok.idx + len(tok)
            ):
                continue
            lemma = strings[lemma_ids[i]].lower()
            if pos == NOUN:
                if lemma in words.pledge_noun:
                    self.pledge_noun(tok)
                elif lemma in words.agreement_noun:
                    self.agreement_noun(tok)
            elif pos == ADP:
                if tok.lower_ in words.context_prep or tok.head.lower_ in words.context_prep:
                    self.under(tok)
            # the frame first: the agreement-subject test reads the parse, the frame a dict
            elif pos == VERB and frames.of("terms", lemma) and self._agreement_subject(tok):
                self.terms(tok, frames.of("terms", lemma))
            elif pos == VERB and frames.of("pledge", lemma):
                self.pledge(tok, frames.of("pledge", lemma))
            elif pos == VERB and frames.of("accept", lemma):
                self.accept(tok)
            elif pos == VERB and lemma in frames.report_verbs:
                self.statement(tok)
            elif pos == VERB and self._obliged(tok):
                self.obligation(tok)
            elif lemma == "be" and tok.tag_ not in PAST_TAGS | {"VBN"}:
                self.is_to(tok)
        return self.out

    def pledge(self, verb: Token, frames: frozenset[str]) -> None:
        """ "X pledged to do Y", "X promised that Y would ...", "X promised a deployment"."""
        if self._conditional(verb):
            return  # "unless the bondholders agree on ...": a condition, not a pledge
        subj = subject_of(verb)
        party = self.parties.of(subj)
        anchor = self.anchors.statement_date(verb)
        for head in self._complements(verb, frames, future_only=True):
            if head.dep_ == "ccomp" and not self._binds_speaker(head, subj, party, pledged=True):
                continue  # "all agreed that the proposal would raise taxes": a judgment
            self.add_items(head, party, "pledge", anchor, None)
        for tokens, bound in self._objects(verb, frames):
            self.add(Found(tokens, self.parties.of(bound) or party, "pledge", anchor))

    def terms(self, verb: Token, frames: frozenset[str]) -> None:
        """An agreement as the subject of a frame verb: one commitment per clause."""
        anchor, event = self.anchors.agreement(verb.idx)
        for head in self._complements(verb, frames, future_only=False):
            subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            self.add_items(head, self.parties.of(subj), "terms", anchor, event)
        for tokens, bound in self._objects(verb, frames):
            self.add(Found(tokens, self.parties.of(bound), "terms", anchor, event))

    def accept(self, verb: Token) -> None:
        """ "accepted the demand that the army withdraw": the demand's content binds the
        subject."""
        obj = next((c for c in verb.children if c.dep_ in OBJECT_DEPS), None)
        if obj is None or obj.lemma_.lower() not in self.words.demand_noun:
            return
        if obj.tag_ != "NNS" and not any(c.dep_ in {"det", "poss"} for c in obj.children):
            return  # "to meet customer demand": the market's, not a party's demand
        contents = [
            c
            for c in obj.children
            if c.dep_ in {"acl", "relcl", "ccomp"}
            or (c.dep_ == "prep" and c.lower_ in self.words.terms_mark)
        ]
        if not contents:
            return
        tokens = [t for c in contents for t in c.subtree]
        anchor = self.anchors.statement_date(verb)
        self.add(Found(tokens, self.parties.of(subject_of(verb)), "accept", anchor))

    def pledge_noun(self, noun: Token) -> None:
        """ "the rebels' pledge to hand over ...": the pledge noun with its infinitive."""
        markers = self.words.infinitive_marker
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in {"acl", "relcl", "xcomp"} and has_marker(c, markers)
            ),
            None,
        )
        if clause is None:
            return
        holder = next((c for c in noun.children if c.dep_ in {"compound", "poss"}), None)
        anchor = self.anchors.statement_date(noun)
        self.add(Found(list(noun.subtree), self.parties.of(holder), "pledge", anchor))

    def agreement_noun(self, noun: Token) -> None:
        """ "the two sides reached an agreement to swap prisoners within 30 days": the agreement's
        infinitive is its term, binding the noun's holder or the subject of its verb."""
        markers = self.words.infinitive_marker
        clause = next(
            (c for c in noun.children if c.dep_ in {"acl", "relcl"} and has_marker(c, markers)),
            None,
        )
        if clause is None:
            return
        holder = next((c for c in noun.children if c.dep_ in {"compound", "poss"}), None)
        if holder is None and noun.dep_ in OBJECT_DEPS:
            holder = subject_of(noun.head)
        anchor, event = self.anchors.agreement(noun.idx)
        self.add_items(clause, self.parties.of(holder), "terms", anchor, event)

    def obligation(self, verb: Token) -> None:
        """ "The rebels must release 500 prisoners by the end of the month" (or "are required to
        release ...") just after an agreement is reported: an obligation with a deadline, in the
        agreement's sentence or the next, is one of its terms. Without a deadline, or far from
        any agreement, "must" is as often a demand of others or an opinion, which binds nobody."""
        if negated(verb) or not self._near_agreement(verb):
            return
        head = verb
        if verb.lemma_.lower() in self.words.obligation_verb:  # "are required to release"
            head = next(c for c in verb.children if c.dep_ == "xcomp")
        anchor, event = self.anchors.agreement(verb.idx)
        start, end = span_of(head.subtree)
        times = times_in(self.doc, start, end)
        if self.deadlines.find(times, anchor, anchor)[0] is None:
            return
        self.add_items(head, self.parties.of(subject_of(verb)), "obligation", anchor, event)

    def under(self, prep: Token) -> None:
        """ "Under its terms, the two sides will exchange ... and release ...": a clause not in
        the past, put under an agreement, states its terms."""
        if prep.dep_ not in {"prep", "pcomp"} or not self._names_agreement(prep):
            return
        verb = prep.head
        if verb.lower_ in self.words.context_prep:  # "according to": the clause is above
            verb = verb.head
        if verb.pos_ not in VERBAL_POS or not self._bound(verb):
            return  # "under the law, he faces ...": a present fact, not a term
        if self.frames.of("terms", verb.lemma_.lower()) and self._agreement_subject(verb):
            return  # the terms rule reads it
        anchor, event = self.anchors.agreement(verb.idx)
        context = {t.i for t in (prep if prep.lower_ != "to" else prep.head).subtree}
        siblings = items(verb, self.words)
        for item in siblings:
            tokens = [t for t in item_tokens(item, siblings) if t.i not in context]
            party = self.parties.of(subject_of(item))
            self.add(Found(tokens, party, "terms", anchor, event))

    def statement(self, verb: Token) -> None:
        """A reporting verb's future clause that binds the speaker's side."""
        if verb.dep_ in MODIFIER_DEPS:
            return
        clauses = self._reported(verb)
        if not clauses:
            return  # most reports tell the past: no speaker or date to read for them
        speaker_tok = subject_of(verb)
        if speaker_tok is None and verb.dep_ in {"advcl", "conj", "xcomp"}:
            speaker_tok = subject_of(verb.head)  # "he said, adding that ..."
        speaker = self.parties.of(speaker_tok)
        anchor = self.anchors.statement_date(verb)
        for clause in clauses:
            siblings = items(clause, self.words)
            for item in siblings:
                if not self._binds_speaker(item, speaker_tok, speaker):
                    continue
                party = self.parties.of(subject_of(item)) if not passive(item) else None
                self.add(
                    Found(
                        item_tokens(item, siblings),
                        party or self.parties.side(speaker),
                        "statement",
                        anchor,
                    )
                )

    def is_to(self, be: Token) -> None:
        """ "The rebels are to hand over their weapons by Friday": an obligation of a party."""
        clause = next(
            (
                c
                for c in be.children
                if c.dep_ == "xcomp" and has_marker(c, self.words.infinitive_marker)
            ),
            None,
        )
        subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
        if clause is None or subj is None or subj.pos_ in PRONOUN_POS:
            return  # "it is hard to say": an expletive subject
        if any(c.dep_ in PREDICATE_DEPS for c in be.children) or passive(clause):
            return  # "the first to host", "is to be held": a description, not an obligation
        if clause.lemma_.lower() in self.words.non_action_verb:
            return
        party = self.parties.head_of(subj) if self.parties.party_noun(subj) else None
        if party is None:
            return  # "the aim is to ...", "the rebels' reaction is to ...": no party's duty
        anchor = self.anchors.statement_date(be)
        self.add_items(clause, party, "obligation", anchor, None)

    # ---- reading the parse

    def _complements(self, verb: Token, frames: frozenset[str], future_only: bool) -> list[Token]:
        """The clause heads a frame verb binds to."""
        words = self.words
        out: list[Token] = []
        for child in verb.children:
            dep = child.dep_
            if dep == "xcomp" and "to" in frames and has_marker(child, words.infinitive_marker):
                out.append(child)
            elif dep in TERMS_DEPS and "for" in frames and has_marker(child, words.terms_mark):
                out.append(child)  # "calls for X to fall"
                out.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB")
            elif dep in {"ccomp", "xcomp"} and "obj_to" in frames and child.pos_ == "VERB":
                if has_marker(child, words.infinitive_marker):
                    out.append(child)  # "requires the army to withdraw"
            elif dep == "ccomp" and "that" in frames and self._act(child):
                future = self._future(child)
                if future or (not future_only and self._not_past(child)):
                    out.append(child)
            elif dep == "prep" and f"prep_{child.lower_}" in frames:
                if self._bound_content(child):
                    out.append(child)  # "committed to withdrawing ... and to expelling ..."
        return out

    def _objects(
        self, verb: Token, frames: frozenset[str]
    ) -> list[tuple[list[Token], Token | None]]:
        """Nominal contents: "promised a deployment within 15 days" (the object with the
        verb's adjuncts after it), "commits both sides to a ceasefire" (the object is bound),
        "provides for the release of prisoners"."""
        out: list[tuple[list[Token], Token | None]] = []
        obj = next((c for c in verb.children if c.dep_ in OBJECT_DEPS), None)
        after = [c for c in verb.children if c.i > verb.i and c.dep_ in ADJUNCT_DEPS]
        if obj is not None and obj.pos_ not in PRONOUN_POS:
            to = next((c for c in after if c.dep_ == "prep" and c.lower_ == "to"), None)
            if "obj_to" in frames and to is not None:
                out.append(([*obj.subtree, *to.subtree], obj))
            elif "obj" in frames and not any(c.dep_ in CLAUSE_DEPS for c in verb.children):
                tokens = [t for c in [obj, *after] for t in c.subtree]
                out.append((tokens, None))
        if "for" in frames:
            for prep in after:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if prep.dep_ == "prep" and prep.lower_ in self.words.terms_mark and pobj:
                    out.append((list(prep.subtree), None))
        return out

    def _reported(self, verb: Token) -> list[Token]:
        """The future clauses a reporting verb reports: its clausal complements and the
        clauses coordinated with them ("said the decision was final but that it would ...")."""
        out: list[Token] = []
        for child in verb.children:
            if child.dep_ != "ccomp":
                continue
            for clause in [child, *(c for c in child.children if c.dep_ == "conj")]:
                if clause.pos_ in VERBAL_POS and self._future(clause):
                    out.append(clause)
                elif clause.pos_ in VERBAL_POS:
                    # "had closed the road ... and would within two weeks pay": a future item
                    out.extend(
                        c
                        for c in clause.children
                        if c.dep_ == "conj" and c.pos_ == "VERB" and self._future(c)
                    )
        return out

    def _binds_speaker(
        self, item: Token, speaker_tok: Token | None, speaker: str | None, pledged: bool = False
    ) -> bool:
        """Whether a reported future binds the speaker: an act (not "would be difficult"), by
        the speaker's side or by nobody named (passive; negated only when pledged: "assured
        that no jobs would be cut", but "said violence would not be tolerated" warns)."""
        if not self._act(item):
            return False
        if passive(item):
            return pledged or not negated(item)
        subj = subject_of(item)
        if subj is None or subj.pos_ in VERBAL_POS:
            return False  # "operating under the law would result in ...": an outcome
        if subj.lower_ in self.words.self_pronoun:
            # "we will rebuild it"; "I would read out the letter, and he would ..." narrates
            return any(a.lower_ in self.words.will_aux for a in auxiliaries(item))
        quoted = self._in_direct_quote(item.idx)
        if quoted and subj.lower_ in self.words.third_pronoun:
            return False  # in a speaker's own words, "he" or "she" is someone else
        third = frozenset() if quoted else self.words.third_pronoun
        return self.parties.same_side(subj, speaker_tok, speaker, third)

    def _in_direct_quote(self, pos: int) -> bool:
        if self._direct is None:
            self._direct = sorted(
                (q.start, q.end) for q in self.doc._.quotes or [] if q.kind == DIRECT
            )
        return any(start <= pos < end for start, end in self._direct)

    def _conditional(self, verb: Token) -> bool:
        """A verb heading a condition ("if they agree to ...", "unless they pledge ...")."""
        marks = self.words.condition_mark
        return verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in marks for c in verb.children
        )

    def _act(self, clause: Token) -> bool:
        """A clause that states an act: "would be rebuilt", not "would be together"."""
        return clause.pos_ == "VERB" and clause.lemma_.lower() not in self.words.non_action_verb

    def _future(self, clause: Token) -> bool:
        """A clause about what will be done; "would have taken" is a counterfactual."""
        auxes = auxiliaries(clause)
        if any(a.lemma_ == "have" for a in auxes):
            return False
        return any(a.lower_ in self.words.future_aux for a in auxes)

    def _bound(self, clause: Token) -> bool:
        """A clause with a future or an obligation auxiliary ("will release", "must disarm")."""
        auxes = self.words.future_aux | self.words.obligation_aux
        return any(a.lower_ in auxes for a in auxiliaries(clause))

    def _not_past(self, clause: Token) -> bool:
        if self._future(clause):
            return True
        if any(a.lower_ in self.words.obligation_aux for a in auxiliaries(clause)):
            return True
        return clause.tag_ not in PAST_TAGS and not any(
            a.tag_ in PAST_TAGS for a in auxiliaries(clause)
        )

    def _obliged(self, verb: Token) -> bool:
        """ "must release", "shall withdraw", "are required to withdraw"."""
        if any(a.lower_ in self.words.obligation_aux for a in auxiliaries(verb)):
            return True
        return (
            verb.lemma_.lower() in self.words.obligation_verb
            and passive(verb)
            and any(c.dep_ == "xcomp" for c in verb.children)
        )

    def _near_agreement(self, tok: Token) -> bool:
        """Whether an agreement is named in the token's sentence or the one before."""
        if self._agreement_sents is None:
            nouns = self.words.agreement_noun
            self._agreement_sents = {
                t.sent.start for t in self.doc if t.pos_ == "NOUN" and t.lemma_.lower() in nouns
            }
        sent = tok.sent
        before = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        return sent.start in self._agreement_sents or before in self._agreement_sents

    def _bound_content(self, prep: Token) -> bool:
        """ "committed to withdrawing", "agreed to a ceasefire", "to the demands": an act or an
        agreement; "committed to the church", "agreed to Monday" bind to no act."""
        nouns = self.words.agreement_noun | self.words.demand_noun
        for c in prep.children:
            if c.dep_ == "pcomp" and c.pos_ == "VERB":
                return True
            if c.dep_ == "pobj" and c.lemma_.lower() in nouns:
                return True
            if c.dep_ == "pobj" and prep.lower_ != "to" and c.pos_ == "NOUN":
                return (
                    c.ent_type_ not in DATE_LABELS
                )  # "agreed on a prisoner swap", not "on Monday"
        return False

    def _agreement_subject(self, verb: Token) -> bool:
        """ "The accord calls for ...", and "It calls for ..." after a sentence whose subject or
        object is an agreement ("The accord was signed on Saturday.")."""
        nouns = self.words.agreement_like
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return False
        if subj.lemma_.lower() in nouns:
            return True
        if subj.lower_ != IT or subj.sent.start == 0:
            return False
        before = self.doc[subj.sent.start - 1].sent
        return any(
            t.dep_ in ARGUMENT_DEPS and t.lemma_.lower() in nouns
            for t in [*before, *self.doc[subj.sent.start : subj.i]]
        )

    def _names_agreement(self, prep: Token) -> bool:
        """ "under the deal", "according to a copy of the agreement", "under its terms"."""
        nouns = self.words.agreement_like
        tok: Token | None = prep
        for _ in range(MAX_OF_CHAIN + 1):
            if tok is None:
                return False
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None:
                return False
            if pobj.lemma_.lower() in nouns:
                return True
            tok = next((c for c in pobj.children if c.dep_ == "prep"), None)
        return False


def _same(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Two spans that are one commitment: one inside the other, or mostly shared."""
    shared = min(span[1], other[1]) - max(span[0], other[0])
    shorter = min(span[1] - span[0], other[1] - other[0])
    return shared > 0 and shared >= OVERLAP_SHARE * shorter
