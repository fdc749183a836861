"""Event precision on sentences written for these tests: what is not an event of its own.

Each class of false event has a test that it is not emitted, and a control that the real event
next to it still is: the antecedent of a condition, a mention with no occasion, a word whose
sense its antecedent fixes, an experience told with "before", an authority's own act reported
in the passive.
"""

from __future__ import annotations

from .event_records import events


def triggers(found: list[dict]) -> list[str]:
    return [e["trigger"]["text"].lower() for e in found]


def named(refs: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(r, r).lower() for r in refs]


ARTICLE = (
    "Rebels attack army post in northern Valdoria\n\n"
    "Rebels attacked an army post near the town of Brenmoor on Monday, killing six soldiers, "
    "the defence ministry said.\n\n"
    "{body}\n"
)


def test_condition_antecedent_is_no_event():
    found, _ = events(
        "The regional council said members would be balloted on a strike if the company "
        "rejected the offer."
    )
    assert "rejected" not in triggers(found)
    assert "REJECT" not in [e["type"] for e in found]


def test_condition_consequent_kept():
    found, _ = events(
        "The opposition leader said her party would call a general strike on Sunday unless "
        "the commission cancelled the results."
    )
    assert "cancelled" not in triggers(found)
    # the strike promised unless the condition is met is kept, as the threat it is (CAMEO 13)
    assert any(e["type"] == "THREATEN" and e["status"] == "occurred" for e in found)


def test_bare_mention_of_a_told_kind_is_dropped():
    body = "Fighting has not stopped entirely."
    found, _ = events(ARTICLE.format(body=body))
    assert "fighting" not in triggers(found)
    assert "attacked" in triggers(found)  # the lead's attack stays


def test_bare_mention_stands_for_a_kind_told_nowhere_else():
    text = (
        "Rival factions sign truce in Valdoria\n\n"
        "Rival factions signed a truce in Brenmoor on Monday, the United Nations said.\n\n"
        "Fighting has not stopped entirely.\n"
    )
    found, _ = events(text)
    assert "fighting" in triggers(found)


def test_bare_mention_in_the_lead_is_kept():
    found, _ = events("Heavy fighting broke out in the north of Valdoria on Tuesday.")
    assert [e["type"] for e in found] == ["ASSAULT"]


def test_specific_mention_after_the_lead_is_kept():
    body = "On Tuesday, rival militias clashed near Brenmoor, killing two fighters."
    found, _ = events(ARTICLE.format(body=body))
    assert sum(e["type"] == "ASSAULT" for e in found) >= 2


def test_back_reference_takes_its_antecedents_sense():
    body = "The strike hit the trucks at about midnight, local officials said."
    text = (
        "Drone strike hits rebel convoy in Valdoria\n\n"
        "A military drone struck a convoy of rebel fighters near Brenmoor on Monday night, "
        "killing ten fighters, the army said.\n\n" + body + "\n"
    )
    found, _ = events(text)
    assert "PROTEST" not in [e["type"] for e in found]


def test_labour_strike_keeps_its_own_sense():
    text = (
        "Dock workers walk out in Brenmoor\n\n"
        "Dock workers in Brenmoor began a strike on Monday over unpaid wages, the union said.\n"
    )
    found, _ = events(text)
    assert "PROTEST" in [e["type"] for e in found]


def test_experience_with_before_is_no_occasion():
    found, _ = events("Air strikes have killed civilians in the region before.")
    assert "ASSAULT" not in [e["type"] for e in found]


def test_past_attack_without_before_is_kept():
    found, _ = events("Air strikes killed four civilians in the region on Monday.")
    assert "ASSAULT" in [e["type"] for e in found]


def test_authority_reporting_an_arrest_is_its_actor():
    found, names = events("Four protesters were arrested on Saturday, police said.")
    arrests = [e for e in found if e["type"] == "COERCE"]
    assert arrests
    assert "police" in named(arrests[0]["actors"], names)


def test_relative_reporting_an_arrest_is_not_its_actor():
    found, names = events("Four protesters were arrested on Saturday, their lawyer said.")
    arrests = [e for e in found if e["type"] == "COERCE"]
    assert arrests
    assert "lawyer" not in " ".join(named(arrests[0]["actors"], names))


DEAL = (
    "Valdoria factions to free 200 detainees\n\n"
    "Delegations of the two rival factions signed an agreement in Brenmoor on Monday to free "
    "200 detainees and to pull their artillery back from the front line.\n\n"
    "The deal was signed by the heads of the two delegations, General Omar Tulin and General "
    "Piet Vass.\n"
)


def test_terms_of_a_signed_agreement_are_no_events():
    found, _ = events(DEAL)
    body = DEAL.index("\n\n")  # the headline's own "to free" is its news, not a term
    told = [e["trigger"]["text"] for e in found if e["trigger"]["start"] > body]
    assert "free" not in told
    assert "pull" not in told


def test_back_reference_to_the_deal_is_one_event():
    found, names = events(DEAL)
    deals = [e for e in found if e["type"] == "AGREE"]
    assert len(deals) == 1
    parties = named(deals[0]["actors"] + deals[0]["targets"], names)
    assert any("tulin" in p for p in parties)


def test_rejecting_a_demand_targets_who_made_it():
    text = (
        "Opposition demands new vote in Valdoria\n\n"
        "Opposition leader Mara Quist demanded on Monday that the electoral board cancel the "
        "results in the capital.\n\n"
        "Election chief Tomas Brel rejected the demand on Tuesday.\n"
    )
    found, names = events(text)
    rejections = [e for e in found if e["type"] == "REJECT"]
    assert rejections
    assert any("quist" in t for t in named(rejections[0]["targets"], names))


def test_announced_deployment_is_the_announcers_and_not_the_critics():
    text = (
        "Army sends troops north\n\n"
        "On Tuesday, Defence Minister Ana Perez announced in Brenmoor that 1,500 more soldiers "
        "would be deployed to the north within 15 days.\n\n"
        "The Red Front called the deployment a declaration of war.\n"
    )
    found, names = events(text)
    deployed = [e for e in found if e["trigger"]["text"] == "deployed"]
    assert deployed
    actors = named(deployed[0]["actors"], names)
    assert any("perez" in a for a in actors)
    assert not any("red front" in a for a in actors)


def test_relative_clause_on_anyone_is_no_act():
    found, _ = events(
        "Washington threatens sanctions on anyone who blocks the Valdoria accord, officials "
        "said on Monday."
    )
    assert "blocks" not in triggers(found)
    assert "THREATEN" in [e["type"] for e in found]


def test_headline_retold_in_a_standfirst_joins_the_story():
    text = (
        "Valdoria's rival delegations sign prisoner swap deal in Brenmoor\n\n"
        "The accord sets a deadline of 30 days for the exchange of prisoners, as envoys "
        "welcome the move.\n\n"
        "Military delegations of the two rival governments have signed an agreement in "
        "Brenmoor to exchange 400 prisoners, the United Nations said on Thursday.\n"
    )
    found, _ = events(text)
    assert sum(e["type"] == "AGREE" for e in found) == 1
