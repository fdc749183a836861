"""Rules for the larger periods of a calendar: spelled years ("nineteen ninety-six"),
centuries ("the 21st century"), the edges of the current year, month or week ("by the end of
the year", "at year-end"), quarters ("the third quarter", "the year-ago quarter") and halves
("the first half of 2020")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from dateline.times import vocabulary as v
from dateline.times.dates import day_of, month_span
from dateline.times.patterns import EDGE, ONES, TEENS, TENS, YEAR, alt, compound
from dateline.times.registry import Context, Rules
from dateline.times.text import count_of, spaced
from dateline.times.values import Norm, month_norm, quarter_norm, week_norm, year_norm

RULES = Rules()

HALF_MONTHS = {1: (1, 6), 2: (7, 12)}  # the months of each half of a year
QUARTERS_PER_YEAR = 4
YEAR_RELATIVE = alt(v.YEAR_RELATIVES)
COMPARE_MODS = tuple(w for w, q in v.QUARTER_MODS.items() if q.step == -1)  # a year back
CURRENT_MODS = tuple(w for w, q in v.QUARTER_MODS.items() if q.current)  # this quarter
QUARTER_MOD = rf"(?:{alt(v.QUARTER_MODS)}|(?:{alt(v.QUARTER_ADVERBS)})\s+\w+)"
QUARTER_LABEL = alt(v.QUARTER_LABELS)


def year_step(text: str) -> int:
    """The step of "this year", "last year's", "the year" (0)."""
    found = v.YEAR_RELATIVES.get(text.split()[0]) if text else None
    return (found.step or 0) if found else 0


@RULES.rule("spelled_year", rf"(?:the\s+year\s+)?(?:(?P<c>{TEENS})\s+(?P<t>{TENS}|{TEENS})"
            rf"(?:[\s-](?P<o>{ONES}))?|(?P<tt>the\s+year\s+(?P<mil>{alt(v.SPELLED_MILLENNIA)}))"
            rf"(?:\s+and\s+(?P<o2>{ONES}|{TEENS}))?)")  # fmt: skip
def spelled_year(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "nineteen ninety-six", "the year two thousand": years as transcripts write them."""
    if m.group("tt"):
        millennium = v.SPELLED_MILLENNIA[spaced(m.group("mil"))]
        after = m.group("o2") or ""
        return year_norm(millennium + int(count_of(after or "0") or v.TEENS.get(after.lower(), 0)))
    century = v.TEENS[m.group("c").lower()]
    tens = count_of(m.group("t")) or v.TEENS.get(m.group("t").lower(), 0)
    ones = count_of(m.group("o") or "") or 0
    return year_norm(int(century * 100 + tens + ones))


@RULES.rule("century", rf"(?:the\s+)?(?:(?P<edge>{EDGE})[\s-]+)?(?:(?P<n>\d{{1,2}})"
            rf"(?:st|nd|rd|th)|(?P<w>{alt(v.ORDINALS)}))[\s-]+century")  # fmt: skip
def century(m: re.Match[str], ctx: Context) -> Norm | None:
    n = int(m.group("n")) if m.group("n") else v.ORDINALS[m.group("w").lower()]
    first = (n - 1) * 100
    edge = v.PERIOD_EDGES.get(spaced(m.group("edge")))
    return Norm("DATE", f"{n - 1:02d}", day_of(max(first, 1), 1, 1), day_of(first + 99, 12, 31),
                "year", edge.mod if edge else None)  # fmt: skip


# The units whose edges "the end of the ..." names, each counted from the anchor.
EDGE_UNITS: dict[str, Callable[[date, str | None], Norm]] = {
    "year": lambda a, mod: year_norm(a.year, mod),
    "month": lambda a, mod: month_norm(a.year, a.month, mod),
    "week": lambda a, mod: week_norm(a, mod),
}


@RULES.rule("year_edge", rf"(?P<edge>{alt(v.UNIT_ENDS)})\s+(?:the|this)\s+"
            rf"(?P<unit>{'|'.join(EDGE_UNITS)})|(?P<ye>{compound(v.YEAR_ENDS)})")  # fmt: skip
def year_edge(m: re.Match[str], ctx: Context) -> Norm | None:
    if m.group("ye"):
        mod, unit = v.YEAR_ENDS[re.sub(r"[\s-]", "-", m.group("ye").lower())].mod, "year"
    else:
        mod, unit = v.UNIT_ENDS[spaced(m.group("edge"))].mod, m.group("unit").lower()
    if ctx.anchor is None:
        return Norm("DATE", None, mod=mod)
    return EDGE_UNITS[unit](ctx.anchor, mod)


@RULES.rule("quarter", rf"(?:(?P<det>{alt([*v.QUARTER_DETERMINERS, *v.EVERY])})\s+)?"
            rf"(?:(?P<yr>{YEAR}|(?:{YEAR_RELATIVE})\s+year's)\s+)?"
            rf"(?P<qmods>(?:{QUARTER_MOD}[\s-]+){{0,3}})"
            rf"(?:(?P<ord>{alt(v.QUARTER_ORDINALS)})[\s-]+)?"
            rf"(?:(?:{QUARTER_LABEL})[\s-]+)?(?P<q>quarters?)(?:\s+of\s+(?:(?:{QUARTER_LABEL})\s+)?"
            rf"(?P<yr2>{YEAR}|(?:{YEAR_RELATIVE})\s+year))?")  # fmt: skip
def quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    det = (m.group("det") or "").lower()
    mods = (m.group("qmods") or "").lower()
    ordinal = (m.group("ord") or "").lower()
    if m.group("q").lower().endswith("s"):
        return None
    if det in v.EVERY:
        return Norm("SET", "P3M")
    if det in v.ARTICLES and not (ordinal or mods.strip()):
        return None  # "a quarter": a fraction
    if not (det or ordinal or mods.strip() or m.group("yr")):
        return None
    year_text = (m.group("yr") or m.group("yr2") or "").lower()
    if ctx.anchor is None and not year_text[:1].isdigit():
        q = v.QUARTER_ORDINALS.get(ordinal)
        return Norm("DATE", f"XXXX-Q{q or 'X'}", precision="month")
    compare = any(word in mods for word in COMPARE_MODS)
    if year_text[:1].isdigit():
        year, step = int(year_text), 0
    else:
        year, step = ctx.anchor.year, year_step(year_text)  # type: ignore[union-attr]
    if step < 0 or compare:
        year -= 1
    elif step > 0:
        year += 1
    if ordinal:
        norm = quarter_norm(year, v.QUARTER_ORDINALS[ordinal])
        norm.compare = compare
        return norm
    if ctx.anchor is None:
        return Norm("DATE", f"{year:04d}-QX", precision="month")  # which quarter: unknown
    current = (ctx.anchor.month - 1) // 3 + 1
    if any(word in mods for word in CURRENT_MODS):
        q = current
    else:
        q = current + (v.QUARTER_DETERMINERS[det].step or 0 if det else -1)
    if q == 0:
        q, year = QUARTERS_PER_YEAR, year - 1
    elif q == QUARTERS_PER_YEAR + 1:
        q, year = 1, year + 1
    norm = quarter_norm(year, q)
    norm.compare = compare
    return norm


@RULES.rule("half", rf"(?:the\s+)?(?P<ord>{alt(v.HALVES)})\s+half(?:\s+of\s+"
            rf"(?P<yr>{YEAR}|(?:{YEAR_RELATIVE}|the)\s+year))?")  # fmt: skip
def half(m: re.Match[str], ctx: Context) -> Norm | None:
    h = v.HALVES[m.group("ord").lower()]
    text = spaced(m.group("yr"))
    if text[:1].isdigit():
        year = int(text)
    elif ctx.anchor is None:
        return Norm("DATE", f"XXXX-H{h}", precision="month")
    else:
        year = ctx.anchor.year + year_step(text)
    first, last = HALF_MONTHS[h]
    return Norm("DATE", f"{year}-H{h}", day_of(year, first, 1), month_span(year, last)[1], "month")
