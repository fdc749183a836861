"""Comparing and classifying names: the comparison key, acronyms, and what the general tables
(countries, the gazetteer) say a name is. Nothing here reads the Doc."""

from __future__ import annotations

import re
from functools import lru_cache

from dateline import countries
from dateline.vocabulary import role_words

ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
NAME_WORD = re.compile(r"[\w.'’-]+")
WORD_SPLIT = re.compile(r"[\s-]+")
MIN_ACRONYM_INITIALS = 3  # "a person" whose initials spell an acronym of the text: 3+ letters
# A single word the NER tagged PERSON names a place when the gazetteer knows it as a country,
# a first-level region or a city at least this big.
SIZEABLE_CITY = 50_000
LONGEST_COUNTRY_PHRASE = 3  # "Central African Republic": the longest n-gram looked up


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """A comparison key: folded, possessive and punctuation at the edges dropped (memoized: the
    same names are compared many times per article)."""
    key = countries.fold(POSSESSIVE.sub("", text.strip()))
    return key.replace("-", " ").strip(" .,;:")


def initials(name: str) -> str:
    """The capitals that start the words of a name ("Movement for Democratic Renewal" → MDR)."""
    words = [w for w in WORD_SPLIT.split(name) if w]
    return "".join(w[0] for w in words if w[:1].isupper())


def place_name_known(name: str) -> bool:
    """True when the gazetteer knows the name as a country, a first-level region or a city of
    some size: the model's PERSON tag on such a single word is more likely wrong than right."""
    try:
        from dateline.places.gazetteer import get_gazetteer
    except ImportError:
        return False
    try:
        entries = get_gazetteer().lookup(name)
    except Exception:  # a missing or unbuilt index must not break entity extraction
        return False
    return any(
        e.feature in ("country", "admin1") or (e.population or 0) >= SIZEABLE_CITY for e in entries
    )


def place_country(name: str) -> str | None:
    """The alpha-3 country of a place name the gazetteer knows as a region or sizeable city; a
    word that is one word of the entry's longer name ("Jewish") does not name it."""
    try:
        from dateline.places.gazetteer import get_gazetteer

        entries = get_gazetteer().lookup(name)
    except Exception:  # no index: no country, never a failure
        return None
    key = countries.fold(name)
    for entry in entries:
        full = countries.fold(entry.name)
        if full != key and key in full.split():
            continue  # one word of a longer name ("Jewish" of the Jewish Autonomous Oblast)
        if entry.feature == "admin1" or (entry.population or 0) >= SIZEABLE_CITY:
            found = countries.by_code(entry.country) if entry.country else None
            return found.alpha3 if found else None
    return None


def country_in(text: str) -> str | None:
    """The alpha-3 country a role phrase names: a demonym or country name in it (longest phrase
    first), else a capitalized word the gazetteer places in a country."""
    words = [POSSESSIVE.sub("", w) for w in NAME_WORD.findall(text)]  # "Chile's" → "Chile"
    for size in range(LONGEST_COUNTRY_PHRASE, 0, -1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            found = countries.by_demonym(phrase) or countries.by_name(phrase)
            if found:
                return found.alpha3
    for word in words:
        if (
            word[:1].isupper()
            and word.casefold() not in role_words()
            and not countries.common_word(word)
        ):
            code = place_country(word)
            if code:
                return code
    return None
