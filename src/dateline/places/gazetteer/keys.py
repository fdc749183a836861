"""How a name becomes a lookup key, the same way when the index is built and when it is read.

The key is :func:`dateline.countries.fold`, the one fold every layer shares (case, accents,
apostrophes, hyphens as spaces, a leading "the"); it absorbed the two rules the gazetteer's own
``fold`` used to add. Admin words ("Province", "Region", from ``lexicons/admin_words.txt``) can
be stripped to make the short name news uses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import countries, lexicons

# kinds of names in the index
PRIMARY, ALIAS, ABBREVIATION = 0, 1, 2


name_key = countries.fold  # the one fold: case, accents, apostrophes, hyphens, a leading "the"


@lru_cache(maxsize=1)
def _admin_word_pattern() -> re.Pattern[str]:
    words = lexicons.lines("admin_words.txt")
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


def strip_admin_words(name: str) -> str:
    """'Province of Ghazni' / 'Kayes Region' -> 'ghazni' / 'kayes' (as keys)."""
    key = re.sub(r"\[.*?\]|\(.*?\)", " ", name_key(name))
    return " ".join(_admin_word_pattern().sub(" ", key).split())
