"""A mention counted apart from an earlier one ("a second march", "another attack") is an
occasion of its own: it never merges into the event told before, stands although it names
no party, and a series continues its earlier event's actors.

Every sentence here was written by the team for these tests."""

from __future__ import annotations

from .event_records import events


def _of_type(text: str, type_: str) -> tuple[list[dict], dict[str, str]]:
    found, names = events(text)
    return [e for e in found if e["type"] == type_], names


def test_a_second_march_is_planned_apart_from_the_first():
    text = (
        "Hundreds of workers marched through Harwick on Saturday against the closure of the "
        "plant. A second march is planned for next Saturday."
    )
    marches, names = _of_type(text, "PROTEST")
    assert [m["status"] for m in marches] == ["occurred", "planned"]
    assert [[names.get(a, a) for a in m["actors"]] for m in marches] == [["workers"]] * 2


def test_another_attack_is_not_the_attack_told_before():
    text = (
        "Gunmen attacked a police post in Tarvin on Monday. Another attack followed within "
        "hours, the army said."
    )
    attacks, _ = _of_type(text, "ASSAULT")
    assert [a["trigger"]["text"] for a in attacks] == ["attacked", "attack"]


def test_the_march_told_again_is_the_same_march():  # control: a plain back-reference merges
    text = (
        "Hundreds of workers marched through Harwick on Saturday against the closure of the "
        "plant. The march ended peacefully at the town hall."
    )
    marches, _ = _of_type(text, "PROTEST")
    assert len(marches) == 1


def test_an_act_someone_was_forced_into_is_an_event_of_its_own():
    """ "hurled stones, forcing the police to open fire": the firing is caused by the riot,
    not the content of it, and it happened."""
    text = "The rival groups hurled stones for two hours, forcing the police to open fire."
    found, names = events(text)
    (firing,) = [e for e in found if e["type"] == "ASSAULT"]
    assert [names.get(a, a) for a in firing["actors"]] == ["police"]
    assert firing["status"] == "occurred"


def test_what_a_blockade_demands_stays_its_content():  # control: "demanding" is no causative
    text = (
        "The rival groups blocked the highway for two hours, demanding that the police release "
        "the detainees."
    )
    found, _ = events(text)
    assert not [e for e in found if e["type"] == "RETREAT"]
