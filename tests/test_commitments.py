"""Commitments: obligations in agreements, pledges, reported promises and accepted demands, one
per coordinated item, with party, condition and quantity (deadlines: test_commitments_deadlines).
Every sentence and name here is invented."""

from __future__ import annotations

import pytest

from dateline import extract

PUBLISHED = "2021-05-05"  # a Wednesday


def record(text: str, published: str = PUBLISHED) -> dict:
    return extract(text, published=published).to_dict()


def commitments(text: str, published: str = PUBLISHED) -> list[dict]:
    return sorted(record(text, published)["commitments"], key=lambda c: c["start"])


def texts(text: str) -> list[str]:
    return [c["text"] for c in commitments(text)]


def party_name(out: dict, commitment: dict) -> str | None:
    names = {e["id"]: e["name"] for e in out["entities"]}
    names.update({p["id"]: p["name"] for p in out["places"]})
    return names.get(commitment["party"])


# ---- agreements' terms


def test_agreement_terms_one_commitment_per_clause_with_deadline_from_signing():
    text = (
        "The deal signed on Monday calls for the army to withdraw 2,000 troops within 30 days, "
        "and for the rebels to disarm in 6 months if the truce holds."
    )
    first, second = commitments(text)
    assert "withdraw 2,000 troops within 30 days" in first["text"]
    assert first["deadline"] == "2021-06-02"  # 30 days after Monday 2021-05-03
    assert second["deadline"] == "2021-11-03"
    assert second["condition"] == "if the truce holds"
    assert second["condition_status"] == "pending"
    assert {first["kind"], second["kind"]} == {"terms"}


def test_an_accord_that_commits_both_sides_to_a_noun():
    (found,) = commitments("The accord commits both sides to a ceasefire within 48 hours.")
    assert "ceasefire within 48 hours" in found["text"]
    assert found["deadline"] == "2021-05-07"


def test_a_deal_that_provides_for_a_release():
    (found,) = commitments("The deal provides for the release of 300 prisoners.")
    assert found["text"].startswith("for the release of 300 prisoners")


def test_a_deal_that_sets_a_deadline():
    (found,) = commitments("The pact sets a 90-day deadline for the withdrawal of the militias.")
    assert "withdrawal of the militias" in found["text"]


def test_under_its_terms_each_coordinated_act_is_a_commitment():
    text = (
        "The Corvane accord was signed on Monday. Under its terms, the two sides will swap lists "
        "of detainees by 4 June and free all of them within 30 days of signing."
    )
    first, second = commitments(text)
    assert "swap lists of detainees by 4 June" in first["text"]
    assert first["deadline"] == "2021-06-04"
    assert second["text"].startswith("free all of them within 30 days")
    assert second["deadline"] == "2021-06-02"  # from the signing, Monday 2021-05-03


def test_a_condition_under_an_agreement_with_its_status():
    text = (
        "If the first phase is completed, the parties would then open talks on a joint "
        "command, according to a draft of the agreement."
    )
    (found,) = commitments(text)
    assert found["condition"] == "If the first phase is completed"
    assert found["condition_status"] == "pending"
    assert "according to" not in found["text"]


def test_an_obligation_under_an_agreement():
    (found,) = commitments(
        "Under the accord, the Tarsk militia must disarm by the end of the year."
    )
    assert found["kind"] == "terms"
    assert found["deadline"] == "2021-12-31"


def test_shall_in_what_an_agreement_says():
    (found,) = commitments(
        "The treaty states that both parties shall release all detainees by 1 June."
    )
    assert "release all detainees" in found["text"]
    assert found["deadline"] == "2021-06-01"


def test_an_agreement_to_do_something():
    text = "The Dorvan clans reached an agreement to swap prisoners within 30 days."
    (found,) = commitments(text)
    assert found["text"].startswith("to swap prisoners")
    assert found["deadline"] == "2021-06-04"


def test_it_takes_up_the_agreement_of_the_sentence_before():
    text = (
        "The Pell accord was signed on Monday. It calls for the militias to leave the port "
        "within 10 days."
    )
    (found,) = commitments(text)
    assert found["kind"] == "terms"
    assert found["deadline"] == "2021-05-13"  # 10 days after the signing, Monday 2021-05-03


def test_a_dated_obligation_right_after_an_agreement_is_one_of_its_terms():
    text = (
        "The government and the Sarn Front signed a truce on Monday. The Sarn Front must "
        "release 200 prisoners by the end of the month, and both sides are required to "
        "reopen the roads within a week."
    )
    prisoners, roads = commitments(text)
    assert prisoners["kind"] == roads["kind"] == "obligation"
    assert prisoners["deadline"] == "2021-05-31"
    assert roads["deadline"] == "2021-05-10"


@pytest.mark.parametrize(
    "text",
    [
        # "must" far from any agreement, or without a deadline, binds nobody
        "Critics say the mayor must resign by Friday.",
        "The Sarn Front signed a truce on Monday. The rebels must be careful, analysts said.",
    ],
)
def test_must_without_an_agreement_and_a_deadline_is_no_commitment(text):
    assert commitments(text) == []


def test_agreed_on_a_noun():
    (found,) = commitments("The two unions agreed on a joint wage claim within two weeks.")
    assert "joint wage claim" in found["text"]
    assert found["deadline"] == "2021-05-19"


# ---- pledges


def test_coordinated_infinitives_of_a_pledge_are_separate_commitments():
    text = (
        "The Ostrava council pledged to plant 5,000 trees by the end of June, to reopen the "
        "library, and to keep the clinic open unless the province cut its grant."
    )
    trees, library, clinic = commitments(text)
    assert trees["deadline"] == "2021-06-30"
    assert trees["quantity"]["value"] == 5000
    assert "reopen the library" in library["text"] and library["deadline"] is None
    assert clinic["condition"] == "unless the province cut its grant"


def test_a_second_pledge_verb_in_the_same_sentence_is_read_on_its_own():
    text = (
        "The junta pledged to hold elections by 20 August and promised to free all "
        "political prisoners within 20 days."
    )
    elections, prisoners = commitments(text)
    assert "hold elections by 20 August" in elections["text"]
    assert "promised" not in elections["text"]
    assert elections["deadline"] == "2021-08-20"
    assert prisoners["deadline"] == "2021-05-25"


def test_committed_to_gerunds_are_separate_commitments():
    text = (
        "They committed to pulling their artillery back from the valley and to expelling "
        "all foreign fighters by the end of the year."
    )
    artillery, fighters = commitments(text)
    assert "pulling their artillery back" in artillery["text"]
    assert artillery["deadline"] is None
    assert "expelling all foreign fighters" in fighters["text"]
    assert fighters["deadline"] == "2021-12-31"


def test_a_pledge_binds_its_subject():
    (found,) = commitments("The rebels pledge to release all hostages.")
    assert "release all hostages" in found["text"]
    assert found["party"] is not None


def test_a_promise_with_a_nominal_object():
    (found,) = commitments("The governor promised a deployment of police within 15 days.")
    assert "deployment of police within 15 days" in found["text"]
    assert found["deadline"] == "2021-05-20"


def test_agreed_to_an_infinitive():
    (found,) = commitments("Lomar Mining agreed to rehire the dismissed workers within 30 days.")
    assert found["deadline"] == "2021-06-04"


def test_an_accepted_demand_binds_who_accepts_it():
    out = record(
        "The Varnian government accepted the demand that it withdraw its troops within 60 days."
    )
    (found,) = out["commitments"]
    assert found["kind"] == "accept"
    assert "withdraw its troops" in found["text"]
    assert found["deadline"] == "2021-07-04"


def test_a_pledge_noun_with_its_infinitive():
    (found,) = commitments("The union made a pledge to end the strike within a week.")
    assert "to end the strike" in found["text"]
    assert found["deadline"] == "2021-05-12"


def test_a_condition_met_in_the_past():
    (found,) = commitments(
        "The militia pledged to free the hostages once the ceasefire was signed."
    )
    assert found["condition"] == "once the ceasefire was signed"
    assert found["condition_status"] == "met"


# ---- reported promises and obligations


def test_a_reported_future_of_the_speakers_side_one_per_item():
    text = (
        "In a statement on Sunday, Brackwell Foods said the decision was final but that it "
        "would keep paying all staff until the end of June and offer retraining to everyone."
    )
    out = record(text)
    paying, retraining = sorted(out["commitments"], key=lambda c: c["start"])
    assert "keep paying all staff until the end of June" in paying["text"]
    assert paying["deadline"] == "2021-06-30"
    assert retraining["text"].startswith("offer retraining")
    assert party_name(out, paying) == "Brackwell Foods"


def test_a_past_act_coordinated_with_a_promise_is_no_promise_of_its_own():
    (found,) = commitments("Pell Motors said it would order a review and warned of more losses.")
    assert "order a review" in found["text"]


def test_a_passive_reported_future_counts_from_the_day_of_the_statement():
    text = (
        "On Monday, the interior minister announced that 800 more police would be deployed "
        "to the border within 15 days."
    )
    (found,) = commitments(text)
    assert found["kind"] == "statement"
    assert found["deadline"] == "2021-05-18"  # 15 days after Monday 2021-05-03


def test_a_promise_that_a_future_state_will_hold():
    found = commitments("The governor promised that the bridge would be rebuilt within two months.")
    assert [c["deadline"] for c in found] == ["2021-07-05"]


def test_is_to_binds_a_named_party():
    (found,) = commitments(
        "The Kestrel Brigade is to hand over its weapons by the end of the month."
    )
    assert found["kind"] == "obligation"
    assert found["deadline"] == "2021-05-31"


def test_a_pronoun_party_is_resolved_to_its_antecedent():
    text = (
        "The Northern Front seized the town on Monday. "
        "It pledged to release the prisoners within a week."
    )
    out = record(text)
    (found,) = out["commitments"]
    assert party_name(out, found) == "Northern Front"
    assert found["deadline"] == "2021-05-12"


# ---- what binds nobody


@pytest.mark.parametrize(
    "text",
    [
        "The rebels attacked the town on Monday.",
        "The minister said the rebels would attack the capital again.",
        "She said it would be difficult to reach a deal.",
        "It is too early to say whether the truce will hold.",
        "Protesters said the president must resign by Friday.",
        "He said he would have burned the office if given the chance.",
        "The airline needs more jets to meet customer demand for flights.",
        "Her brother committed to the monastery in 1990.",
        "The Harlow Comets are the first team to win the cup twice.",
        "Under the law, a first offence carries a fine.",
        "The coach promised that the two stars would be together for years.",
        "Mr Tallis said that working under the new rules would result in higher costs.",
        "Ms Oduya said she expected growth, and that cutting rates would raise prices.",
        "The Ferro Group said the new rules would hurt small shops.",
        "The Ferro Group announced plans to open ten shops.",
        "The new jets should enter service in 2028.",
        "Aid will stop unless the bondholders agree on a new deal.",
        "All agreed that the Verra proposal would raise taxes on the rich.",
        "The Delta Group's reaction is to deny everything.",
        '"I would read out the letter, and he would nod at me," Ms Arlen said.',
        '"If she wins the vote, she will sell the farm," Mr Doyle said of Ms Karim.',
        "The Orvik Institute said you would be cutting off your own supply.",
    ],
)
def test_no_commitment(text):
    assert commitments(text) == []


def test_frames_and_words_are_read_from_their_lexicons():
    from dateline.commitments import load_frames, load_words

    words, frames = load_words(), load_frames()
    assert "agreement" in words.agreement_noun and "within" in words.deadline_prep
    assert "to" in frames.of("pledge", "pledge") and "for" in frames.of("terms", "provide")
    assert "say" in frames.report_verbs and "pledge" in frames.cues


def test_a_frame_of_an_unknown_shape_is_a_lexicon_error(monkeypatch):
    from dateline import lexicons
    from dateline.commitments import words as commitment_words
    from dateline.errors import LexiconError

    row = commitment_words.FrameRow("vow", "pledge", frozenset({"to_the_moon"}))
    monkeypatch.setattr(lexicons, "table", lambda name, row_type: (row,))
    with pytest.raises(LexiconError, match="to_the_moon"):
        commitment_words.load_frames()
