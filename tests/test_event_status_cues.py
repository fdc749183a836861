"""Acts said not to have happened: "no arrests were made", "was not able to arrest", "were
unable to detain"; and the ones that did ("did not hesitate to fire", "was able to arrest").

Every sentence here was written by the team for these tests."""

from __future__ import annotations

import pytest

from .event_records import events


def _statuses(text: str, type_: str) -> list[str]:
    found, _ = events(text)
    return [e["status"] for e in found if e["type"] == type_]


@pytest.mark.parametrize(
    "text",
    [
        "No arrests have been made in the case so far.",
        "The guards made no arrests at the gate.",
        "The officers have not been able to arrest the smugglers.",
        "The officers were unable to arrest the smugglers.",
    ],
)
def test_an_arrest_said_not_to_have_happened_is_negated(text):
    assert _statuses(text, "COERCE") == ["negated"]


@pytest.mark.parametrize(
    "text",
    [
        "The officers were able to arrest the smugglers at the port.",
        "The officers arrested the smugglers after no delay.",
    ],
)
def test_an_arrest_that_happened_stays_occurred(text):
    assert _statuses(text, "COERCE") == ["occurred"]


@pytest.mark.parametrize(
    "text",
    [
        "Extra patrols prevented a riot in the old town on Friday.",
        "Talks between the elders averted a riot in the old town.",
    ],
)
def test_an_event_prevented_did_not_happen(text):
    assert "occurred" not in _statuses(text, "PROTEST")


@pytest.mark.parametrize(
    "text",
    [
        "The guards failed to prevent an attack on the depot in the old town.",  # two denials
        "The guards failed to stop the riot in the old town.",  # "fail" speaks of stopping
    ],
)
def test_an_event_that_was_not_stopped_happened(text):
    assert set(_statuses(text, "ASSAULT") + _statuses(text, "PROTEST")) == {"occurred"}


def test_a_coordinated_verb_is_no_governor():  # "open" governs "open to talks", not a sibling
    assert _statuses(
        "Police opened fire on the crowd in the old town and killed two men.", "ASSAULT"
    ) and set(
        _statuses("Police opened fire on the crowd in the old town and killed two men.", "ASSAULT")
    ) == {"occurred"}


def test_a_governor_above_coordinated_verbs_governs_both():  # control
    statuses = _statuses("The rebels plan to attack the depot and kill the guards.", "ASSAULT")
    assert statuses and set(statuses) == {"planned"}


@pytest.mark.parametrize(
    "text, status",
    [
        ("The army is going to withdraw from the town.", "planned"),
        ("The army is not going to withdraw from the town.", "negated"),
        ("The garrison was never going to withdraw from the town.", "negated"),
    ],
)
def test_going_to_says_a_plan_and_its_negation_denies_it(text, status):
    """ "going" is a cue by its form: its lemma "go" says nothing of the kind."""
    assert _statuses(text, "RETREAT") == [status]


def test_going_somewhere_is_no_plan():  # control: the motion verb's lemma is no cue
    assert _statuses("The army went to the town and withdrew its tanks.", "RETREAT") == ["occurred"]


@pytest.mark.parametrize(
    "text, type_, status",
    [
        ("Police will surround the camp and arrest the leaders.", "COERCE", "planned"),
        ("Police did not fire at the crowd or arrest anyone.", "COERCE", "negated"),
        ("The ministry said it would reopen the clinic and offer free treatment.", "AGREE", None),
    ],
)
def test_a_verb_coordinated_without_its_own_clause_shares_the_first_ones_status(
    text, type_, status
):
    """The conjunct has no subject or auxiliary of its own: "will", "did not" and "would"
    govern it as they govern the verb it is coordinated with (None: any status but occurred)."""
    statuses = _statuses(text, type_)
    assert statuses
    assert set(statuses) == {status} if status else "occurred" not in statuses


def test_a_coordinated_verb_with_its_own_subject_has_its_own_status():  # control
    text = "The guards will lock the gates, and the police arrested two men at the depot."
    assert _statuses(text, "COERCE") == ["occurred"]


def test_a_past_tense_conjunct_shares_no_modal():  # "would honour ... but accused": two clauses
    text = (
        "The commander said his unit would honour the truce but accused the police of arming gangs."
    )
    assert _statuses(text, "ACCUSE") == ["occurred"]
