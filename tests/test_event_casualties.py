"""Deaths told with a verb that is no attack ("died in police firing", "perished in the
ambush"): the act gets the toll and the actor, and the dead are never its actors.

Every sentence here was written by the team for these tests."""

from __future__ import annotations

import pytest

from .event_records import events


def _one(text: str, type_: str = "ASSAULT") -> tuple[dict, dict[str, str]]:
    found, names = events(text)
    of_type = [e for e in found if e["type"] == type_]
    assert len(of_type) == 1, found
    return of_type[0], names


def test_the_dead_of_an_act_are_its_victims_and_its_toll():
    event, names = _one("Three villagers died in the shelling of the town.")
    assert event["fatalities"]["value"] == 3
    assert [names.get(a, a) for a in event["actors"]] == []
    assert [names.get(t, t) for t in event["targets"]] == ["villagers"]


def test_perish_is_a_casualty_verb():
    event, _ = _one("Two soldiers perished in the ambush.")
    assert event["fatalities"]["value"] == 2


def test_a_role_noun_before_a_gerund_is_the_actor_and_the_toll_is_its_own():
    event, names = _one("records show 40 people have died in police firing since january.")
    assert [names.get(a, a) for a in event["actors"]] == ["police"]
    assert event["fatalities"]["value"] == 40


def test_an_arrest_near_a_shooting_gives_the_shooting_no_toll():
    found, _ = events("A trader was arrested in connection with the shooting.")
    assert all(e["fatalities"] is None for e in found)


def test_one_person_killed_is_a_toll_of_one():
    event, _ = _one("A boy was killed when soldiers opened fire on a crowd in Holm.")
    assert (event["fatalities"]["value"], event["fatalities"]["qualifier"]) == (1, "exact")


def test_a_named_person_or_a_pronoun_is_one_victim():
    event, _ = _one("He was killed in an ambush near Holm on Monday.")
    assert event["fatalities"]["value"] == 1


def test_a_plural_or_a_thing_killed_gives_no_number():
    # how many "the men" were the text does not say; a bill has no dead
    men, _ = _one("The men were killed in an ambush near Holm on Monday.")
    assert men["fatalities"] is None
    found, _ = events("The bill was killed in the senate of Varnia on Monday.")
    assert all(e["fatalities"] is None for e in found)


def test_shot_dead_is_a_killing_and_its_toll():
    event, _ = _one("Two smugglers were shot dead by border guards near Holm.")
    assert event["fatalities"]["value"] == 2
    assert [c["value"] for c in event["counts"]] == [2]  # the toll once, not also a headcount


def test_beaten_to_death_is_a_killing():
    event, _ = _one("A mob beat a trader to death in Holm on Monday.")
    assert event["fatalities"]["value"] == 1


def test_shot_without_dead_has_no_toll():  # control: wounded or killed, the text does not say
    event, _ = _one("Border guards shot two smugglers near Holm on Monday.")
    assert event["fatalities"] is None


def test_a_reduced_passive_names_its_noun_as_the_one_killed():
    # headline style: "one trader killed in ...", no "was"
    event, _ = _one("One trader killed in police firing in Holm on Monday.")
    assert event["fatalities"]["value"] == 1


def test_a_relative_pronoun_stands_for_the_dead():
    event, _ = _one("The two guards who were shot dead in Holm were buried on Monday.")
    assert event["fatalities"]["value"] == 2


def test_deaths_in_a_gerund_clause_are_its_toll():
    # "in police firing" parsed as a clause whose subject is "police", coordinated with arrests
    event, names = _one(
        "Doctors said 15 traders have died in police firing while at least 60 have been detained."
    )
    assert [names.get(a, a) for a in event["actors"]] == ["police"]
    assert event["fatalities"]["value"] == 15


@pytest.mark.parametrize(
    ("text", "dead", "wounded"),
    [
        ("The bombing left five people dead in Holm.", 5, None),
        ("Police firing in Holm left three dead and four injured.", 3, 4),
        ("The blast claimed 14 lives in Holm on Monday.", 14, None),
        ("The shelling of Holm caused three deaths and 20 injuries.", 3, 20),
    ],
)
def test_an_act_whose_result_is_its_toll(text, dead, wounded):
    event, _ = _one(text)
    assert (event["fatalities"] or {}).get("value") == dead
    assert (event["injured"] or {}).get("value") == wounded


def test_an_act_whose_result_is_no_toll():  # control: "left" with no dead
    event, _ = _one("The attack left the town of Holm without power for two days.")
    assert (event["fatalities"], event["injured"]) == (None, None)


@pytest.mark.parametrize(
    ("text", "dead", "wounded"),
    [
        ("Seven deaths in police firing were reported from Holm.", 7, None),
        ("Three deaths were reported in the shelling of Holm.", 3, None),
        ("Doctors said 12 of the deaths took place due to police firing in Holm.", 12, None),
        ("Ten injuries in the shelling of Holm were reported.", None, 10),
    ],
)
def test_deaths_told_as_nouns_in_the_act_are_its_toll(text, dead, wounded):
    event, _ = _one(text)
    assert (event["fatalities"] or {}).get("value") == dead
    assert (event["injured"] or {}).get("value") == wounded


def test_people_reported_in_an_act_are_no_toll():  # control: not a death or injury noun
    event, _ = _one("Three villagers were reported missing in the shelling of Holm.")
    assert (event["fatalities"], event["injured"]) == (None, None)


def test_a_gerund_used_as_a_noun_takes_its_by_phrase_as_the_actor():
    event, names = _one("Five villagers were killed in firing by the police in Holm.")
    assert [names.get(a, a) for a in event["actors"]] == ["police"]
    # control: the victims stay targets, not actors
    assert [names.get(t, t) for t in event["targets"]] == ["villagers"]


@pytest.mark.parametrize(
    ("text", "dead", "wounded"),
    [
        ("The bombing killed 12 people and wounded 30 in Holm on Monday.", 12, 30),
        ("The ambush on the convoy killed four soldiers near Holm.", 4, None),
        ("The blast injured five policemen in Holm.", None, 5),
    ],
)
def test_an_act_that_kills_as_a_subject_has_its_victims_as_its_toll(text, dead, wounded):
    event, _ = _one(text)
    assert (event["fatalities"] or {}).get("value") == dead
    assert (event["injured"] or {}).get("value") == wounded


def test_an_act_that_kills_no_one_named_by_number_has_no_toll():  # control: a plural, no figure
    event, _ = _one("The bombing killed civilians in Holm.")
    assert (event["fatalities"], event["injured"]) == (None, None)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Gunmen shot dead a policeman outside Holm on Monday.", 1),  # "dead" read as advmod
        ("The blast left 12 dead in Holm.", 12),  # "dead" read as the object
        ("The bombing also left five people dead in Holm.", 5),  # an adverb before the result
    ],
)
def test_the_dead_of_an_act_however_the_parser_reads_dead(text, dead):
    event, _ = _one(text)
    assert (event["fatalities"] or {}).get("value") == dead


def test_several_killed_is_a_vague_toll_of_three():  # ACLED codes "several" as 3
    event, _ = _one("Several villagers were killed in the shelling of Holm.")
    assert event["fatalities"] == {
        "what": "killed",
        "value": 3.0,
        "qualifier": "about",
        "mentions": [{"start": 0, "end": len("Several")}],
    }


def test_an_adjective_that_is_no_count_gives_no_toll():  # control: "young" is not a number
    event, _ = _one("Young villagers were killed in the shelling of Holm.")
    assert event["fatalities"] is None


def test_deaths_in_an_outbreak_of_violence_are_a_toll():  # "outbreak" stands for its "of"
    event, _ = _one("Four guards were killed on Monday in an outbreak of violence near Holm.")
    assert (event["fatalities"] or {}).get("value") == 4


def test_deaths_in_an_outbreak_of_a_disease_are_no_event():  # control: the disease sense
    found, _ = events("Four people were killed in an outbreak of cholera in Holm.")
    assert [e for e in found if e["type"] == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Gunmen shot dead a man outside Holm on Monday.", 1),
        ("Two men were stabbed to death in Holm on Monday.", 2),
        ("A mob stabbed two boys to death in Holm.", 2),
        ("Gunmen shot dead a labourer outside Holm.", 1),
        ("Gunmen shot dead the son of a trader outside Holm.", 1),
    ],
)
def test_men_and_boys_are_victims_an_act_needs(text, dead):  # roles.csv: man, person, boy
    event, _ = _one(text)
    assert event["targets"] and (event["fatalities"] or {}).get("value") == dead


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Gunmen shot dead a labourer and his son outside Holm.", 2),
        ("A policeman and a trader were killed in the blast in Holm.", 2),
        ("A soldier and villagers were killed in the blast in Holm.", 1),  # a plural: no sum
    ],
)
def test_people_listed_one_by_one_are_counted(text, dead):
    event, _ = _one(text)
    assert (event["fatalities"] or {}).get("value") == dead


def test_the_party_a_fight_was_with_killed_the_dead_of_that_fight():
    # a fight has two sides: the dead of "killed in a gunfight with X" were killed by X
    event, names = _one("Four rebels were killed in a gunfight with the army near Holm.")
    assert [names.get(a, a) for a in event["actors"]] == ["army"]
    assert [names.get(t, t) for t in event["targets"]] == ["rebels"]
    assert event["fatalities"]["value"] == 4


def test_the_dead_of_a_clash_are_its_targets_and_the_other_side_its_actor():
    event, names = _one("Two farmers died in clashes with the police in Holm on Monday.")
    assert [names.get(a, a) for a in event["actors"]] == ["police"]
    assert [names.get(t, t) for t in event["targets"]] == ["farmers"]


def test_a_fight_with_no_dead_keeps_its_roles():
    # nobody was killed, so nothing says which side did what: the roles stay as written
    event, names = _one("Villagers clashed with the police in Holm on Monday.")
    assert [names.get(a, a) for a in event["actors"]] == ["Villagers"]
    assert [names.get(t, t) for t in event["targets"]] == ["police"]


def test_a_fight_between_one_group_has_that_group_as_actor_and_the_dead_as_target():
    # "between rival militias": both sides are the one plural party, not a place nearby
    event, names = _one(
        "Clashes between rival militias on the edge of Holm killed at least five people."
    )
    assert [names.get(a, a) for a in event["actors"]] == ["rival militias"]
    assert "people" in [names.get(t, t) for t in event["targets"]]
    assert event["fatalities"]["value"] == 5


@pytest.mark.parametrize("text", ["An armed group attacked a checkpoint near Holm on Monday."])
def test_a_role_phrase_of_two_words_names_an_actor(text):  # roles.csv: armed group
    event, names = _one(text)
    assert [names.get(a, a) for a in event["actors"]] == ["armed group"]


@pytest.mark.parametrize(
    "text, dead",
    [
        ("Five soldiers were killed when militants stormed the post near Holm.", 5),
        ("Two people died when police opened fire on the crowd in Holm.", 2),
    ],
)
def test_the_dead_of_a_when_clause_are_the_toll_of_its_act(text, dead):
    event, _ = _one(text)  # event_words.csv: casualty_clause_mark
    assert event["fatalities"]["value"] == dead


def test_a_clause_of_no_casualty_gives_the_act_no_toll():
    event, _ = _one("The minister was speaking when protesters stormed the hall in Holm.")
    assert event["fatalities"] is None


@pytest.mark.parametrize(
    "text, type_, size",
    [
        ("About 2,000 farmers blocked the highway near Holm on Monday.", "PROTEST", 2000),
        ("About 30 gunmen attacked the police post in Holm on Monday.", "ASSAULT", 30),
    ],
)
def test_the_number_of_the_acting_party_is_a_count_of_the_event(text, type_, size):
    event, _ = _one(text, type_)
    assert size in [c["value"] for c in event["counts"]]


def test_a_figure_keeps_every_sentence_that_states_it():
    """The toll told twice for one attack is one count that points at both numbers, so a
    reader can check each sentence that gives it."""
    text = (
        "Gunmen attacked a police post in Tarvin on Monday, killing three officers.\n\n"
        "The three officers were killed when the gunmen stormed the post before dawn, "
        "a police spokesman said."
    )
    event, _ = _one(text)
    first, second = text.index("three"), text.rindex("three")
    where = [(m["start"], m["end"]) for m in event["fatalities"]["mentions"]]
    assert where == [(first, first + 5), (second, second + 5)]
    (killed,) = [c for c in event["counts"] if c["what"] == "killed"]
    assert killed["mentions"] == event["fatalities"]["mentions"]
