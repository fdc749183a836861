"""Fields of real events on sentences written for these tests: dates told against another
event, and the controls where the rule must not apply.

Each class has a test and, where the rule could overreach, a control.
"""

from __future__ import annotations

from .event_records import PUBLISHED, events


def of_trigger(found: list[dict], word: str) -> list[dict]:
    return [e for e in found if e["trigger"]["text"].lower() == word]


def day(event: dict) -> tuple[str | None, str | None, str | None]:
    d = event["date"] or {}
    return d.get("value"), d.get("earliest"), d.get("latest")


ATTACK = "Gunmen attacked a police station in Brenmoor on Monday, killing two officers.\n\n"


def test_length_after_an_event_counts_back_from_that_event():
    # published Wednesday 2021-05-05: Monday is 2021-05-03, three days before it 2021-04-30
    text = ATTACK + "The attack came three days after rebels overran an army base near Kestrel."
    found, _ = events(text)
    overruns = of_trigger(found, "overran")
    assert overruns
    assert day(overruns[0]) == ("2021-04-30", "2021-04-30", "2021-04-30")


def test_clause_hanging_from_the_marked_clause_takes_the_same_date():
    text = ATTACK + (
        "The attack came a week after rebels overran an army base near Kestrel, forcing the "
        "surviving soldiers to withdraw to Hollin."
    )
    found, _ = events(text)
    withdrawals = of_trigger(found, "withdraw")
    assert withdrawals
    assert day(withdrawals[0])[0] == "2021-04-26"


def test_less_than_a_length_after_is_a_range_before_the_event():
    text = ATTACK + (
        "The attack came less than two weeks after gunmen killed nine civilians in an ambush "
        "near Kestrel."
    )
    found, _ = events(text)
    killings = [e for e in of_trigger(found, "killed") if "2021-05-03" not in day(e)]
    assert killings
    assert day(killings[0]) == (None, "2021-04-19", "2021-05-02")


def test_before_counts_forward_from_the_event():
    text = ATTACK + "The attack came two days before rebels stormed a prison near Kestrel."
    found, _ = events(text)
    storms = of_trigger(found, "stormed")
    assert storms
    assert day(storms[0])[0] == "2021-05-05"


def test_length_without_an_earlier_event_keeps_its_own_date():
    # control: the earlier attack has no day of its own, so nothing to count from
    text = (
        "Gunmen attacked a police station in Brenmoor, killing two officers.\n\n"
        "The attack came three days after rebels overran an army base near Kestrel."
    )
    found, _ = events(text)
    overruns = of_trigger(found, "overran")
    assert overruns
    assert day(overruns[0])[0] != "2021-04-30"
    assert (overruns[0]["date"] or {}).get("value") in (None, PUBLISHED)


def test_would_under_a_past_reporting_verb_is_a_plan():
    text = (
        "The defence minister announced in Brenmoor on Tuesday that 500 more soldiers would be "
        "deployed to Kestrel within ten days."
    )
    found, _ = events(text)
    deployments = of_trigger(found, "deployed")
    assert deployments
    assert deployments[0]["status"] == "planned"


def test_would_coordinated_with_a_reported_clause_is_a_plan():
    text = (
        "Council leader Tom Hadley wrote on Sunday that he had written to Portline Foods, and "
        "that council officers would meet Portline Foods managers on Thursday."
    )
    found, _ = events(text)
    meetings = of_trigger(found, "meet")
    assert meetings
    assert meetings[0]["status"] == "planned"


def test_would_with_a_condition_stays_hypothetical():
    # control: a condition in the sentence makes the reported act a supposition
    text = (
        "The defence minister said on Tuesday that 500 more soldiers would be deployed to "
        "Kestrel if the talks failed."
    )
    found, _ = events(text)
    deployments = of_trigger(found, "deployed")
    assert deployments
    assert deployments[0]["status"] == "hypothetical"


def names_of(refs: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(r, r).lower() for r in refs]


def test_participle_with_its_own_object_is_the_subjects_act():
    # the parser may hang "used" from the union as a participle; with an object it is active
    text = (
        "Portline Foods said it would close the plant.\n\n"
        "The Dock Workers Union, which speaks for some 400 of the depot’s drivers, used "
        "Tuesday’s march to call on Portline Foods to reverse the closure."
    )
    found, names = events(text)
    requests = of_trigger(found, "call")
    assert requests
    assert "dock workers union" in names_of(requests[0]["actors"], names)
    assert "dock workers union" not in names_of(requests[0]["targets"], names)


def test_participle_without_an_object_stays_passive():
    # control: "protesters arrested by police" are the ones arrested
    text = "Three protesters arrested by police in Kestrel on Monday appeared in court."
    found, names = events(text)
    arrests = of_trigger(found, "arrested")
    assert arrests
    assert names_of(arrests[0]["targets"], names) == ["protesters"]
    assert "protesters" not in names_of(arrests[0]["actors"], names)


def test_long_name_headed_by_a_body_noun_is_the_actor():
    # the model may read a long capitalized name as a title; its head noun says it is a body
    text = (
        "The ministry brushed the figures aside as “lies told by its enemies.”\n"
        "The Hollin Coalition for Tenant Rights, an alliance of housing charities, on Monday "
        "called on the city council to halt the evictions."
    )
    found, names = events(text)
    requests = of_trigger(found, "called")
    assert requests
    assert names_of(requests[0]["actors"], names) == ["hollin coalition for tenant rights"]


def test_her_party_is_the_persons_side_not_a_bare_noun():
    text = (
        "Opposition leader Mary Okafor told a news conference on Thursday that the vote was "
        "rigged. She said her party would hold a nationwide general strike next Monday unless "
        "the electoral board recounted the ballots."
    )
    found, names = events(text)
    strikes = of_trigger(found, "general strike")
    assert strikes
    assert names_of(strikes[0]["actors"], names) == ["mary okafor"]


def place_name(event: dict, names: dict[str, str]) -> str | None:
    return names.get(event["place"]) if event["place"] else None


def test_destination_of_the_trigger_is_the_place_not_the_announcement():
    text = (
        "The defence minister announced in Leeds on Tuesday that 500 more soldiers would be "
        "deployed to York within ten days."
    )
    found, names = events(text)
    deployments = of_trigger(found, "deployed")
    assert deployments
    assert place_name(deployments[0], names) == "York"


def test_a_place_in_the_triggers_own_clause_beats_a_destination():
    # control: "deployed in Leeds": the clause says where; a later "to York" is another act's
    text = (
        "The defence minister said on Tuesday that 500 more soldiers were deployed in Leeds to "
        "guard polling stations, and that the troops would return to York later."
    )
    found, names = events(text)
    deployments = of_trigger(found, "deployed")
    assert deployments
    assert place_name(deployments[0], names) == "Leeds"


def test_nationwide_act_is_placed_in_the_country():
    text = (
        "LAGOS, Nigeria (AP) — Opposition leader Mary Okafor spoke in Lagos on Thursday. She "
        "said her party would hold a nationwide general strike next Monday unless the "
        "electoral board recounted the ballots."
    )
    found, names = events(text)
    strikes = of_trigger(found, "general strike")
    assert strikes
    assert place_name(strikes[0], names) == "Nigeria"


def test_a_strike_without_nationwide_keeps_its_city():
    # control: no modifier spreads it over the country
    text = (
        "Opposition leader Mary Okafor spoke on Thursday. She said her party would hold a "
        "general strike in Lagos next Monday unless the electoral board recounted the ballots."
    )
    found, names = events(text)
    strikes = of_trigger(found, "general strike")
    assert strikes
    assert place_name(strikes[0], names) == "Lagos"


def _place_of(text: str, type_: str) -> str | None:
    found, names = events(text)
    event = next(e for e in found if e["type"] == type_)
    return names.get(event["place"]) if event["place"] else None


def test_a_place_on_the_event_noun_of_a_light_verb_beats_one_in_the_actors_phrase():
    # "in Nairobi" belongs to the agreement; "in Mombasa and Kisumu" to who signed it
    text = (
        "Delegations representing the rival councils in Mombasa and Kisumu signed an "
        "agreement in Nairobi on Monday."
    )
    assert _place_of(text, "AGREE") == "Nairobi"


def test_an_attack_on_a_place_happens_there_when_the_clause_names_no_other():
    # event_words.csv: located_at_target
    text = (
        "The truce was signed in Nairobi in 2020, which ended fighting that began when rebel "
        "forces launched an offensive on Kisumu in April 2019."
    )
    found, names = events(text)
    offensive = next(e for e in found if e["trigger"]["text"] == "offensive")
    assert names.get(offensive["place"]) == "Kisumu"


def test_a_march_through_a_town_happens_there():
    assert _place_of("Hundreds of workers marched through Nairobi on Saturday.", "PROTEST") == (
        "Nairobi"
    )


def test_where_the_arrested_were_taken_is_not_where_they_were_arrested():
    text = "Four people were arrested and taken to a police station in Nairobi on Saturday."
    assert _place_of(text, "COERCE") is None


def test_a_placeless_retelling_with_the_same_figure_is_the_same_arrest():
    text = (
        "Four people were arrested after hundreds of workers marched through Nairobi on "
        "Saturday. Police said four people were arrested on suspicion of obstructing the road "
        "and taken to the cells in Kisumu."
    )
    found, names = events(text)
    arrests = [e for e in found if e["type"] == "COERCE"]
    assert len(arrests) == 1
    assert names.get(arrests[0]["place"]) == "Nairobi"


def test_a_when_clause_that_drives_into_a_place_still_locates_the_killing():
    text = (
        "At least 25 people were killed on Friday when a bomber drove a truck into a "
        "checkpoint in Kisumu, officials said."
    )
    assert _place_of(text, "ASSAULT") == "Kisumu"
