"""Commitments: obligations in agreements, pledges and promises, with deadlines."""

from __future__ import annotations

from dateline import extract


def commitments(text: str, published: str = "2021-05-05") -> list[dict]:
    return extract(text, published=published).to_dict()["commitments"]


def test_agreement_terms_one_commitment_per_clause_with_deadline_from_signing():
    text = (
        "The deal signed on Monday calls for the army to withdraw 2,000 troops within 30 days, "
        "and for the rebels to disarm in 6 months if the truce holds."
    )
    found = commitments(text)
    assert len(found) == 2
    first, second = sorted(found, key=lambda c: c["start"])
    assert "withdraw 2,000 troops within 30 days" in first["text"]
    assert first["deadline"] == "2021-06-02"  # 30 days after Monday 2021-05-03
    assert second["deadline"] == "2021-11-03"
    assert second["condition"] == "if the truce holds"


def test_pledge_binds_its_subject():
    found = commitments("The rebels pledge to release all hostages.")
    assert len(found) == 1
    assert "release all hostages" in found[0]["text"]
    assert found[0]["party"] is not None


def test_promise_deadline_counts_from_the_promise():
    found = commitments("The governor promised that the bridge would be rebuilt within two months.")
    assert [c["deadline"] for c in found] == ["2021-07-05"]


def test_no_commitment_in_a_plain_report():
    assert commitments("The rebels attacked the town on Monday.") == []


def test_a_pronoun_party_is_resolved_to_its_antecedent():
    text = (
        "The Northern Front seized the town on Monday. "
        "It pledged to release the prisoners within a week."
    )
    out = extract(text, published="2021-05-05").to_dict()
    names = {e["id"]: e["name"] for e in out["entities"]}
    (found,) = out["commitments"]
    assert names.get(found["party"]) == "Northern Front"
    assert found["deadline"] == "2021-05-12"


def test_commitment_words_are_read_from_their_lexicon():
    from dateline.commitments import WORDS_FILE, CommitmentWords
    from dateline.events.lexicon import word_groups

    words = word_groups(WORDS_FILE, CommitmentWords)
    assert "pledge" in words.pledge_verb and "agreement" in words.agreement_noun
    assert words.cues >= words.terms_verb | words.pledge_noun
