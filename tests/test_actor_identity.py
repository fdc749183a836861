"""Actor identity: the country and sector of persons and groups read from ranks, modifiers and
the general tables, and the agent an act implies. Every sentence and name here was written by
the team for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from dateline import countries
from dateline.document import Document
from dateline.entities.words import role_sector
from dateline.model import Article
from dateline.pipeline import process

PUBLISHED = date(2025, 4, 7)


def _record(text: str) -> dict:
    doc = process(Article(text=text, published=PUBLISHED))
    return Document.from_doc(doc).to_dict()


def _entity(record: dict, words: str) -> dict:
    found = [e for e in record["entities"] if words in e["name"]]
    assert found, [e["name"] for e in record["entities"]]
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        ("General Marek Otto said on Tuesday that the talks would continue.", "Otto", "MIL"),
        ("Lt. Gen. Marek Otto inspected the border post on Friday.", "Otto", "MIL"),
        ("Sen. Lina Kovac said on Tuesday that the bill would pass.", "Kovac", "LEG"),
    ],
)
def test_a_rank_written_as_an_honorific_gives_the_persons_role_and_sector(text, name, sector):
    person = _entity(_record(text), name)
    assert person["sector"] == sector
    assert person["roles"]


def test_a_courtesy_title_gives_no_sector():
    record = _record("Mr Marek Otto said on Tuesday that the talks would continue.")
    person = _entity(record, "Otto")
    assert person["sector"] is None


@pytest.mark.parametrize(
    ("role", "sector"),
    [
        ("agricultural workers", "AGR"),  # a strong modifier decides over the plural's own LAB
        ("dock workers", "LAB"),
        ("Muslim leaders", "REL"),  # a weak modifier speaks for a head without a sector
        ("Muslim villagers", "CVL"),  # ... and never over the head's own
        ("Islamist militants", "REB"),
        ("former minister", "ELI"),  # an office held before is an elite's
        ("retired judge", "ELI"),
        ("defence minister", "GOV"),
        ("former rebels", "REB"),  # "former" touches offices only
    ],
)
def test_role_sector_reads_modifiers_by_strength_and_former_offices(role, sector):
    assert role_sector(role) == sector


def test_a_word_of_a_longer_place_name_is_no_country():
    # the gazetteer lists a region whose longer name holds this adjective; the leader has no
    # country from it, and the religious adjective gives the sector
    record = _record("A prominent Jewish community leader said on Tuesday that talks would go on.")
    leader = _entity(record, "leader")
    assert leader["country"] is None
    assert leader["sector"] == "REL"


def test_an_acronym_counts_as_a_country_only_in_capitals():
    assert countries.by_name("CAR").alpha3 == "CAF"
    assert countries.by_name("Car") is None
    assert countries.by_name("Us") is None
    assert countries.by_name("the US").alpha3 == "USA"
    record = _record("Car thieves said on Tuesday that the market would stay open.")
    assert all(e["country"] != "CAF" for e in record["entities"])


def _arrest(record: dict) -> dict:
    found = [e for e in record["events"] if e.get("mode") == "arrest"]
    assert found, [(e["type"], e["trigger"]["text"]) for e in record["events"]]
    return found[0]


def test_an_agentless_arrest_is_the_police_named_in_the_article():
    record = _record(
        "Police reached the village of Dorvel on Monday. "
        "Five protesters were arrested near the market."
    )
    police = _entity(record, "Police")
    assert _arrest(record)["actors"] == [police["id"]]


def test_an_agentless_arrest_without_police_in_the_article_keeps_no_actor():
    record = _record("Five protesters were arrested near the market in Dorvel on Monday.")
    assert _arrest(record)["actors"] == []


def test_a_named_agent_of_a_passive_arrest_wins_over_the_implied_one():
    record = _record(
        "Police reached the village of Dorvel on Monday. "
        "Five protesters were arrested by soldiers near the market."
    )
    actors = _arrest(record)["actors"]
    names = {e["id"]: e["name"] for e in record["entities"]}
    assert [names.get(a, a) for a in actors] == ["soldiers"]


@pytest.mark.parametrize("noun", ["cops", "constables", "policewomen"])
def test_police_by_their_everyday_names_are_police(noun):
    record = _record(f"The {noun} stopped the convoy near Dorvel on Monday.")
    assert _entity(record, noun)["sector"] == "COP"


def _actor_names(record: dict, event: dict) -> list[str]:
    names = {e["id"]: e["name"] for e in record["entities"]}
    return [names.get(a, a) for a in event["actors"]]


def test_passive_victims_take_the_actor_of_the_act_they_fell_in():
    record = _record("Five villagers were killed in a rebel attack near Dorvel on Monday.")
    killed = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert killed
    assert _actor_names(record, killed[0]) == ["rebel"]


def test_a_passive_with_an_act_without_an_actor_keeps_none():
    record = _record("Five villagers were killed in the clashes near Dorvel on Monday.")
    killed = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert killed
    assert killed[0]["actors"] == []


# ---------------------------------------------------------------- title-case headlines

HEADLINE_STORY = (
    "Dorvel Farmers Reject Water Plan\n\n"
    "Farmers in Dorvel rejected the water plan on Monday, saying the plan would dry their fields."
)


def test_a_title_case_headline_is_parsed_in_sentence_case_with_its_text_kept():
    doc = process(Article(text=HEADLINE_STORY, published=PUBLISHED))
    line = [t for t in doc if t.idx < HEADLINE_STORY.index("\n")]
    assert [t.text for t in line] == ["Dorvel", "Farmers", "Reject", "Water", "Plan"]
    assert doc.text == HEADLINE_STORY
    reject = line[2]
    assert reject.pos_ == "VERB"
    assert reject.lemma_ == "reject"


def test_a_headline_verb_the_story_does_not_repeat_is_still_its_verb():
    # sentence-cased, the model still makes "reject" a noun: root, subject and object say verb
    text = (
        "Miners in Holm Reject Calls for Strike After Mediation Efforts\n\n"
        "The fighters said on Monday that the talks with the government had failed."
    )
    doc = process(Article(text=text, published=PUBLISHED))
    reject = next(t for t in doc if t.text == "Reject")
    assert (reject.pos_, reject.lemma_) == ("VERB", "reject")


def test_a_verb_form_the_story_capitalizes_inside_a_sentence_stays_a_name():
    from dateline.pipeline import EnglishVerbs, get_pipeline, sentence_case

    nlp = get_pipeline()
    text = "Dorvel Hails Hope Plan\n\nThe town praised the plan of mayor Hope on Monday."
    words = sentence_case(nlp.make_doc(text), 0, 4, EnglishVerbs(nlp))
    assert words == ["Dorvel", "hails", "Hope", "plan"]


def test_a_sentence_case_first_line_is_left_as_the_model_parsed_it():
    from dateline.pipeline import headline_tokens

    text = "Farmers in Dorvel reject the water plan\n\nThe farmers said the plan would fail."
    doc = process(Article(text=text, published=PUBLISHED))
    assert headline_tokens(doc) is None


def test_a_headline_event_noun_is_lowered_but_a_name_the_story_capitalizes_is_not():
    from dateline.pipeline import EventNouns, get_pipeline, sentence_case

    nlp = get_pipeline()
    text = "Ostra Lifts Curfews in Strike City\n\nThe mayor of Strike City spoke on Monday."
    words = sentence_case(nlp.make_doc(text), 0, 6, EventNouns(nlp))
    assert words == ["Ostra", "Lifts", "curfews", "in", "Strike", "City"]
