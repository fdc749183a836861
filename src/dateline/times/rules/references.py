"""Rules for references and recurrences: "now", "recently", "in the near future", "twice a
day", "every other month", "on Mondays", and holidays ("last Thanksgiving", "Christmas Day
2019")."""

from __future__ import annotations

import re
from datetime import date

from dateline.times import vocabulary as v
from dateline.times.anchoring import pick
from dateline.times.dates import day_of, duration_value, nth_weekday
from dateline.times.patterns import NUM, PART, SEASON, UNIT, UNIT_PLURAL, WEEKDAY, YEAR, alt
from dateline.times.registry import Context, Rules
from dateline.times.text import count_of, spaced, unit_of
from dateline.times.values import Norm, day_norm

RULES = Rules()

# After a reference word, the words that make it a conjunction ("now that", "as soon as").
REF_AFTER_WINDOW = 2 + max(len(w) for followers in v.REF_EXCEPTIONS.values() for w in followers)
REF_EXCEPTION = {
    ref: re.compile(rf"\s*(?:{alt(followers)})\b", re.I)
    for ref, followers in v.REF_EXCEPTIONS.items()
}


@RULES.rule("ref", alt(v.REFS))
def ref(m: re.Match[str], ctx: Context) -> Norm | None:
    word = spaced(m.group())
    exception = REF_EXCEPTION.get(word)
    if exception and exception.match(ctx.text[m.end() : m.end() + REF_AFTER_WINDOW]):
        return None  # "now that ...": a conjunction; "soon after": relative to another event
    return Norm("DATE", v.REFS[word])


@RULES.rule("weak_ref", alt(v.WEAK_REFS), weak=True)
def weak_ref(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", v.WEAK_REFS[m.group().lower()])


@RULES.rule("set", rf"(?:(?#rate)(?P<n>{alt(v.RATE_COUNTS)}|{NUM}\s+times)\s+"
            rf"(?:{alt(v.PER)})\s+(?P<unit>{UNIT})|(?:{alt(v.EVERY)})\s+"
            rf"(?:(?P<other>{alt(v.EVERY_OTHER)}|{NUM})\s+)?"
            rf"(?P<unit2>{UNIT_PLURAL}|{WEEKDAY}|{PART}|{SEASON})|{alt(v.SETS)})",
            kind="SET")  # fmt: skip
def recurrence(m: re.Match[str], ctx: Context) -> Norm | None:
    word = spaced(m.group())
    if word in v.SETS:
        return Norm("SET", v.SETS[word])
    unit_text = (m.group("unit") or m.group("unit2")).lower()
    if unit_text.rstrip(".") in v.WEEKDAYS:
        return Norm("SET", f"XXXX-WXX-{v.WEEKDAYS[unit_text.rstrip('.')]}")
    if unit_text in v.PARTS:
        return Norm("SET", f"XXXX-XX-XXT{v.PARTS[unit_text]}")
    if unit_text in v.SEASONS:
        return Norm("SET", f"XXXX-{v.SEASONS[unit_text]}")
    other = (m.group("other") or "").lower()
    n = v.EVERY_OTHER[other] if other in v.EVERY_OTHER else (count_of(other) if other else 1.0)
    return Norm("SET", duration_value(n, unit_of(unit_text))[0])


WEEKDAY_PLURALS = "|".join(w.capitalize() + "s" for w in v.WEEKDAY_NAMES)


@RULES.rule("weekday_plural", rf"(?<=on\s)(?-i:(?P<wd>{WEEKDAY_PLURALS}))", kind="SET")
def weekday_plural(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("SET", f"XXXX-WXX-{v.WEEKDAYS[m.group('wd').lower()[:-1]]}")


HOLIDAY_NAMES = "|".join(
    sorted((re.escape(h.title()).replace(r"\ ", r"\s+").replace("'S", "'s") for h in v.HOLIDAYS),
           key=len, reverse=True)
)  # fmt: skip


def holiday_on(spec: str, year: int) -> date:
    """The day of a holiday in ``year``: "MM-DD", or "MM-N-W" for the Nth weekday W."""
    parts = spec.split("-")
    if len(parts) == 2:
        return day_of(year, int(parts[0]), int(parts[1]))
    return nth_weekday(year, int(parts[0]), parts[1], int(parts[2]))


@RULES.rule("holiday", rf"(?:(?P<rel>{alt(v.HOLIDAY_QUALIFIERS)})\s+)?(?#core)(?-i:(?P<h>"
            rf"{HOLIDAY_NAMES}))(?#/core)(?:,?\s+(?P<year>{YEAR}))?")  # fmt: skip
def holiday(m: re.Match[str], ctx: Context) -> Norm | None:
    spec = v.HOLIDAYS[spaced(m.group("h"))]
    if m.group("year"):
        return day_norm(holiday_on(spec, int(m.group("year"))))
    if ctx.anchor is None:
        return None
    qualifier = v.HOLIDAY_QUALIFIERS.get((m.group("rel") or "").lower())
    tense = (qualifier.tense if qualifier else None) or ctx.tense_of(m.start(), m.end())
    year = ctx.anchor.year
    days = [holiday_on(spec, y) for y in (year - 1, year, year + 1)]
    return day_norm(pick(days, ctx.anchor, tense))
