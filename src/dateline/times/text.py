"""Reading the words of a match: a phrase as the lexicons write it, the unit a word names, the
count a number word or figure stands for, the word before a match."""

from __future__ import annotations

import math
import os
import re

from dateline.times import vocabulary as v
from dateline.times.dates import OutOfRange

WORD_BEFORE_WINDOW = 30  # characters searched back for the word before a match
WORD_BEFORE = re.compile(r"([\w'-]+)\W*$")
# Units whose plural is not the singular plus "s" are known by their common stem ("centur"),
# as the patterns match "centurys" and "centuriess" too.
IRREGULAR_STEMS = {
    os.path.commonprefix([u.word, u.plural]): u.word
    for u in v.UNITS.values()
    if u.plural != u.word + "s"
}


def spaced(text: str | None) -> str:
    """A matched phrase in lower case with single spaces, as the lexicons write it."""
    return re.sub(r"\s+", " ", (text or "").lower())


def word_before(text: str, start: int) -> str:
    """The word right before ``start``, lower case ("" at the start of the text)."""
    m = WORD_BEFORE.search(text[max(0, start - WORD_BEFORE_WINDOW) : start])
    return m.group(1).lower() if m else ""


def unit_of(text: str) -> str:
    """The unit a possibly plural or capitalized unit word names ("Centuries" -> century);
    any other word as it is, in lower case."""
    t = text.lower()
    for stem, unit in IRREGULAR_STEMS.items():
        if t.startswith(stem):
            return unit
    return t[:-1] if t.endswith("s") and t[:-1] in v.UNITS else t


def titled(word: str) -> bool:
    """A unit word written capitalized ("Minutes", "Week") belongs to a name."""
    return word[:1].isupper() and not word.isupper()


def count_of(text: str) -> float | None:
    """A count written in digits or words; None for vague counts ("several").

    A figure too long to be a number (hundreds of digits) is :class:`OutOfRange`: the
    expression it counts has no value."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in v.VAGUE:
        return None
    if t in v.NUMBERS:
        return v.NUMBERS[t]
    parts = re.split(r"[\s-]", t)
    if len(parts) == 2 and parts[0] in v.NUMBERS and parts[1] in v.NUMBERS:
        return v.NUMBERS[parts[0]] + v.NUMBERS[parts[1]]
    try:
        value = float(t.replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(value):
        raise OutOfRange(f"no number {text[:20]}...")
    return value
