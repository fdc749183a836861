"""Country names, codes and demonyms, from pycountry plus a small lexicon of common usage.

Who-is-who comes from general tables, never from names in any article: "Afghan forces" gets
AFG because "Afghan" is Afghanistan's demonym; "the U.S." is the United States because news
writes it so. ``Country.name`` is the short name news uses ("Russia", not "Russian
Federation"), taken from ``lexicons/countries.csv`` (kind ``short``) or pycountry's common name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from dateline import lexicons


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    name: str


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """The one lookup key of a name, for every table of names (countries, demonyms, the
    gazetteer, institutions, platforms): lower-case, accents stripped, apostrophes (curly and
    backtick) straightened, hyphens as spaces ("Guinea-Bissau" = "Guinea Bissau"), a leading
    'the' dropped, runs of space collapsed. Memoized: every layer looks up the same few names
    many times per article. (``gazetteer.fold`` was this plus the backtick and hyphen steps.)"""
    if not text.isascii():  # ASCII has no accents to strip (NFKD leaves it unchanged)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("-", " ").casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


@dataclass(frozen=True)
class CountryName:
    """A row of ``countries.csv``: a name, alias, demonym or code of a country in common use."""

    alpha3: str
    kind: str  # short | alias | demonym | code
    text: str


def _lexicon_rows() -> tuple[CountryName, ...]:
    return lexicons.table("countries.csv", CountryName)


@dataclass
class _Tables:
    by_name: dict[str, Country]
    by_code: dict[str, Country]
    by_demonym: dict[str, Country]
    names: dict[str, list[str]]  # alpha2 -> every name (short first), for the gazetteer
    acronyms: frozenset[str]  # folded names written in capitals ("CAR", "US"): match capitals only


def _iso_records() -> dict[str, tuple[str, list[str]]]:
    """alpha3 -> (alpha2, ISO labels) from pycountry, plus codes the lexicon declares."""
    records: dict[str, tuple[str, list[str]]] = {}
    for rec in pycountry.countries:
        labels = [getattr(rec, "common_name", None), rec.name, getattr(rec, "official_name", None)]
        records[rec.alpha_3] = (rec.alpha_2, [label for label in labels if label])
    for row in _lexicon_rows():
        if row.kind == "code":  # a code in common use that ISO has not assigned (Kosovo)
            records.setdefault(row.alpha3, (row.text, []))
    return records


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Every lookup table, built once from pycountry and the lexicon."""
    rows = _lexicon_rows()
    records = _iso_records()
    short = {row.alpha3: row.text for row in rows if row.kind == "short"}
    names: dict[str, list[str]] = {}
    by_code: dict[str, Country] = {}
    for alpha3, (alpha2, labels) in records.items():
        # ISO names such as "Korea, Republic of" are not what anyone writes; skip them as display
        plain = [label for label in labels if "," not in label and "(" not in label]
        display = short.get(alpha3) or (plain[0] if plain else labels[0])
        country = Country(alpha2, alpha3, display)
        by_code[alpha2] = by_code[alpha3] = country
        names[alpha2] = list(dict.fromkeys([display, *labels]))
    by_name: dict[str, Country] = {}
    for alpha2, labels in names.items():
        for label in labels:
            by_name.setdefault(fold(label), by_code[alpha2])
    by_demonym: dict[str, Country] = {}
    acronyms: set[str] = set()
    for alpha3, kind, text in ((row.alpha3, row.kind, row.text) for row in rows):
        found = by_code.get(alpha3)
        if found is None or kind == "code":
            continue
        country = found
        if kind == "demonym":
            by_demonym[fold(text)] = country
        else:
            by_name[fold(text)] = country
            if _capitals(text):
                acronyms.add(fold(text))
            if text not in names[country.alpha2]:
                names[country.alpha2].append(text)
    return _Tables(by_name, by_code, by_demonym, names, frozenset(acronyms))


def _capitals(text: str) -> bool:
    """A name written as an acronym without dots ("CAR", "US", "the UAE")."""
    text = text.strip()
    if text[:4].casefold() == "the ":
        text = text[4:]
    return text.isalpha() and text.isupper()


def by_name(name: str) -> Country | None:
    """The country a name stands for ("U.S.", "Afghanistan", "the United States"). An acronym
    is never a word written with only its first letter capital: "CAR" is the Central African
    Republic, "Car" at a sentence's start is a car (all lower case stays ambiguous: a folded key
    or a text written in lower case)."""
    if common_word(name):
        return None
    return _tables().by_name.get(fold(name))


def common_word(name: str) -> bool:
    """A country's acronym written as a common word ("Car", "Us"): no country, whatever table
    (this one or the gazetteer's alternate names) has the acronym."""
    return fold(name) in _tables().acronyms and not _capitals(name) and not name.islower()


def by_code(code: str) -> Country | None:
    """The country with this ISO alpha-2 or alpha-3 code."""
    return _tables().by_code.get(code.upper())


def by_demonym(word: str) -> Country | None:
    """The country of a demonym, singular or plural ("Afghan", "Afghans", "American")."""
    demonyms = _tables().by_demonym
    key = fold(word)
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s") and key[:-1] in demonyms:
        return demonyms[key[:-1]]
    return None


def names_of(alpha2: str) -> list[str]:
    """Every name of a country, its short name first (for building the gazetteer)."""
    return list(_tables().names.get(alpha2.upper(), []))


def all_countries() -> list[Country]:
    """Every country once, ordered by alpha-2 code."""
    seen = {c.alpha2: c for c in _tables().by_code.values()}
    return [seen[k] for k in sorted(seen)]
