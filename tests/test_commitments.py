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
