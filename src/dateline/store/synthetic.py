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


# --------------------------------------------------------------------------- synthetic stores
HEADLINES = {
    "ASSAULT": [
        "{group_title} gunmen attack {city} police post, {n} killed",
        "Attack on police in {city} leaves {n} dead",
        "{n} officers killed as militants strike {city}",
    ],
    "PROTEST": [
        "Thousands march in {city} over wages",
        "{city} workers rally, demand pay rise",
        "Protest in {city} enters its second day",
    ],
    "CONSULT": [
        "{group_title} and government meet in {city} for truce talks",
        "Ceasefire talks open in {city}",
        "Mediator {person} hosts {city} peace talks",
    ],
}
LEADS = {
    "ASSAULT": [
        "Gunmen from {group} attacked a police post in {city} on {weekday}, killing {n} "
        "officers, local officials said.",
        "{n} policemen died when fighters of {group} stormed their station in {city} on {weekday}.",
        "Militants struck {city} on {weekday}; the death toll stood at {n}, a hospital "
        "source said.",
    ],
    "PROTEST": [
        "About {big} people marched through {city} on {weekday} demanding higher wages, "
        "union leader {person} said.",
        "Dock and factory workers filled the streets of {city} on {weekday}, organiser "
        "{person} said.",
        "Crowds gathered in {city} on {weekday} as a strike called by {person} spread.",
    ],
    "CONSULT": [
        "Envoys of {group} and the regional government met in {city} on {weekday} to "
        "discuss a ceasefire, mediator {person} said.",
        "Negotiators sat down in {city} on {weekday}, with {person} chairing the first session.",
        "Talks between {group} and officials began in {city} on {weekday}.",
    ],
}
BODIES = [
    "{person} told reporters the situation in {city} remained tense.",
    "Residents described scenes of confusion in the {district} district.",
    "More information would follow a review by {office}, officials said.",
]
GROUP_KINDS = ["Front", "Movement", "Brigade", "Union", "Army", "Council", "League"]
DISTRICTS = ["Harbour", "Old Market", "Riverside", "Northgate", "Hillcrest", "Saltworks"]
SYLLABLES = ["ka", "lo", "mu", "ndi", "ra", "se", "to", "wa", "zi", "bo", "fe", "gu", "ha", "ji"]
DETAILS = [
    "{word} checkpoint",
    "{word} bridge",
    "the {word} road",
    "{word} market",
    "the {word} barracks",
    "{word} junction",
    "the {word} camp",
    "{word} hospital",
]
OFFICES = ["the interior ministry", "the regional council", "the security committee"]


def synthetic_documents(
    n: int, seed: int = 5, start: date = date(2024, 1, 1), per_day: int = 100
) -> list[dict[str, Any]]:
    """``n`` contract dicts as ``Document.to_dict()`` gives them, about ``per_day`` per day
    from ``start`` (a store grows by accumulating days, not by denser days), reporting real
    events of three kinds: about a third of the articles report an event another outlet
    also covers, with their own wording, figures and sometimes a coarser place or date.
    Names are invented; places are real towns so that distances mean something."""
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    first = 0  # events created before this index are too old to be reported again
    for i in range(n):
        day = start + timedelta(days=i // max(1, per_day))
        # An event's day is the day it was created or the one before, so those created
        # three or more days ago can never be within two days: skip them (linear, not
        # quadratic, in ``n``; the same list, in the same order, as scanning every event).
        while first < len(events) and (day - events[first]["created"]).days > 2:
            first += 1
        recent = [e for e in events[first:] if (day - e["day"]).days <= 2]
        if recent and rng.random() < 0.35:
            real = rng.choice(recent)
        else:
            city, country, lat, lon = rng.choice(CITIES)
            real = {
                "type": rng.choice(sorted(HEADLINES)),
                "day": day - timedelta(days=rng.choice([0, 0, 1])),
                "city": (city, country, lat, lon),
                "group": _invented(rng, "the {word} " + rng.choice(GROUP_KINDS)),
                "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "n": rng.randint(2, 40),
                "id": len(events),
                "created": day,
                # What every report of this event mentions and no other event does.
                "details": [_invented(rng, d) for d in rng.sample(DETAILS, 3)],
            }
            events.append(real)
        docs.append(_report(rng, real, day, i))
    return docs


def _invented(rng: random.Random, pattern: str) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return pattern.format(word=word)


def _report(rng: random.Random, real: dict[str, Any], day: date, i: int) -> dict[str, Any]:
    city, country, lat, lon = real["city"]
    values = {
        "city": city,
        "group": real["group"],
        "group_title": real["group"].replace("the ", "").title(),
        "person": real["person"],
        "weekday": WEEKDAYS[real["day"].weekday()],
        "n": real["n"] + rng.choice([0, 0, 1, 2, -1]),
        "big": rng.randint(2, 90) * 100,
        "district": rng.choice(DISTRICTS),
        "office": rng.choice(OFFICES),
    }
    title = rng.choice(HEADLINES[real["type"]]).format(**values)
    lead = rng.choice(LEADS[real["type"]]).format(**values)
    body = rng.choice(BODIES).format(**values)
    details = rng.sample(real["details"], 2)
    body = f"It happened near {details[0]}, close to {details[1]}. {body}"
    text = f"{lead} {body} [{i}]"
    when = real["day"].isoformat() if rng.random() < 0.8 else None
    coarse = rng.random() < 0.15
    where = place(
        "p1", country if coarse else city, country, lat, lon, "country" if coarse else "city"
    )
    if coarse:
        where["name"] = {"SO": "Somalia", "NG": "Nigeria", "CD": "Congo"}.get(country, country)
    start_group = text.find(real["group"])
    start_person = text.find(real["person"])
    ents = [
        entity("e1", real["group"].replace("the ", ""), "ORG"),
        entity("e2", real["person"], "PERSON", aliases=[real["person"].split()[-1]]),
    ]
    if start_group >= 0:
        ents[0]["mentions"] = [{"start": start_group, "end": start_group + len(real["group"])}]
    if start_person >= 0:
        ents[1]["mentions"] = [{"start": start_person, "end": start_person + len(real["person"])}]
    main = event(
        "v1",
        real["type"],
        when,
        actors=["e1"] if real["type"] != "PROTEST" else [],
        targets=[],
        where="p1",
        fatalities=values["n"] if real["type"] == "ASSAULT" else None,
        trigger=(0, 5),
        sentence=(0, len(lead)),
    )
    if when is None:
        main["date"] = {
            "value": day.isoformat(),
            "earliest": None,
            "latest": day.isoformat(),
            "precision": "week",
            "basis": "publication",
        }
    evs = [main]
    if rng.random() < 0.3:
        evs.append(
            event(
                "v2",
                "ACCUSE",
                day.isoformat(),
                actors=["e2"],
                trigger=(len(lead) + 1, len(lead) + 5),
            )
        )
    doc = contract_doc(
        text,
        published=day.isoformat(),
        title=title,
        outlet=rng.choice(OUTLETS),
        entities=ents,
        places=[where],
        events=evs,
    )
    doc["document"]["source"] = f"synthetic-{i}"
    return doc
