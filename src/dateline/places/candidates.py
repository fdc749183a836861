"""How much one gazetteer entry is believed for one mention before the rest of the article is
read: its prior (population, feature) and the words right around the mention (a type word, a
container after a comma, the bare-name convention). :mod:`.resolve` adds the document context.
"""

from __future__ import annotations

import math

from dateline.places.gazetteer.index import CURATED_FEATURES, Entry
from dateline.places.mention import Mention
from dateline.places.settings import PlaceSettings

EARTH_RADIUS_KM = 6371.0088


def km(a: Entry, b: Entry) -> float | None:
    """Great-circle distance between two entries' points; None when one has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def prior(entry: Entry, settings: PlaceSettings) -> float:
    """What we believe before reading the context: big places and high-level features."""
    if entry.feature in CURATED_FEATURES:
        return settings.curated_prior  # Middle East, Sahel, Atlantic: rarely a namesake town
    if entry.feature == "country":  # asked of every candidate, often: no dict built per call
        bonus = settings.country_bonus
    else:
        bonus = settings.admin1_bonus if entry.feature == "admin1" else 0.0
    alias = 0.0 if entry.primary else settings.alias_penalty  # "Venice" is also Dayton's
    return math.log10(entry.population + 1) + bonus - alias


def local_score(entry: Entry, m: Mention, settings: PlaceSettings) -> float:
    """Prior plus the mention's own clues."""
    score = prior(entry, settings) + hint_score(entry, m, settings)
    if entry.lat is None and entry.feature != "country":
        score -= settings.no_point_penalty
    return score


def inside(entry: Entry, container: Entry, settings: PlaceSettings) -> bool:
    """Does ``container`` (a country, admin1 or admin2) hold ``entry``?"""
    if entry.country != container.country or entry.id == container.id:
        return False
    if container.feature == "country":
        return True
    if container.feature == "admin1":
        return entry.admin1 == container.name
    distance = km(entry, container)  # admin2 or city: same admin1, and near its point
    radius = settings.admin2_radius_km if container.feature == "admin2" else settings.city_radius_km
    return entry.admin1 == container.admin1 and distance is not None and distance <= radius


def hint_score(entry: Entry, m: Mention, settings: PlaceSettings) -> float:
    """Type words, a container after a comma, and the bare-name convention."""
    score = 0.0
    if m.hint:
        match = entry.feature == m.hint
        score += settings.type_word_match if match else settings.type_word_mismatch
    elif (
        entry.feature == "city"
        and entry.population >= settings.bare_city_min_population
        and not any(e.feature == "country" for e in m.candidates)
    ):
        namesakes = [
            e
            for e in m.candidates
            if e.feature == "admin1"
            and e.country == entry.country
            and (entry.capital or entry.admin1 == e.name)
        ]
        if namesakes:  # bare "Kayes" / "Washington": the city, just above its province
            gap = max(prior(e, settings) for e in namesakes) - prior(entry, settings)
            score += max(gap, 0.0) + settings.bare_city_margin
    if m.containers:
        if any(inside(entry, c, settings) for c in m.containers):
            score += settings.container_inside
        elif any(entry.country == c.country for c in m.containers):
            score += settings.country_hint_match
        else:
            score += settings.country_hint_mismatch
    elif m.country_hint:
        match = entry.country == m.country_hint
        score += settings.country_hint_match if match else settings.country_hint_mismatch
    if m.is_container and any(entry.id == c.id for c in m.container_of):
        score += settings.container_feature  # the ", Washington" of "Tacoma, Washington"
    return score
