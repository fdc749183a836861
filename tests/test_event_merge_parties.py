"""Merging needs compatible parties: an act by one party is not folded into another's.

Sentences written for these tests."""

from __future__ import annotations

import pytest

from .event_records import events


def _mentions(text: str, ev: dict) -> list[str]:
    return [text[m["start"] : m["end"]] for m in ev["mentions"]]


def test_victim_only_account_does_not_join_an_actor_only_event() -> None:
    text = (
        "Police fired on a crowd in Ramnagar on Tuesday, killing two men. "
        "A student was stabbed to death near the bus stand."
    )
    evs, names = events(text)
    police = [e for e in evs if any(names.get(a) == "Police" for a in e["actors"])]
    assert police and all("stabbed" not in _mentions(text, e) for e in police)


def test_back_reference_still_joins_the_event() -> None:  # control
    text = (
        "Police fired on a crowd in Ramnagar on Tuesday, killing two men. "
        "The firing drew protests from residents."
    )
    evs, names = events(text)
    assault = [e for e in evs if e["type"] == "ASSAULT"]
    assert len(assault) == 1 and "firing" in _mentions(text, assault[0])


def test_same_party_in_the_same_role_still_joins() -> None:  # control
    text = (
        "Police fired on a crowd in Ramnagar on Tuesday. "
        "Later, police fired on the same crowd again near the bridge."
    )
    evs, _ = events(text)
    assert len([e for e in evs if e["type"] == "ASSAULT"]) == 1


def test_groups_of_two_sectors_in_one_country_are_two_parties() -> None:
    text = (
        "NEW DELHI - Indian police fired on protesters in Ramnagar on Tuesday. "
        "Indian soldiers fired on protesters in Ramnagar on Tuesday."
    )
    evs, _ = events(text)
    assert len([e for e in evs if e["type"] == "ASSAULT"]) == 2


def test_groups_of_one_sector_in_one_country_may_be_one_party() -> None:  # control
    text = (
        "NEW DELHI - Indian police fired on protesters in Ramnagar on Tuesday. "
        "Indian officers fired on protesters in Ramnagar on Tuesday."
    )
    evs, _ = events(text)
    assert len([e for e in evs if e["type"] == "ASSAULT"]) == 1


def test_an_account_with_its_own_actor_does_not_join_a_partyless_toll() -> None:
    text = (
        "Men with rifles roamed the lanes and in one case a bomb was reportedly used, killing "
        "three men at once. On Friday, police fired in the air to break up a scuffle between "
        "rival traders near the fort."
    )
    evs, names = events(text)
    police = [e for e in evs if any(names.get(a) == "police" for a in e["actors"])]
    assert police and all(e["fatalities"] is None for e in police)
    assert len([e for e in evs if e["type"] == "ASSAULT"]) == 2


def test_a_partyless_account_joins_one_at_the_same_place() -> None:  # control
    text = (
        "Police fired on a crowd in Ramnagar on Monday. "
        "Shots were fired in Ramnagar for an hour before the crowd broke up."
    )
    evs, _ = events(text)
    assert len([e for e in evs if e["type"] == "ASSAULT"]) == 1


def test_a_pronoun_party_is_a_party_for_merging() -> None:  # control: "we signed" retells
    text = (
        "The council and the government reached a deal on the road last year. "
        "\u201cWe signed because we believed the road would come first,\u201d an elder said."
    )
    evs, _ = events(text)
    assert len([e for e in evs if e["type"] == "AGREE"]) == 1


def test_the_doers_of_one_act_hit_in_another_are_two_events() -> None:
    text = "Guards said two of the gunmen who attacked the depot in Ramnagar were killed."
    evs, names = events(text)
    assault = [e for e in evs if e["type"] == "ASSAULT"]
    assert len(assault) == 2
    doers = [e for e in assault if any(names.get(a) == "gunmen" for a in e["actors"])]
    assert doers and all(e["fatalities"] is None for e in doers)


@pytest.mark.parametrize(
    "text",
    [
        "Police broke up a protest outside the ministry in Ramnagar.",
        "Troops crushed the protest in Ramnagar on Monday.",
    ],
)
def test_who_stops_an_event_did_not_do_it(text: str) -> None:
    evs, names = events(text)
    found = [e for e in evs if e["type"] == "PROTEST"]
    assert found and all(not e["actors"] for e in found)


def test_who_holds_an_event_did_it() -> None:  # control: a verb of taking part
    evs, names = events("Farmers held a protest outside the ministry in Ramnagar.")
    found = [e for e in evs if e["type"] == "PROTEST"]
    assert found and any(names.get(a) == "Farmers" for e in found for a in e["actors"])


def test_coordinated_acts_whose_parties_differ_are_two() -> None:
    text = "Two traders were stabbed to death in Ramnagar and police fired in the air near a fort."
    evs, names = events(text)
    police = [e for e in evs if any(names.get(a) == "police" for a in e["actors"])]
    assert police and all(e["fatalities"] is None for e in police)


def test_an_act_and_the_act_it_happened_in_are_one() -> None:  # control: one inside the other
    evs, names = events("Two men were killed in Ramnagar when police fired on the crowd.")
    police = [e for e in evs if any(names.get(a) == "police" for a in e["actors"])]
    assert [(e["fatalities"] or {}).get("value") for e in police] == [2]
