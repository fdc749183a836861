"""Narrative time: an undated past act takes the day its paragraph named before it, not the
publication day (sentences written for these tests; names and places invented). Each rule has
its control: the same story where the day must not be lent."""

from __future__ import annotations

from dateline import extract

PUBLISHED = "2024-05-10"  # a Friday


def dates(text: str) -> dict[str, tuple[str | None, str]]:
    """Each event's trigger word -> (date value, basis)."""
    out = extract(text, published=PUBLISHED).to_dict()
    return {e["trigger"]["text"]: (e["date"]["value"], e["date"]["basis"]) for e in out["events"]}


def test_an_undated_act_takes_the_day_its_paragraph_named():
    found = dates(
        "The assembly of Varnia met on Wednesday. Opposition deputies demanded the"
        " resignation of the interior minister."
    )
    assert found["demanded"] == ("2024-05-08", "narrative")


def test_a_new_paragraph_lends_no_day():
    found = dates(
        "The assembly of Varnia met on Wednesday.\n\nOpposition deputies demanded the"
        " resignation of the interior minister."
    )
    assert found["demanded"] == ("2024-05-10", "publication")


def test_a_present_perfect_is_told_as_of_publication():
    found = dates(
        "Rebels attacked a convoy near Holm on Wednesday. At least forty people have been"
        " arrested by the police."
    )
    assert found["attacked"][0] == "2024-05-08"
    assert found["arrested"] == ("2024-05-10", "publication")


def test_a_day_that_opens_a_span_is_no_narrative_day():
    found = dates(
        "Strikers have camped outside the plant in Ostra since Tuesday. Police arrested"
        " twelve of the strikers."
    )
    assert found["arrested"] == ("2024-05-10", "publication")


def test_after_a_flashback_the_story_is_back_in_its_own_time():
    found = dates(
        "Deputies debated the riots in Varnia on Wednesday. The riots of 1998 had left"
        " hundreds dead. Deputies demanded an inquiry into the police response."
    )
    assert found["demanded"] == ("2024-05-08", "narrative")


def test_a_sentence_with_its_own_time_keeps_it():
    found = dates(
        "Gunmen stormed the depot on Wednesday. In the past 24 hours troops arrested six suspects."
    )
    assert found["arrested"][1] != "narrative"


def statuses(text: str) -> dict[str, tuple[str, str | None]]:
    """Each event's trigger word -> (status, date value)."""
    out = extract(text, published=PUBLISHED).to_dict()
    return {e["trigger"]["text"]: (e["status"], e["date"]["value"]) for e in out["events"]}


def test_a_past_act_is_no_plan_for_a_later_day_of_another_clause():
    found = statuses(
        "Police arrested 17 men in Holm minutes before they were to board the train on Monday."
    )
    assert found["arrested"] == ("occurred", "2024-05-10")


def test_a_day_the_act_is_told_to_happen_on_still_plans_it():  # control of the one above
    found = statuses("Police will arrest the smugglers in Holm on Monday.")
    assert found["arrest"][0] == "planned"


def test_an_end_date_in_the_future_does_not_date_the_act():
    found = statuses("The suspect was remanded to police custody in Holm till May 20.")
    assert found["remanded"] == ("occurred", "2024-05-10")
