"""Synthetic inputs for the store's tests and benchmarks (no real article text anywhere).

``contract_doc`` builds an output-contract dict by hand, so resolution can be tested without
the extraction pipeline; ``generate_articles`` writes short template wire stories with
invented names (for the ingest benchmark and the kill -9 test); ``bulk_canonical_events``
fills the canonical table directly for query-speed benchmarks.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from dateline.store.db import Store

CITIES = [
    ("Baidoa", "SO", 3.11, 43.65),
    ("Kismayo", "SO", -0.36, 42.55),
    ("Zaria", "NG", 11.11, 7.72),
    ("Maiduguri", "NG", 11.85, 13.16),
    ("Goma", "CD", -1.68, 29.22),
    ("Bunia", "CD", 1.56, 30.25),
    ("Mopti", "ML", 14.49, -4.2),
    ("Gao", "ML", 16.27, -0.04),
    ("Kassala", "SD", 15.45, 36.4),
    ("Homs", "SY", 34.73, 36.71),
    ("Mosul", "IQ", 36.34, 43.13),
    ("Aden", "YE", 12.78, 45.04),
    ("Quetta", "PK", 30.18, 66.99),
    ("Cucuta", "CO", 7.89, -72.5),
    ("Sittwe", "MM", 20.15, 92.9),
]
FIRST = [
    "Amina",
    "Yusuf",
    "Carlos",
    "Leila",
    "Omar",
    "Grace",
    "Tomas",
    "Nadia",
    "Ibrahim",
    "Rosa",
    "Kofi",
    "Mariam",
    "Pedro",
    "Farah",
    "Samuel",
    "Aisha",
]
LAST = [
    "Haddad",
    "Okafor",
    "Mendez",
    "Rahimi",
    "Kamara",
    "Diallo",
    "Novak",
    "Suleiman",
    "Castillo",
    "Bello",
    "Mensah",
    "Farouk",
    "Ortega",
    "Nasser",
    "Achieng",
    "Toure",
]
GROUPS = [
    "the Red Valley Movement",
    "the Northern Shield Front",
    "the Free Highlands Army",
    "the River Coast Brigade",
    "the Eastern Dawn Union",
]
OUTLETS = [
    "harborwire.example",
    "meridianpress.example",
    "continentalnews.example",
    "dailyledger.example",
]
TYPES = ["ASSAULT", "PROTEST", "COERCE", "CONSULT", "AGREE", "MOBILIZE", "AID", "REQUEST"]
TEMPLATES = [
    "{city_up} ({outlet}) - Gunmen from {group} attacked a police post in {city} on {weekday}, "
    'killing {n} officers, local officials said. "We will not be intimidated," police '
    "commander {person} told reporters. The attack was the {ordinal} in the area this month.",
    "{city_up} ({outlet}) - About {big} people marched in {city} on {weekday} to demand higher "
    "wages, organizers said. Union leader {person} said the protest would continue until the "
    "government met their demands. Police said {n} people were detained.",
    "{city_up} ({outlet}) - Officials from {group} and the regional government met in {city} "
    'on {weekday} to discuss a ceasefire, mediator {person} said. "Both sides showed goodwill,'
    '" {last} said, adding that {n} prisoners could be released within a month.',
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = ["second", "third", "fourth", "fifth"]


def generate_articles(
    n: int, seed: int = 7, start: date = date(2024, 1, 1)
) -> list[dict[str, Any]]:
    """``n`` distinct short news-please style records built from templates (invented names)."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        city, _, _, _ = rng.choice(CITIES)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        day = start + timedelta(days=rng.randrange(365))
        text = rng.choice(TEMPLATES).format(
            city_up=city.upper(),
            city=city,
            outlet=rng.choice(OUTLETS).split(".")[0],
            group=rng.choice(GROUPS),
            weekday=WEEKDAYS[day.weekday()],
            n=rng.randint(2, 40),
            big=rng.randint(2, 90) * 100,
            person=f"{first} {last}",
            last=last,
            ordinal=rng.choice(ORDINALS),
        )
        records.append(
            {
                "title": f"Report {i} from {city}",
                "maintext": f"{text} (Ref {i}.)",
                "date_publish": f"{day.isoformat()} 12:00:00",
                "source_domain": rng.choice(OUTLETS),
                "url": f"https://example.org/{i}",
            }
        )
    return records


# --------------------------------------------------------------------------- contract dicts
def entity(
    ident: str,
    name: str,
    type_: str = "PERSON",
    country: str | None = None,
    aliases: list[str] | None = None,
    sector: str | None = None,
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": name,
        "type": type_,
        "aliases": aliases or [],
        "roles": [],
        "country": country,
        "sector": sector,
        "mentions": [],
    }


def place(
    ident: str,
    name: str,
    country: str | None,
    lat: float | None = None,
    lon: float | None = None,
    feature: str = "city",
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": name,
        "aliases": [],
        "country": country,
        "admin1": None,
        "feature": feature,
        "geonames_id": None,
        "lat": lat,
        "lon": lon,
        "mentions": [],
    }


def event(
    ident: str,
    type_: str,
    when: str | None,
    actors: list[str] | None = None,
    targets: list[str] | None = None,
    where: str | None = None,
    fatalities: float | None = None,
    status: str = "occurred",
    trigger: tuple[int, int] = (0, 1),
    sentence: tuple[int, int] = (0, 1),
    background: bool = False,
) -> dict[str, Any]:
    return {
        "id": ident,
        "type": type_,
        "mode": None,
        "trigger": {"start": trigger[0], "end": trigger[1], "text": ""},
        "sentence": {"start": sentence[0], "end": sentence[1]},
        "actors": actors or [],
        "targets": targets or [],
        "place": where,
        "date": {
            "value": when,
            "earliest": when,
            "latest": when,
            "precision": "day",
            "basis": "text",
        }
        if when
        else None,
        "counts": [],
        "fatalities": None
        if fatalities is None
        else {"what": "killed", "value": fatalities, "qualifier": None},
        "injured": None,
        "arrested": None,
        "status": status,
        "source": None,
        "background": background,
        "cameo_root": None,
        "acled_event_type": None,
        "acled_sub_event_type": None,
        "geo_precision": 1 if where else None,
        "time_precision": 1 if when else None,
    }


def contract_doc(
    text: str,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    places: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    quotes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An output-contract dict as ``Document.to_dict()`` would give it."""
    return {
        "schema_version": "1",
        "document": {
            "source": title or "<synthetic>",
            "url": None,
            "title": title,
            "outlet": outlet,
            "authors": [],
            "published": published,
            "published_basis": "metadata" if published else "none",
            "text": text,
            "boilerplate": [],
            "dateline": None,
        },
        "entities": entities or [],
        "places": places or [],
        "times": [],
        "quotes": quotes or [],
        "events": events or [],
        "commitments": [],
    }


# --------------------------------------------------------------------------- bulk rows
def bulk_canonical_events(
    store: Store, n: int, seed: int = 11, start: date = date(2020, 1, 1)
) -> None:
    """Insert ``n`` canonical events straight into the table (no articles): query benchmarks."""
    from dateline.store.write import alpha3

    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        city, country, lat, lon = rng.choice(CITIES)
        day = (start + timedelta(days=rng.randrange(5 * 365))).isoformat()
        low = rng.randint(0, 30)
        rows.append(
            {
                "id": i,
                "key": f"bench{i:08d}",
                "story_id": None,
                "type": rng.choice(TYPES),
                "mode": None,
                "status": "occurred",
                "event_date": day,
                "date_earliest": day,
                "date_latest": day,
                "time_precision": 1,
                "country": alpha3(country),
                "admin1": None,
                "location": city,
                "latitude": lat,
                "longitude": lon,
                "geo_precision": 1,
                "fatalities_low": low,
                "fatalities_best": low,
                "fatalities_high": low + rng.randint(0, 5),
                "actor1": rng.choice(GROUPS),
                "actor1_id": None,
                "actor1_country": None,
                "actor1_sector": None,
                "actor2": None,
                "actor2_id": None,
                "actor2_country": None,
                "actor2_sector": None,
                "actors": json.dumps([]),
                "targets": json.dumps([]),
                "acled_event_type": None,
                "acled_sub_event_type": None,
                "cameo_root": None,
                "n_sources": 1,
                "n_mentions": 1,
                "sources": json.dumps([rng.choice(OUTLETS)]),
                "notes": None,
            }
        )
    with store.transaction():
        for i in range(0, len(rows), 5000):
            store.insert_many("canonical_events", rows[i : i + 5000])
