"""A trigger whose subject is a thing, a measure or a disaster, or an ASSAULT in a disaster or
sports scene with no party as subject, is no event; a party doing the same verb is one."""

from __future__ import annotations

import pytest

from .event_records import events


def types(text: str) -> set[str]:
    found, _ = events(text)
    return {e["type"] for e in found}


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("The governor's approval rating declined sharply last month.", "REJECT"),
        ("The new payment software can quit without warning on older laptops.", "RETREAT"),
        ("The approval rating remains high, though it has declined since May.", "REJECT"),
        ("The economy retreated for a second quarter, figures showed on Monday.", "RETREAT"),
        (
            "The boxer attacked his rival in the third round of the title bout on Saturday.",
            "ASSAULT",
        ),
    ],
)
def test_thing_or_scene_is_no_event(text: str, type_: str) -> None:
    assert type_ not in types(text)


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("The parliament rejected the budget proposal on Tuesday.", "REJECT"),
        ("The army said it has retreated from the town.", "RETREAT"),
        ("Rebel fighters retreated from the town on Sunday.", "RETREAT"),
        ("The army delivered food aid to the flooded villages on Monday.", "AID"),
        ("A car bomb killed three soldiers in the capital on Monday.", "ASSAULT"),
        (
            "Soldiers attacked protesters in the capital on Saturday after the championship.",
            "ASSAULT",
        ),
    ],
)
def test_party_doing_the_same_is_kept(text: str, type_: str) -> None:
    assert type_ in types(text)
