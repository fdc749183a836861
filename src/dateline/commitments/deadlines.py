"""A commitment's deadline, computed by the times layer from the day the commitment counts from.

The times layer has already found and normalized every time expression against the publication
date; a commitment reads those inside its span and turns one into a deadline:

* a duration after "within", "in", "by" ... ("within 30 days") is counted from the anchor (the
  agreement's date for its terms, the day of a pledge for a pledge) by
  :func:`dateline.times.resolve_duration`; "within 30 days of signing" / "of the deal" counts
  from the agreement's date whatever kind the commitment is, and so does "30 days after the
  signing" without a "within";
* a date after "by", "until", "before" ... ("by 4 April", "until the end of March", "by
  Saturday", "by the end of the year") is its last day. A relative date is normalized again by
  :func:`dateline.times.normalize` from the anchor, in the future tense: "by Saturday" in a
  promise made on a Thursday is the Saturday after it, "the end of the year" the end of the
  agreement's year, whatever the publication date;
* a date after "on", "in", "for" ("will hold the vote on 24 May") is the day the act is set for,
  as the times layer normalized it in its clause's tense, and a deadline only when it is not
  before the anchor ("honour the pledge it made on 2 March" has none).

The precision is the date's (day, week, month, year); a duration counted from a known day is
precise to the day.
"""

from __future__ import annotations

import re
from datetime import date

from dateline.commitments.words import CommitmentWords
from dateline.model import TimeExpr
from dateline.times import FUTURE, normalize, resolve_duration

PREP_WINDOW_CHARS = 14  # characters before a time expression searched for "within", "by"
LINK_WINDOW_CHARS = 30  # characters after a duration searched for "of signing", "after the deal"
DAY = "day"
YEAR_DIGITS = re.compile(r"\b\d{4}\b")


class Deadlines:
    """Deadlines for the commitments of one text."""

    def __init__(self, text: str, words: CommitmentWords) -> None:
        self.text = text
        self.words = words

    def find(
        self, times: list[TimeExpr], anchor: date | None, agreement: date | None
    ) -> tuple[date | None, str | None]:
        """The deadline (and its precision) the first deadline-like time in ``times`` sets."""
        for t in times:
            found = self._one(t, anchor, agreement)
            if found[0] is not None:
                return found
        return None, None

    def _one(
        self, t: TimeExpr, anchor: date | None, agreement: date | None
    ) -> tuple[date | None, str | None]:
        words = self.words
        before = self.text[max(0, t.start - PREP_WINDOW_CHARS) : t.start].lower().split()
        prep = before[-1] if before else ""
        first = t.text.lower().split()[0] if t.text.split() else ""
        if t.type == "DURATION":
            from_agreement = self._counts_from_agreement(t)
            if not from_agreement and words.deadline_prep.isdisjoint({prep, first}):
                return None, None  # "a 30-day truce", "for two years": a length, no deadline
            base = agreement if agreement and from_agreement else anchor
            found = resolve_duration(base, t) if base else None
            return (found, DAY) if found else (None, None)
        if t.type not in {"DATE", "TIME"}:
            return None, None
        if prep in words.date_deadline_prep:
            return self._date(t, anchor)
        if prep in words.scheduled_prep and anchor is not None:
            # as the times layer read it, in its clause's tense: "the pledge it made on 2 March"
            # is a past date inside the promise, not a day the act is set for
            if t.latest is not None and t.latest >= anchor:
                return t.latest, t.precision
        return None, None

    def _date(self, t: TimeExpr, anchor: date | None) -> tuple[date | None, str | None]:
        """The last day of a date, normalized again from the anchor when it is relative."""
        if anchor is not None and not YEAR_DIGITS.search(t.text):
            again = normalize(t.text, anchor, FUTURE)
            if again is not None and again.latest is not None:
                return again.latest, again.precision
        return t.latest, t.precision if t.latest else None

    def _counts_from_agreement(self, t: TimeExpr) -> bool:
        """ "within 30 days of signing", "90 days after the accord"."""
        after = self.text[t.end : t.end + LINK_WINDOW_CHARS].lower().split()
        if not after or after[0] not in self.words.anchor_link:
            return False
        nouns = self.words.anchor_noun | self.words.agreement_like
        return any(w.strip(".,;:") in nouns for w in after[1:4])
