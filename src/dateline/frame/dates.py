"""Finding dates in the frame's lines and reading them: the one date parser is ``dateparser``.

Our code only *finds* the stretches of a line that look like a calendar date (a month name or a
numeric day/month/year, with an optional weekday) and decides what news convention says about
them: which order a numeric date is in, which year a yearless date belongs to. Reading the date
itself is ``dateparser``'s job, in strict mode (day, month and year all required, no relative
phrases), so "3 hours ago", "yesterday" or "2099-13-45" never become a date.

Measured on the team fixtures and the MEANTIME date lines (``dateline eval published``): the
strict settings read every full date those hold and refuse every relative stamp.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from dateline.lexicons import rows, table

# dateparser, strict: absolute dates only, every part present, no guessing from "today".
STRICT = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
YEAR_RANGE = (1900, 2100)  # a metadata "date" outside this is a typo, not a publication year


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations (``lexicons/time_words.csv``) → month number."""
    return {
        r["word"]: int(r["value"])
        for r in rows("time_words.csv")
        if r["kind"] in ("month", "month_abbr")
    }


@cache
def weekdays() -> dict[str, int]:
    """Weekday names and their common abbreviations → ``date.weekday()`` (Monday 0)."""
    found: dict[str, int] = {}
    for r in rows("time_words.csv"):
        if r["kind"] == "weekday":
            name, number = r["word"], int(r["value"]) - 1
            found[name] = number
            for size in (3, 4, 5):  # mon, tues, thurs: prefixes news uses as abbreviations
                found.setdefault(name[:size], number)
    return found


def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, with shared prefixes factored out
    ("sep(?:t(?:ember)?)?") behind a one-character lookahead: a flat case-insensitive
    alternation is tried name by name at every character of the text, which made these scans
    the slowest step of the frame. Matches are the same as ``|``-joining the words longest first
    (a test checks it)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    firsts = "".join(sorted({w[0].lower() for w in words} | {w[0].upper() for w in words}))
    return "(?=[" + re.escape(firsts) + "])" + render(trie)


TWO_DIGITS = re.compile(r"\d\d")
DIGIT = re.compile(r"\d")  # every yearless date has a day number
CENTURIES = ("19", "20")  # every year years_in reads starts with one
WEEKDAY_END = "day"  # every full weekday name ends with it


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """The date shapes, compiled once: full (day month year in either order), numeric,
    ISO, and yearless (month and day only)."""
    month = r"(?P<month>" + _alternation(list(months())) + r")\.?"
    weekday = r"(?:(?P<weekday>" + _alternation(list(weekdays())) + r")\.?,?\s+)?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    flags = re.I
    return {
        "month_first": re.compile(
            r"\b" + weekday + month + r"\s+" + day + r",?\s+" + year + r"\b", flags
        ),
        "day_first": re.compile(
            r"\b" + weekday + day + r"\s+(?:of\s+)?" + month + r",?\s+" + year + r"\b", flags
        ),
        "iso": re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
        "numeric": re.compile(
            r"\b" + weekday + r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)?\d\d)\b",
            flags,
        ),
        "yearless": re.compile(
            r"\b" + weekday + r"(?:" + month + r"\s+" + day + r"|"
            r"(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>"
            + _alternation(list(months()))
            + r")\.?)\b(?!,?\s*\d{4})(?!\s*[:.]\d)",
            flags,
        ),
        "year": re.compile(r"(?<![\d.,$£€])\b(?P<year>(?:19|20)\d\d)\b(?![\d%])"),
    }


@dataclass(frozen=True)
class FoundDate:
    """A calendar date found in a line, with where it was and how sure the reading is."""

    value: date
    start: int
    end: int
    ambiguous: bool = False  # a numeric date whose day/month order was chosen, not stated


@lru_cache(maxsize=4096)
def parse_date(text: str, order: str | None = None) -> date | None:
    """A full calendar date written out in ``text`` ("Mon 5 Jan 2026", "April 23, 2026",
    "2026-05-20T09:42:00+01:00"), or None; relative phrases and impossible dates give None.

    Memoized: dateparser takes about 3 ms a string, and a stream of the day's news writes the
    same few dates over and over (the answer depends on the string and the order alone)."""
    import dateparser

    settings: dict[str, Any] = dict(STRICT)
    if order:
        settings["DATE_ORDER"] = order
    try:
        parsed = dateparser.parse(text.strip(), settings=settings, languages=["en"])
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not YEAR_RANGE[0] <= parsed.year <= YEAR_RANGE[1]:
        return None
    return parsed.date()


def parse_metadata_date(value: Any) -> date | None:
    """A publication date from a metadata field: a date, an ISO date or datetime, or a date
    string in any common order ("Tue, 05 Jan 2026 10:00:00 GMT"). None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = re.match(r"^(\d{4})-(\d\d)-(\d\d)(?:$|[T ])", text)
    if iso:
        try:
            found = date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
        return found if YEAR_RANGE[0] <= found.year <= YEAR_RANGE[1] else None
    return parse_date(text)


def _weekday_fits(found: date, weekday: str | None) -> bool | None:
    """True/False when the line names a weekday, None when it names none."""
    if not weekday:
        return None
    return weekdays().get(weekday.lower().rstrip(".")) == found.weekday()


def full_dates(line: str, order: str | None = None) -> list[FoundDate]:
    """Every full date (day, month and year) written in ``line``, in order of position.

    A weekday written with the date must agree with it, else the date is not taken (a typo
    in either makes the stamp untrustworthy). A numeric date ("07/05/2026") is read in the
    order its values allow, else the one the line's weekday fits, else ``order`` (the outlet's
    locale: ``DMY`` or ``MDY``); with none of these it is left out.
    """
    if not TWO_DIGITS.search(line):  # every full-date shape has a year or two numbers of 2+
        return []  # digits: most story lines have none, and the six patterns cost 15 µs a line
    return list(_full_dates(line, order))


@lru_cache(maxsize=1024)
def _full_dates(line: str, order: str | None) -> tuple[FoundDate, ...]:
    """:func:`full_dates`, memoized: the wrapping, the stamp and dateline evidence and the
    year context each read the same lines' dates (the answer depends on these two alone)."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for name in ("month_first", "day_first", "iso"):
        for match in patterns()[name].finditer(line):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            weekday = match.groupdict().get("weekday")
            value = _read_match(name, match, line)
            if value is None:
                continue
            if _weekday_fits(value, weekday) is False:
                continue
            found.append(FoundDate(value, match.start(), match.end()))
            taken.append(match.span())
    for match in patterns()["numeric"].finditer(line):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        reading = _numeric(match, order)
        if reading is not None:
            found.append(FoundDate(reading[0], match.start(), match.end(), reading[1]))
    return tuple(sorted(found, key=lambda f: f.start))


def _read_match(name: str, match: re.Match[str], line: str) -> date | None:
    """The date a full-date match writes: read from its groups when the month is a name (the
    regex has already checked the shape; a test checks these readings against dateparser's on
    every month word and every shape variant), else by :func:`parse_date`. dateparser takes
    about 3 ms a new string, and every bench article writes a date it has not seen."""
    if name != "iso":
        return _named(match)
    weekday = match.groupdict().get("weekday")
    begin = match.end("weekday") if weekday else match.start()
    return parse_date(re.sub(r"^[.,\s]+", "", line[begin : match.end()]))


def _named(match: re.Match[str]) -> date | None:
    """Day, month name and year from a ``month_first``/``day_first`` match, or None when the
    day does not exist in that month or the year is outside :data:`YEAR_RANGE`."""
    try:
        value = date(int(match["year"]), months()[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None
    return value if YEAR_RANGE[0] <= value.year <= YEAR_RANGE[1] else None


def _numeric(match: re.Match[str], order: str | None) -> tuple[date, bool] | None:
    """The reading of a numeric date: (date, whether the order had to be chosen)."""
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    readings: dict[str, date] = {}
    for name, (day, month) in (("DMY", (a, b)), ("MDY", (b, a))):
        try:
            readings[name] = date(year, month, day)
        except ValueError:
            continue
    if not readings:
        return None
    if len(set(readings.values())) == 1:
        return next(iter(readings.values())), False
    weekday = match["weekday"]
    if weekday:
        fitting = [d for d in readings.values() if _weekday_fits(d, weekday)]
        if len(fitting) == 1:
            return fitting[0], False
        return None
    if order in readings:
        return readings[order], True
    return None


@dataclass(frozen=True)
class MonthDay:
    """A yearless date ("Sept 22", "22 September") and the weekday written with it, if any."""

    month: int
    day: int
    weekday: int | None
    start: int
    end: int

    def in_year(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def month_days(line: str) -> list[MonthDay]:
    """Every month-and-day without a year in ``line``."""
    if not DIGIT.search(line):
        return []  # no day number: the pattern's scan of the line (each story line) is skipped
    found = []
    for match in patterns()["yearless"].finditer(line):
        month_word = (match["month"] or match["month2"]).lower()
        day = int(match["day"] or match["day2"])
        if not 1 <= day <= 31:
            continue
        weekday = match["weekday"]
        found.append(
            MonthDay(
                months()[month_word],
                day,
                weekdays().get(weekday.lower().rstrip(".")) if weekday else None,
                match.start(),
                match.end(),
            )
        )
    return found


def years_in(text: str) -> list[int]:
    """The four-digit years a text mentions (not amounts: "$2020", "2,020", "1990s" excluded)."""
    if not any(century in text for century in CENTURIES):
        return []
    return [int(m["year"]) for m in patterns()["year"].finditer(text)]


def weekday_names(text: str) -> list[tuple[int, int]]:
    """(position, weekday number) of every full weekday name in ``text``."""
    if WEEKDAY_END not in text.lower():
        return []  # the pattern ignores case, and no character but "D", "A", "Y" folds to these
    return [(m.start(), weekdays()[m.group(0).lower()]) for m in _weekday_pattern().finditer(text)]


@cache
def _weekday_pattern() -> re.Pattern[str]:
    """Full weekday names ("Wednesday", not "Wed"), compiled once."""
    names = [name for name in weekdays() if len(name) > 5 and name.endswith("day")]
    return re.compile(r"\b(?:" + _alternation(names) + r")\b", re.I)


def previous_or_same(day: date, weekday: int) -> date:
    """The latest date on or before ``day`` that falls on ``weekday``."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


@dataclass(frozen=True)
class DateOrder:
    """lexicons/date_order.csv: the order in which a country writes numeric dates."""

    country: str
    order: str


@cache
def date_orders() -> dict[str, str]:
    return {row.country.lower(): row.order for row in table("date_order.csv", DateOrder)}


GENERIC_SUFFIXES = {"com", "org", "net", "info", "news", "biz", "int", "media", "online"}


def locale_order(url: str | None) -> str | None:
    """``DMY``/``MDY``/``YMD`` from the country of an outlet's web address, None when the
    address names no country (".com"): then a numeric date whose order matters is left out."""
    if not url:
        return None
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    suffix = host.rsplit(".", 1)[-1] if "." in host else ""
    if not suffix or suffix in GENERIC_SUFFIXES or len(suffix) != 2:
        return None
    order = date_orders().get(suffix, "DMY")
    return None if order == "unknown" else order
