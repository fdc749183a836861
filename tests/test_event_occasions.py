"""A mention counted apart from an earlier one ("a second march", "another attack") is an
occasion of its own: it never merges into the event told before, stands although it names
no party, and a series continues its earlier event's actors.

Every sentence here was written by the team for these tests."""

from __future__ import annotations

from .event_records import events


def _of_type(text: str, type_: str) -> tuple[list[dict], dict[str, str]]:
    found, names = events(text)
    return [e for e in found if e["type"] == type_], names


def test_a_second_rally_is_planned_apart_from_the_first():
    text = (
        "Farmers rallied in Harwick on Monday against the new grain tax. A second rally is "
        "planned for next Monday."
    )
    rallies, names = _of_type(text, "PROTEST")
    assert [m["status"] for m in rallies] == ["occurred", "planned"]
    assert [[names.get(a, a) for a in m["actors"]] for m in rallies] == [["Farmers"]] * 2


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
    """ "stoned the post, compelling the guards to fire on them": the firing is caused by the
    riot, not the content of it, and it happened."""
    text = "Rioters stoned the police post for an hour, compelling the guards to fire on them."
    found, names = events(text)
    (firing,) = [e for e in found if e["type"] == "ASSAULT"]
    assert [names.get(a, a) for a in firing["actors"]] == ["guards"]
    assert firing["status"] == "occurred"


def test_what_a_blockade_demands_stays_its_content():  # control: "demanding" is no causative
    text = (
        "The rival groups blocked the highway for two hours, demanding that the police release "
        "the detainees."
    )
    found, _ = events(text)
    assert not [e for e in found if e["type"] == "RETREAT"]
