"""Expressions that take their date from another one: anaphors ("that year", "the next day")
count from the latest calendar date before them, and "a year ago" next to a reported quarter
means that quarter a year back (financial news compares like periods)."""

from __future__ import annotations

import re
from datetime import date

from dateline.times.dates import OutOfRange, quarter_span
from dateline.times.selection import Candidate
from dateline.times.values import unit_date

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
UNRANKED = len(PRECISION_RANK) + 1  # a precision no anaphor can count from
QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])$")


def resolve_anaphora(chosen: list[Candidate]) -> None:
    """Count "that year" / "the next day" from the latest preceding calendar date.

    Only dates at least as fine as the anaphor's unit serve ("that day" needs a day), and
    only DATE expressions with a calendar value (not "now", not durations)."""
    ref = None
    for c in chosen:
        n = c.norm
        if n.anaphor and ref is not None and ref.earliest is not None:
            unit, step = n.anaphor
            if PRECISION_RANK.get(ref.precision or "", UNRANKED) <= PRECISION_RANK[unit]:
                try:
                    resolved = unit_date(ref.earliest, unit, step, n.mod)
                except OutOfRange:
                    resolved = None  # counted past the calendar's end: keep the first reading
                if resolved is not None:
                    resolved.anaphor = n.anaphor
                    c.norm = n = resolved
        if n.type in ("DATE", "TIME") and n.earliest is not None and (n.value or "")[:1].isdigit():
            ref = n


def compare_periods(chosen: list[Candidate], anchor: date | None, reach: int) -> None:
    """ "a year ago" next to "the third quarter" means that quarter a year before.

    Comparisons inherit the granularity of the period they are compared with, so a year-ago
    expression within ``reach`` characters after a resolved quarter becomes that quarter,
    one year back (the convention of financial news and of TimeBank)."""
    last_quarter: tuple[int, int, int] | None = None  # (end offset, year, quarter)
    for c in chosen:
        m = QUARTER_VALUE.match(c.norm.value or "")
        if m and not c.norm.compare:
            if c.norm.earliest is None or anchor is None or c.norm.earliest <= anchor:
                last_quarter = (c.end, int(m.group(1)), int(m.group(2)))  # reported, not planned
            continue
        if m or not c.norm.compare or last_quarter is None:
            continue
        if c.start - last_quarter[0] > reach:
            continue
        year, q = last_quarter[1] - 1, last_quarter[2]
        try:
            lo, hi = quarter_span(year, q)
        except OutOfRange:
            continue
        c.norm.value, c.norm.earliest, c.norm.latest = f"{year}-Q{q}", lo, hi
        c.norm.precision = "month"
