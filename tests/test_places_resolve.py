"""The resolver and its nearest-place index on invented gazetteer entries (no model, no
gazetteer file): what the article's other places do to a reading."""

from __future__ import annotations

import dataclasses
import random

from dateline.places.candidates import km
from dateline.places.gazetteer.index import Entry
from dateline.places.mention import Mention
from dateline.places.nearness import PointIndex
from dateline.places.resolve import Resolver
from dateline.places.settings import PlaceSettings


def entry(
    id: int, name: str, country: str, lat: float, lon: float, population: int, admin1: str = "A"
) -> Entry:
    return Entry(id, name, "city", country, admin1, lat, lon, population, id)


def mention(name: str, start: int, *candidates: Entry, sent: int = 0) -> Mention:
    return Mention(start, start + len(name), name, name, sent, candidates=candidates)


def test_a_small_far_reading_nothing_links_is_dropped() -> None:
    # three towns of one invented region, and a name whose only namesake is a village on
    # another continent
    towns = [
        mention(f"Town{k}", 10 * k, entry(k, f"Town{k}", "AA", 10.0 + k / 10, 20.0, 50_000))
        for k in range(3)
    ]
    village = mention("Vale", 100, entry(9, "Vale", "ZZ", -40.0, -120.0, 800))
    Resolver([*towns, village], PlaceSettings()).resolve()
    assert village.chosen is None
    assert village.country == "AA"  # its country is still read from the article
    assert all(m.chosen is not None for m in towns)


def test_a_big_far_city_or_a_small_near_one_keeps_its_reading() -> None:
    towns = [
        mention(f"Town{k}", 10 * k, entry(k, f"Town{k}", "AA", 10.0 + k / 10, 20.0, 50_000))
        for k in range(3)
    ]
    city = mention("Metro", 100, entry(8, "Metro", "ZZ", -40.0, -120.0, 2_000_000))
    hamlet = mention("Nook", 120, entry(9, "Nook", "AA", 10.5, 20.5, 300))
    Resolver([*towns, city, hamlet], PlaceSettings()).resolve()
    assert city.chosen is not None and city.chosen.id == 8
    assert hamlet.chosen is not None and hamlet.chosen.id == 9


def test_a_far_national_capital_keeps_its_reading_over_a_near_namesake() -> None:
    # an invented capital on another continent, and its small namesake among the story's
    # towns that the article's context lifts to within the coherence margin of it
    capital = Entry(30, "Kingsport", "city", "ZZ", "Z", -40.0, -120.0, 8_000_000, 30, True)
    namesake = entry(31, "Kingsport", "AA", 10.1, 20.1, 1_000, admin1="B")
    towns = [
        mention(f"Town{k}", 10 * k, entry(k, f"Town{k}", "AA", 10.0 + k / 10, 20.0, 50_000))
        for k in range(3)
    ]
    name = mention("Kingsport", 100, capital, namesake, sent=20)
    Resolver([*towns, name], PlaceSettings()).resolve()
    assert name.chosen == capital
    # the same far city when it is not a capital gives way to the near namesake
    city = dataclasses.replace(capital, capital=False)
    name = mention("Kingsport", 100, city, namesake, sent=20)
    Resolver([*towns, name], PlaceSettings()).resolve()
    assert name.chosen == namesake


def test_the_point_index_finds_the_nearest_point_of_another_tag_within_its_radius() -> None:
    rng = random.Random(7)
    for radius in (100.0, 200.0, 2000.0):
        for _ in range(40):
            lat0, lon0 = rng.uniform(-89.0, 89.0), rng.uniform(-180.0, 180.0)
            spread = radius / 40
            points = [
                Entry(
                    i,
                    f"P{i}",
                    "city",
                    "AA",
                    None,
                    max(-90.0, min(90.0, lat0 + rng.uniform(-spread, spread))),
                    (lon0 + rng.uniform(-3 * spread, 3 * spread) + 180.0) % 360.0 - 180.0,
                    1,
                    None,
                )
                for i in range(40)
            ]
            index = PointIndex(radius)
            for p in points:
                index.add(p, str(p.id % 5))
            for q in points[:10]:
                tag = str(q.id % 5)
                distances = [km(q, p) for p in points if str(p.id % 5) != tag]
                want = min((d for d in distances if d is not None and d <= radius), default=None)
                assert index.nearest(q, exclude=tag) == want


def _story_towns() -> list[Mention]:
    return [
        mention(f"Town{k}", 10 * k, entry(k, f"Town{k}", "AA", 10.0 + k / 10, 20.0, 50_000))
        for k in range(3)
    ]


def _namesakes() -> tuple[Entry, Entry]:
    famous = entry(20, "Oldbridge", "BB", 50.0, 0.0, 150_000, admin1="B")
    local = entry(21, "Oldbridge", "AA", 10.2, 20.3, 110_000)
    return famous, local


def test_a_toponym_inside_a_name_takes_the_famous_namesake_not_the_storys() -> None:
    famous, local = _namesakes()
    inside = mention("Oldbridge", 100, famous, local)
    inside.use = "embedded"  # "the Oldbridge Institute"
    Resolver([*_story_towns(), inside], PlaceSettings()).resolve()
    assert inside.chosen == famous
    alone = mention("Oldbridge", 100, famous, local)  # the same name as a place
    Resolver([*_story_towns(), alone], PlaceSettings()).resolve()
    assert alone.chosen == local


def test_a_toponym_inside_a_name_follows_the_names_use_as_a_place() -> None:
    famous, local = _namesakes()
    place = mention("Oldbridge", 100, famous, local)
    inside = mention("Oldbridge", 140, famous, local)
    inside.use = "embedded"
    Resolver([*_story_towns(), place, inside], PlaceSettings()).resolve()
    assert place.chosen == local and inside.chosen == local


def test_the_first_part_of_a_two_part_country_name_follows_the_country() -> None:
    # an invented country "Alba and Bora" named whole, then by its first part alone, whose
    # namesakes are towns elsewhere; a later name not a first part keeps its reading
    country = Entry(1, "Alba and Bora", "country", "AB", None, 10.0, 20.0, 900_000, 1)
    whole = mention("Alba and Bora", 0, country)
    part = mention("Alba", 40, entry(2, "Alba", "ZZ", -40.0, -120.0, 60_000))
    other = mention("Bora", 60, entry(3, "Bora", "ZZ", -40.0, -120.5, 60_000))
    Resolver([whole, part, other], PlaceSettings(), joiners=frozenset({"and"})).resolve()
    assert part.chosen is not None and part.chosen.id == 1
    assert part.reason == "discourse"
    assert other.chosen is not None and other.chosen.id == 3


def test_a_first_part_written_before_the_whole_name_keeps_its_own_reading() -> None:
    country = Entry(1, "Alba and Bora", "country", "AB", None, 10.0, 20.0, 900_000, 1)
    part = mention("Alba", 0, entry(2, "Alba", "ZZ", -40.0, -120.0, 60_000))
    whole = mention("Alba and Bora", 40, country)
    Resolver([part, whole], PlaceSettings(), joiners=frozenset({"and"})).resolve()
    assert part.chosen is not None and part.chosen.id == 2
