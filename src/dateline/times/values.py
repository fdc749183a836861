"""A normalized time expression before its offsets are attached, and the constructors the
rules build one with (a day, a month, a year, a week, a quarter, a point at a unit's
granularity)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateline.times import vocabulary as v
from dateline.times.dates import (
    add_months,
    day_of,
    month_span,
    plus_days,
    quarter_span,
    week_span,
    week_value,
)


@dataclass
class Norm:
    """A normalized expression: TIMEX3 type and value, its range of days and precision."""

    type: str
    value: str | None
    earliest: date | None = None
    latest: date | None = None
    precision: str | None = None
    mod: str | None = None
    duration_days: float | None = None
    compare: bool = False  # "a year ago": takes the granularity of a nearby compared period
    anaphor: tuple[str, int] | None = None  # "the following year": (unit, step) from the last date


def day_norm(d: date, mod: str | None = None, suffix: str = "", kind: str = "DATE") -> Norm:
    return Norm(kind, d.isoformat() + suffix, d, d, "day", mod)


def month_norm(year: int, month: int, mod: str | None = None) -> Norm:
    lo, hi = month_span(year, month)
    return Norm("DATE", f"{year}-{month:02d}", lo, hi, "month", mod)


def year_norm(year: int, mod: str | None = None) -> Norm:
    return Norm("DATE", f"{year:04d}", day_of(year, 1, 1), day_of(year, 12, 31), "year", mod)


def week_norm(day: date, mod: str | None = None) -> Norm:
    lo, hi = week_span(day)
    return Norm("DATE", week_value(day), lo, hi, "week", mod)


def quarter_norm(year: int, quarter: int, mod: str | None = None) -> Norm:
    lo, hi = quarter_span(year, quarter)
    return Norm("DATE", f"{year}-Q{quarter}", lo, hi, "month", mod)


def at_granularity(day: date, unit: str) -> Norm:
    """A point date reported at the unit's granularity ("two weeks ago" -> a week)."""
    granularity = v.UNITS[unit].granularity if unit in v.UNITS else "year"
    if granularity == "day":
        return day_norm(day)
    if granularity == "week":
        return week_norm(day)
    if granularity == "month":
        return month_norm(day.year, day.month)
    if granularity == "quarter":
        return quarter_norm(day.year, (day.month - 1) // 3 + 1)
    return year_norm(day.year)


def _day_from(base: date, step: int, mod: str | None) -> Norm:
    return day_norm(plus_days(base, step), mod)


def _month_from(base: date, step: int, mod: str | None) -> Norm:
    d = add_months(base.replace(day=1), step)
    return month_norm(d.year, d.month, mod)


def _year_from(base: date, step: int, mod: str | None) -> Norm:
    return year_norm(base.year + step, mod)


# The units a date can be counted in from another date ("the next day", "that year").
UNIT_DATES: dict[str, Callable[[date, int, str | None], Norm]] = {
    "day": _day_from,
    "month": _month_from,
    "year": _year_from,
}


def unit_date(base: date, unit: str, step: int, mod: str | None) -> Norm:
    """The day, month or year ``step`` units from ``base``, at that unit's granularity."""
    return UNIT_DATES[unit](base, step, mod)
