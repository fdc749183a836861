"""Events on sentences written for these tests: type, actors, targets, status, numbers."""

from __future__ import annotations

import pytest

from dateline import extract
from dateline.events import acled_codes

PUBLISHED = "2021-05-05"  # a Wednesday


def events(text: str, published: str = PUBLISHED) -> tuple[list[dict], dict[str, str]]:
    out = extract(text, published=published).to_dict()
    names = {e["id"]: e["name"] for e in out["entities"]}
    names.update({p["id"]: p["name"] for p in out["places"]})
    return out["events"], names


def only(text: str) -> tuple[dict, dict[str, str]]:
    found, names = events(text)
    assert len(found) == 1, found
    return found[0], names


def named(refs: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(r, r).lower() for r in refs]


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("The government signed a ceasefire agreement with the rebels.", "AGREE"),
        ("President Maria Lopez met Prime Minister John Smith in Paris.", "CONSULT"),
        ("Police arrested 30 protesters in the capital.", "COERCE"),
        ("The minister urged the rebels to lay down their arms.", "REQUEST"),
        ("Thousands of students protested against the government.", "PROTEST"),
        ("The United Nations condemned the attack on civilians.", "ACCUSE"),
        ("The rebels threatened to attack the capital.", "THREATEN"),
        ("The rebels rejected the government's offer.", "REJECT"),
        ("The army withdrew its troops from the border town.", "RETREAT"),
        ("Gunmen killed nine villagers near the market.", "ASSAULT"),
        ("The European Union imposed sanctions on the junta.", "SANCTION"),
        ("The army deployed troops to the border.", "MOBILIZE"),
    ],
)
def test_types(text, type_):
    found, _ = events(text)
    assert [e["type"] for e in found] == [type_]


def test_light_verb_gives_one_event_on_the_noun():
    ev, names = only("The air force conducted an airstrike against the militants.")
    assert ev["type"] == "ASSAULT" and ev["mode"] == "aerial"
    assert ev["trigger"]["text"] == "airstrike"
    assert named(ev["targets"], names) == ["militants"]
    assert ev["acled_sub_event_type"] == "Air/drone strike"


def test_actor_and_target_from_subject_and_object():
    ev, names = only("Rebels attacked an army base in Kandahar on Monday, killing 15 soldiers.")
    assert named(ev["actors"], names) == ["rebels"]
    assert "soldiers" in named(ev["targets"], names)
    assert ev["date"]["value"] == "2021-05-03"


def test_passive_has_target_and_no_actor():
    ev, names = only("At least 20 soldiers were killed in two separate attacks.")
    assert ev["actors"] == []
    assert named(ev["targets"], names) == ["soldiers"]
    assert ev["fatalities"] == {"what": "killed", "value": 20.0, "qualifier": "at_least"}
    assert 2 in [c["value"] for c in ev["counts"]]


def test_wounded_are_counted():
    ev, _ = only("Rebels attacked a checkpoint, killing 4 soldiers and wounding 7.")
    assert ev["fatalities"]["value"] == 4
    assert ev["injured"]["value"] == 7


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The army did not withdraw its troops from the border.", "negated"),
        ("The president plans to meet the rebel leaders.", "planned"),
        ("The rebels will attack the capital.", "planned"),
        ("If the talks fail, the army could attack the rebels.", "hypothetical"),
        ("The army attacked the rebels.", "occurred"),
    ],
)
def test_status(text, status):
    found, _ = events(text)
    assert [e["status"] for e in found] == [status]


def test_reported_event_takes_the_speaker_as_source():
    ev, names = only("Gunmen killed nine villagers, police spokesman Ali Musa said.")
    assert names.get(ev["source"]) == "Ali Musa"
    assert ev["status"] == "occurred"  # reported speech is not a negation or a hypothesis


def test_background_event_keeps_its_own_year():
    text = "The army invaded the neighbouring country in 2003. Rebels attacked it today."
    found, _ = events(text)
    old = [e for e in found if e["trigger"]["text"] == "invaded"]
    assert old and old[0]["background"]
    assert old[0]["date"]["earliest"] == "2003-01-01"


def test_repeated_mention_is_one_event():
    text = (
        "The air force conducted an airstrike against the militants on Monday. "
        "A spokesman confirmed the airstrike."
    )
    found, _ = events(text)
    assert [e["type"] for e in found] == ["ASSAULT"]


def test_speech_verbs_are_not_events():
    found, _ = events("The minister said the economy was growing.")
    assert found == []


def test_acled_codes_for_civilian_targets_and_riots():
    assert acled_codes("ASSAULT", None, "CVL") == ("Violence against civilians", "Attack")
    assert acled_codes("PROTEST", "riot", None) == ("Riots", "Violent demonstration")
    assert acled_codes("CONSULT", None, None) is None


@pytest.mark.parametrize(
    "text",
    ["The army denied attacking the village.", "The rebels denied that they had shelled the town."],
)
def test_denial_negates_the_denied_event(text):
    found, _ = events(text)
    assert [(e["type"], e["status"]) for e in found] == [("ASSAULT", "negated")]


def test_denial_of_a_thing_is_a_rejection():
    found, _ = events("The government denied entry to the journalists.")
    assert [e["type"] for e in found] == ["REJECT"]


def test_content_of_a_request_is_not_a_second_event():
    found, _ = events("The envoy called on the militia to stop its attacks on the town.")
    assert [e["type"] for e in found] == ["REQUEST"]


def test_announced_curfew_starting_later_is_planned():
    found, _ = events("The governor announced a curfew starting on May 20.")
    assert [(e["type"], e["mode"], e["status"]) for e in found] == [("COERCE", "curfew", "planned")]


def test_retold_event_takes_the_first_accounts_place_and_day():
    text = (
        "KASSALA, Sudan (Reuters) - Gunmen attacked a police station in Wad Sharifey late "
        "Saturday, killing at least five police officers, officials said.\n\n"
        "A rebel group said later that its fighters had killed 14 police officers."
    )
    found, names = events(text)
    assaults = [e for e in found if e["type"] == "ASSAULT"]
    assert len(assaults) == 2
    first, retold = assaults
    assert retold["place"] == first["place"]
    assert retold["date"]["value"] == first["date"]["value"]
    assert retold["date"]["basis"] == "coreference"
