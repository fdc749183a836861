"""Every word the time layer knows, read once from the lexicons.

Code holds the grammar of time expressions (:mod:`.patterns` and the rules); the words live
in lexicon files read here, through :mod:`dateline.lexicons`, and nowhere else:

* ``time_words.csv``: names (months, weekdays, holidays, seasons, parts of day), references
  ("now", "recently"), recurrences, tense cues; one *kind* per section.
* ``time_units.csv``: the units of time with their plural, TIMEX3 code and granularity.
* ``time_qualifiers.csv``: the words around an expression ("early", "last", "the past",
  determiners, fillers), by the *slot* they fill, with what they mean there (a step, a tense,
  a mod). A word that means different things in different slots has a row for each.
* ``number_words.csv`` and ``number_qualifiers.csv``, shared with the counts layer
  (:mod:`dateline.numbers`): each row says how a count and how a length of time reads it.

A kind or slot that the code asks for and the files lack is a :class:`LexiconError` (D019) at
import: a typo would otherwise leave a rule silently matching nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline import lexicons
from dateline.errors import Errors, LexiconError
from dateline.numbers import number_table, qualifier_table

PAST, PRESENT, FUTURE = "past", "present", "future"
TENSES = frozenset({PAST, FUTURE})  # the tenses a lexicon row may point to


@dataclass(frozen=True)
class TimeWord:
    """One row of ``time_words.csv``."""

    kind: str
    word: str
    value: str
    note: str | None = None


@dataclass(frozen=True)
class Unit:
    """One row of ``time_units.csv``."""

    word: str
    plural: str
    code: str
    clock: bool
    granularity: str


@dataclass(frozen=True)
class Qualifier:
    """One row of ``time_qualifiers.csv``: a word in one slot and what it means there."""

    word: str
    slot: str
    step: int | None = None
    tense: str | None = None
    current: bool | None = None
    mod: str | None = None
    note: str | None = None


@cache
def _kinds() -> dict[str, dict[str, str]]:
    grouped: dict[str, dict[str, str]] = {}
    for row in lexicons.table("time_words.csv", TimeWord):
        grouped.setdefault(row.kind, {})[row.word] = row.value
    return grouped


@cache
def _slots() -> dict[str, dict[str, Qualifier]]:
    grouped: dict[str, dict[str, Qualifier]] = {}
    for row in lexicons.table("time_qualifiers.csv", Qualifier):
        if row.tense is not None and row.tense not in TENSES:
            raise LexiconError(
                Errors.D017.format(
                    name="time_qualifiers.csv", word=row.word, slot=row.slot, tense=row.tense
                )
            )
        grouped.setdefault(row.slot, {})[row.word] = row
    return grouped


def kind(name: str) -> dict[str, str]:
    """The words of one kind of ``time_words.csv`` → their value, in file order."""
    found = _kinds().get(name)
    if not found:
        known = sorted(_kinds())
        raise LexiconError(Errors.D019.format(name="time_words.csv", kind=name, known=known))
    return found


def slot(name: str) -> dict[str, Qualifier]:
    """The words of one slot of ``time_qualifiers.csv`` → their row, in file order."""
    found = _slots().get(name)
    if not found:
        known = sorted(_slots())
        raise LexiconError(Errors.D019.format(name="time_qualifiers.csv", kind=name, known=known))
    return found


def _numbers(kinds: set[str]) -> dict[str, float | None]:
    return {row.word: row.value for row in number_table() if row.duration in kinds}


# --- names ----------------------------------------------------------------------------------
MONTH_NAMES = {word: int(n) for word, n in kind("month").items()}
MONTH_ABBRS = {word: int(n) for word, n in kind("month_abbr").items()}
MONTH_BARE_ABBRS = {word: int(n) for word, n in kind("month_bare_abbr").items()}
MONTHS = MONTH_NAMES | MONTH_ABBRS  # lower case, without the period
AMBIGUOUS_MONTHS = frozenset(kind("ambiguous_month"))
LOWERCASE_HOMOGRAPHS = frozenset(kind("lowercase_homograph"))
MONTH_CUES = frozenset(kind("month_cue"))
WEEKDAY_NAMES = {word: int(n) for word, n in kind("weekday").items()}
WEEKDAY_ABBRS = {word: int(n) for word, n in kind("weekday_abbr").items()}
WEEKDAYS = WEEKDAY_NAMES | WEEKDAY_ABBRS
PARTS = kind("part_of_day")
SEASONS = kind("season")
HOLIDAYS = kind("holiday")

# --- units ----------------------------------------------------------------------------------
UNITS: dict[str, Unit] = {u.word: u for u in lexicons.table("time_units.csv", Unit)}
RATE_PERIODS = tuple(kind("rate_period"))
FOR_UNITS = tuple(kind("for_unit"))

# --- numbers (shared with the counts layer) --------------------------------------------------
NUMBERS: dict[str, float] = {w: v for w, v in _numbers({"exact"}).items() if v is not None}
VAGUE = frozenset(_numbers({"vague", "led"}))  # an unknown count of units
LED = frozenset(_numbers({"led"}))  # vague counts that need a lead ("the past many years")
# Spelled cardinals, one word each (the words a count reads as exactly that many), by range:
# transcripts spell years with them ("nineteen ninety-six").
CARDINALS = {
    row.word: int(row.value)
    for row in number_table()
    if row.count == "exact" and row.value is not None and " " not in row.word
}
ONES = {w: n for w, n in CARDINALS.items() if 1 <= n <= 9}
TEENS = {w: n for w, n in CARDINALS.items() if 10 <= n <= 19}
TENS = {w: n for w, n in CARDINALS.items() if 20 <= n <= 90 and n % 10 == 0}
# Vague counts of one word that stand without a lead ("the past few weeks")
FEW = frozenset(w for w in VAGUE - LED if " " not in w)
ORDINALS = {
    row.word: int(row.value) for row in number_table() if row.count == "ordinal" and row.value
}
MODS = {row.phrase: row.timex_mod for row in qualifier_table() if row.timex_mod}

# --- days, clocks, lengths ------------------------------------------------------------------
RELATIVE_DAYS = {word: int(n) for word, n in kind("relative_day").items()}
CLOCK_DAYS = {word: int(n) for word, n in kind("clock_day").items()}
MERIDIEM = kind("meridiem")
CLOCK_WORDS = kind("clock_word")
TIME_ZONES = tuple(kind("time_zone"))
AGO = kind("ago")
APPROX_AFTER = tuple(kind("approx_after"))
YEAR_AGO = tuple(kind("year_ago"))
ARTICLES = frozenset(kind("article"))

# --- periods ----------------------------------------------------------------------------------
QUARTER_ORDINALS = {word: int(n) for word, n in kind("quarter_ordinal").items()}
HALVES = {word: int(n) for word, n in kind("half").items()}
SPELLED_MILLENNIA = {word: int(n) for word, n in kind("spelled_millennium").items()}

# --- references and recurrences --------------------------------------------------------------
REFS = kind("ref")
WEAK_REFS = kind("weak_ref")
REF_EXCEPTIONS: dict[str, tuple[str, ...]] = {}
for _follower, _ref in kind("ref_exception").items():
    REF_EXCEPTIONS[_ref] = (*REF_EXCEPTIONS.get(_ref, ()), _follower)
SETS = kind("set")
EVERY = tuple(kind("every"))
EVERY_OTHER = {word: float(n) for word, n in kind("every_other").items()}
PER = tuple(kind("per"))
RATE_COUNTS = tuple(kind("rate_count"))

# --- tense cues -------------------------------------------------------------------------------
FUTURE_AUX = frozenset(kind("future_aux"))
FUTURE_CUES = frozenset(kind("future_cue"))
FUTURE_GOVERNORS = FUTURE_CUES | frozenset(kind("future_governor"))
FUTURE_LEADS = tuple(kind("future_lead"))
START_LEADS = tuple(kind("start_lead"))

# --- the words around an expression (time_qualifiers.csv) --------------------------------------
PERIOD_EDGES = slot("period_edge")
DAY_EDGES = slot("day_edge")
PART_EDGES = slot("part_edge")
SEASON_EDGES = slot("season_edge")
UNIT_EDGES = slot("unit_edge")
UNIT_ENDS = slot("unit_end")
YEAR_ENDS = slot("year_end")
YEAR_LABELS = slot("year_label")
MONTH_QUALIFIERS = slot("month")
WEEKDAY_QUALIFIERS = slot("weekday")
HOLIDAY_QUALIFIERS = slot("holiday")
PART_RELATIVES = slot("part_of_day")
NIGHT_RELATIVES = slot("night")
YEAR_RELATIVES = slot("year")
UNIT_RELATIVES = slot("unit")
SPANS = slot("span")
UNIT_LABELS = slot("unit_label")
ANAPHORS = slot("anaphor") | slot("anaphor_day")
DAY_ONLY_ANAPHORS = frozenset(slot("anaphor_day"))
DURATION_LEADS = slot("duration")
COUNT_FILLERS = slot("count_filler")
UNIT_KINDS = slot("unit_kind")
RATE_BEFORE = slot("rate_before")
COMPOUND_AFTER = slot("compound_after")
AGE_AFTER = slot("age_after")
VAGUE_LEADS = slot("vague")
PLURAL_LEADS = slot("plural")
QUARTER_DETERMINERS = slot("quarter")
QUARTER_MODS = slot("quarter_mod")
QUARTER_ADVERBS = slot("quarter_adverb")
QUARTER_LABELS = slot("quarter_label")
COMPARED_ADJECTIVES = slot("compared_adj")
COMPARED_NOUNS = slot("compared_noun")
NOT_DAY_AFTER = slot("not_day_after")
NOT_YEAR_AFTER = slot("not_year_after")
