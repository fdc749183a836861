"""Event participants and senses on sentences written for these tests: who acts when the text
names them indirectly, and which word senses are no events.

Each class has a test and, where the rule could overreach, a control: a plural role noun that
stands for the story's one named body (not when a modifier says whose staff they are), the
target of a causative as the actor of the caused act, a "from" agent of a delivery, and senses
of trigger words that are not events.
"""

from __future__ import annotations

from .event_records import events


def named(refs: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(r, r).lower() for r in refs]


def of_trigger(found: list[dict], word: str) -> list[dict]:
    return [e for e in found if e["trigger"]["text"].lower() == word]


POLICE_STORY = (
    "Protest at Brenmoor depot\n\n"
    "Hundreds of workers marched through Brenmoor on Saturday, and Kestrel County Police said "
    "a dispersal order was in force until Sunday evening.\n\n"
    "{body}\n"
)


def test_plural_role_noun_stands_for_the_sole_named_body():
    found, names = events(POLICE_STORY.format(body="Officers arrested three men near the depot."))
    arrests = of_trigger(found, "arrested")
    assert arrests
    assert named(arrests[0]["actors"], names) == ["kestrel county police"]


def test_modified_role_noun_keeps_its_own_body():
    body = (
        "Brenmoor Borough Council said council officers would meet the company's managers "
        "on Thursday."
    )
    found, names = events(POLICE_STORY.format(body=body))
    meets = of_trigger(found, "meet")
    assert meets
    assert "kestrel county police" not in named(meets[0]["actors"], names)


def test_causative_object_is_the_actor_of_the_caused_act():
    text = (
        "Rebels overran an army base near Brenmoor on Monday, forcing the surviving soldiers "
        "to withdraw to Kestrel."
    )
    found, names = events(text)
    withdrawals = of_trigger(found, "withdraw")
    assert withdrawals
    actors = named(withdrawals[0]["actors"], names)
    assert any("soldiers" in a for a in actors)
    assert "rebels" not in actors


def test_passive_causative_subject_is_the_actor():
    found, names = events("The soldiers were forced to withdraw from Brenmoor on Monday.")
    withdrawals = of_trigger(found, "withdraw")
    assert withdrawals
    assert any("soldiers" in a for a in named(withdrawals[0]["actors"], names))


def test_control_verb_keeps_its_subject():
    found, names = events("The rebels decided to withdraw from Brenmoor on Monday.")
    withdrawals = of_trigger(found, "withdraw")
    assert withdrawals
    assert named(withdrawals[0]["actors"], names) == ["rebels"]


def test_from_agent_of_a_passive_delivery_is_the_actor():
    text = (
        "Food parcels for the flood victims were delivered from the Kestrel Relief Agency "
        "on Monday, the mayor of Brenmoor said."
    )
    found, names = events(text)
    deliveries = of_trigger(found, "delivered")
    assert deliveries
    assert "kestrel relief agency" in named(deliveries[0]["actors"], names)
    assert "kestrel relief agency" not in named(deliveries[0]["targets"], names)


def test_from_a_town_is_no_actor_of_a_delivery():
    text = "Food parcels were delivered from Lyon to the flood victims on Monday."
    found, names = events(text)
    for event in of_trigger(found, "delivered"):
        assert "lyon" not in named(event["actors"], names)


def types_of(text: str) -> list[str]:
    found, _ = events(text)
    return [e["type"] for e in found]


def test_allow_for_is_no_concession():
    text = "The new legislation allowed for a temporary increase in deposit insurance."
    assert "CONCEDE" not in types_of(text)


def test_allowing_a_party_to_act_is_still_a_concession():
    text = "The government allowed the opposition to hold a rally in Brenmoor on Sunday."
    assert "CONCEDE" in types_of(text)


def test_a_released_document_is_no_release():
    text = "The ministry described the plan in a press release released on Tuesday."
    assert "RETREAT" not in types_of(text)


def test_released_prisoners_are_still_a_release():
    text = "The rebels released twelve prisoners near Brenmoor on Tuesday."
    assert "RETREAT" in types_of(text)


def test_ruling_out_speculation_is_no_rejection():
    text = "The police chief said one person had died, ruling out speculation about more deaths."
    assert "REJECT" not in types_of(text)


def test_ruling_out_talks_is_still_a_rejection():
    text = "The rebel commander ruled out talks with the government on Tuesday."
    assert "REJECT" in types_of(text)


def test_market_demand_is_no_request():
    text = "Analysts expect strong consumer demand for electric cars in Valdoria next year."
    assert "REQUEST" not in types_of(text)


def test_a_demand_by_a_party_is_still_a_request():
    text = "The union repeated its demand for a pay rise on Tuesday."
    assert "REQUEST" in types_of(text)


def test_an_arrest_retold_with_a_place_is_one_event():
    text = (
        "Three people were arrested after a march through Brenmoor on Saturday.\n\n"
        "Kestrel County Police said three people were arrested on suspicion of obstruction "
        "and taken to the cells in Lyon."
    )
    found, _ = events(text)
    assert len([e for e in found if e["type"] == "COERCE"]) == 1


def test_arrests_at_two_named_places_stay_two():
    text = (
        "Police arrested three people in Lyon on Saturday.\n\n"
        "Police also arrested three people in Marseille on Saturday."
    )
    found, _ = events(text)
    assert len([e for e in found if e["type"] == "COERCE"]) == 2


def test_the_commission_is_the_named_commission():
    text = (
        "The Kestrel Electoral Commission announced the results on Monday.\n\n"
        "The opposition leader Mara Lind demanded that the commission cancel the results "
        "from forty polling stations."
    )
    found, names = events(text)
    demands = of_trigger(found, "demanded")
    assert demands
    assert "kestrel electoral commission" in named(demands[0]["targets"], names)


def test_a_named_coalition_is_not_another_body():
    text = (
        "The army said its jets struck a convoy on Monday.\n\n"
        "The Brenmoor Coalition for Civilian Safety on Tuesday called on the government to "
        "open an inquiry."
    )
    found, names = events(text)
    for event in of_trigger(found, "called"):
        assert "army" not in named(event["actors"], names)


def test_fired_from_a_job_is_no_attack():
    text = (
        "The former director, fired on June 8, is seeking damages in a breach-of-contract suit "
        "against the university."
    )
    assert "ASSAULT" not in types_of(text)


def test_fired_on_a_crowd_is_still_an_attack():
    text = "Soldiers fired on protesters in central Lyon on June 8, killing two people."
    assert "ASSAULT" in types_of(text)


def test_a_bare_number_means_the_group_counted_before():
    text = (
        "Police arrested four protesters after the march in Lyon on Saturday. "
        "All four have since been released."
    )
    found, names = events(text)
    releases = [e for e in found if e["type"] == "RETREAT"]
    assert releases
    assert "protesters" in named(releases[0]["targets"], names)


def test_a_bare_number_without_a_counted_group_stays_empty():
    found, names = events("All four have since been released, the court in Lyon said.")
    for event in [e for e in found if e["type"] == "RETREAT"]:
        assert "four" not in named(event["targets"], names)


def test_a_release_on_bail_is_no_concession():
    # event_frames.csv: release and free exclude "on=bail/parole/..."; a captor's release stays
    assert events("All four suspects have since been released on bail in Holm.")[0] == []
    found, _ = events("The rebels released two hostages in Holm on Monday.")
    assert [(e["type"], e["mode"]) for e in found] == [("RETREAT", "release")]


def test_a_negated_act_describing_its_actor_is_no_event():
    found, _ = events(
        "Fighters who had never laid down their weapons attacked a convoy near Holm on Monday."
    )
    assert [e["type"] for e in found] == ["ASSAULT"]


def test_a_negated_act_in_a_main_clause_stays_an_event():
    found, _ = events("The troops did not abandon the post in Holm, the army said on Monday.")
    assert [(e["type"], e["status"]) for e in found] == [("RETREAT", "negated")]


def test_the_dead_of_a_toll_clause_are_targets_of_the_one_attack():
    found, names = events("Gunmen ambushed a military convoy near Holm, killing five soldiers.")
    assert len(found) == 1
    event = found[0]
    assert [names.get(t, t) for t in event["targets"]] == ["military convoy", "soldiers"]
    assert event["fatalities"]["value"] == 5


def test_where_a_demand_wants_something_to_stay_is_no_party_to_it():
    """ "stay in X" inside the content says where, not whom the demand bears on."""
    found, names = events("The union demanded that the factory remain in Tarvin County.")
    demands = of_trigger(found, "demanded")
    assert demands and named(demands[0]["targets"], names) == []
    assert named(demands[0]["actors"], names) == ["union"]


def test_a_demand_on_whom_the_content_acts_keeps_its_target():  # control
    found, names = events("The union demanded that the council act against Harwick Foods.")
    demands = of_trigger(found, "demanded")
    assert demands and "harwick foods" in named(demands[0]["targets"], names)


def test_what_an_agreement_sets_out_is_its_terms_not_an_act():
    """ "the accord sets a deadline to free the hostages": the release is the accord's content
    (a commitment), no RETREAT of its own yet."""
    found, _ = events("Church-brokered accord sets a week-long deadline to free 90 hostages.")
    assert [e["type"] for e in found] == ["AGREE"]


def test_an_act_after_an_agreement_is_still_an_act():  # control: the deal is no subject of it
    found, _ = events("Police freed 60 detainees after the accord was signed in Tarvin.")
    assert "RETREAT" in [e["type"] for e in found]


def test_every_act_a_promise_lists_is_its_content():
    """ "committed to handing over ... and to releasing ...": both coordinated acts are what
    was promised, neither an act of its own yet."""
    text = (
        "The militia committed to handing over its rifles to the monitors and to releasing "
        "all hostages by June."
    )
    found, _ = events(text)
    assert [e["type"] for e in found if e["type"] in ("RETREAT", "SANCTION", "COERCE")] == []


def test_an_act_coordinated_with_a_promise_is_an_act():  # control: a sibling, not content
    found, _ = events("The rebels promised a truce and then attacked an army post in Holm.")
    assert "ASSAULT" in [e["type"] for e in found if e["status"] == "occurred"]


def test_what_is_done_under_an_agreements_terms_is_its_content():
    text = (
        "Under its provisions, the militia will hand over its rifles by June and release all "
        "hostages within a week."
    )
    found, _ = events(text)
    assert [e["type"] for e in found if e["type"] == "RETREAT"] == []


def test_an_act_under_pressure_is_an_act():  # control: "under" a noun of no agreement
    found, _ = events("Under pressure from the army, the rebels withdrew from the town of Holm.")
    assert ("RETREAT", "occurred") in [(e["type"], e["status"]) for e in found]


def test_a_finite_clause_beside_an_agreements_terms_is_an_act_of_its_own():
    text = (
        "A new accord sets a two-week deadline to release more than 300 prisoners, as the "
        "envoy warns of sanctions on anyone who blocks it."
    )
    found, names = events(text)
    threats = [e for e in found if e["type"] == "THREATEN"]
    assert threats and [names.get(a, a) for a in threats[0]["actors"]] == ["envoy"]
    assert "RETREAT" not in [e["type"] for e in found]  # the release is the accord's term


def test_a_pair_of_sides_is_named_as_the_text_names_it():
    found, names = events("The mediator called on both sides to stop the shelling of Holm.")
    (request,) = of_trigger(found, "called")
    assert named(request["targets"], names) == ["both sides"]


def test_both_sides_of_a_thing_are_a_place_not_parties():  # control
    found, names = events("Gunmen shelled villages on both sides of the river near Holm.")
    assert all("both sides" not in named(e["targets"], names) for e in found)
