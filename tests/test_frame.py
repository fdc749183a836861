"""Story vs wrapping: boilerplate spans, byline, dateline and the publication date's basis."""

from __future__ import annotations

from datetime import date

from dateline.frame import prepare
from dateline.model import Article

WIRE = """By Hana Kovac and Tomas Reyes, Northern Post–

VALMORA, Ruritania (Reuters) - Police arrested 11 people on Thursday, officials said.

“We will restore order,” the minister said.

Read More: Earlier clashes in the capital (2)

–With assistance from Pia Lund.

To contact the reporter on this story: Hana Kovac in Valmora at

To contact the editors responsible for this story: Jan Ek at

For more articles like this, please visit us at

©2024 Northern Post Ltd.
"""


def marked(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.boilerplate]


def test_wrapping_is_marked_not_deleted() -> None:
    article = prepare(Article(text=WIRE))
    assert article.text == WIRE
    spans = marked(article)
    assert spans[0].startswith("By Hana Kovac")
    assert any(s.startswith("Read More:") for s in spans)
    assert any("With assistance from Pia Lund" in s for s in spans)
    assert any(s.startswith("To contact the reporter") for s in spans)
    assert any(s.startswith("To contact the editors") for s in spans)
    assert any(s.startswith("For more articles like this") for s in spans)
    assert any(s.startswith("©2024") for s in spans)
    assert not any("restore order" in s for s in spans)
    assert not any("Police arrested" in s for s in spans)


def test_byline_gives_authors_and_outlet() -> None:
    article = prepare(Article(text=WIRE))
    assert article.authors == ["Hana Kovac", "Tomas Reyes"]
    assert article.outlet == "Northern Post"


def test_dateline_is_found_and_not_boilerplate() -> None:
    article = prepare(Article(text=WIRE))
    assert article.dateline is not None
    s, e = article.dateline
    assert article.text[s:e].startswith("VALMORA, Ruritania (Reuters) -")
    assert article.dateline_place == "VALMORA, Ruritania"
    assert not article.in_boilerplate(s, e)


def test_uppercase_byline_and_timestamp_line() -> None:
    text = (
        "Headline about a ceasefire in the north\n\nBy MARIA LOPEZ\n"
        "Updated 3:10 PM GMT, June 2, 2025\n\nTOWN, Country (AP) — Two sides signed a truce.\n"
        "\nAssociated Press writer Li Wei contributed from Lagos.\n"
    )
    article = prepare(Article(text=text))
    assert article.authors == ["Maria Lopez"]
    assert article.outlet == "Associated Press"
    assert article.published == date(2025, 6, 2)
    assert article.published_basis == "header"
    assert article.title == "Headline about a ceasefire in the north"
    assert any("contributed from Lagos" in s for s in marked(article))


def test_metadata_date_wins() -> None:
    article = Article(text=WIRE, published=date(2024, 1, 5), published_basis="metadata")
    prepare(article)
    assert article.published == date(2024, 1, 5)
    assert article.published_basis == "metadata"


def test_dateline_date() -> None:
    text = "LONDON, March 4 (Reuters) - Ministers met on Monday.\n\n© 2019 Reuters"
    article = prepare(Article(text=text))
    assert article.published == date(2019, 3, 4)
    assert article.published_basis == "dateline"
    text = "LONDON, March 4, 2019 (Reuters) - Ministers met on Monday."
    article = prepare(Article(text=text))
    assert article.published == date(2019, 3, 4)
    assert article.published_basis == "dateline"


def test_inferred_from_copyright_explicit_date_and_today_weekday() -> None:
    # 2021-06-10 is a Thursday: the latest dated event is June 8, "earlier Thursday" is today.
    text = (
        "Officials said talks ended on June 8 without a deal.\n\n"
        "Earlier Thursday, the rebels attacked a convoy.\n\n©2021 Example News"
    )
    article = prepare(Article(text=text))
    assert article.published == date(2021, 6, 10)
    assert article.published_basis == "inferred"


def test_future_dates_do_not_count_as_past_evidence() -> None:
    text = (
        "Talks are expected June 20. Officials met on June 8.\n\n"
        "Earlier Thursday, the rebels attacked a convoy.\n\n©2021 Example News"
    )
    assert prepare(Article(text=text)).published == date(2021, 6, 10)


def test_no_evidence_means_no_date() -> None:
    article = prepare(Article(text="Rebels attacked a convoy on Tuesday, officials said."))
    assert article.published is None
    assert article.published_basis == "none"
    # a year alone does not support a day
    article = prepare(Article(text="Rebels attacked a convoy on Tuesday.\n\n© 2020 Example"))
    assert article.published is None


def test_byline_place_is_not_part_of_the_name() -> None:
    article = prepare(Article(text="By Jane Okoro in Lagos.\n\nLAGOS (Reuters) - Police said."))
    assert article.authors == ["Jane Okoro"]
    assert article.text[slice(*article.boilerplate[0])] == "By Jane Okoro in Lagos."


def test_text_without_line_breaks_is_marked_by_sentence() -> None:
    story = "TOWN (AP) - Rebels attacked a base on Monday, officials said. " * 8
    text = story + "Copyright 2018 The Example Press. All rights reserved."
    article = prepare(Article(text=text))
    marked_text = " ".join(marked(article))
    assert "Rebels attacked" not in marked_text
    assert "Copyright 2018" in marked_text


def test_month_alternation_matches_like_a_flat_alternation():
    """The factored month pattern finds what "|"-joining the names (longest first) finds."""
    import re

    from dateline.frame.dates import _alternation, months

    names = sorted(months(), key=len, reverse=True)
    factored = re.compile(r"\b(?:" + _alternation(names) + r")\.?\s+\d{1,2}", re.I)
    flat = re.compile(r"\b(?:" + "|".join(names) + r")\.?\s+\d{1,2}", re.I)
    text = (
        "Talks began Sept. 3, 2024 and resumed SEPTEMBER 9 2024; a truce held from Jun 1 "
        "to June 30th, 2024, then again from March 2 until mar. 14 and Sep 5, and May 12."
    )
    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in flat.finditer(text)]
    assert len(list(flat.finditer(text))) == 8


def test_named_month_dates_are_read_as_dateparser_reads_them() -> None:
    """full_dates reads "5 March 2026" from the regex groups; the reading must be dateparser's
    for every month word and shape: ordinals, "of", commas, a period, impossible days, years
    outside the accepted range, and a weekday written before the date."""
    from dateline.frame.dates import full_dates, months, parse_date

    days = ["1", "07", "29th", "30", "31st", "2nd", "0"]
    years = ["2024", "2025", "1899", "2101"]
    checked = 0
    for index, word in enumerate(sorted(months())):
        name = word.capitalize() if index % 2 else word.upper()
        day, year = days[index % len(days)], years[index % len(years)]
        for body in (
            f"{name} {day}, {year}",
            f"{name}. {day} {year}",
            f"{day} {name} {year}",
            f"{day} of {name}, {year}",
        ):
            found = full_dates(f"Posted {body} at noon")
            expected = parse_date(body)
            assert [f.value for f in found] == ([expected] if expected else []), body
            checked += expected is not None
    assert checked > 20  # most shapes are real dates, so the comparison is not vacuous
    wrong_weekday = full_dates("Updated Friday, March 5, 2026")  # 5 March 2026 is a Thursday
    assert wrong_weekday == []
    assert [f.value for f in full_dates("Thursday, March 5, 2026")] == [date(2026, 3, 5)]


def test_joined_boilerplate_patterns_answer_as_each_pattern_does() -> None:
    """is_phrase_wrapping matches the anchored patterns as one; a pattern with a top-level "|"
    is not anchored (its other branch may match anywhere), and the answer is the same as
    trying every pattern on its own."""
    from dateline.frame.wrapping import _anchored, boilerplate_patterns, is_phrase_wrapping

    assert _anchored(r"^\W*read more\b") and _anchored(r"^(a|b)") and _anchored(r"^[|]x")
    assert not _anchored(r"^a|b") and not _anchored(r"\ball rights reserved\b")
    lines = [
        "Read more: the town's new bridge",
        "Copyright 2031 The Valley Courier",
        "The mayor said all rights reserved for residents would stay.",
        "(Reporting by Ana Perez; editing by Tom Reed)",
        "Follow our coverage of the vote",
        "The council met on Tuesday to discuss the bridge.",
        "– Advertisement",
        "Share this article",
        "He said the share price fell.",
    ]
    for line in lines:
        stripped = line.strip().lstrip("–—-").strip()
        expected = any(p.search(stripped) for p in boilerplate_patterns())
        assert is_phrase_wrapping(line) == expected, line
    assert sum(is_phrase_wrapping(line) for line in lines) >= 5
