"""Rules for calendar units counted from the publication date or from an earlier date:
"last week", "next month", "the past year", "late this decade", "that same day", "the
following month", "the spring of 2019", "the weekend", "last summer"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from dateline.times import vocabulary as v
from dateline.times.dates import (
    SEASON_MONTHS,
    OutOfRange,
    add_months,
    crosses_year,
    day_of,
    duration_value,
    plus_days,
    season_span,
    shift,
    week_value,
)
from dateline.times.patterns import EDGE, SEASON, YEAR, alt
from dateline.times.registry import Context, Rules
from dateline.times.text import spaced, titled
from dateline.times.values import UNIT_DATES, Norm, month_norm, unit_date, week_norm, year_norm
from dateline.times.vocabulary import FUTURE, PAST, PRESENT

RULES = Rules()

WEEKEND_WINDOW = 13  # the weekend meant lies within this many days of the anchor
SATURDAY = 5  # date.weekday() of the first day of a weekend


def edge_mod(text: str | None) -> str | None:
    found = v.PERIOD_EDGES.get(spaced(text))
    return found.mod if found else None


def weekend(anchor: date, step: int, tense: str, mod: str | None) -> Norm:
    """The Saturday-Sunday the words and tense point to, as YYYY-Www-WE."""
    days = [plus_days(anchor, k) for k in range(-WEEKEND_WINDOW, WEEKEND_WINDOW + 1)]
    sats = [s for s in days if s.weekday() == SATURDAY]
    if step < 0 or (step == 0 and tense == PAST):
        sat = max(s for s in sats if plus_days(s, 1) < anchor or s <= plus_days(anchor, -1))
    elif step > 0 or tense == FUTURE:
        sat = min(s for s in sats if s >= anchor)
    else:
        sat = min(sats, key=lambda s: abs((s - anchor).days))
    return Norm("DATE", week_value(sat) + "-WE", sat, plus_days(sat, 1), "week", mod)


def season(code: str, anchor: date, step: int, tense: str, mod: str | None) -> Norm:
    """A season of the year ("last summer" -> 2019-SU), with its months as the range."""
    last_month = SEASON_MONTHS[code][1]
    year = anchor.year - (1 if crosses_year(code) and anchor.month <= last_month else 0)
    lo, hi = season_span(code, year)
    if step < 0:
        if lo > anchor or (lo <= anchor <= hi):
            year -= 1
    elif step > 0:
        if lo <= anchor:
            year += 1
    elif tense == PAST and lo > anchor:
        year -= 1
    elif tense == FUTURE and hi < anchor:
        year += 1
    lo, hi = season_span(code, year)
    return Norm("DATE", f"{year}-{code}", lo, hi, "month", mod)


def this_week(a: date, step: int, tense: str, mod: str | None) -> Norm:
    return week_norm(plus_days(a, 7 * step), mod)


def this_month(a: date, step: int, tense: str, mod: str | None) -> Norm:
    d = add_months(a, step)
    return month_norm(d.year, d.month, mod)


def this_year(a: date, step: int, tense: str, mod: str | None) -> Norm:
    return year_norm(a.year + step, mod)


def this_decade(a: date, step: int, tense: str, mod: str | None) -> Norm:
    stem = (a.year // 10 + step) * 10
    return Norm("DATE", str(stem // 10), day_of(stem, 1, 1), day_of(stem + 9, 12, 31), "year",
                mod)  # fmt: skip


def this_century(a: date, step: int, tense: str, mod: str | None) -> Norm:
    c = a.year // 100 + step
    return Norm("DATE", f"{c:02d}", day_of(c * 100, 1, 1), day_of(c * 100 + 99, 12, 31), "year",
                mod)  # fmt: skip


# The periods "last/this/next ..." can name, and how each is counted from the anchor.
PERIODS: dict[str, Callable[[date, int, str, str | None], Norm]] = {
    "week": this_week,
    "weekend": weekend,
    "month": this_month,
    "year": this_year,
    "decade": this_decade,
    "century": this_century,
}
ANAPHORIC_UNITS = tuple(UNIT_DATES)  # "that day", "the following month", "that same year"
# Periods that, like the seasons, a span word ("the last weekend") moves by a calendar step
# instead of hanging a one-unit length from the publication date; they read the tense too.
CALENDAR_STEPS = ("weekend",)


def anchored_unit(span: v.Qualifier, unit: str, ctx: Context, mod: str | None) -> Norm:
    """ "the past year" / "the next month": a one-unit duration hanging from the anchor."""
    value, days = duration_value(1, unit)
    norm = Norm("DURATION", value, mod=mod, duration_days=days)
    if ctx.anchor is not None:
        try:
            if (span.step or 0) > 0:
                norm.earliest, norm.latest = ctx.anchor, shift(ctx.anchor, -1, unit)
            else:
                norm.earliest, norm.latest = shift(ctx.anchor, 1, unit), ctx.anchor
        except OutOfRange:
            pass
    return norm


@RULES.rule("relative_unit", rf"(?:(?P<edge>{alt([*v.PERIOD_EDGES, *v.UNIT_EDGES])})[\s-]+)?"
            rf"(?P<rel>{alt([*v.UNIT_RELATIVES, *v.SPANS])})\s+"
            rf"(?:(?:{alt(v.UNIT_LABELS)})\s+)?(?P<unit>{alt(PERIODS)}|{SEASON})")  # fmt: skip
def relative_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = spaced(m.group("rel"))
    unit = m.group("unit").lower()
    if titled(m.group("unit")):
        return None  # "This Week", a programme title
    if rel in v.ANAPHORS and unit in ANAPHORIC_UNITS:
        return None  # "that year", "the following month": see anaphoric
    mod = edge_mod(m.group("edge"))
    span = v.SPANS.get(rel)
    by_calendar = unit in v.SEASONS or unit in CALENDAR_STEPS
    if span is not None and not by_calendar:
        return anchored_unit(span, unit, ctx, mod)
    step = (span or v.UNIT_RELATIVES[rel]).step or 0
    if ctx.anchor is None:
        return Norm("DATE", None, mod=mod)
    tense = ctx.tense_of(m.start(), m.end()) if by_calendar else PRESENT
    if unit in v.SEASONS:
        return season(v.SEASONS[unit], ctx.anchor, step, tense, mod)
    return PERIODS[unit](ctx.anchor, step, tense, mod)


@RULES.rule("anaphoric", rf"(?:(?P<edge>{EDGE})[\s-]+)?(?#core)(?P<rel>{alt(v.ANAPHORS)})\s+"
            rf"(?P<unit>{'|'.join(ANAPHORIC_UNITS)})(?!\s+or\b)(?#/core)")  # fmt: skip
def anaphoric(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "that year", "the following month", "the next day": a date counted from the last
    date the text gave, resolved after all expressions are found (see anaphora.py). Until
    then it is counted from the publication date."""
    rel = spaced(m.group("rel"))
    unit = m.group("unit").lower()
    if rel in v.DAY_ONLY_ANAPHORS and unit != "day":
        return None  # "the next year" looks ahead from now: a span (relative_unit)
    mod = edge_mod(m.group("edge"))
    step = v.ANAPHORS[rel].step or 0
    norm = Norm("DATE", None, mod=mod)
    if ctx.anchor is not None:
        try:
            norm = unit_date(ctx.anchor, unit, step, mod)
        except OutOfRange:
            pass
    norm.anaphor = (unit, step)
    return norm


@RULES.rule("season", rf"(?:(?P<edge>{EDGE})[\s-]+)?(?:the\s+)?(?P<s>{SEASON})(?:\s+of)?\s+"
            rf"(?P<year>{YEAR})")  # fmt: skip
def season_of_year(m: re.Match[str], ctx: Context) -> Norm | None:
    code = v.SEASONS[m.group("s").lower()]
    year = int(m.group("year"))
    lo, hi = season_span(code, year)
    return Norm("DATE", f"{year}-{code}", lo, hi, "month", edge_mod(m.group("edge")))


@RULES.rule("the_weekend", r"the\s+weekend")
def the_weekend(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.anchor is None:
        return Norm("DATE", "XXXX-WXX-WE", precision="week")
    return weekend(ctx.anchor, 0, ctx.tense_of(m.start(), m.end()), None)


@RULES.rule("bare_season", rf"(?:the\s+)?(?:(?P<edge>{alt(v.SEASON_EDGES)})[\s-]+)?"
            rf"(?P<s>{SEASON})", weak=True)  # fmt: skip
def bare_season(m: re.Match[str], ctx: Context) -> Norm | None:
    code = v.SEASONS[m.group("s").lower()]
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{code}", precision="month")
    edge = v.SEASON_EDGES.get((m.group("edge") or "").lower())
    tense = ctx.tense_of(m.start(), m.end())
    return season(code, ctx.anchor, 0, tense, edge.mod if edge else None)
