"""Rules for lengths of time and the points they reach: "three weeks ago", "the year-earlier
period", "within 135 days", "the past 24 hours", "in recent years", "for decades"."""

from __future__ import annotations

import re

from dateline.times import vocabulary as v
from dateline.times.dates import OutOfRange, duration_value, shift
from dateline.times.patterns import MOD, NUM, UNIT_PLURAL, alt
from dateline.times.registry import Context, Rules
from dateline.times.text import count_of, spaced, titled, unit_of
from dateline.times.values import Norm, at_granularity, year_norm
from dateline.times.vocabulary import FUTURE, PAST

RULES = Rules()

RATE_WINDOW = 20  # characters before "a year" searched for a figure that makes it a rate
AGE_WINDOW = 2 + max(len(w) for w in v.AGE_AFTER)  # a space, the word, a character after it
YEAR_LIKE = (1000, 2100)  # a count in this range written without a comma is a year
RATE_CONTEXT = re.compile(rf"(?:\d|{alt(v.RATE_BEFORE)})\s*$", re.I)
AGE_CONTEXT = re.compile(rf"\s+(?:{alt(v.AGE_AFTER)})\b")
LEAD_MOD = re.compile(rf"{MOD}$")
DURATION_LEAD = r"(?:the\s+)?" + alt(v.DURATION_LEADS)


@RULES.rule("ago", rf"(?:(?P<mod>{MOD})\s+)?(?P<num>{NUM})\s+(?P<unit>{UNIT_PLURAL})"
            rf"(?:\s+(?:{alt(v.APPROX_AFTER)}))?\s+(?P<dir>{alt(v.AGO)})")  # fmt: skip
def ago(m: re.Match[str], ctx: Context) -> Norm | None:
    n = count_of(m.group("num"))
    unit = unit_of(m.group("unit"))
    mod = v.MODS.get(spaced(m.group("mod")))
    future = v.AGO.get(m.group("dir").lower()) == FUTURE
    if n is None:
        return Norm("DATE", "FUTURE_REF" if future else "PAST_REF", mod=mod)
    if ctx.anchor is None:
        return Norm("DATE", None, mod=mod)
    try:
        norm = at_granularity(shift(ctx.anchor, -n if future else n, unit), unit)
    except OutOfRange:
        return Norm("DATE", None, mod=mod)  # "8,000 years ago": before the calendar's start
    norm.mod = mod
    norm.compare = unit == "year" and n == 1 and not future
    return norm


@RULES.rule("year_ago_adj", rf"(?:the\s+(?:(?:{alt(v.COMPARED_ADJECTIVES)})\s+)?)?"
            rf"(?:{alt(v.YEAR_AGO)})(?:\s+(?:{alt(v.COMPARED_NOUNS)}))?")  # fmt: skip
def year_ago_adj(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.anchor is None:
        return None
    norm = year_norm(ctx.anchor.year - 1)
    norm.compare = True
    return norm


def lead_step(lead: str) -> int:
    """The step of the lead word in "the past 24 hours" (-1), "the next three months" (+1)."""
    for word in lead.split():
        if word in v.DURATION_LEADS:
            return v.DURATION_LEADS[word].step or 0
    return 0


@RULES.rule("duration", rf"(?:(?P<lead>the\s+|{DURATION_LEAD}\s+|(?:the\s+)?{DURATION_LEAD}\s+"
            rf"(?:{MOD}\s+)?)(?=\S))?(?:(?P<mod>{MOD})\s+)?(?P<num>{NUM})"
            rf"(?:\s+(?:{alt(v.COUNT_FILLERS)}))?(?P<sep>[\s-]+)(?:(?:{alt(v.UNIT_KINDS)})\s+)?"
            rf"(?P<unit>{UNIT_PLURAL})(?P<old>-(?:{alt(v.COMPOUND_AFTER)}))?",
            kind="DURATION")  # fmt: skip
def duration(m: re.Match[str], ctx: Context) -> Norm | None:
    num = m.group("num")
    word = num.lower()
    n = count_of(num)
    unit_text = m.group("unit")
    unit = unit_of(unit_text)
    lead = spaced(m.group("lead")).strip()
    plural = unit_text.lower().endswith("s") and unit != unit_text.lower()
    if n == 1 and not num[:1].isdigit() and plural:
        return None  # "a years", "one days": not a length
    before = ctx.text[max(0, m.start() - RATE_WINDOW) : m.start()]
    if word in v.ARTICLES and RATE_CONTEXT.search(before):
        return None  # "$5 a year", "twice a day": a rate, not a duration
    if word in v.LED and not lead:
        return None  # "many years" alone is as often no time
    if titled(unit_text):
        return None  # "60 Minutes", "the 18-Year War": a title, not a time
    if word in v.ARTICLES and unit == "second":
        return None  # "a second attack": an ordinal
    if m.group("old") or AGE_CONTEXT.match(ctx.text[m.end() : m.end() + AGE_WINDOW]):
        return None  # "the 6-year-old", "52 years old": an age, not a time
    if m.group("sep") == "-" and unit == "quarter" and plural:
        return None  # "three-quarters": a fraction
    if n is not None and n == int(n) and YEAR_LIKE[0] <= n <= YEAR_LIKE[1] and "," not in num:
        return None  # "the 1988 quarter": a year, not a count
    mod = v.MODS.get(spaced(m.group("mod")))
    lead_mod = LEAD_MOD.search(lead)
    if lead_mod:
        mod = v.MODS.get(spaced(lead_mod.group()), mod)
    value, days = duration_value(n, unit)
    norm = Norm("DURATION", value, mod=mod, duration_days=days)
    step = lead_step(lead)
    if ctx.anchor is not None and n is not None and step:
        try:
            if step < 0:
                norm.earliest, norm.latest = shift(ctx.anchor, n, unit), ctx.anchor
            else:
                norm.earliest, norm.latest = ctx.anchor, shift(ctx.anchor, -n, unit)
        except OutOfRange:
            pass  # "the past 10,000 years": a length without a calendar range
    return norm


@RULES.rule("vague_units", rf"(?P<lead>(?:(?:the\s+)?(?:{alt(v.VAGUE_LEADS)})\s+"
            rf"(?:(?:{alt(v.FEW)})\s+)?)|(?:{alt(v.PLURAL_LEADS)})\s+)?(?P<unit>{UNIT_PLURAL})",
            weak=True, kind="DURATION")  # fmt: skip
def vague_units(m: re.Match[str], ctx: Context) -> Norm | None:
    if not m.group("lead"):
        return None  # a bare "years" is as often a count of anything as a time
    value, _ = duration_value(None, unit_of(m.group("unit")))
    return Norm("DURATION", value)


@RULES.rule("recent_units", rf"(?P<rel>{alt(v.PLURAL_LEADS)})\s+(?P<unit>{UNIT_PLURAL})",
            kind="DURATION")  # fmt: skip
def recent_units(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = unit_of(m.group("unit"))
    if unit == m.group("unit").lower():
        return None  # a singular: "recent year" is no length
    lead = v.PLURAL_LEADS[spaced(m.group("rel"))]
    if v.UNITS[unit].granularity == "year" and lead.tense == PAST:
        return Norm("DATE", "PAST_REF")  # "in recent years": an era, not a measured span
    return Norm("DURATION", duration_value(None, unit)[0])


FOR_PLURALS = "|".join(v.UNITS[unit].plural for unit in v.FOR_UNITS)


@RULES.rule("for_units", rf"(?<=for\s)(?P<unit>(?:{FOR_PLURALS}))", kind="DURATION")
def for_units(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DURATION", duration_value(None, unit_of(m.group("unit")))[0])
