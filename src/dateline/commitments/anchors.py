"""The days a commitment's deadline counts from: the agreement's (its terms) and the
statement's (a pledge, a reported promise), found in the earlier layers' records and the text."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from spacy.symbols import NOUN
from spacy.tokens import Doc, Token

from dateline.commitments.words import CommitmentWords
from dateline.model import Event
from dateline.times import times_in
from dateline.tokens import arrays, token_range

AGREE = "AGREE"  # the PLOVER type of the agreement whose date anchors its terms
VERBAL_POS = {"VERB", "AUX"}


class Anchors:
    """The anchor days of one Doc."""

    def __init__(self, doc: Doc, words: CommitmentWords, published: date | None) -> None:
        self.doc = doc
        self.words = words
        self.published = published
        self.events: list[Event] = list(doc._.events or [])
        # Built on first use, once per Doc: a scan of every event or token per commitment
        # made the layer quadratic in the article's length (issue 18).
        self._dated: list[Event] | None = None
        self._dated_floor: list[int] = []
        self._agreement_nouns: list[int] | None = None

    def agreement(self, pos: int) -> tuple[date | None, str | None]:
        """The agreement a commitment at ``pos`` belongs to: the last (in the events' order)
        AGREE event at or before it whose date the text gives (else the first dated one), with
        its date; else the publication date and no event."""
        dated = self._dated_agreements()
        # _dated_floor[i] is the smallest trigger start from i on, so it never decreases and
        # the last event starting at or before pos is the one just before the first floor
        # above pos.
        last = bisect_right(self._dated_floor, pos) - 1
        chosen = dated[last] if last >= 0 else (dated[0] if dated else None)
        if chosen is None or chosen.date is None:
            return self._named_agreement_day(pos), None
        return chosen.date.value, chosen.id

    def _dated_agreements(self) -> list[Event]:
        """The AGREE events whose date the text gives, in the events' order (and the floors
        :meth:`agreement` bisects)."""
        if self._dated is None:
            self._dated = [
                e
                for e in self.events
                if e.type == AGREE and e.date and e.date.value and e.date.basis != "publication"
            ]
            floor: list[int] = []
            for e in reversed(self._dated):
                floor.append(min(e.trigger[0], floor[-1]) if floor else e.trigger[0])
            self._dated_floor = floor[::-1]
        return self._dated

    def _named_agreement_day(self, pos: int) -> date | None:
        """Without a dated AGREE event: the day given in the clause of the nearest agreement
        noun at or before ``pos`` ("signed a truce on Monday"), else the publication date."""
        found = token_range(self.doc, pos, pos + 1)
        end = found.start + 1 if found is not None else len(self.doc)
        nouns = self._agreement_noun_indexes()
        before = bisect_right(nouns, end - 1)
        if before:
            return self.statement_date(self.doc[nouns[before - 1]])
        return self.published

    def _agreement_noun_indexes(self) -> list[int]:
        """The indexes of the Doc's agreement nouns (a NOUN whose lemma the lexicon lists),
        ascending, read from the token arrays once."""
        if self._agreement_nouns is None:
            nouns, strings = self.words.agreement_noun, self.doc.vocab.strings
            table = arrays(self.doc)
            self._agreement_nouns = [
                i
                for i, (pos, lemma) in enumerate(zip(table.pos, table.lemma, strict=True))
                if pos == NOUN and strings[lemma].lower() in nouns
            ]
        return self._agreement_nouns

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
