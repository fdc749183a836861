"""Country names, codes and demonyms, from pycountry plus a small lexicon of common usage.

Who-is-who comes from general tables, never from names in any article: "Afghan forces" gets
AFG because "Afghan" is Afghanistan's demonym; "the U.S." is the United States because news
writes it so.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    name: str


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten apostrophes, drop a leading 'the'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


def _lexicon_rows(name: str) -> list[list[str]]:
    path = resources.files("dateline.lexicons").joinpath(name)
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if line.strip() and not line.startswith("#"))
        return [[cell.strip() for cell in row] for row in rows]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Country], dict[str, Country], dict[str, Country]]:
    """(by folded name, by code, by folded demonym), built once."""
    by_name: dict[str, Country] = {}
    by_code: dict[str, Country] = {}
    for rec in pycountry.countries:
        common = getattr(rec, "common_name", None) or rec.name
        country = Country(rec.alpha_2, rec.alpha_3, common)
        by_code[rec.alpha_2] = by_code[rec.alpha_3] = country
        for label in (rec.name, common, getattr(rec, "official_name", None)):
            if label:
                by_name.setdefault(fold(label), country)
    by_demonym: dict[str, Country] = {}
    for row in _lexicon_rows("countries.csv"):
        # alpha3, kind (alias|demonym), text
        if len(row) < 3 or row[0] not in by_code:
            continue
        country = by_code[row[0]]
        table = by_demonym if row[1] == "demonym" else by_name
        table[fold(row[2])] = country
    return by_name, by_code, by_demonym


def by_name(name: str) -> Country | None:
    """The country a name stands for ("U.S.", "Afghanistan", "the United States")."""
    return _tables()[0].get(fold(name))


def by_code(code: str) -> Country | None:
    """The country with this ISO alpha-2 or alpha-3 code."""
    return _tables()[1].get(code.upper())


def by_demonym(word: str) -> Country | None:
    """The country of a demonym, singular or plural ("Afghan", "Afghans", "American")."""
    demonyms = _tables()[2]
    key = fold(word)
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s") and key[:-1] in demonyms:
        return demonyms[key[:-1]]
    return None
