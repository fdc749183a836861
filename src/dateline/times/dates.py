"""Calendar arithmetic: spans of months, weeks and quarters, moving a date by units, and the
TIMEX3 value of a length of time.

Every date made here lies between ``date.min`` and ``date.max``; one that would not (an anchor
near 9999-12-31 moved a day ahead, "8,000 years ago") raises :class:`OutOfRange`, which the
rules turn into an expression without a value instead of a crash.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import MAXYEAR, MINYEAR, date, timedelta

from dateline.times import vocabulary as v

# Days in a unit, by TIMEX3 code: the Julian year and its twelfth (30.4375 days) for months.
UNIT_DAYS = {"S": 1 / 86400, "M": 30.4375, "H": 1 / 24, "D": 1.0, "W": 7.0, "Q": 91.3125,
             "Y": 365.25}  # fmt: skip
MINUTES_PER_MONTH = UNIT_DAYS["M"] * 24 * 60  # a month of 30.4375 days, in minutes (43,830)
# Moving by whole months (calendar arithmetic) or by days (sub-day units round to a day).
MONTHS_PER_CODE = {"M": 1, "Q": 3, "Y": 12, "10Y": 120, "100Y": 1200}
DAYS_PER_CODE = {"D": 1.0, "W": 7.0, "2W": 14.0, "H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}
# Months of the TIMEX3 seasons (meteorological, northern hemisphere): (first, last).
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
DURATION_VALUE = re.compile(r"P(?:T)?(\d+(?:\.\d+)?)(DE|CE|[YQMWDH])")
MONTHS_IN = {"Y": 12, "Q": 3, "M": 1, "DE": 120, "CE": 1200}  # months in a duration letter


class OutOfRange(ValueError):
    """A date outside 0001-01-01 .. 9999-12-31, or no such day: the expression has no value."""


def day_of(year: int, month: int, day: int) -> date:
    """The date, or :class:`OutOfRange`."""
    try:
        return date(year, month, day)
    except ValueError:
        raise OutOfRange(f"no date {year}-{month}-{day}") from None


def valid(year: int, month: int, day: int) -> date | None:
    """The date, or None when there is no such day ("February 30", year 0)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def plus_days(day: date, days: float) -> date:
    """``day`` moved by ``days`` (negative: back), or :class:`OutOfRange`."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise OutOfRange(f"{day} + {days} days") from None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (Feb 29 + 12 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise OutOfRange(f"{day} + {months} months")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_span(year: int, month: int) -> tuple[date, date]:
    return day_of(year, month, 1), day_of(year, month, calendar.monthrange(year, month)[1])


def week_span(day: date) -> tuple[date, date]:
    """The ISO week holding ``day``, Monday to Sunday."""
    monday = plus_days(day, -day.weekday())
    return monday, plus_days(monday, 6)


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    return day_of(year, 3 * quarter - 2, 1), month_span(year, 3 * quarter)[1]


def crosses_year(code: str) -> bool:
    """Does the season run into the next year (winter, from December)?"""
    first, last = SEASON_MONTHS[code]
    return last < first


def season_span(code: str, year: int) -> tuple[date, date]:
    """The months of a season in ``year`` (winter runs into the next year)."""
    first, last = SEASON_MONTHS[code]
    return day_of(year, first, 1), month_span(year + crosses_year(code), last)[1]


def nth_weekday(year: int, month: int, nth: str, iso_day: int) -> date:
    """The ``nth`` ISO weekday of a month ("L": the last), as holidays are fixed."""
    if not MINYEAR <= year <= MAXYEAR:
        raise OutOfRange(f"no year {year}")
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    days = [d for d in days if d.isoweekday() == iso_day]
    return days[-1] if nth == "L" else days[int(nth) - 1]


def unit_code(unit: str) -> str:
    """The TIMEX3 code of a unit; a period that is no unit ("weekend") counts in days."""
    found = v.UNITS.get(unit)
    return found.code if found else "D"


def is_clock(unit: str) -> bool:
    found = v.UNITS.get(unit)
    return found is not None and found.clock


def shift(anchor: date, n: float, unit: str) -> date:
    """``anchor`` moved back by n units (forward when n < 0); sub-day units round to days."""
    code = unit_code(unit)
    months = MONTHS_PER_CODE.get(code)
    try:
        if months and not is_clock(unit):
            return add_months(anchor, -round(n * months))
        days = DAYS_PER_CODE[code]
        whole = math.ceil(n * days) if n > 0 else math.floor(n * days)
    except OverflowError:  # an infinite count
        raise OutOfRange(f"{anchor} - {n} {unit}") from None
    return plus_days(anchor, -whole)


def duration_value(n: float | None, unit: str) -> tuple[str, float | None]:
    """TIMEX3 duration value and its length in days ("P14M", about 426 days)."""
    code = unit_code(unit)
    clock = is_clock(unit)
    if unit == "week" and n is not None and n != int(n):
        n, code = n * 7, "D"  # "1.5 weeks": P10.5D
    mult = re.match(r"(\d+)(\w+)", code)
    factor, letter = (int(mult.group(1)), mult.group(2)) if mult else (1, code)
    prefix = "PT" if clock else "P"
    if n is None:
        return f"{prefix}X{letter}", None
    total = n * factor
    if total != int(total):
        if letter == "Y":
            total, letter = total * 12, "M"
        elif letter == "H":
            total, letter = total * 60, "M"
        elif letter == "D":
            total, letter, prefix = total * 24, "H", "PT"
    amount = int(total) if total == int(total) else round(total, 2)
    if clock and letter == "M":
        per = UNIT_DAYS["M"] / MINUTES_PER_MONTH  # minutes, not months
    else:
        per = UNIT_DAYS.get(letter, 1.0)
    if prefix == "PT" and letter == "H":
        per = 1 / 24
    return f"{prefix}{amount}{letter}", total * per


def resolve_duration_value(anchor: date, value: str) -> date | None:
    """The day a duration value ends when it starts at ``anchor``; None when its length is
    unknown or the day falls outside the calendar."""
    m = DURATION_VALUE.fullmatch(value)
    if not m:
        return None
    amount, unit = float(m.group(1)), m.group(2)
    try:
        if value.startswith("PT"):
            return anchor + timedelta(hours=amount) if unit == "H" else anchor
        months = MONTHS_IN.get(unit)
        if months:
            whole = amount * months
            if whole == int(whole):
                return add_months(anchor, int(whole))
            return plus_days(anchor, round(whole * UNIT_DAYS["M"]))
        return plus_days(anchor, round(amount * (7 if unit == "W" else 1)))
    except (OutOfRange, OverflowError):
        return None
