"""Choosing among the dates a name may mean ("Friday", "March 3", "last summer") by the tense
of its clause: the latest one before the publication date, the earliest after, or the
nearest."""

from __future__ import annotations

from datetime import date

from dateline.times.vocabulary import FUTURE, PAST


def pick(candidates: list[date], anchor: date, tense: str, same_ok: bool = True) -> date:
    """The candidate the tense points to: latest before, earliest after, or nearest."""
    if tense == PAST:
        before = [c for c in candidates if c < anchor or (same_ok and c == anchor)]
        if before:
            return max(before)
    elif tense == FUTURE:
        after = [c for c in candidates if c > anchor or (same_ok and c == anchor)]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c < anchor))


def pick_near(candidates: list[date], anchor: date, tense: str, horizon: int) -> date:
    """The nearest candidate, unless it lies more than ``horizon`` days against the tense.

    A month-day without a year is read in the year that puts it closest to the publication
    date; the clause's tense decides only when the nearest reading is far away, because a
    parse error in a long sentence costs less this way than a wrong year."""
    nearest = min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))
    delta = (nearest - anchor).days
    if (tense == PAST and delta > horizon) or (tense == FUTURE and -delta > horizon):
        return pick(candidates, anchor, tense)
    return nearest
