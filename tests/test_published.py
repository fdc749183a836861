"""The publication-date decision on team-written articles: every placement, every yearless
dateline case and every decoy (tests/fixtures/published, one file per case, dates.json the
truth); and the decision's own rules."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dateline.frame import prepare
from dateline.frame.dates import full_dates, locale_order, parse_metadata_date
from dateline.frame.published import Evidence, decide
from dateline.model import Article
from dateline.read import read_paths

from .conftest import FIXTURES

FOLDER = FIXTURES / "published"
TRUTH = json.loads((FOLDER / "dates.json").read_text(encoding="utf-8"))
BASIS = {
    "header": "header",
    "trailer": "trailer",
    "dateline": "dateline",
    "numeric": "header",
    "wikinews": "header",
    "record": "metadata",
    "page": "metadata",
}


def framed(name: str) -> Article:
    (article,) = list(read_paths([str(FOLDER / name)]))
    assert isinstance(article, Article), article
    return prepare(article)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_each_placement_and_decoy(name: str) -> None:
    article = framed(name)
    want = TRUTH[name]
    assert (article.published.isoformat() if article.published else None) == want
    if want is None:
        assert article.published_basis == "none" and article.published_confidence < 0.6
    else:
        assert article.published_basis == BASIS[name.split("-")[0]]
        assert article.published_confidence >= 0.6


def test_related_list_and_caption_are_wrapping_not_evidence() -> None:
    article = framed("decoy-related-list.txt")
    marked = " ".join(article.text[s:e] for s, e in article.boilerplate)
    assert "Border talks collapse" in marked and "Negotiators from both" not in marked
    caption = framed("decoy-caption.txt")
    assert any(caption.text[s:e].startswith("FILE - ") for s, e in caption.boilerplate)


def test_metadata_given_by_the_caller_wins() -> None:
    article = Article(
        text=(FOLDER / "header-posted.txt").read_text(encoding="utf-8"),
        published=date(2026, 1, 4),
        published_basis="metadata",
    )
    prepare(article)
    assert article.published == date(2026, 1, 4) and article.published_basis == "metadata"


def test_framing_twice_gives_the_same_decision() -> None:
    article = framed("dateline-yearless-copyright.txt")
    first = (article.published, article.published_basis, list(article.boilerplate))
    prepare(article)
    assert (article.published, article.published_basis, article.boilerplate) == (
        first[0],
        first[1],
        first[2],
    )


def test_conflicting_trusted_evidence_gives_no_answer() -> None:
    header = Evidence("header", date(2026, 3, 2), 0.8, "published")
    trailer = Evidence("trailer", date(2026, 5, 9), 0.8, "published")
    assert decide([header, trailer]).published is None
    update = Evidence("header", date(2026, 3, 4), 0.85, "updated")
    assert decide([header, update]).published == date(2026, 3, 4)  # an update, not a conflict


def test_retrieval_date_bounds_the_evidence() -> None:
    later = Evidence("header", date(2026, 3, 9), 0.95, "published")
    assert decide([later], latest_possible=date(2026, 3, 1)).published is None


@pytest.mark.parametrize(
    ("line", "order", "want"),
    [
        ("Posted: Mon 5 Jan 2026", None, date(2026, 1, 5)),
        ("Updated 10:48 AM EDT, April 23, 2026", None, date(2026, 4, 23)),
        ("Published 09 Oct 2026, 17:32 GMT", None, date(2026, 10, 9)),
        ("07/05/2026", "DMY", date(2026, 5, 7)),
        ("07/05/2026", "MDY", date(2026, 7, 5)),
        ("25/05/2026", None, date(2026, 5, 25)),  # only one order is a date
        ("Thursday 07/05/2026", None, date(2026, 5, 7)),  # the weekday decides
        ("Tue 5 Jan 2026", None, None),  # the weekday contradicts the date: not trusted
        ("07/05/2026", None, None),  # no locale, no weekday: left unread
        ("3 hours ago", None, None),
    ],
)
def test_full_dates(line: str, order: str | None, want: date | None) -> None:
    found = full_dates(line, order)
    assert (found[0].value if found else None) == want


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("2026-02-03 14:05:00", date(2026, 2, 3)),
        ("2026-05-20T09:42:00+01:00", date(2026, 5, 20)),
        ("Tue, 03 Feb 2026 10:00:00 GMT", date(2026, 2, 3)),
        ("yesterday", None),
        ("2099-13-45", None),
        (20260203, None),
    ],
)
def test_metadata_dates(value: object, want: date | None) -> None:
    assert parse_metadata_date(value) == want


def test_locale_from_the_address() -> None:
    assert locale_order("https://www.example.co.uk/news") == "DMY"
    assert locale_order("https://news.example.ph/a") == "MDY"
    assert locale_order("https://example.com/a") is None
