"""Rules for calendar dates: a month and a day ("March 3", "3 March 2020", "2020-03-04",
"3/4/20"), a month ("early March", "last May"), a year ("fiscal 1999", a bare "1845" where the
parser sees a date) and a decade ("the 1990s", "the late '80s")."""

from __future__ import annotations

import re

from dateline.times import vocabulary as v
from dateline.times.anchoring import pick, pick_near
from dateline.times.dates import day_of, valid
from dateline.times.patterns import DAY, EDGE, MONTH, WEEKDAY, YEAR, alt
from dateline.times.registry import Context, Rules
from dateline.times.text import spaced, unit_of, word_before
from dateline.times.values import Norm, day_norm, month_norm, year_norm

RULES = Rules()

TWO_DIGIT_YEAR_PIVOT = 40  # "3/5/41" is 1941, "3/5/40" is 2040
YEAR_AFTER_WINDOW = 20  # characters read after a four-digit number to tell a figure
SHORT_DECADE_CENTURY = "19"  # "the '80s" are the 1980s
NOT_A_YEAR_AFTER = re.compile(rf"\s*(?:{alt(v.NOT_YEAR_AFTER)}|[-–]\d|\.\d)", re.I)
MONTH_QUALIFIER = alt([*v.PERIOD_EDGES, *v.MONTH_QUALIFIERS])
YEAR_RELATIVE = alt(v.YEAR_RELATIVES)


def month_number(name: str) -> int:
    return v.MONTHS[name.lower().rstrip(".")]


def infer_day(month: int, day: int, ctx: Context, start: int, end: int) -> Norm | None:
    """A month-day without a year, placed in the year the tense points to."""
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}-{day:02d}", precision="day")
    years = (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)
    cands = [d for y in years if (d := valid(y, month, day))]
    if not cands:
        return None
    tense = ctx.tense_of(start, end)
    return day_norm(pick_near(cands, ctx.anchor, tense, ctx.settings.month_horizon_days))


@RULES.rule("month_day", rf"(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAY})"
            rf"(?!\d|:\d|\s*(?:{alt(v.NOT_DAY_AFTER)}))(?:,?\s+(?P<year>{YEAR}))?")  # fmt: skip
def month_day(m: re.Match[str], ctx: Context) -> Norm | None:
    month = month_number(m.group("mon"))
    day = int(re.match(r"\d+", m.group("day")).group())  # type: ignore[union-attr]
    if m.group("year"):
        d = valid(int(m.group("year")), month, day)
        return day_norm(d) if d else None
    return infer_day(month, day, ctx, m.start(), m.end())


@RULES.rule("day_month", rf"(?:{WEEKDAY},?\s+)?(?#core)(?P<day>{DAY})\s+(?:of\s+)?"
            rf"(?P<mon>{MONTH})(?#/core)(?:,?\s+(?P<year>{YEAR}))?")  # fmt: skip
def day_month(m: re.Match[str], ctx: Context) -> Norm | None:
    return month_day(m, ctx)


@RULES.rule("iso_date", r"(?#core)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?#/core)")
def iso_date(m: re.Match[str], ctx: Context) -> Norm | None:
    d = valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return day_norm(d) if d else None


@RULES.rule("slash_date", r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)")
def slash_date(m: re.Match[str], ctx: Context) -> Norm | None:
    year = int(m.group("y"))
    if year < 100:
        year += 1900 if year > TWO_DIGIT_YEAR_PIVOT else 2000
    d = valid(year, int(m.group("m")), int(m.group("d")))
    return day_norm(d) if d else None


@RULES.rule("month", rf"(?:(?P<edge>{MONTH_QUALIFIER})[\s-]+)?(?P<mon>{MONTH})"
            rf"(?:,?\s+(?:of\s+)?(?P<year>{YEAR}|(?:{YEAR_RELATIVE})\s+year))?")  # fmt: skip
def month_rule(m: re.Match[str], ctx: Context) -> Norm | None:
    word = m.group("mon")
    month = month_number(word)
    edge = spaced(m.group("edge"))
    year_text = spaced(m.group("year"))
    if word.lower() in v.AMBIGUOUS_MONTHS and not (edge or year_text):
        if word_before(ctx.text, m.start()) not in v.MONTH_CUES:
            return None  # "may" as a verb
    mod = v.PERIOD_EDGES[edge].mod if edge in v.PERIOD_EDGES else None
    if year_text and year_text[0].isdigit():
        return month_norm(int(year_text), month, mod)
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}", precision="month", mod=mod)
    year = ctx.anchor.year
    if year_text:
        year += v.YEAR_RELATIVES[year_text.split()[0]].step or 0
        return month_norm(year, month, mod)
    qualifier = v.MONTH_QUALIFIERS.get(edge)
    tense = (qualifier.tense if qualifier else None) or ctx.tense_of(m.start(), m.end())
    cands = [day_of(y, month, 1) for y in (year - 1, year, year + 1)]
    first = day_of(ctx.anchor.year, ctx.anchor.month, 1)
    if qualifier is not None and qualifier.tense is not None:
        picked = pick(cands, first, tense, same_ok=bool(qualifier.current))
    else:
        picked = pick_near(cands, first, tense, ctx.settings.month_horizon_days)
    return month_norm(picked.year, picked.month, mod)


def plausible_year(m: re.Match[str], ctx: Context, group: str = "year") -> bool:
    """A bare 4-digit number reads as a year only in a date-like context."""
    start, end = m.span(group)
    if NOT_A_YEAR_AFTER.match(ctx.text[end : end + YEAR_AFTER_WINDOW]):
        return False
    if ctx.doc is not None:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.end < len(ctx.doc):
            nxt = ctx.doc[span.end]
            if nxt.tag_ == "NNS" and unit_of(nxt.text) not in v.UNITS:
                return False  # "1,500 soldiers"
            if span[0].ent_type_ in ("MONEY", "QUANTITY", "PERCENT"):
                return False
    return True


@RULES.rule("year", rf"(?:(?P<edge>{alt([*v.PERIOD_EDGES, *v.YEAR_LABELS])})[\s-]+)?"
            rf"(?P<year>(?:19|20)\d\d)(?!\d|,\d)(?:'s)?")  # fmt: skip
def year_rule(m: re.Match[str], ctx: Context) -> Norm | None:
    if not m.group("edge") and not plausible_year(m, ctx):
        return None  # "fiscal 1989 sales" is a year whatever follows
    edge = v.PERIOD_EDGES.get(spaced(m.group("edge")))
    return year_norm(int(m.group("year")), edge.mod if edge else None)


@RULES.rule("bare_year", r"(?P<year>1[6-9]\d\d|20\d\d)(?!\d|,\d)", weak=True)
def bare_year(m: re.Match[str], ctx: Context) -> Norm | None:
    return year_norm(int(m.group("year"))) if plausible_year(m, ctx) else None


@RULES.rule("decade", rf"(?:the\s+)?(?:(?P<edge>{EDGE})[\s-]+)?(?:(?P<dec>(?:1\d|20)\d)0|"
            r"'(?P<short>\d)0)'?s")  # fmt: skip
def decade(m: re.Match[str], ctx: Context) -> Norm | None:
    stem = m.group("dec") or SHORT_DECADE_CENTURY + m.group("short")
    first = int(stem) * 10
    edge = v.PERIOD_EDGES.get(spaced(m.group("edge")))
    return Norm("DATE", stem, day_of(first, 1, 1), day_of(first + 9, 12, 31), "year",
                edge.mod if edge else None)  # fmt: skip
