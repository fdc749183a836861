"""The days a commitment's deadline counts from: the agreement's (its terms) and the
statement's (a pledge, a reported promise), found in the earlier layers' records and the text."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from dateline.commitments.words import CommitmentWords
from dateline.model import Event
from dateline.times import times_in
from dateline.tokens import token_range

AGREE = "AGREE"  # the PLOVER type of the agreement whose date anchors its terms
VERBAL_POS = {"VERB", "AUX"}


class Anchors:
    """The anchor days of one Doc."""

    def __init__(self, doc: Doc, words: CommitmentWords, published: date | None) -> None:
        self.doc = doc
        self.words = words
        self.published = published
        self.events: list[Event] = list(doc._.events or [])

    def agreement(self, pos: int) -> tuple[date | None, str | None]:
        """The agreement a commitment at ``pos`` belongs to: the nearest AGREE event before it
        whose date the text gives (else the first after it), with its date; else the
        publication date and no event."""
        dated = [
            e
            for e in self.events
            if e.type == AGREE and e.date and e.date.value and e.date.basis != "publication"
        ]
        before = [e for e in dated if e.trigger[0] <= pos]
        chosen = before[-1] if before else (dated[0] if dated else None)
        if chosen is None or chosen.date is None:
            return self._named_agreement_day(pos), None
        return chosen.date.value, chosen.id

    def _named_agreement_day(self, pos: int) -> date | None:
        """Without a dated AGREE event: the day given in the clause of the nearest agreement
        noun before ``pos`` ("signed a truce on Monday"), else the publication date."""
        nouns = self.words.agreement_noun
        for tok in reversed(self._tokens_before(pos)):
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
                return self.statement_date(tok)
        return self.published

    def _tokens_before(self, pos: int) -> list[Token]:
        found = token_range(self.doc, pos, pos + 1)
        end = found.start + 1 if found is not None else len(self.doc)
        return list(self.doc[:end])

    def statement_date(self, cue: Token) -> date | None:
        """The day of the statement or pledge: a day (not after publication) whose clause is
        the cue's own ("told a news conference on Wednesday that ...", "On Tuesday, the
        minister announced ..."), not one inside what was promised ("honour the pledge it made
        on 2 March"); else the publication date."""
        sent = cue.sent
        clause = _clause_of(cue)
        for t in times_in(self.doc, sent.start_char, sent.end_char):
            if t.type not in {"DATE", "TIME"} or not t.earliest or t.earliest != t.latest:
                continue
            if self.published and t.earliest > self.published:
                continue
            found = token_range(self.doc, t.start, t.end)
            if found is not None and len(found) and _clause_of(self.doc[found.start]) == clause:
                return t.earliest
        return self.published


def _clause_of(tok: Token) -> int:
    """The index of the verb whose clause a token sits in (the token's nearest verbal head)."""
    while tok.pos_ not in VERBAL_POS and tok.head.i != tok.i:
        tok = tok.head
    return tok.i
