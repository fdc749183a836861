"""Regular-expression building blocks: alternations built from lexicon words, and the shared
sub-patterns (month and weekday names, days, years, counts, units) the rules are made of.

Every pattern is compiled case-insensitively; names are matched case-sensitively inside
``(?-i:...)`` because "may" or "march" written in lower case are as often verbs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dateline.times import vocabulary as v

# Boundaries every rule's pattern is wrapped in: no word, currency or number glue on the left
# ("$2020", "#1999", "3/4"), no word, percent or hyphenated compound on the right.
LEFT_BOUNDARY = r"(?<![\w$£€#/.-])"
RIGHT_BOUNDARY = r"(?![\w%]|-\w)"


def first_chars(words: Iterable[object], extra: str = "") -> str:
    """A lookahead for the characters the ``words`` (and the class items ``extra``) begin with.

    Put before an alternation of those words it changes no match, but where no word can
    start the engine drops the whole alternation in one step; on its own it tries every
    branch in turn (it skips a branch by its first letter only in case-sensitive patterns).
    Most positions of a text are tried by many rules, so this is most of their scan time."""
    firsts = sorted({re.escape(str(w)[0]) for w in words})
    return "(?=[" + extra + "".join(firsts) + "])"


def alt(words: Iterable[object]) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace.

    The words are grouped by first letter, each group behind its own ``first_chars``:
    words with different first letters never match at the same place, so the engine tries
    the words that may match in the same order as in one flat alternation, and skips the
    rest group by group instead of word by word. Longest first, a word that begins another
    ("late", "later") never hides it."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for w in items:
        groups.setdefault(w[0].lower(), []).append(w)

    def flat(group: list[str]) -> str:
        return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in group) + ")"

    if len(groups) == 1:
        return first_chars(items) + flat(items)
    parts = [first_chars(group) + flat(group) for group in groups.values()]
    return first_chars(items) + "(?:" + "|".join(parts) + ")"


def compound(words: Iterable[str]) -> str:
    """An alternation of hyphenated compounds whose hyphen may also be one space or
    whitespace character ("year-end", "year end")."""
    forms = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\-", r"[\s-]") for w in forms) + ")"


def names(full: Mapping[str, int], abbr: Mapping[str, int], bare: Mapping[str, int]) -> str:
    """Capitalized names (case-sensitive), abbreviations with a period ("Sept."), and the
    abbreviations also written without one ("Sept"). Full names are also matched in lower
    case ("on thursday", "february 27"): lower-cased text has them so, and written lower case
    they are no other word, except the homographs ("may", "march"), which must be capitalized."""
    forms = [w.capitalize() for w in full] + [w.upper() for w in full]
    forms += [w for w in full if w not in v.LOWERCASE_HOMOGRAPHS]
    forms += [w.capitalize() + "." for w in abbr] + [w.upper() + "." for w in abbr]
    forms += [w.capitalize() for w in bare]
    return "(?-i:" + alt(forms) + ")"


def unit_forms(units: Iterable[str]) -> list[str]:
    """The written forms of units for a pattern that adds an optional plural "s" itself: the
    singular of a regular plural, both forms of an irregular one ("century", "centuries")."""
    forms: list[str] = []
    for name in units:
        unit = v.UNITS[name]
        forms += [unit.word] if unit.plural == unit.word + "s" else [unit.word, unit.plural]
    return forms


MONTH = names(v.MONTH_NAMES, v.MONTH_ABBRS, v.MONTH_BARE_ABBRS)
WEEKDAY = names(v.WEEKDAY_NAMES, v.WEEKDAY_ABBRS, {})
YEAR = r"(?:1[0-9]|20)\d\d"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
TENS = "|".join(v.TENS)
ONES = "|".join(v.ONES)
TEENS = "|".join(v.TEENS)
# A count: digits (with thousands commas or decimals), "twenty-five", or a number word.
NUM = (
    first_chars([*v.TENS, *v.NUMBERS, *v.VAGUE], extra=r"\d")
    + r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + first_chars(v.TENS)
    + f"(?:{TENS})"
    + r"[\s-]"
    + f"(?:{ONES})|"
    + alt([*v.NUMBERS, *v.VAGUE])
    + ")"
)
UNIT = alt([*v.UNITS, *v.RATE_PERIODS])  # singular, as after "a" or "per"
UNIT_PLURAL = first_chars(v.UNITS) + "(?:" + "|".join(
    sorted(unit_forms(v.UNITS), key=len, reverse=True)
) + ")s?"  # fmt: skip
PART = alt(v.PARTS)
SEASON = alt(v.SEASONS)
MOD = alt(v.MODS)
EDGE = alt(v.PERIOD_EDGES)
