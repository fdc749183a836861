"""How much one gazetteer entry is believed for one mention before the rest of the article is
read: its prior (population, feature) and the words right around the mention (a type word, a
container after a comma, the bare-name convention). :mod:`.resolve` adds the document context.
"""

from __future__ import annotations

import math

from dateline.places.gazetteer.index import CURATED_FEATURES, Entry
from dateline.places.mention import Mention
from dateline.places.settings import PlaceSettings


def prior(entry: Entry, settings: PlaceSettings) -> float:
    """What we believe before reading the context: big places and high-level features."""
    if entry.feature in CURATED_FEATURES:
        return settings.curated_prior  # Middle East, Sahel, Atlantic: rarely a namesake town
    bonus = {"country": settings.country_bonus, "admin1": settings.admin1_bonus}
    return math.log10(entry.population + 1) + bonus.get(entry.feature, 0.0)


def local_score(entry: Entry, m: Mention, settings: PlaceSettings) -> float:
    """Prior plus the mention's own clues."""
    score = prior(entry, settings) + hint_score(entry, m, settings)
    if entry.lat is None and entry.feature != "country":
        score -= settings.no_point_penalty
    return score


def hint_score(entry: Entry, m: Mention, settings: PlaceSettings) -> float:
    """Type words, a container after a comma, and the bare-name convention."""
    score = 0.0
    if m.hint:
        match = entry.feature == m.hint
        score += settings.type_word_match if match else settings.type_word_mismatch
    elif (
        entry.feature == "city"
        and entry.population >= settings.bare_city_min_population
        and any(e.feature == "admin1" and e.country == entry.country for e in m.candidates)
        and not any(e.feature == "country" for e in m.candidates)
    ):
        score += settings.bare_city_bonus  # bare "Mopti" / "Washington": the city
    if m.country_hint:
        match = entry.country == m.country_hint
        score += settings.country_hint_match if match else settings.country_hint_mismatch
    if m.admin1_hint and entry.admin1 == m.admin1_hint:
        score += settings.admin1_hint_match
    return score
