"""Rules for days and clock times: "yesterday", "tomorrow night", "this morning", "last
Wednesday", "Monday morning", "at 9:30 p.m. EST on Tuesday"."""

from __future__ import annotations

import re
from datetime import date

from dateline.times import vocabulary as v
from dateline.times.anchoring import pick, pick_near
from dateline.times.dates import plus_days, valid
from dateline.times.patterns import DAY, MONTH, PART, WEEKDAY, alt
from dateline.times.registry import Context, Rules
from dateline.times.text import spaced
from dateline.times.values import Norm, day_norm
from dateline.times.vocabulary import FUTURE

RULES = Rules()

WEEKDAY_WINDOW = 7  # a weekday name means one of the days this far either side of the anchor
HOURS_ON_CLOCK = 12  # "9 p.m.": a 12-hour clock


def edge_mod(edges: dict[str, v.Qualifier], text: str | None) -> str | None:
    found = edges.get(spaced(text))
    return found.mod if found else None


@RULES.rule("relative_day", rf"(?:(?P<edge>{alt(v.DAY_EDGES)})[\s-]+)?"
            rf"(?P<w>{alt(v.RELATIVE_DAYS)})(?:'s)?(?:\s+(?P<part>{PART}))?")  # fmt: skip
def relative_day(m: re.Match[str], ctx: Context) -> Norm | None:
    word = spaced(m.group("w"))
    mod = edge_mod(v.DAY_EDGES, m.group("edge"))
    part = v.PARTS.get((m.group("part") or "").lower(), "")
    if ctx.anchor is None:
        return Norm("DATE", "XXXX-XX-XX", precision="day", mod=mod)
    d = plus_days(ctx.anchor, v.RELATIVE_DAYS[word])
    if part:
        return day_norm(d, mod, "T" + part, "TIME")
    return day_norm(d, mod)


@RULES.rule("part_of_day", rf"(?:(?P<edge>{alt(v.PART_EDGES)})[\s-]+)?(?#core)"
            rf"(?P<rel>{alt([*v.PART_RELATIVES, *v.NIGHT_RELATIVES])})\s+(?P<part>{PART})(?#/core)",
            kind="TIME")  # fmt: skip
def part_of_day(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = m.group("rel").lower()
    part = v.PARTS[m.group("part").lower()]
    if rel in v.NIGHT_RELATIVES and part != "NI":
        return None  # "last night", but no "last morning"
    offset = (v.PART_RELATIVES.get(rel) or v.NIGHT_RELATIVES[rel]).step or 0
    mod = edge_mod(v.PART_EDGES, m.group("edge"))
    if ctx.anchor is None:
        return Norm("TIME", f"XXXX-XX-XXT{part}", precision="day", mod=mod)
    return day_norm(plus_days(ctx.anchor, offset), mod, "T" + part, "TIME")


def weekday_date(iso_day: int, ctx: Context, start: int, end: int, pre: str) -> date | None:
    """The weekday the tense and the qualifier before it point to (see Settings)."""
    if ctx.anchor is None:
        return None
    tense = ctx.tense_of(start, end)
    same_ok = ctx.settings.same_day_bare_weekday and tense != FUTURE
    qualifier = v.WEEKDAY_QUALIFIERS.get(pre)
    if qualifier is not None:
        tense = qualifier.tense or tense
        same_ok = same_ok if qualifier.current is None else qualifier.current
    days = [plus_days(ctx.anchor, k) for k in range(-WEEKDAY_WINDOW, WEEKDAY_WINDOW + 1)]
    return pick([d for d in days if d.isoweekday() == iso_day], ctx.anchor, tense, same_ok)


@RULES.rule("weekday", rf"(?:(?P<pre>{alt(v.WEEKDAY_QUALIFIERS)})\s+)?(?P<wd>{WEEKDAY})"
            rf"(?:,?\s+(?P<part>{PART}))?(?!,?\s+{MONTH})")  # fmt: skip
def weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    pre = spaced(m.group("pre"))
    iso_day = v.WEEKDAYS[m.group("wd").lower().rstrip(".")]
    qualifier = v.WEEKDAY_QUALIFIERS.get(pre)
    mod = qualifier.mod if qualifier else None
    part = v.PARTS.get((m.group("part") or "").lower(), "")
    suffix, kind = (f"T{part}", "TIME") if part else ("", "DATE")
    d = weekday_date(iso_day, ctx, m.start("wd"), m.end("wd"), pre)
    if d is None:
        return Norm(kind, f"XXXX-WXX-{iso_day}{suffix}", precision="day", mod=mod)
    return day_norm(d, mod, suffix, kind)


CLOCK = rf"(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>{alt(v.MERIDIEM)})"


@RULES.rule("clock", rf"(?:{CLOCK}|(?P<word>{alt(v.CLOCK_WORDS)}))"
            rf"(?:\s+(?P<tz>(?-i:[A-Z]{{2,4}})|{alt(v.TIME_ZONES)}))?"
            rf"(?:,?\s+(?:on\s+)?(?:(?P<day>{alt(v.CLOCK_DAYS)}|{WEEKDAY})|"
            rf"(?P<mon>{MONTH})\s+(?P<md>{DAY})(?!\d)))?", kind="TIME")  # fmt: skip
def clock(m: re.Match[str], ctx: Context) -> Norm | None:
    if m.group("word"):
        hour, minute = (int(n) for n in v.CLOCK_WORDS[m.group("word").lower()].split(":"))
    else:
        hour, minute = int(m.group("h")), int(m.group("mi") or 0)
        if hour > HOURS_ON_CLOCK or hour == 0:
            return None
        pm = v.MERIDIEM[m.group("ap").lower()] == "pm"
        hour = hour % HOURS_ON_CLOCK + (HOURS_ON_CLOCK if pm else 0)
    day_word = (m.group("day") or "").lower()
    d: date | None = ctx.anchor
    if day_word in v.CLOCK_DAYS and ctx.anchor:
        d = plus_days(ctx.anchor, v.CLOCK_DAYS[day_word])
    elif m.group("mon") and ctx.anchor:
        month = v.MONTHS[m.group("mon").lower().rstrip(".")]
        dm = int(re.match(r"\d+", m.group("md")).group())  # type: ignore[union-attr]
        cands = [x for y in (-1, 0, 1) if (x := valid(ctx.anchor.year + y, month, dm))]
        horizon = ctx.settings.month_horizon_days
        tense = ctx.tense_of(m.start(), m.end())
        d = pick_near(cands, ctx.anchor, tense, horizon) if cands else None
    elif day_word.rstrip(".") in v.WEEKDAYS:
        d = weekday_date(v.WEEKDAYS[day_word.rstrip(".")], ctx, m.start("day"), m.end("day"), "")
    elif day_word:
        d = None  # "today" with no publication date: the day is unknown
    time_of_day = f"T{hour:02d}:{minute:02d}"
    if d is None:
        return Norm("TIME", "XXXX-XX-XX" + time_of_day, precision="day")
    return day_norm(d, None, time_of_day, "TIME")
