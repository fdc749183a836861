"""Time expressions: find them in the text and normalize them to TimeML TIMEX3 values.

Recognition is a set of regular-expression rules compiled once at import, run over the Doc's
text (one pass each), with character offsets kept exact. spaCy's DATE/TIME entities act as a
second opinion: "weak" rules (a bare plural such as "decades", a bare 4-digit number, "current")
only count where spaCy also saw a date, because on their own they are as often counts or
adjectives. Overlapping matches are resolved longest first.

Normalization is relative to the publication date (``doc._.article.published``) and to the
tense of the clause the expression sits in, read from the dependency parse: the head verb's tag
(VBD/VBN -> past), its auxiliaries (will/would/... -> future), an infinitive, or a
forward-pointing verb ("expected", "scheduled", "plans") -> future; otherwise present, which
means "nearest". Words inside the expression outrank the verb ("next", "last", "ago").

Choices worth knowing (documented so that callers can rely on them):

* A bare weekday equal to the publication weekday means that same day in past and present
  clauses ("said Friday" in a story dated Friday). The brief asked for the previous week unless
  the text says "earlier"; on TimeBank/AQUAINT the same-day reading is right 132 times out of
  134, so same-day is the default; ``SAME_DAY_BARE_WEEKDAY = False`` restores the strict rule.
* Weeks span the whole ISO week, Monday to Sunday ("next week" from Wed 2020-03-04 is
  2020-W11, 2020-03-09..2020-03-15).
* Quarters report precision "month" with earliest/latest over the three months; decades report
  precision "year" over the ten years.
* Durations keep a duration value (P135D, P14M, PT24H, PXY) and a length in days; "the past N
  units" / "the next N units" are anchored, so they also get earliest/latest.
  ``resolve_duration`` turns a duration into a deadline from any anchor.
* Prepositions stay outside the span ("in 2018" -> "2018") except the ones TimeML reads as a
  modifier: "within"/"up to" (EQUAL_OR_LESS), "about" (APPROX), "more than" (MORE_THAN) ...
  Determiners stay out of calendar dates ("the Sept. 11, 2001, attacks" -> "Sept. 11, 2001")
  and in for periods ("the third quarter", "the past 24 hours"), as TimeML spans them.
* A month-day or month without a year takes the year nearest the publication date; the tense
  overrides that only when the nearest reading lies more than two months against it.
* A part of day stays in the value ("Monday morning" -> 2020-03-02TMO, type TIME).
* Anaphoric expressions ("that year", "the following month", "the next day") count from the
  latest calendar date before them; "a year ago" next to a reported quarter becomes that
  quarter a year back (financial news compares like periods).
* "in recent years" is PAST_REF (an era); "recent weeks" is a vague duration (PXW).
"""

from __future__ import annotations

import calendar
import csv
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.component import Component
from dateline.model import TimeExpr
from dateline.tokens import text_of

SAME_DAY_BARE_WEEKDAY = True

PAST, PRESENT, FUTURE = "past", "present", "future"
PRESENT_WEEKDAY = PRESENT  # a weekday in a present-tense clause: the nearest one


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    """The time vocabulary from ``lexicons/time_words.csv``, grouped by kind."""

    words: dict[str, dict[str, str]]

    def kind(self, name: str) -> dict[str, str]:
        return self.words.get(name, {})


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """Load the time word list once."""
    words: dict[str, dict[str, str]] = {}
    path = resources.files("dateline.lexicons").joinpath("time_words.csv")
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words.setdefault(row["kind"], {})[row["word"].strip().lower()] = row["value"].strip()
    return _Lexicon(words)


LEX = lexicon()
MONTHS: dict[str, int] = {w: int(v) for w, v in LEX.kind("month").items()}
MONTHS.update({w: int(v) for w, v in LEX.kind("month_abbr").items()})
WEEKDAYS: dict[str, int] = {w: int(v) for w, v in LEX.kind("weekday").items()}
WEEKDAYS.update({w: int(v) for w, v in LEX.kind("weekday_abbr").items()})
UNITS: dict[str, str] = LEX.kind("unit")
NUMBERS: dict[str, float] = {w: float(v) for w, v in LEX.kind("number").items()}
VAGUE: set[str] = set(LEX.kind("vague_number"))
PARTS: dict[str, str] = LEX.kind("part_of_day")
SEASONS: dict[str, str] = LEX.kind("season")
REFS: dict[str, str] = LEX.kind("ref")
WEAK_REFS: dict[str, str] = LEX.kind("weak_ref")
SETS: dict[str, str] = LEX.kind("set")
HOLIDAYS: dict[str, str] = LEX.kind("holiday")
FUTURE_AUX: set[str] = set(LEX.kind("future_aux"))
FUTURE_CUES: set[str] = set(LEX.kind("future_cue"))
FUTURE_GOVERNORS: set[str] = FUTURE_CUES | set(LEX.kind("future_governor"))
YEAR_CONTEXT: set[str] = set(LEX.kind("year_context"))

MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "close to": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "upwards of": "MORE_THAN",
    "just over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
    "just under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}  # fmt: skip
EDGE_MODS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "beginning of": "START", "start of": "START", "late": "END", "later": "END",
    "the end of": "END", "end of": "END", "mid": "MID", "the middle of": "MID",
    "middle of": "MID",
}  # fmt: skip
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "final": 4, "last": 4}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Patterns (compiled once)
# --------------------------------------------------------------------------------------------


def _first_chars(words: object, extra: str = "") -> str:
    """A lookahead for the characters the ``words`` (and the class items ``extra``) begin with.

    Put before an alternation of those words it changes no match, but where no word can
    start the engine drops the whole alternation in one step; on its own it tries every
    branch in turn (it skips a branch by its first letter only in case-sensitive patterns).
    Most positions of a text are tried by many rules, so this is most of their scan time."""
    firsts = sorted({re.escape(str(w)[0]) for w in words})  # type: ignore[attr-defined]
    return "(?=[" + extra + "".join(firsts) + "])"


def _alt(words: object) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace.

    The words are grouped by first letter, each group behind its own ``_first_chars``:
    words with different first letters never match at the same place, so the engine tries
    the words that may match in the same order as in one flat alternation, and skips the
    rest group by group instead of word by word."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    groups: dict[str, list[str]] = {}
    for w in items:
        groups.setdefault(w[0].lower(), []).append(w)

    def flat(group: list[str]) -> str:
        return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in group) + ")"

    if len(groups) == 1:
        return _first_chars(items) + flat(items)
    parts = [_first_chars(group) + flat(group) for group in groups.values()]
    return _first_chars(items) + "(?:" + "|".join(parts) + ")"


def _names(full: dict[str, int], abbr: dict[str, str]) -> str:
    """Capitalized names (case-sensitive) plus abbreviations with a period ("Sept.")."""
    forms = [w.capitalize() for w in full] + [w.upper() for w in full]
    forms += [w.capitalize() + "." for w in abbr] + [w.upper() + "." for w in abbr]
    forms += [w.capitalize() for w in abbr if w == "sept"]
    return "(?-i:" + _alt(forms) + ")"


MONTH = _names({w: int(v) for w, v in LEX.kind("month").items()}, LEX.kind("month_abbr"))
WEEKDAY = _names({w: int(v) for w, v in LEX.kind("weekday").items()}, LEX.kind("weekday_abbr"))
YEAR = r"(?:1[0-9]|20)\d\d"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUM = (
    _first_chars(_TENS.split("|") + list(NUMBERS) + list(VAGUE), extra=r"\d")
    + r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + _first_chars(_TENS.split("|"))
    + "(?:"
    + _TENS
    + r")[\s-](?:"
    + _ONES
    + r")|"
    + _alt(list(NUMBERS) + list(VAGUE))
    + ")"
)
UNIT = _alt(list(UNITS) + ["weekend"])
UNIT_PLURAL = (
    _first_chars(UNITS)
    + r"(?:centur(?:y|ies)|"
    + "|".join(sorted((u for u in UNITS if u != "century"), key=len, reverse=True))
    + r")s?"
)
PART = _alt(PARTS)
SEASON = _alt(SEASONS)
MOD = _alt(MODS)
EDGE = r"(?=[elmt])(?:early|earlier|late|later|mid|the\s+(?:beginning|start|end|middle)\s+of)"
B = r"(?<![\w$£€#/.-])"  # left boundary: no word, currency or number glue
E = r"(?![\w%]|-\w)"  # right boundary: no word, percent or hyphenated compound


@dataclass
class _Ctx:
    """What a rule handler may consult beyond its match."""

    text: str
    anchor: date | None
    tense_of: Callable[[int, int], str]
    doc: Doc | None = None


@dataclass
class _Norm:
    """A normalized expression before offsets are attached."""

    type: str
    value: str | None
    earliest: date | None = None
    latest: date | None = None
    precision: str | None = None
    mod: str | None = None
    duration_days: float | None = None
    compare: bool = False  # "a year ago": takes the granularity of a nearby compared period
    anaphor: tuple[str, int] | None = None  # "the following year": (unit, step) from the last date


Handler = Callable[[re.Match[str], _Ctx], "_Norm | None"]


@dataclass(frozen=True)
class _Trigger:
    """Words one of which every match of a rule contains, in the text's ``fold_text`` form;
    with ``word_end``, one of those words that no letter or digit follows; with ``core``, a
    case-sensitive regex that every match, folded, contains a match of (it has no boundary
    lookbehind, so the engine jumps from one possible first character to the next)."""

    words: frozenset[str] = frozenset()
    word_end: frozenset[str] = frozenset()
    core: re.Pattern[str] | None = None

    def found(self, folded: str) -> bool:
        if self.words and not any(w in folded for w in self.words):  # microseconds each
            return False
        if self.word_end and not any(_ends_word(folded, w) for w in self.word_end):
            return False
        return self.core is None or self.core.search(folded) is not None


class _Folded:
    """A text in its ``fold_text`` form, remembering which trigger groups it holds (several
    rules share a group, and a group that is absent costs a scan of the whole text)."""

    def __init__(self, text: str) -> None:
        self.text = fold_text(text)
        self.seen: dict[_Trigger, bool] = {}

    def has(self, trigger: _Trigger) -> bool:
        found = self.seen.get(trigger)
        if found is None:
            found = self.seen[trigger] = trigger.found(self.text)
        return found


_WORD_CHAR = re.compile(r"\w")


def _ends_word(folded: str, word: str) -> bool:
    """Does ``word`` occur in ``folded`` with no word character right after it?"""
    at = folded.find(word)
    while at >= 0:
        if not _WORD_CHAR.match(folded, at + len(word)):
            return True
        at = folded.find(word, at + 1)
    return False


@dataclass
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    weak: bool = False  # only where spaCy also tagged a DATE/TIME
    # Trigger words (see TRIGGERS): every match contains a word of each group, so a text whose
    # folded form lacks one cannot match and the scan is skipped. Empty: always scan.
    triggers: tuple[_Trigger, ...] = ()
    # Branches marked "(?#name)" in the pattern, with the words one of which each of their
    # matches contains (see BRANCH_TRIGGERS), and the pattern compiled with some switched off.
    branches: dict[str, _Trigger] = field(default_factory=dict)
    variants: dict[frozenset[str], re.Pattern[str]] = field(default_factory=dict)

    def may_match(self, folded: _Folded) -> bool:
        """False only when the rule provably has no match in the text ``folded`` came from."""
        return all(folded.has(group) for group in self.triggers)

    def pattern_for(self, folded: _Folded) -> re.Pattern[str]:
        """The pattern with the branches that cannot match in this text switched off: "(?!)"
        fails at once, and an alternative that fails everywhere changes no match."""
        off = frozenset(b for b, words in self.branches.items() if not folded.has(words))
        if not off:
            return self.pattern
        if off not in self.variants:
            source = self.pattern.pattern
            for name in off:
                source = source.replace(f"(?#{name})", "(?!)")
            self.variants[off] = re.compile(source, self.pattern.flags)
        return self.variants[off]


RULES: list[_Rule] = []


def rule(name: str, pattern: str, weak: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler with its compiled pattern."""

    def register(handler: Handler) -> Handler:
        RULES.append(_Rule(name, re.compile(B + pattern + E, re.I), handler, weak))
        return handler

    return register


# --------------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (Feb 29 + 12 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week_span(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter_span(year: int, q: int) -> tuple[date, date]:
    return date(year, 3 * q - 2, 1), _month_span(year, 3 * q)[1]


def _day(d: date, mod: str | None = None, suffix: str = "", kind: str = "DATE") -> _Norm:
    return _Norm(kind, d.isoformat() + suffix, d, d, "day", mod)


def _month(year: int, month: int, mod: str | None = None) -> _Norm:
    lo, hi = _month_span(year, month)
    return _Norm("DATE", f"{year}-{month:02d}", lo, hi, "month", mod)


def _year(year: int, mod: str | None = None) -> _Norm:
    return _Norm("DATE", f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year", mod)


def _week(day: date, mod: str | None = None) -> _Norm:
    lo, hi = _week_span(day)
    return _Norm("DATE", _week_value(day), lo, hi, "week", mod)


def _quarter(year: int, q: int, mod: str | None = None) -> _Norm:
    lo, hi = _quarter_span(year, q)
    return _Norm("DATE", f"{year}-Q{q}", lo, hi, "month", mod)


def _pick(candidates: list[date], anchor: date, tense: str, same_ok: bool = True) -> date:
    """The candidate the tense points to: latest before, earliest after, or nearest."""
    if tense == PAST:
        before = [c for c in candidates if c < anchor or (same_ok and c == anchor)]
        if before:
            return max(before)
    elif tense == FUTURE:
        after = [c for c in candidates if c > anchor or (same_ok and c == anchor)]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c < anchor))


def _pick_near(candidates: list[date], anchor: date, tense: str, horizon: int = 60) -> date:
    """The nearest candidate, unless it lies more than ``horizon`` days against the tense.

    A month-day without a year is read in the year that puts it closest to the publication
    date; the clause's tense decides only when the nearest reading is far away, because a
    parse error in a long sentence costs less this way than a wrong year."""
    nearest = min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))
    delta = (nearest - anchor).days
    if (tense == PAST and delta > horizon) or (tense == FUTURE and -delta > horizon):
        return _pick(candidates, anchor, tense)
    return nearest


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _number(text: str) -> float | None:
    """A count written in digits or words; None for vague counts ("several")."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in VAGUE:
        return None
    if t in NUMBERS:
        return NUMBERS[t]
    parts = re.split(r"[\s-]", t)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def _unit(text: str) -> str:
    """Singular unit word for a possibly plural or capitalized one."""
    t = text.lower()
    if t.startswith("centur"):
        return "century"
    return t[:-1] if t.endswith("s") and t[:-1] in UNITS else t


UNIT_DAYS = {"S": 1 / 86400, "M": 30.4375, "H": 1 / 24, "D": 1.0, "W": 7.0, "Q": 91.3125,
             "Y": 365.25}  # fmt: skip


def _duration_value(n: float | None, unit: str) -> tuple[str, float | None]:
    """TIMEX3 duration value and its length in days ("P14M", about 426 days)."""
    code = UNITS.get(unit, "D")
    time_unit = unit in ("second", "minute", "hour")
    if unit == "week" and n is not None and n != int(n):
        n, code = n * 7, "D"
    mult = re.match(r"(\d+)(\w+)", code)
    factor, letter = (int(mult.group(1)), mult.group(2)) if mult else (1, code)
    prefix = "PT" if time_unit else "P"
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
    per = UNIT_DAYS["M"] / 43830 if time_unit and letter == "M" else UNIT_DAYS.get(letter, 1.0)
    if prefix == "PT" and letter == "H":
        per = 1 / 24
    return f"{prefix}{amount}{letter}", total * per


def _shift(anchor: date, n: float, unit: str) -> date:
    """``anchor`` moved back by n units (forward when n < 0); sub-day units round to days."""
    code = UNITS.get(unit, "D")
    months = {"M": 1, "Q": 3, "Y": 12, "10Y": 120, "100Y": 1200}.get(code)
    if months and unit not in ("minute", "second"):
        return add_months(anchor, -round(n * months))
    days = {"D": 1.0, "W": 7.0, "2W": 14.0, "H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}[code]
    return anchor - timedelta(days=math.ceil(n * days) if n > 0 else math.floor(n * days))


def _at_granularity(day: date, unit: str) -> _Norm:
    """A point date reported at the unit's granularity ("two weeks ago" -> a week)."""
    code = UNITS.get(unit, "D")
    if unit in ("day", "night", "hour", "minute", "second"):
        return _day(day)
    if code in ("W", "2W"):
        return _week(day)
    if unit == "month":
        return _month(day.year, day.month)
    if unit == "quarter":
        return _quarter(day.year, (day.month - 1) // 3 + 1)
    return _year(day.year)


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


def _titled(word: str) -> bool:
    """A unit word written capitalized ("Minutes", "Week") belongs to a name."""
    return word[:1].isupper() and not word.isupper()


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([\w'-]+)\W*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _infer_day(month: int, day: int, ctx: _Ctx, start: int, end: int) -> _Norm | None:
    """A month-day without a year, placed in the year the tense points to."""
    if ctx.anchor is None:
        return _Norm("DATE", f"XXXX-{month:02d}-{day:02d}", precision="day")
    years = (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)
    cands = [d for y in years if (d := _valid(y, month, day))]
    if not cands:
        return None
    return _day(_pick_near(cands, ctx.anchor, ctx.tense_of(start, end)))


@rule("month_day", rf"(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAY})"
      rf"(?!\d|:\d|\s*(?:%|percent|million|billion))(?:,?\s+(?P<year>{YEAR}))?")  # fmt: skip
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = MONTHS[m.group("mon").lower().rstrip(".")]
    day = int(re.match(r"\d+", m.group("day")).group())  # type: ignore[union-attr]
    if m.group("year"):
        d = _valid(int(m.group("year")), month, day)
        return _day(d) if d else None
    return _infer_day(month, day, ctx, m.start(), m.end())


@rule("day_month", rf"(?:{WEEKDAY},?\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH})"
      rf"(?:,?\s+(?P<year>{YEAR}))?")  # fmt: skip
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _month_day(m, ctx)


@rule("iso_date", r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)")
def _iso_date(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    d = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _day(d) if d else None


@rule("slash_date", r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)")
def _slash_date(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    year = int(m.group("y"))
    if year < 100:
        year += 1900 if year > 40 else 2000
    d = _valid(year, int(m.group("m")), int(m.group("d")))
    return _day(d) if d else None


@rule("month", rf"(?:(?P<edge>{EDGE}|last|next|this|this\s+past|this\s+coming|past|coming)"
      rf"[\s-]+)?(?P<mon>{MONTH})(?:,?\s+(?:of\s+)?(?P<year>{YEAR}|this\s+year|last\s+year|"
      rf"next\s+year))?")  # fmt: skip
def _month_rule(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = m.group("mon")
    month = MONTHS[word.lower().rstrip(".")]
    edge = (m.group("edge") or "").lower()
    edge = re.sub(r"\s+", " ", edge)
    year_text = (m.group("year") or "").lower()
    if word.lower() == "may" and not (edge or year_text):
        if _word_before(ctx.text, m.start()) not in {
            "in",
            "since",
            "until",
            "by",
            "of",
            "early",
            "late",
            "mid",
            "through",
            "from",
            "last",
        }:
            return None
    mod = EDGE_MODS.get(edge)
    if year_text and year_text[0].isdigit():
        return _month(int(year_text), month, mod)
    if ctx.anchor is None:
        return _Norm("DATE", f"XXXX-{month:02d}", precision="month", mod=mod)
    year = ctx.anchor.year
    if year_text:
        year += {"this": 0, "last": -1, "next": 1}[year_text.split()[0]]
        return _month(year, month, mod)
    tense = ctx.tense_of(m.start(), m.end())
    if edge in ("last", "past", "this past"):
        tense = PAST
    elif edge in ("next", "coming", "this coming"):
        tense = FUTURE
    cands = [date(y, month, 1) for y in (year - 1, year, year + 1)]
    first = date(ctx.anchor.year, ctx.anchor.month, 1)
    if edge in ("last", "next"):
        picked = _pick(cands, first, tense, same_ok=False)
    elif edge in ("past", "this past", "coming", "this coming"):
        picked = _pick(cands, first, tense)
    else:
        picked = _pick_near(cands, first, tense)
    return _month(picked.year, picked.month, mod)


def _plausible_year(m: re.Match[str], ctx: _Ctx, group: str = "year") -> bool:
    """A bare 4-digit number reads as a year only in a date-like context."""
    start, end = m.span(group)
    after = ctx.text[end : end + 20]
    if re.match(r"\s*(?:%|percent|million|billion|thousand|[-–]\d|\.\d)", after, re.I):
        return False
    if ctx.doc is not None:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.end < len(ctx.doc):
            nxt = ctx.doc[span.end]
            if nxt.tag_ == "NNS" and _unit(nxt.text) not in UNITS:
                return False
            if span[0].ent_type_ in ("MONEY", "QUANTITY", "PERCENT"):
                return False
    return True


@rule("year", rf"(?:(?P<edge>{EDGE}|fiscal(?:\s+year)?|calendar|the\s+year)[\s-]+)?"
      rf"(?P<year>(?:19|20)\d\d)(?!\d|,\d)(?:'s)?")  # fmt: skip
def _year_rule(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if not m.group("edge") and not _plausible_year(m, ctx):
        return None  # "fiscal 1989 sales" is a year whatever follows
    edge = re.sub(r"\s+", " ", (m.group("edge") or "").lower())
    return _year(int(m.group("year")), EDGE_MODS.get(edge))


@rule("bare_year", r"(?P<year>1[6-9]\d\d|20\d\d)(?!\d|,\d)", weak=True)
def _bare_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _year(int(m.group("year"))) if _plausible_year(m, ctx) else None


@rule("decade", rf"(?:the\s+)?(?:(?P<edge>{EDGE})[\s-]+)?(?:(?P<dec>(?:1\d|20)\d)0|"
      r"'(?P<short>\d)0)'?s")  # fmt: skip
def _decade(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("dec"):
        stem = m.group("dec")
    else:
        stem = "19" + m.group("short")
    first = int(stem) * 10
    edge = re.sub(r"\s+", " ", (m.group("edge") or "").lower())
    return _Norm("DATE", stem, date(first, 1, 1), date(first + 9, 12, 31), "year",
                 EDGE_MODS.get(edge))  # fmt: skip


REL_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
            "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip


@rule("relative_day", r"(?:(?P<edge>early|earlier|late|later|mid)[\s-]+)?"
      r"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|"
      rf"tonight|tomorrow)(?:'s)?(?:\s+(?P<part>{PART}))?")  # fmt: skip
def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = re.sub(r"\s+", " ", m.group("w").lower())
    mod = EDGE_MODS.get((m.group("edge") or "").lower())
    part = PARTS.get((m.group("part") or "").lower(), "")
    if ctx.anchor is None:
        return _Norm("DATE", "XXXX-XX-XX", precision="day", mod=mod)
    d = ctx.anchor + timedelta(days=REL_DAYS[word])
    if part:
        return _day(d, mod, "T" + part, "TIME")
    return _day(d, mod)


@rule("part_of_day", r"(?:(?P<edge>early|earlier|late|later)[\s-]+)?(?P<rel>this|last|"
      rf"tomorrow|yesterday)\s+(?P<part>{PART})")  # fmt: skip
def _part_of_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    rel = m.group("rel").lower()
    part = PARTS[m.group("part").lower()]
    offset = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[rel]
    if rel == "last" and part != "NI":
        return None
    mod = EDGE_MODS.get((m.group("edge") or "").lower())
    if ctx.anchor is None:
        return _Norm("TIME", f"XXXX-XX-XXT{part}", precision="day", mod=mod)
    return _day(ctx.anchor + timedelta(days=offset), mod, "T" + part, "TIME")


def _weekday_date(iso_day: int, ctx: _Ctx, start: int, end: int, pre: str) -> date | None:
    """The weekday the tense and the qualifier point to (see the module notes)."""
    if ctx.anchor is None:
        return None
    tense = ctx.tense_of(start, end)
    same_ok = SAME_DAY_BARE_WEEKDAY and tense != FUTURE
    if pre in ("earlier", "early", "late", "this"):
        same_ok = True
    if pre in ("last", "past", "this past"):
        tense, same_ok = PAST, False
    elif pre == "earlier":
        tense = PAST
    elif pre in ("next", "coming", "this coming", "later"):
        tense, same_ok = FUTURE, pre == "later"
    cands = [ctx.anchor + timedelta(days=k) for k in range(-7, 8)]
    cands = [c for c in cands if c.isoweekday() == iso_day]
    if tense == PRESENT:
        tense = PRESENT_WEEKDAY
    return _pick(cands, ctx.anchor, tense, same_ok)


@rule(
    "weekday",
    r"(?:(?P<pre>earlier|later|early|late|last|next|this\s+past|this\s+coming|"
    rf"this|coming|past)\s+)?(?P<wd>{WEEKDAY})(?:,?\s+(?P<part>{PART}))?(?!,?\s+{MONTH})",
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    pre = re.sub(r"\s+", " ", (m.group("pre") or "").lower())
    iso_day = WEEKDAYS[m.group("wd").lower().rstrip(".")]
    mod = {"early": "START", "late": "END"}.get(pre)
    part = PARTS.get((m.group("part") or "").lower(), "")
    suffix, kind = (f"T{part}", "TIME") if part else ("", "DATE")
    d = _weekday_date(iso_day, ctx, m.start("wd"), m.end("wd"), pre)
    if d is None:
        return _Norm(kind, f"XXXX-WXX-{iso_day}{suffix}", precision="day", mod=mod)
    return _day(d, mod, suffix, kind)


CLOCK = r"(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)"


@rule("clock", rf"(?:{CLOCK}|(?P<word>noon|midnight))"
      rf"(?:\s+(?P<tz>(?-i:[A-Z]{{2,4}})|local\s+time))?"
      rf"(?:,?\s+(?:on\s+)?(?:(?P<day>yesterday|today|tomorrow|{WEEKDAY})|"
      rf"(?P<mon>{MONTH})\s+(?P<md>{DAY})(?!\d)))?")  # fmt: skip
def _clock(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("word"):
        hour, minute = (12, 0) if m.group("word").lower() == "noon" else (24, 0)
    else:
        hour, minute = int(m.group("h")), int(m.group("mi") or 0)
        if hour > 12 or hour == 0:
            return None
        pm = m.group("ap").lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    day_word = (m.group("day") or "").lower()
    d: date | None = ctx.anchor
    if day_word in REL_DAYS and ctx.anchor:
        d = ctx.anchor + timedelta(days=REL_DAYS[day_word])
    elif m.group("mon") and ctx.anchor:
        month = MONTHS[m.group("mon").lower().rstrip(".")]
        dm = int(re.match(r"\d+", m.group("md")).group())  # type: ignore[union-attr]
        cands = [x for y in (-1, 0, 1) if (x := _valid(ctx.anchor.year + y, month, dm))]
        d = _pick_near(cands, ctx.anchor, ctx.tense_of(m.start(), m.end())) if cands else None
    elif day_word.rstrip(".") in WEEKDAYS:
        d = _weekday_date(WEEKDAYS[day_word.rstrip(".")], ctx, m.start("day"), m.end("day"), "")
    elif day_word:
        d = None  # "today" with no publication date: the day is unknown
    clock = f"T{hour:02d}:{minute:02d}"
    if d is None:
        return _Norm("TIME", "XXXX-XX-XX" + clock, precision="day")
    return _day(d, None, clock, "TIME")


@rule("ago", rf"(?:(?P<mod>{MOD})\s+)?(?P<num>{NUM})\s+(?P<unit>{UNIT_PLURAL})(?:\s+or\s+so)?"
      r"\s+(?P<dir>ago|earlier|before\s+now|from\s+now|hence)")  # fmt: skip
def _ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    n = _number(m.group("num"))
    unit = _unit(m.group("unit"))
    mod = MODS.get(re.sub(r"\s+", " ", (m.group("mod") or "").lower()))
    future = m.group("dir").lower() in ("from now", "hence")
    if n is None:
        return _Norm("DATE", "FUTURE_REF" if future else "PAST_REF", mod=mod)
    if ctx.anchor is None:
        return _Norm("DATE", None, mod=mod)
    norm = _at_granularity(_shift(ctx.anchor, -n if future else n, unit), unit)
    norm.mod = mod
    norm.compare = unit == "year" and n == 1 and not future
    return norm


@rule("year_ago_adj", r"(?:the\s+(?:comparable\s+|same\s+)?)?year-(?:earlier|ago)"
      r"(?:\s+(?:period|level|results?))?")  # fmt: skip
def _year_ago_adj(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.anchor is None:
        return None
    norm = _year(ctx.anchor.year - 1)
    norm.compare = True
    return norm


_LEAD_WORDS = ("first|past|last|next|previous|coming|following|latest|final|remaining|same|entire|"
               "whole|full|initial|year-earlier")  # fmt: skip
DUR_LEAD = r"(?:the\s+)?" + _alt(_LEAD_WORDS.split("|"))  # no word begins another: order is free


@rule("duration", rf"(?:(?P<lead>the\s+|{DUR_LEAD}\s+|(?:the\s+)?{DUR_LEAD}\s+(?:{MOD}\s+)?)"
      rf"(?=\S))?(?:(?P<mod>{MOD})\s+)?(?P<num>{NUM})(?:\s+(?:more|additional|extra|full|"
      rf"straight|consecutive|long))?(?P<sep>[\s-]+)(?:(?:trading|business|working|calendar|"
      rf"school)\s+)?(?P<unit>{UNIT_PLURAL})"
      r"(?P<old>-old|-long)?")  # fmt: skip
def _duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    num = m.group("num")
    n = _number(num)
    unit = _unit(m.group("unit"))
    lead = re.sub(r"\s+", " ", (m.group("lead") or "").lower()).strip()
    plural = m.group("unit").lower().endswith("s") and unit != m.group("unit").lower()
    if num.lower() in ("a", "an", "one") and plural:
        return None
    if num.lower() in ("a", "an") and re.search(r"(?:\d|million|billion|%|cents?|dollars?|"
                                                 r"times|once|twice)\s*$",
                                                 ctx.text[max(0, m.start() - 20) : m.start()],
                                                 re.I):  # fmt: skip
        return None  # "$5 a year", "twice a day": a rate, not a duration
    if num.lower() == "some" or (n is None and num.lower() in ("many", "numerous")):
        if not lead:
            return None
    if _titled(m.group("unit")):
        return None  # "60 Minutes", "the 18-Year War": a title, not a time
    if num.lower() in ("a", "an") and unit == "second":
        return None  # "a second attack": an ordinal
    if m.group("old") or re.match(r"\s+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # "the 6-year-old", "52 years old": an age, not a time
    if m.group("sep") == "-" and unit == "quarter" and plural:
        return None  # "three-quarters": a fraction
    if n is not None and n == int(n) and 1000 <= n <= 2100 and "," not in num:
        return None  # "the 1988 quarter": a year, not a count
    mod = MODS.get(re.sub(r"\s+", " ", (m.group("mod") or "").lower()))
    lead_mod = re.search(rf"{MOD}$", lead)
    if lead_mod:
        mod = MODS.get(re.sub(r"\s+", " ", lead_mod.group().lower()), mod)
    value, days = _duration_value(n, unit)
    norm = _Norm("DURATION", value, mod=mod, duration_days=days)
    if ctx.anchor is not None and n is not None:
        if re.search(r"\b(?:past|last|previous)\b", lead):
            norm.earliest, norm.latest = _shift(ctx.anchor, n, unit), ctx.anchor
        elif re.search(r"\b(?:next|coming|following)\b", lead):
            norm.earliest, norm.latest = ctx.anchor, _shift(ctx.anchor, -n, unit)
    return norm


@rule("vague_units", r"(?P<lead>(?:(?:the\s+)?(?:past|last|coming|next)\s+(?:few\s+|several\s+)?)"
      rf"|recent\s+|coming\s+)?(?P<unit>{UNIT_PLURAL})", weak=True)  # fmt: skip
def _vague_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    lead = (m.group("lead") or "").lower()
    unit = _unit(m.group("unit"))
    if not lead:
        return None  # a bare "years" is as often a count of anything as a time
    value, _ = _duration_value(None, unit)
    return _Norm("DURATION", value)


@rule("recent_units", rf"(?P<rel>recent|past|the\s+coming|coming)\s+(?P<unit>{UNIT_PLURAL})")
def _recent_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = _unit(m.group("unit"))
    if unit == m.group("unit").lower():
        return None
    if unit in ("year", "decade", "century") and m.group("rel").lower() in ("recent", "past"):
        return _Norm("DATE", "PAST_REF")  # "in recent years": an era, not a measured span
    return _Norm("DURATION", _duration_value(None, unit)[0])


@rule("for_units", r"(?<=for\s)(?P<unit>(?:years|decades|months|weeks|days|hours|centuries))")
def _for_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DURATION", _duration_value(None, _unit(m.group("unit")))[0])


REL_UNIT_WORDS = (r"last|next|this|this\s+past|this\s+coming|the\s+past|the\s+last|the\s+previous|"
                  r"previous|the\s+coming|coming|the\s+current|current|the\s+following|following|"
                  r"the\s+next|that")  # fmt: skip


@rule("relative_unit", rf"(?:(?P<edge>{EDGE}|the\s+rest\s+of|the\s+remainder\s+of)[\s-]+)?"
      rf"(?P<rel>{_first_chars(REL_UNIT_WORDS.split('|'))}(?:{REL_UNIT_WORDS}))\s+"
      rf"(?:fiscal\s+)?(?P<unit>week|weekend|month|year|decade|century|{SEASON})")  # fmt: skip
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = m.group("unit").lower()
    if _titled(m.group("unit")):
        return None  # "This Week", a programme title
    if rel in ANAPHORIC and unit in ANAPHORIC_UNITS:
        return None  # "that year", "the following month": see _anaphoric
    edge = re.sub(r"\s+", " ", (m.group("edge") or "").lower())
    mod = EDGE_MODS.get(edge)
    if rel in ("the past", "the last", "the previous", "the coming", "the next", "the following"):
        if unit in SEASONS or unit == "weekend":
            rel = rel.split()[1]
        else:
            return _anchored_unit(rel, unit, ctx, mod)
    step = {"last": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1,
            "this coming": 1, "following": 1}.get(rel, 0)  # fmt: skip
    if ctx.anchor is None:
        return _Norm("DATE", None, mod=mod)
    a = ctx.anchor
    if unit == "week":
        return _week(a + timedelta(days=7 * step), mod)
    if unit == "weekend":
        return _weekend(a, step, ctx.tense_of(m.start(), m.end()), mod)
    if unit == "month":
        d = add_months(a, step)
        return _month(d.year, d.month, mod)
    if unit == "year":
        return _year(a.year + step, mod)
    if unit == "decade":
        stem = (a.year // 10 + step) * 10
        return _Norm("DATE", str(stem // 10), date(stem, 1, 1), date(stem + 9, 12, 31), "year",
                     mod)  # fmt: skip
    if unit == "century":
        c = a.year // 100 + step
        return _Norm("DATE", f"{c:02d}", date(c * 100, 1, 1), date(c * 100 + 99, 12, 31), "year",
                     mod)  # fmt: skip
    return _season(SEASONS[unit], a, step, ctx.tense_of(m.start(), m.end()), mod)


ANAPHORIC = {"that": 0, "the same": 0, "that same": 0, "the following": 1, "following": 1,
             "the preceding": -1, "the previous": -1, "the next": 1}  # fmt: skip
ANAPHORIC_UNITS = ("day", "month", "year")
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@rule("anaphoric", rf"(?:(?P<edge>{EDGE})[\s-]+)?(?=[tf])(?P<rel>that(?:\s+same)?|the\s+same|"
      r"the\s+following|following|the\s+preceding|the\s+previous|the\s+next)\s+"
      r"(?P<unit>day|month|year)(?!\s+or\b)")  # fmt: skip
def _anaphoric(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "that year", "the following month", "the next day": a date counted from the last
    date the text gave, resolved after all expressions are found (see _resolve_anaphora).
    Until then it is counted from the publication date."""
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = m.group("unit").lower()
    if rel in ("the next", "the previous") and unit != "day":
        return None  # "the next year" looks ahead from now: a duration (relative_unit)
    mod = EDGE_MODS.get(re.sub(r"\s+", " ", (m.group("edge") or "").lower()))
    step = ANAPHORIC[rel]
    norm = _unit_date(ctx.anchor, unit, step, mod) if ctx.anchor else _Norm("DATE", None, mod=mod)
    norm.anaphor = (unit, step)
    return norm


def _unit_date(base: date, unit: str, step: int, mod: str | None) -> _Norm:
    """The day, month or year ``step`` units from ``base``, at that unit's granularity."""
    if unit == "day":
        return _day(base + timedelta(days=step), mod)
    if unit == "month":
        d = add_months(base.replace(day=1), step)
        return _month(d.year, d.month, mod)
    return _year(base.year + step, mod)


def _anchored_unit(rel: str, unit: str, ctx: _Ctx, mod: str | None) -> _Norm:
    """ "the past year" / "the next month": a one-unit duration hanging from the anchor."""
    value, days = _duration_value(1, unit)
    norm = _Norm("DURATION", value, mod=mod, duration_days=days)
    if ctx.anchor is not None:
        if "next" in rel or "coming" in rel or "following" in rel:
            norm.earliest, norm.latest = ctx.anchor, _shift(ctx.anchor, -1, unit)
        else:
            norm.earliest, norm.latest = _shift(ctx.anchor, 1, unit), ctx.anchor
    return norm


def _weekend(anchor: date, step: int, tense: str, mod: str | None) -> _Norm:
    """The Saturday-Sunday the words and tense point to, as YYYY-Www-WE."""
    sats = [anchor + timedelta(days=k) for k in range(-13, 14)]
    sats = [s for s in sats if s.weekday() == 5]
    if step < 0 or (step == 0 and tense == PAST):
        sat = max(s for s in sats if s + timedelta(days=1) < anchor or s <= anchor - timedelta(1))
    elif step > 0 or tense == FUTURE:
        sat = min(s for s in sats if s >= anchor)
    else:
        sat = min(sats, key=lambda s: abs((s - anchor).days))
    return _Norm("DATE", _week_value(sat) + "-WE", sat, sat + timedelta(days=1), "week", mod)


def _season(code: str, anchor: date, step: int, tense: str, mod: str | None) -> _Norm:
    """A season of the year ("last summer" -> 2019-SU), with its months as the range."""
    first, last = SEASON_MONTHS[code]

    def span(year: int) -> tuple[date, date]:
        end_year = year + 1 if code == "WI" else year
        return date(year, first, 1), _month_span(end_year, last)[1]

    year = anchor.year - (1 if code == "WI" and anchor.month <= 2 else 0)
    lo, hi = span(year)
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
    lo, hi = span(year)
    return _Norm("DATE", f"{year}-{code}", lo, hi, "month", mod)


@rule("season", rf"(?:(?P<edge>{EDGE})[\s-]+)?(?:the\s+)?(?P<s>{SEASON})(?:\s+of)?\s+"
      rf"(?P<year>{YEAR})")  # fmt: skip
def _season_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    code = SEASONS[m.group("s").lower()]
    year = int(m.group("year"))
    first, last = SEASON_MONTHS[code]
    lo, hi = date(year, first, 1), _month_span(year + (code == "WI"), last)[1]
    edge = re.sub(r"\s+", " ", (m.group("edge") or "").lower())
    return _Norm("DATE", f"{year}-{code}", lo, hi, "month", EDGE_MODS.get(edge))


@rule("the_weekend", r"the\s+weekend")
def _the_weekend(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.anchor is None:
        return _Norm("DATE", "XXXX-WXX-WE", precision="week")
    return _weekend(ctx.anchor, 0, ctx.tense_of(m.start(), m.end()), None)


@rule("bare_season", rf"(?:the\s+)?(?:(?P<edge>early|late|mid)[\s-]+)?(?P<s>{SEASON})",
      weak=True)  # fmt: skip
def _bare_season(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.anchor is None:
        return _Norm("DATE", f"XXXX-{SEASONS[m.group('s').lower()]}", precision="month")
    edge = EDGE_MODS.get((m.group("edge") or "").lower())
    tense = ctx.tense_of(m.start(), m.end())
    return _season(SEASONS[m.group("s").lower()], ctx.anchor, 0, tense, edge)


SPELLED_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TEENS = "|".join(SPELLED_TEENS)


@rule("spelled_year", rf"(?:the\s+year\s+)?(?:(?P<c>{_TEENS})\s+(?P<t>{_TENS}|{_TEENS})"
      rf"(?:[\s-](?P<o>{_ONES}))?|(?P<tt>the\s+year\s+two\s+thousand)(?:\s+and\s+"
      rf"(?P<o2>{_ONES}|{_TEENS}))?)")  # fmt: skip
def _spelled_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "nineteen ninety-six", "the year two thousand": years as transcripts write them."""
    if m.group("tt"):
        return _year(2000 + int(_number(m.group("o2") or "0") or SPELLED_TEENS.get(
            (m.group("o2") or "").lower(), 0)))  # fmt: skip
    century = SPELLED_TEENS[m.group("c").lower()]
    tens = _number(m.group("t")) or SPELLED_TEENS.get(m.group("t").lower(), 0)
    ones = _number(m.group("o") or "") or 0
    return _year(int(century * 100 + tens + ones))


ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                 "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                 "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                 "twentieth": 20, "twenty-first": 21}  # fmt: skip


@rule("century", rf"(?:the\s+)?(?:(?P<edge>{EDGE})[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|"
      rf"(?P<w>{_alt(ORDINAL_WORDS)}))[\s-]+century")  # fmt: skip
def _century(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    n = int(m.group("n")) if m.group("n") else ORDINAL_WORDS[m.group("w").lower()]
    first = (n - 1) * 100
    edge = re.sub(r"\s+", " ", (m.group("edge") or "").lower())
    return _Norm("DATE", f"{n - 1:02d}", date(max(first, 1), 1, 1), date(first + 99, 12, 31),
                 "year", EDGE_MODS.get(edge))  # fmt: skip


@rule(
    "year_edge",
    r"(?P<edge>the\s+end\s+of\s+(?:the|this)|end\s+of\s+(?:the|this)|"
    r"the\s+beginning\s+of\s+(?:the|this)|the\s+start\s+of\s+(?:the|this)|"
    r"the\s+middle\s+of\s+(?:the|this))\s+(?P<unit>year|month|week)|(?P<ye>year[\s-]end)",
)
def _year_edge(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("ye"):
        edge, unit = "END", "year"
    else:
        words = m.group("edge").lower()
        edge = "END" if "end" in words else "MID" if "middle" in words else "START"
        unit = m.group("unit").lower()
    if ctx.anchor is None:
        return _Norm("DATE", None, mod=edge)
    if unit == "year":
        return _year(ctx.anchor.year, edge)
    if unit == "month":
        return _month(ctx.anchor.year, ctx.anchor.month, edge)
    return _week(ctx.anchor, edge)


QUARTER_MODS = r"(?:latest|current|previous|past|prior|recent|comparable|same|year-earlier|" \
    r"year-ago|flat|fiscal|calendar|strong|weak|disappointing|traditionally\s+\w+)"  # fmt: skip


@rule("quarter", r"(?:(?P<det>the|its|this|that|last|next|a|each|every)\s+)?"
      rf"(?:(?P<yr>{YEAR}|this\s+year's|last\s+year's|next\s+year's)\s+)?"
      rf"(?P<qmods>(?:{QUARTER_MODS}[\s-]+){{0,3}})"
      r"(?:(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+)?"
      r"(?:(?:fiscal|calendar)[\s-]+)?(?P<q>quarters?)(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?"
      rf"(?P<yr2>{YEAR}|this\s+year|last\s+year|next\s+year))?")  # fmt: skip
def _quarter_rule(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    det = (m.group("det") or "").lower()
    mods = (m.group("qmods") or "").lower()
    ordinal = (m.group("ord") or "").lower()
    if m.group("q").lower().endswith("s"):
        return None
    if det in ("each", "every"):
        return _Norm("SET", "P3M")
    if det == "a" and not (ordinal or mods.strip()):
        return None
    if not (det or ordinal or mods.strip() or m.group("yr")):
        return None
    year_text = (m.group("yr") or m.group("yr2") or "").lower()
    if ctx.anchor is None and not year_text[:1].isdigit():
        q = ORDINALS.get(ordinal)
        return _Norm("DATE", f"XXXX-Q{q or 'X'}", precision="month")
    year = int(year_text) if year_text[:1].isdigit() else ctx.anchor.year  # type: ignore[union-attr]
    compare = "year-earlier" in mods or "year-ago" in mods
    if year_text.startswith("last") or compare:
        year -= 1
    elif year_text.startswith("next"):
        year += 1
    if ordinal:
        norm = _quarter(year, ORDINALS[ordinal])
        norm.compare = compare
        return norm
    assert ctx.anchor is not None
    current = (ctx.anchor.month - 1) // 3 + 1
    if det in ("this",) or "current" in mods:
        q = current
    elif det == "next":
        q = current + 1
    else:
        q = current - 1  # "the quarter", "the latest quarter", "last quarter": the one reported
    if q == 0:
        q, year = 4, year - 1
    elif q == 5:
        q, year = 1, year + 1
    norm = _quarter(year, q)
    norm.compare = compare
    return norm


@rule("half", r"(?:the\s+)?(?P<ord>first|second|last|latter|back|front)\s+half(?:\s+of\s+"
      rf"(?P<yr>{YEAR}|this\s+year|next\s+year|last\s+year|the\s+year))?")  # fmt: skip
def _half(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    h = 1 if m.group("ord").lower() in ("first", "front") else 2
    text = (m.group("yr") or "").lower()
    if text[:1].isdigit():
        year = int(text)
    elif ctx.anchor is None:
        return _Norm("DATE", f"XXXX-H{h}", precision="month")
    else:
        year = ctx.anchor.year + (1 if text.startswith("next") else -1 if text[:4] == "last" else 0)
    lo = date(year, 1 if h == 1 else 7, 1)
    hi = date(year, 6, 30) if h == 1 else date(year, 12, 31)
    return _Norm("DATE", f"{year}-H{h}", lo, hi, "month")


@rule("ref", _alt(REFS))
def _ref(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = re.sub(r"\s+", " ", m.group().lower())
    after = ctx.text[m.end() : m.end() + 12]
    if word == "now" and re.match(r"\s*that\b", after):
        return None  # "now that ...": a conjunction
    if word == "soon" and re.match(r"\s*(?:as|after|thereafter)\b", after, re.I):
        return None  # "as soon as", "soon after": relative to another event
    return _Norm("DATE", REFS[word])


@rule("future_phrase", r"the\s+(?:(?:(?:near|distant|not-too-distant|foreseeable|immediate|"
      r"indefinite|very\s+near)\s+)future|(?:near|short)\s+term)")  # fmt: skip
def _future_phrase(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DATE", "FUTURE_REF")


@rule("weak_ref", _alt(WEAK_REFS), weak=True)
def _weak_ref(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DATE", WEAK_REFS[m.group().lower()])


@rule("set", rf"(?:(?#rate)(?P<n>once|twice|three\s+times|{NUM}\s+times)\s+"
      rf"(?:a|an|per|each|every)\s+(?P<unit>{UNIT})|(?:every|each)\s+"
      rf"(?:(?P<other>other|{NUM})\s+)?(?P<unit2>{UNIT_PLURAL}|{WEEKDAY}|{PART}|{SEASON})|"
      rf"{_alt(SETS)})")  # fmt: skip
def _set(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = re.sub(r"\s+", " ", m.group().lower())
    if word in SETS:
        return _Norm("SET", SETS[word])
    unit_text = (m.group("unit") or m.group("unit2")).lower()
    if unit_text.rstrip(".") in WEEKDAYS:
        return _Norm("SET", f"XXXX-WXX-{WEEKDAYS[unit_text.rstrip('.')]}")
    if unit_text in PARTS:
        return _Norm("SET", f"XXXX-XX-XXT{PARTS[unit_text]}")
    if unit_text in SEASONS:
        return _Norm("SET", f"XXXX-{SEASONS[unit_text]}")
    unit = _unit(unit_text)
    other = (m.group("other") or "").lower()
    n = 2.0 if other == "other" else (_number(other) if other else 1.0)
    return _Norm("SET", _duration_value(n, unit)[0])


@rule("weekday_plural", r"(?<=on\s)(?-i:(?P<wd>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|"
      r"Saturdays|Sundays))")  # fmt: skip
def _weekday_plural(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("SET", f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()[:-1]]}")


def _nth_weekday(year: int, month: int, nth: str, iso_day: int) -> date:
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    days = [d for d in days if d.isoweekday() == iso_day]
    return days[-1] if nth == "L" else days[int(nth) - 1]


@rule("holiday", r"(?:(?P<rel>last|next|this)\s+)?(?-i:(?P<h>"
      + "|".join(
          sorted((re.escape(h.title()).replace(r"\ ", r"\s+").replace("'S", "'s")
                  for h in HOLIDAYS), key=len, reverse=True)
      ) + rf"))(?:,?\s+(?P<year>{YEAR}))?")  # fmt: skip
def _holiday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    spec = HOLIDAYS[re.sub(r"\s+", " ", m.group("h").lower())]
    parts = spec.split("-")

    def on(year: int) -> date:
        if len(parts) == 2:
            return date(year, int(parts[0]), int(parts[1]))
        return _nth_weekday(year, int(parts[0]), parts[1], int(parts[2]))

    if m.group("year"):
        return _day(on(int(m.group("year"))))
    if ctx.anchor is None:
        return None
    rel = (m.group("rel") or "").lower()
    tense = {"last": PAST, "next": FUTURE}.get(rel) or ctx.tense_of(m.start(), m.end())
    year = ctx.anchor.year
    return _day(_pick([on(y) for y in (year - 1, year, year + 1)], ctx.anchor, tense))


# --------------------------------------------------------------------------------------------
# Trigger words: which rules can match at all
# --------------------------------------------------------------------------------------------

# re.IGNORECASE lets these match an ASCII letter ("i", "s") that str.lower() leaves non-ASCII
# (every other character it matches to an ASCII letter lower-cases to that letter): fold them
# first, so that a word the regex can match is always found in the folded text.
_ODD_CASES = "\u0130\u0131\u017f"
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_text(text: str) -> str:
    """Lower-cased text in which every trigger word a rule's regex can match appears as such."""
    if not text.isascii() and any(c in text for c in _ODD_CASES):
        text = text.translate(_ASCII_FOLD)
    return text.lower()


def _pieces(entries: object) -> set[str]:
    """One literal per lexicon entry: its longest space-separated word, lower-cased (``_alt``
    and the name patterns keep every character but the spaces, which become ``\\s+``)."""
    return {max(str(e).lower().split(), key=len) for e in entries}  # type: ignore[attr-defined]


def _minimal(words: set[str]) -> frozenset[str]:
    """Drop words containing another word of the set: finding the shorter one suffices."""
    return frozenset(w for w in words if not any(o != w and o in w for o in words))


def _any_of(words: set[str] | _Trigger) -> _Trigger:
    return words if isinstance(words, _Trigger) else _Trigger(_minimal(words))


def _word_end(*groups: object) -> _Trigger:
    """Trigger words that the rule's regex also follows with a space, punctuation or the
    boundary E, so that a letter or digit after them rules them out ("am" in "camera").
    Lower-casing never turns a non-word character into a word character, so such a boundary
    in the text is one in its folded form too."""
    words = {str(w) for g in groups for w in g}  # type: ignore[attr-defined]
    return _Trigger(_minimal(words), frozenset(words))


def _core(pattern: str) -> _Trigger:
    """A regex every match contains once folded; kept free of lookbehinds and case-folding so
    that the engine can skip to the places where its first character occurs."""
    return _Trigger(core=re.compile(pattern))


_MONTH_STEM = "(?:" + "|".join(sorted(_minimal(set(MONTHS)))) + ")"  # every month form starts so
_HOLIDAY_NAMES = [re.escape(h).replace(r"\ ", r"\s+") for h in HOLIDAYS]  # as folded
_UNIT_WORDS = {"centur"} | set(UNITS)  # UNIT_PLURAL and UNIT spell every unit out
_YEAR_DIGITS = {"16", "17", "18", "19", "20"}
_REL_WORDS = {"last", "next", "this", "past", "previous", "coming", "current", "following", "that"}
_ANAPHORIC_WORDS = {"that", "same", "following", "preceding", "previous", "next"}
_FOR_UNITS = {"years", "decades", "months", "weeks", "days", "hours", "centuries"}
_REL_UNITS = {"week", "weekend", "month", "year", "decade", "century"}
_EDGE_WORDS = {"end", "beginning", "start", "middle"}

# Rule name -> groups of words: every match of the rule contains (case-insensitively) a word
# of each group, read off its regex; a ``_word_end`` group, a word its regex also follows with
# a space, punctuation or the boundary E; a ``_core``, a match of that regex once folded.
# Scanning ~35 regexes over a whole article is most of this layer's cost, and in a typical
# article most rules have nothing to find; testing for a word costs a substring search. A rule
# missing here is always scanned. Edit with the regex (tests/test_times.py checks both agree).
TRIGGERS: dict[str, list[set[str] | _Trigger]] = {
    "month_day": [set(MONTHS)],
    "day_month": [set(MONTHS), _core(rf"\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_STEM}")],
    "iso_date": [_core(r"(?:19|20)\d\d-[01]\d-[0-3]\d")],
    "slash_date": [{"/"}],
    "month": [set(MONTHS)],
    "year": [{"19", "20"}],
    "bare_year": [_YEAR_DIGITS],
    "decade": [{"0s", "0's"}],
    "relative_day": [{"yesterday", "today", "tonight", "tomorrow"}],
    "part_of_day": [
        _word_end({"this", "last", "tomorrow", "yesterday"}),
        _word_end(PARTS),
        _core(rf"(?:this|last|tomorrow|yesterday)\s+(?:{'|'.join(PARTS)})"),
    ],
    "weekday": [set(WEEKDAYS)],
    "clock": [_word_end({"a.m", "p.m", "am", "pm", "noon", "midnight"})],
    "ago": [{"ago", "earlier", "now", "hence"}, _UNIT_WORDS],  # "before now", "from now"
    "year_ago_adj": [{"year-earlier", "year-ago"}],
    "duration": [_UNIT_WORDS],
    "vague_units": [_UNIT_WORDS],
    "recent_units": [{"recent", "past", "coming"}, _UNIT_WORDS],
    "for_units": [_word_end({"for"}), _word_end(_FOR_UNITS)],
    "relative_unit": [_word_end(_REL_WORDS), _word_end(_REL_UNITS, SEASONS)],
    "anaphoric": [
        _word_end(_ANAPHORIC_WORDS),
        _word_end({"day", "month", "year"}),
        _core(r"(?:that|same|following|preceding|previous|next)\s+(?:day|month|year)"),
    ],
    "season": [set(SEASONS)],
    "the_weekend": [{"weekend"}],
    "bare_season": [set(SEASONS)],
    "spelled_year": [_word_end(SPELLED_TEENS, {"thousand"})],
    "century": [{"century"}],
    "year_edge": [_word_end({"year", "month", "week"}), _word_end(_EDGE_WORDS)],
    "quarter": [{"quarter"}],
    "half": [{"half"}],
    "ref": [_word_end(_pieces(REFS))],
    "future_phrase": [{"future", "term"}],
    "weak_ref": [_pieces(WEAK_REFS)],
    "set": [{"once", "twice", "times", "every", "each"} | _pieces(SETS)],
    "weekday_plural": [{day + "s" for day in LEX.kind("weekday")}],
    "holiday": [_word_end(_pieces(HOLIDAYS)), _core("|".join(_HOLIDAY_NAMES))],
}
# Rule name -> {branch marked "(?#branch)" in its pattern: words one of which every match of
# that branch contains}.
BRANCH_TRIGGERS: dict[str, dict[str, set[str]]] = {
    "set": {"rate": {"once", "twice", "times"}},  # "twice a day", "three times a week"
}
for _r in RULES:
    _r.triggers = tuple(_any_of(group) for group in TRIGGERS.get(_r.name, ()))
    _r.branches = {b: _any_of(w) for b, w in BRANCH_TRIGGERS.get(_r.name, {}).items()}


# --------------------------------------------------------------------------------------------
# Tense from the dependency parse
# --------------------------------------------------------------------------------------------


def _governing_verb(span: Span) -> Token | None:
    """The verb (or forward-pointing adjective) whose clause the expression modifies."""
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or _is_future_cue(tok):
            if tok not in span:
                return tok
        if tok.head is tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def _is_future_cue(verb: Token) -> bool:
    """ "expected", "scheduled", "plans", "due": forward-pointing unless it is a past action
    ("the government planned to pay ... on Friday" reports a past plan)."""
    return verb.lemma_.lower() in FUTURE_CUES and verb.tag_ != "VBD"


def verb_tense(verb: Token, depth: int = 0) -> str:
    """past / present / future for a verb, from its tag, auxiliaries and governor."""
    if _is_future_cue(verb):
        return FUTURE
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" and a.tag_ == "VB" for a in auxes):
        return PAST  # "may have been", "will have ended": a perfect looks back
    if any(a.lower_ in FUTURE_AUX or a.lemma_.lower() in FUTURE_AUX for a in auxes):
        return FUTURE
    governor = next((t for t in verb.ancestors if t.pos_ in ("VERB", "AUX") or
                     t.lemma_.lower() in FUTURE_CUES), None)  # fmt: skip
    if any(a.tag_ == "TO" for a in auxes):
        # An infinitive takes its time from what governs it: "plans to meet Tuesday" looks
        # ahead, "declined to comment Saturday" does not.
        if governor is None or verb.dep_ == "acl" or verb.head.pos_ in ("NOUN", "PROPN"):
            return FUTURE  # "an agreement to buy the bank in January"
        if governor.lemma_.lower() in FUTURE_GOVERNORS or depth >= 2:
            return FUTURE  # "planned to leave on Thursday": the leaving follows the plan
        return verb_tense(governor, depth + 1)
    if verb.tag_ == "VBG":
        if verb.head.lemma_ == "go" and any(c.lower_ == "to" for c in verb.children):
            return FUTURE
        if any(a.lemma_ == "have" for a in auxes):
            return PAST  # "have been searching since Oct. 23"
        be = [a for a in auxes if a.lemma_ == "be"]
        if be:
            return PAST if be[0].tag_ == "VBD" else FUTURE
        if governor is not None and depth < 2:
            return verb_tense(governor, depth + 1)
        return PRESENT
    if verb.tag_ in ("VBD", "VBN"):
        if verb.tag_ == "VBN" and auxes and all(a.tag_ in ("VBZ", "VBP") for a in auxes):
            if not any(a.lemma_ == "have" for a in auxes):
                return PRESENT  # passive present: "is held"
        return PAST
    if any(a.tag_ == "VBD" for a in auxes):
        return PAST
    return PRESENT


AS_SOON_AS = re.compile(r"\bas\s+(?:soon|early)\s+as\s+$", re.I)
# "a curfew beginning Wednesday", "starting Friday", "effective Monday": a start still ahead
STARTING = re.compile(r"\b(?:beginning|starting|effective|from)\s+(?:on\s+)?$", re.I)


def clause_tense(doc: Doc, start: int, end: int) -> str:
    """The tense of the clause holding the characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return PRESENT
    if span.root.dep_ == "poss":
        return PAST  # "Wednesday's ruling": a dated event reported as news
    if span.root.dep_ in ("compound", "nmod", "amod") and span.root.head.pos_ == "NOUN":
        return PRESENT  # "the Oct. 23 slaying": no verb to ask, take the nearest
    if AS_SOON_AS.search(text_of(doc), max(0, start - 16), start):
        return FUTURE  # "as soon as Tuesday", "as early as next month"
    if STARTING.search(text_of(doc), max(0, start - 16), start):
        return FUTURE  # "a curfew beginning Wednesday" announced on Monday
    verb = _governing_verb(span)
    if verb is None:
        verb = span.sent.root
    return verb_tense(verb)


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int
    end: int
    norm: _Norm
    weak: bool
    order: int = 0
    sort_key: tuple[int, ...] = field(default_factory=tuple)


def _candidates(text: str, ctx: _Ctx, allow_weak: Callable[[int, int], bool]) -> list[_Candidate]:
    found: list[_Candidate] = []
    folded = _Folded(text)
    for order, r in enumerate(RULES):
        if not r.may_match(folded):
            continue
        for m in r.pattern_for(folded).finditer(text):
            if r.weak and not allow_weak(m.start(), m.end()):
                continue
            norm = r.handler(m, ctx)
            if norm is not None:
                found.append(_Candidate(m.start(), m.end(), norm, r.weak, order))
    return found


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first (strong before weak on ties)."""
    chosen: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.weak, c.start, c.order)):
        if all(c.end <= k.start or c.start >= k.end for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _to_expr(text: str, c: _Candidate) -> TimeExpr:
    n = c.norm
    return TimeExpr(
        start=c.start, end=c.end, text=text[c.start : c.end], type=n.type, value=n.value,
        earliest=n.earliest, latest=n.latest, precision=n.precision, mod=n.mod,
        duration_days=n.duration_days,
    )  # fmt: skip


def _date_ents(doc: Doc) -> list[tuple[int, int]]:
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]


def extract(doc: Doc, anchor: date | None = None) -> list[TimeExpr]:
    """Every time expression in ``doc``, normalized against ``anchor``."""
    text = text_of(doc)
    ents = _date_ents(doc)

    def allow_weak(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in ents)

    cache: dict[tuple[int, int], str] = {}

    def tense_of(start: int, end: int) -> str:
        key = (start, end)
        if key not in cache:
            cache[key] = clause_tense(doc, start, end)
        return cache[key]

    ctx = _Ctx(text, anchor, tense_of, doc)
    chosen = _select(_candidates(text, ctx, allow_weak))
    _compare_periods(chosen, anchor)
    _resolve_anaphora(chosen)
    return [_to_expr(text, c) for c in chosen]


def _resolve_anaphora(chosen: list[_Candidate]) -> None:
    """Count "that year" / "the next day" from the latest preceding calendar date.

    Only dates at least as fine as the anaphor's unit serve ("that day" needs a day), and
    only DATE expressions with a calendar value (not "now", not durations)."""
    ref: _Norm | None = None
    for c in chosen:
        n = c.norm
        if n.anaphor and ref is not None and ref.earliest is not None:
            unit, step = n.anaphor
            if PRECISION_RANK.get(ref.precision or "", 9) <= PRECISION_RANK[unit]:
                resolved = _unit_date(ref.earliest, unit, step, n.mod)
                resolved.anaphor = n.anaphor
                c.norm = n = resolved
        if n.type in ("DATE", "TIME") and n.earliest is not None and (n.value or "")[:1].isdigit():
            ref = n


QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])$")


def _compare_periods(chosen: list[_Candidate], anchor: date | None, reach: int = 800) -> None:
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
        lo, hi = _quarter_span(year, q)
        c.norm.value, c.norm.earliest, c.norm.latest = f"{year}-Q{q}", lo, hi
        c.norm.precision = "month"


def normalize(text: str, anchor: date | None, tense: str = PAST) -> TimeExpr | None:
    """Normalize one expression written alone ("next week", "within 135 days").

    The longest rule match in ``text`` wins; offsets are into ``text``. ``tense`` stands in for
    the clause the expression would sit in (past / present / future).
    """
    ctx = _Ctx(text, anchor, lambda s, e: tense)
    chosen = _select(_candidates(text, ctx, lambda s, e: True))
    if not chosen:
        return None
    best = max(chosen, key=lambda c: c.end - c.start)
    return _to_expr(text, best)


def resolve_duration(anchor: date, expr: TimeExpr) -> date | None:
    """The deadline a duration sets from ``anchor`` ("within 135 days" of 2020-02-29 ->
    2020-07-13; "in 14 months" -> 2021-04-29). None when the length is unknown."""
    value = expr.value or ""
    m = re.fullmatch(r"P(?:T)?(\d+(?:\.\d+)?)(DE|CE|[YQMWDH])", value)
    if not m:
        return None
    amount, unit = float(m.group(1)), m.group(2)
    if value.startswith("PT"):
        return anchor + timedelta(hours=amount) if unit == "H" else anchor
    months = {"Y": 12, "Q": 3, "M": 1, "DE": 120, "CE": 1200}.get(unit)
    if months:
        whole = amount * months
        if whole == int(whole):
            return add_months(anchor, int(whole))
        return anchor + timedelta(days=round(whole * UNIT_DAYS["M"]))
    return anchor + timedelta(days=round(amount * (7 if unit == "W" else 1)))


def times_in(doc: Doc, start: int, end: int) -> list[TimeExpr]:
    """The time expressions lying inside the characters [start, end) of ``doc``."""
    return [t for t in (doc._.times or []) if start <= t.start and t.end <= end]


def _anchor_of(doc: Doc) -> date | None:
    article = doc._.article if Doc.has_extension("article") else None
    return getattr(article, "published", None)


@Language.factory(
    "dateline_times",
    assigns=["doc._.times"],
    requires=["doc._.article", "doc.ents", "token.dep"],
)
class TimeComponent(Component):
    """Writes ``doc._.times``: every time expression outside boilerplate, normalized."""

    FACTORY = "dateline_times"
    ATTRIBUTE = "times"

    def extract(self, doc: Doc) -> list[TimeExpr]:
        article = doc._.article
        found = extract(doc, _anchor_of(doc))
        if article is not None and getattr(article, "boilerplate", None):
            found = [t for t in found if not article.in_boilerplate(t.start, t.end)]
        return found
