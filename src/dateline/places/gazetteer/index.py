"""Reading the gazetteer index: name lookups, memoised, no scans.

The index is built once, on first use (:mod:`.builder`); afterwards opening it costs milliseconds
and lookups are indexed SQLite reads, memoised per process.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dateline import countries
from dateline.places.gazetteer.builder import build, default_path
from dateline.places.gazetteer.keys import PRIMARY, name_key, strip_admin_words

ADMIN_FEATURES = ("admin1", "admin2")
# features of the curated regions lexicon (regions.csv, continents): rarely a namesake town
CURATED_FEATURES = ("continent", "region", "sea", "river", "lake")


@dataclass(frozen=True)
class Entry:
    """One gazetteer record: a country, admin unit, city or named region."""

    id: int
    name: str
    feature: str  # country | admin1 | admin2 | city | continent | region | ...
    country: str | None  # ISO alpha-2
    admin1: str | None  # admin1 name
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    capital: bool = False  # a national capital
    primary: bool = True  # found by its own name, not by an alternate name ("Venice" for Dayton)


class Gazetteer:
    """Read-only access to the index: name lookups, memoised, no scans."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        if not self.path.exists():
            try:
                build(self.path)
            except OSError:  # a read-only home: build beside the other temporary files
                if path is not None:
                    raise
                self.path = Path(tempfile.gettempdir()) / f"dateline-{os.getuid()}" / self.path.name
                if not self.path.exists():
                    build(self.path)
        uri = f"file:{self.path}?mode=ro&immutable=1"
        self.con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._cache: dict[str, tuple[Entry, ...]] = {}
        self._abbr: dict[str, tuple[Entry, ...]] = {}
        self.by_tld: dict[str, str] = {}  # "uk" -> "GB"
        self.neighbours: dict[str, frozenset[str]] = {}  # "FR" -> {"BE", "DE", ...}
        for code, tld, neighbours in self.con.execute("SELECT code, tld, neighbours FROM country"):
            if tld:
                self.by_tld[tld] = code
            self.neighbours[code] = frozenset(n for n in neighbours.split(",") if n)

    def _query(self, key: str, abbreviations: bool) -> tuple[Entry, ...]:
        kinds = "kind = 2" if abbreviations else "kind < 2"
        rows = self.con.execute(
            "SELECT p.id, p.name, p.feature, p.country, p.admin1, p.lat, p.lon, p.population,"
            " p.geonames_id, p.capital, n.kind FROM name n JOIN place p ON p.id = n.place"
            f" WHERE n.key = ? AND {kinds} ORDER BY p.population DESC",
            (key,),
        ).fetchall()
        return tuple(
            Entry(*row[:-2], capital=bool(row[-2]), primary=row[-1] == PRIMARY)  # type: ignore[misc]
            for row in rows
        )

    def lookup(self, name: str, loose: bool = False) -> tuple[Entry, ...]:
        """Every entry this name may denote, most populous first. ``loose``: when the exact
        name is unknown, retry without admin words ("Kayes Region" -> the Kayes admin unit)."""
        key = name_key(name)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._query(key, False) if key else ()
        stripped = strip_admin_words(key) if loose and not found else ""
        if stripped and stripped != key:
            found = tuple(e for e in self.lookup(stripped) if e.feature in ADMIN_FEATURES)
        return found

    def abbreviation(self, code: str) -> tuple[Entry, ...]:
        """Entries abbreviated so ("GA" -> Georgia, US): only trusted in "City, ST" forms."""
        key = name_key(code).replace(".", "")
        found = self._abbr.get(key)
        if found is None:
            found = self._abbr[key] = self._query(key, True)
        return found

    def country(self, alpha2: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code."""
        known = countries.by_code(alpha2)
        if known is None:
            return None
        return next(
            (
                e
                for e in self.lookup(known.name)
                if e.feature == "country" and e.country == known.alpha2
            ),
            None,
        )

    def __iter__(self) -> Iterator[Entry]:
        for row in self.con.execute("SELECT * FROM place"):
            yield Entry(*row[:-1], capital=bool(row[-1]))  # type: ignore[misc]

    def stats(self) -> dict[str, int]:
        places = self.con.execute("SELECT COUNT(*) FROM place").fetchone()[0]
        names = self.con.execute("SELECT COUNT(*) FROM name").fetchone()[0]
        return {"places": places, "names": names, "bytes": self.path.stat().st_size}


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer for this process (built on first use)."""
    return Gazetteer()
