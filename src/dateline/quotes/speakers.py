"""Who a speaker phrase stands for: an entity or place id, or a name the parser saw.

The subject of the cue if it names one; a pronoun to the nearest compatible earlier mention
(subjects first); a nominal ("the group", "the president") to the entity whose name, alias or
role carries that noun, else to the most recent compatible subject; "the statement" to whoever
last issued one; "Clinton's spokesman", "a spokesman for X" to the one spoken for. When nothing
justifies a speaker, it stays None.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline.quotes.candidates import Cand, Mentions
from dateline.quotes.drafts import Speaker
from dateline.quotes.layout import Layout
from dateline.quotes.syntax import Syntax
from dateline.quotes.vocabulary import GROUP_PRONOUNS, ORG_TYPES, PERSON_PRONOUNS
from dateline.vocabulary import function_words, role_words


class SpeakerResolver:
    """Resolves the speaker phrases of one Doc, each once."""

    def __init__(self, layout: Layout, syntax: Syntax) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.text = layout.text
        self.syntax = syntax
        self.mentions = Mentions(layout.doc)
        self.issuers: list[tuple[int, Token]] = self._statement_issuers()
        self._resolved: dict[int, Speaker | None] = {}

    def _statement_issuers(self) -> list[tuple[int, Token]]:
        """Where someone issued a statement ("X said in a statement", "X issued a statement")."""
        out = []
        for i, lemma in enumerate(self.layout.lemmas):
            if lemma not in self.layout.words["statement"]:
                continue
            t = self.doc[i]
            if self.layout.in_quote(t.idx):
                continue
            verb = None
            if t.dep_ == "pobj" and t.head.lower_ in function_words("statement_preposition"):
                verb = t.head.head
            elif t.dep_ == "dobj" and t.head.lemma_.lower() in self.layout.words["issue"]:
                verb = t.head
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                subj = self.syntax.subject(verb)
                if subj is not None and subj.lemma_.lower() not in self.layout.words["statement"]:
                    out.append((t.idx, subj))
        return out

    def resolve(self, subj: Token) -> Speaker | None:
        """The speaker a subject phrase stands for, or None when nothing justifies one."""
        if subj.i not in self._resolved:
            self._resolved[subj.i] = None  # guards against cycles through statement issuers
            sp = self._resolve(subj)
            self._resolved[subj.i] = sp if sp is not None and (sp.cand or sp.name) else None
        return self._resolved[subj.i]

    def _resolve(self, subj: Token) -> Speaker | None:
        low = subj.lower_
        span = self._np_span(subj)
        if subj.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            if low in PERSON_PRONOUNS:
                return self._antecedent(subj.idx, {"PERSON"})
            if low in GROUP_PRONOUNS:
                return self._antecedent(
                    subj.idx, ORG_TYPES | ({"PERSON"} if low != "it" else set())
                )
            return None
        lemma = subj.lemma_.lower()
        if lemma in self.layout.words["statement"]:
            return self._statement_speaker(subj)
        cand = self.mentions.at(subj.idx, subj.idx + len(subj.text))
        if cand is not None:
            return Speaker(cand, cand.name, span)
        for c in subj.children:  # "the campaign chairman, Phil Lovas, said"
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return self.resolve(c)
        named = self._appos_under_of(subj)  # "the head of the agency, Ana Silva, said"
        if named is not None:
            return self.resolve(named)
        if (
            lemma in self.layout.words["spokes"]
            or {lemma, subj.lower_} & self.layout.words["collective"]
        ):
            for c in subj.children:  # "Clinton's spokesman", "Trump's campaign"
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    return self.resolve(c)
        if lemma in self.layout.words["spokes"]:
            for c in subj.children:
                if c.dep_ == "prep" and c.lower_ in function_words("on_behalf"):
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return self.resolve(obj)
        if subj.pos_ == "PROPN":
            cand = self.mentions.at(*span)
            if cand is not None:
                return Speaker(cand, cand.name, span)
            return Speaker(None, self._propn_name(subj), span)
        if subj.pos_ == "NOUN" and any(
            (c.dep_ == "det" and c.lower_ in function_words("nominal_determiner"))
            or c.dep_ == "poss"
            for c in subj.children
        ):
            return self._nominal(subj, span)
        return None

    @staticmethod
    def _appos_under_of(subj: Token) -> Token | None:
        """A person's name the parser hung on the "of" object of a common noun subject
        ("the mayor of Lisbon, Rui Antunes"): the name belongs to the subject."""
        if subj.pos_ != "NOUN":
            return None
        for prep in subj.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                for c in obj.children:
                    if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                        return c
        return None

    def _np_span(self, subj: Token) -> tuple[int, int]:
        left = subj
        for c in subj.lefts:
            if c.dep_ in ("compound", "amod", "det", "poss", "nmod"):
                left = c.left_edge if c.left_edge.i < left.i else left
                break
        return left.idx, subj.idx + len(subj.text)

    def _propn_name(self, t: Token) -> str:
        toks = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [t]
        return " ".join(x.text for x in toks)

    def _antecedent(self, pos: int, types: set[str]) -> Speaker | None:
        """The nearest compatible earlier mention outside quotes: in the nearest sentence that
        has one, its subject if a compatible mention is the subject, else the nearest."""
        best_in_sent: list[tuple[int, int, Cand]] = []
        sent_start = None
        for s, e, c in self.mentions.before(pos):
            if c.type not in types or self.layout.in_quote(s):
                continue
            start = self.layout.sent_at(self.layout.tok(s).i)[0]
            if sent_start is not None and start != sent_start:
                break
            sent_start = start
            best_in_sent.append((s, e, c))
        if not best_in_sent:
            return None
        for s, e, c in best_in_sent:  # nearest first; a subject wins
            if self._is_subject(s, e):
                return Speaker(c, c.name, (s, e))
        s, e, c = best_in_sent[0]
        return Speaker(c, c.name, (s, e))

    def _is_subject(self, s: int, e: int) -> bool:
        for t in self.layout.tokens(s, e):
            head = t
            while head.dep_ in ("compound", "poss", "appos", "amod", "det") and head.head != head:
                head = head.head
            if head.dep_ in ("nsubj", "nsubjpass"):
                return True
        return False

    def _nominal(self, subj: Token, span: tuple[int, int]) -> Speaker | None:
        """A nominal ("the president", "the group"): the entity whose name, alias or role has
        that noun, else the last compatible subject."""
        noun = subj.lemma_.lower()
        forms = {noun, subj.lower_}
        collective = bool(forms & self.layout.words["collective"])
        plural = collective or bool(forms & self.layout.words["people"])
        matches = [
            c
            for c in self.mentions.cands
            if forms & c.words
            and self.mentions.salience(c, subj.idx) > 0
            and (c.type in ORG_TYPES | {"GROUP"} if plural else True)
        ]
        if matches:
            best = max(
                matches,
                key=lambda c: (
                    self.mentions.salience(c, subj.idx),
                    max(s for s, _ in c.mentions if s < subj.idx),
                ),
            )
            return Speaker(best, best.name, span)
        if collective:
            return self._antecedent(subj.idx, ORG_TYPES - {"GPE"} | {"GROUP"})
        return None

    def _statement_speaker(self, subj: Token) -> Speaker | None:
        """Whoever issued "the statement": its possessor, else the last issuer."""
        poss = next((c for c in subj.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ != "PRON":
            sp = self.resolve(poss)
            if sp is not None and sp.cand is not None:
                return sp
        earlier = [tok for at, tok in self.issuers if at < subj.idx]
        for tok in reversed(earlier):
            sp = self.resolve(tok)
            if sp is not None and (sp.cand is not None or sp.name):
                return sp
        return None

    def speaker_like(self, subj: Token) -> bool:
        """A subject that can speak: one that resolves to a speaker, a named person or body,
        a role ("the mayor") or a noun for people or an institution ("a group of doctors")."""
        if self.resolve(subj) is not None or subj.ent_type_ in ("PERSON", "ORG", "NORP"):
            return True
        forms = {subj.lemma_.lower(), subj.lower_}
        speakers = (
            self.layout.words["collective"]
            | self.layout.words["people"]
            | self.layout.words["spokes"]
        )
        return bool(forms & speakers) or any(f in role_words() for f in forms)
