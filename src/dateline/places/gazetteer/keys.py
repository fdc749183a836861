"""How a name becomes a lookup key, the same way when the index is built and when it is read.

The key is :func:`dateline.countries.fold` (case, accents, apostrophes, a leading "the"), the one
fold every layer shares, with two more rules the index needs: a hyphen is a space
("Guinea-Bissau" = "Guinea Bissau") and a backtick is an apostrophe. Admin words ("Province",
"Region", from ``lexicons/admin_words.txt``) can be stripped to make the short name news uses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import countries, lexicons

# kinds of names in the index
PRIMARY, ALIAS, ABBREVIATION = 0, 1, 2


@lru_cache(maxsize=1 << 14)
def name_key(text: str) -> str:
    """The lookup key of a name. Memoised: the places layer looks up the same capitalized
    words many times per article."""
    key = countries.fold(text).replace("`", "'").replace("-", " ")
    return " ".join(key.split())


@lru_cache(maxsize=1)
def _admin_word_pattern() -> re.Pattern[str]:
    words = lexicons.lines("admin_words.txt")
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


def strip_admin_words(name: str) -> str:
    """'Province of Helmand' / 'Mopti Region' -> 'helmand' / 'mopti' (as keys)."""
    key = re.sub(r"\[.*?\]|\(.*?\)", " ", name_key(name))
    return " ".join(_admin_word_pattern().sub(" ", key).split())
