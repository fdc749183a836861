"""Commitment deadlines: each kind of deadline, computed by the times layer from the day the
commitment counts from (publication, the day of the statement, the agreement's signing), with
its precision. Every sentence and name here is invented."""

from __future__ import annotations

import pytest

from dateline import extract

PUBLISHED = "2021-05-05"  # a Wednesday


def deadline(text: str, published: str = PUBLISHED) -> tuple[str | None, str | None]:
    (found,) = extract(text, published=published).to_dict()["commitments"]
    return found["deadline"], found["deadline_precision"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a duration from the publication (no other day given)
        ("The rebels pledged to free the hostages within 30 days.", ("2021-06-04", "day")),
        ("The council vowed to rebuild the market in 14 months.", ("2022-07-05", "day")),
        # the end of a month, of the month, of the year, of a given year
        ("The firm promised to pay the fines by the end of June.", ("2021-06-30", "month")),
        ("The firm promised to pay the fines by the end of the month.", ("2021-05-31", "month")),
        ("The army pledged to leave the valley by the end of the year.", ("2021-12-31", "year")),
        ("The state pledged to clear the mines by the end of 2030.", ("2030-12-31", "year")),
        # a day of the month, with and without "no later than"
        ("The ministry promised to publish the audit by 4 June.", ("2021-06-04", "day")),
        (
            "The ministry promised to publish the audit no later than 10 June.",
            ("2021-06-10", "day"),
        ),
        # a weekday after the publication
        ("The Belmar board promised to announce the results by Saturday.", ("2021-05-08", "day")),
        # the day a promised act is set for
        ("The commission said it would hold the new vote on 24 May.", ("2021-05-24", "day")),
    ],
)
def test_deadline_kinds(text, expected):
    value, precision = expected
    assert deadline(text) == (value, precision)


def test_a_weekday_counts_from_the_day_of_the_statement():
    # said on Thursday 2021-04-29: "by Saturday" is 2021-05-01, not the Saturday after publication
    text = "Last Thursday, the Belmar board said it would announce the results by Saturday."
    assert deadline(text) == ("2021-05-01", "day")


def test_a_duration_counts_from_the_signing():
    text = (
        "The two parties signed the Harrow agreement on Monday. Under the agreement, the "
        "militias will leave the port within 10 days of the signing."
    )
    assert deadline(text) == ("2021-05-13", "day")


def test_a_date_set_before_the_promise_is_no_deadline():
    text = "The council said it would honour the pledge it made on 2 March."
    found = extract(text, published=PUBLISHED).to_dict()["commitments"]
    assert all(c["deadline"] is None for c in found)


def test_a_past_deadline_given_with_its_year_is_kept():
    # a pledge reported years later keeps its own deadline, even if it has passed
    text = "In 2019 the government pledged to pave the road by the end of 2020."
    assert deadline(text, "2024-02-01") == ("2020-12-31", "year")


def test_a_duration_after_the_signing_needs_no_within():
    text = (
        "The Karsa pact was signed on Monday. Under the pact, the army will leave the hills "
        "90 days after the signing."
    )
    assert deadline(text) == ("2021-08-01", "day")


def test_a_length_is_no_deadline():
    text = "The council pledged to run a 30-day consultation."
    found = extract(text, published=PUBLISHED).to_dict()["commitments"]
    assert [c["deadline"] for c in found] == [None]
