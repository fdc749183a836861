"""Time expressions: recognition, normalization against the publication date, and tense.

The sentences are the team's own; the publication date is Wednesday 2021-06-16 unless a test
says otherwise.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from dateline import times
from dateline.model import Article, TimeExpr
from dateline.pipeline import process
from dateline.times.patterns import alt
from dateline.times.triggers import Folded, fold_text

PUB = date(2021, 6, 16)  # a Wednesday


def _times(nlp: Language, text: str, published: date | None = PUB) -> list[TimeExpr]:
    doc = process(Article(text, published=published), nlp)
    return doc._.times


def _find(found: list[TimeExpr], text: str) -> TimeExpr:
    hits = [t for t in found if t.text == text]
    assert hits, f"{text!r} not found among {[t.text for t in found]}"
    return hits[0]


# --- weekdays and the tense of their clause -------------------------------------------------


def test_lower_case_text_names_its_days_and_months(nlp: Language) -> None:
    # wire archives and transcripts often come lower-cased
    found = _times(nlp, "the council met on tuesday and the vote was set for july 9.")
    assert _find(found, "tuesday").value == "2021-06-15"
    assert _find(found, "july 9").value == "2021-07-09"


def test_lower_case_homographs_are_no_months(nlp: Language) -> None:
    found = _times(nlp, "the march may end at the square, and they may march again.")
    assert [t.text for t in found] == []
    assert _find(_times(nlp, "The vote is due in May."), "May").value == "2021-05"  # control


def test_weekday_in_past_clause_is_the_latest_before(nlp: Language) -> None:
    found = _times(nlp, "As she left the summit on Tuesday, the minister praised the hosts.")
    t = _find(found, "Tuesday")
    assert (t.value, t.earliest, t.latest) == ("2021-06-15", date(2021, 6, 15), date(2021, 6, 15))


def test_weekday_after_preposition_has_no_preposition_in_span(nlp: Language) -> None:
    found = _times(nlp, "The truce was signed in Geneva on Saturday by both commanders.")
    assert _find(found, "Saturday").value == "2021-06-12"
    assert not [t for t in found if t.text.startswith("on ")]


def test_earlier_same_weekday_is_today(nlp: Language) -> None:
    found = _times(nlp, "Earlier Wednesday, rebels shelled the port for three hours.")
    assert _find(found, "Earlier Wednesday").value == "2021-06-16"


def test_last_same_weekday_is_a_week_back(nlp: Language) -> None:
    found = _times(nlp, "The convoy was ambushed last Wednesday near the border.")
    assert _find(found, "last Wednesday").value == "2021-06-09"


def test_participle_clause_takes_the_main_verb_tense(nlp: Language) -> None:
    text = "Troops took the town after resuming the offensive on Monday, officials said."
    assert _find(_times(nlp, text), "Monday").value == "2021-06-14"


def test_chain_of_infinitives_takes_the_finite_verbs_tense(nlp: Language) -> None:
    # "stop" defers to "firing", which defers to "resort", which defers to "had"
    text = "Guards had to resort to firing in Holm to stop the looters late on Friday."
    assert _find(_times(nlp, text), "Friday").value == "2021-06-11"
    # control: the same chain under a future auxiliary looks ahead
    text = "Guards will have to resort to firing in Holm to stop the looters late on Friday."
    assert _find(_times(nlp, text), "Friday").value == "2021-06-18"


def test_future_clause_picks_the_next_weekday(nlp: Language) -> None:
    text = "The two delegations will meet again on Friday in Vienna."
    assert _find(_times(nlp, text), "Friday").value == "2021-06-18"


def test_past_clause_picks_the_previous_same_weekday_name(nlp: Language) -> None:
    text = "The two delegations met on Friday in Vienna."
    assert _find(_times(nlp, text), "Friday").value == "2021-06-11"


def test_weekday_with_part_of_day(nlp: Language) -> None:
    t = _find(_times(nlp, "Gunmen attacked the station on Monday morning."), "Monday morning")
    assert (t.type, t.value, t.earliest) == ("TIME", "2021-06-14TMO", date(2021, 6, 14))


def test_late_weekday_carries_end_mod(nlp: Language) -> None:
    t = _find(_times(nlp, "The ministry confirmed the arrests late Sunday."), "late Sunday")
    assert (t.value, t.mod) == ("2021-06-13", "END")


def test_weekday_without_publication_date_stays_unresolved(nlp: Language) -> None:
    found = _times(nlp, "The council voted on Thursday to extend the curfew.", published=None)
    t = _find(found, "Thursday")
    assert (t.value, t.earliest, t.latest) == ("XXXX-WXX-4", None, None)


# --- calendar dates, years and relative days -------------------------------------------------


def test_month_day_in_past_clause(nlp: Language) -> None:
    text = "On June 3 alone, the militants staged 12 raids on police posts, the governor said."
    found = _times(nlp, text)
    assert _find(found, "June 3").value == "2021-06-03"
    assert not [t for t in found if "12" in t.text]


def test_expected_month_day_is_future(nlp: Language) -> None:
    text = "Expected June 22, the negotiations have stalled over prisoner swaps."
    assert _find(_times(nlp, text), "June 22").value == "2021-06-22"


def test_full_date_drops_determiner(nlp: Language) -> None:
    text = "The alliance was formed after the Nov. 13, 2015, shootings in the capital."
    t = _find(_times(nlp, text), "Nov. 13, 2015")
    assert (t.value, t.precision) == ("2015-11-13", "day")


def test_years_ago_resolves_to_a_year(nlp: Language) -> None:
    t = _find(_times(nlp, "The insurgency began 12 years ago in the hills."), "12 years ago")
    assert (t.value, t.earliest, t.latest) == ("2009", date(2009, 1, 1), date(2009, 12, 31))


def test_plausible_years_only(nlp: Language) -> None:
    text = (
        "He fled in 2015 and was captured in 2019, fulfilling a 2014 campaign pledge. "
        "The war cost $700 billion and 2000 soldiers were deployed to 1,200 bases."
    )
    values = {t.text: t.value for t in _times(nlp, text)}
    assert values.get("2015") == "2015" and values.get("2019") == "2019"
    assert values.get("2014") == "2014"
    assert "2000" not in values and "700" not in "".join(values)


def test_yesterday_and_today(nlp: Language) -> None:
    found = _times(nlp, "The envoy spoke to reporters yesterday and will fly home today.")
    assert _find(found, "yesterday").value == "2021-06-15"
    assert _find(found, "today").value == "2021-06-16"


def test_past_24_hours_is_an_anchored_duration(nlp: Language) -> None:
    text = "Two bombings in the past 24 hours killed nine people."
    t = _find(_times(nlp, text), "the past 24 hours")
    assert (t.type, t.value) == ("DURATION", "PT24H")
    assert (t.earliest, t.latest) == (date(2021, 6, 15), date(2021, 6, 16))


def test_next_week_is_the_iso_week(nlp: Language) -> None:
    text = "Talks could resume in Oslo as soon as next week."
    t = _find(_times(nlp, text), "next week")
    assert (t.value, t.earliest, t.latest) == ("2021-W25", date(2021, 6, 21), date(2021, 6, 27))
    assert t.precision == "week"


def test_commitment_durations(nlp: Language) -> None:
    text = "Forces must fall to 4,000 within 90 days and leave entirely in 9 months."
    found = _times(nlp, text)
    within = _find(found, "within 90 days")
    assert (within.type, within.value, within.mod) == ("DURATION", "P90D", "EQUAL_OR_LESS")
    assert _find(found, "9 months").value == "P9M"


def test_boilerplate_times_are_left_out(nlp: Language) -> None:
    text = "Rebels withdrew on Tuesday.\n\nCopyright 2019 Example Wire"
    cut = text.index("Copyright")
    article = Article(text, published=PUB, boilerplate=[(cut, len(text))])
    found = process(article, nlp)._.times
    assert [t.text for t in found] == ["Tuesday"]


def test_times_in_filters_by_characters(nlp: Language) -> None:
    text = "Rebels withdrew on Tuesday. They returned on Friday."
    doc = process(Article(text, published=PUB), nlp)
    second = text.index("They")
    assert [t.text for t in times.times_in(doc, second, len(text))] == ["Friday"]


# --- normalize() on single expressions -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tense", "kind", "value", "mod"),
    [
        ("last week", "past", "DATE", "2021-W23", None),
        ("this month", "present", "DATE", "2021-06", None),
        ("next month", "future", "DATE", "2021-07", None),
        ("last year", "past", "DATE", "2020", None),
        ("in 2018", "past", "DATE", "2018", None),
        ("the 1990s", "past", "DATE", "199", None),
        ("two weeks ago", "past", "DATE", "2021-W22", None),
        ("tonight", "future", "DATE", "2021-06-16", None),
        ("almost two decades", "past", "DURATION", "P20Y", "APPROX"),
        ("for more than a decade", "past", "DURATION", "P10Y", "MORE_THAN"),
        ("a seven-day truce", "past", "DURATION", "P7D", None),
        ("up to six weeks", "future", "DURATION", "P6W", "EQUAL_OR_LESS"),
        ("the third quarter", "past", "DATE", "2021-Q3", None),
        ("by year-end", "future", "DATE", "2021", "END"),
        ("early next year", "future", "DATE", "2022", "START"),
        ("now", "present", "DATE", "PRESENT_REF", None),
        ("currently", "present", "DATE", "PRESENT_REF", None),
        ("recently", "past", "DATE", "PAST_REF", None),
        ("in the future", "future", "DATE", "FUTURE_REF", None),
        ("every week", "present", "SET", "P1W", None),
        ("annually", "present", "SET", "P1Y", None),
    ],
)
def test_normalize(text: str, tense: str, kind: str, value: str, mod: str | None) -> None:
    t = times.normalize(text, PUB, tense)
    assert t is not None
    assert (t.type, t.value, t.mod) == (kind, value, mod)


def test_normalize_month_and_week_ranges() -> None:
    month = times.normalize("last month", PUB, "past")
    assert month is not None and (month.earliest, month.latest) == (
        date(2021, 5, 1),
        date(2021, 5, 31),
    )
    week = times.normalize("last week", PUB, "past")
    assert week is not None and (week.earliest, week.latest) == (
        date(2021, 6, 7),
        date(2021, 6, 13),
    )


def test_normalize_without_anchor_keeps_relative_values_open() -> None:
    t = times.normalize("yesterday", None)
    assert t is not None and t.earliest is None and t.value == "XXXX-XX-XX"


def test_normalize_returns_none_for_non_times() -> None:
    assert times.normalize("the ministry of defence", PUB) is None


# --- resolve_duration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "anchor", "deadline"),
    [
        ("within 135 days", date(2020, 2, 29), date(2020, 7, 13)),
        ("in 14 months", date(2020, 2, 29), date(2021, 4, 29)),
        ("within a month", date(2026, 3, 16), date(2026, 4, 16)),
        ("within two weeks", date(2021, 12, 25), date(2022, 1, 8)),
        ("in a year", date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_resolve_duration(phrase: str, anchor: date, deadline: date) -> None:
    expr = times.normalize(phrase, None)
    assert expr is not None and expr.type == "DURATION"
    assert times.resolve_duration(anchor, expr) == deadline


def test_resolve_duration_of_vague_length_is_none() -> None:
    expr = times.normalize("for several years", None)
    assert expr is not None and expr.value == "PXY"
    assert times.resolve_duration(PUB, expr) is None


# --- context: anaphora, compared periods, cues --------------------------------------------------


def test_that_year_counts_from_the_last_date(nlp: Language) -> None:
    text = "The dam was finished in 2012. Later that year, the first floods came."
    t = _find(_times(nlp, text), "Later that year")
    assert (t.value, t.mod) == ("2012", "END")


def test_following_month_counts_from_the_last_date(nlp: Language) -> None:
    text = "The treaty was signed in March 2017. The following month, troops withdrew."
    assert _find(_times(nlp, text), "The following month").value == "2017-04"


def test_year_ago_next_to_a_quarter_is_that_quarter(nlp: Language) -> None:
    text = "Profit rose 8% in the first quarter from a year ago, the refinery said."
    found = _times(nlp, text)
    assert _find(found, "the first quarter").value == "2021-Q1"
    assert _find(found, "a year ago").value == "2020-Q1"


def test_as_soon_as_points_forward(nlp: Language) -> None:
    text = "The first prisoners could be freed as soon as Monday, a mediator said."
    assert _find(_times(nlp, text), "Monday").value == "2021-06-21"


def test_infinitive_after_plan_points_forward(nlp: Language) -> None:
    text = "The envoy planned to leave the capital on Thursday."
    assert _find(_times(nlp, text), "Thursday").value == "2021-06-17"


def test_ages_and_titles_are_not_times(nlp: Language) -> None:
    text = "The 9-year-old boy, who is 9 years old, watched 60 Minutes with a second cousin."
    assert _times(nlp, text) == []


def test_fiscal_year_before_a_plural_noun(nlp: Language) -> None:
    text = "The firm said fiscal 2019 sales of $40 million fell short."
    assert _find(_times(nlp, text), "fiscal 2019").value == "2019"


# --- the TimeML evaluation ---------------------------------------------------------------------


def test_timeml_parsing_and_scoring(tmp_path: Path) -> None:
    from dateline.evaluate.time import Timex, parse_timeml, score_doc

    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2021-06-16">x</TIMEX3></DCT>'
        '<TEXT>Mayors met <TIMEX3 tid="t1" type="DATE" value="2021-06-15">Tuesday'
        '</TIMEX3> &amp; will meet <TIMEX3 tid="t2" type="DATE" value="2021-W25">'
        "next week</TIMEX3>.</TEXT></TimeML>",
        encoding="utf-8",
    )
    doc = parse_timeml(tml, "demo")
    assert doc.dct == date(2021, 6, 16)
    assert [g.text for g in doc.gold] == ["Tuesday", "next week"]
    assert doc.text.startswith("Mayors met Tuesday & will")
    start = doc.text.index("next")
    system = [
        Timex(11, 18, "DATE", "2021-06-15"),  # exact and right
        Timex(start, start + 4, "DATE", "2021-W26"),  # overlaps, wrong value
        Timex(0, 6, "DATE", "2021"),  # spurious
    ]
    counts, errors = score_doc(doc, system)
    assert (counts.gold, counts.system, counts.relaxed, counts.strict) == (2, 3, 2, 1)
    assert counts.value_ok == 1 and counts.type_ok == 2
    assert len(errors) == 2


def test_start_of_a_measure_points_forward(nlp) -> None:  # noqa: ANN001
    from datetime import date

    from dateline.frame import prepare
    from dateline.model import Article
    from dateline.pipeline import process

    # 2021-06-14 is a Monday: "beginning Thursday" is the coming Thursday.
    article = prepare(
        Article(
            text="The mayor announced a curfew beginning Thursday.",
            published=date(2021, 6, 14),
            published_basis="metadata",
        )
    )
    times = process(article, nlp)._.times
    thursday = [t for t in times if t.text.endswith("Thursday")]
    assert thursday and thursday[0].value == "2021-06-17"


def test_clock_time_today_without_publication_date(nlp) -> None:  # noqa: ANN001
    from dateline.model import Article
    from dateline.pipeline import process

    times = process(Article(text="The market opens at 9 a.m. today, officials said."), nlp)._.times
    clock = [t for t in times if "9 a.m." in t.text]
    assert clock and clock[0].type == "TIME"
    assert clock[0].value.startswith("XXXX-XX-XX")


# --- trigger words: skipping a rule never loses a match -----------------------------------------

# One or more sentences for every rule (the team's own), in several cases and spacings.
TRIGGER_SENTENCES = [
    "Talks resumed on Monday, March 3, 2020, and again on 14 March and on the 3rd of May 2019.",
    "The deal, signed 2020-03-04 and amended 3/5/21, runs through early March of 2021.",
    "In fiscal 1999, in the 1990s and in the late '80s, profits grew; 1845 was a bad year.",
    "Yesterday morning, earlier today and tomorrow night the shelling went on; late tonight too.",
    "The talks end this evening and resume last night's agenda this afternoon.",
    "Fighting resumed last Tuesday; on Wednesday evening and this coming Friday the envoys meet.",
    "The curfew starts at 9:30 p.m. EST on Tuesday and ends at 6 AM, or at noon on March 4.",
    "Three weeks ago, about two years earlier, and a decade from now the plan was revised.",
    "The year-earlier period and the year-ago results were weaker.",
    "Within 135 days, for the past 24 hours, over the next three months and in 14 months.",
    "In the past few weeks, in recent years and in the coming days, prices fell for decades.",
    "Next year, last month, this past weekend, the following week and the current decade.",
    "That same day, the following month and the next day brought new talks.",
    "In the spring of 2019, last summer, and the weekend before, the parks were closed.",
    "Nineteen ninety-six and the year two thousand and one were both wet.",
    "In the 21st century and the early twentieth century, the town grew.",
    "By the end of the year, at the start of this month and at year-end the bank reported.",
    "Third-quarter profit and the fourth quarter of 2019 beat the same quarter a year ago.",
    "In the first half of 2020 and the second half of the year sales rose.",
    "Now, currently, at present, these days, right now and recently; soon, in the future.",
    "In the near future and over the long term, not in the short term, prices will rise.",
    "The current plan, a recent change and future talks were once discussed.",
    "Twice a day, three times a week, every other month, each Monday, daily and hourly.",
    "The market is open on Mondays and on Sundays, but not on Christmas Day or New Year's Eve.",
    "Last Thanksgiving and May Day 2019 were quiet; Independence Day was not.",
    "TALKS RESUMED ON MONDAY, MARCH 3, TWO WEEKS AGO, AT 10 A.M., FOR YEARS.",
    "Talks  resumed\ton\nMonday;  three\nweeks  ago, the  past\tyear.",
]


def _matches(pattern: object, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", TRIGGER_SENTENCES)
def test_rule_triggers_never_skip_a_match(text: str) -> None:
    folded = Folded(text)
    for r in times.RULES:
        found = _matches(r.pattern, text)
        if found:
            assert r.may_match(folded), f"{r.name} skipped on {text!r}"
        assert _matches(r.pattern_for(folded), text) == found, r.name


def test_every_rule_with_triggers_is_exercised() -> None:
    """The sentences above must reach every guarded rule, or the check proves nothing."""
    guarded = [r for r in times.RULES if r.triggers or r.branches]
    quiet = [r.name for r in guarded if not any(r.pattern.search(t) for t in TRIGGER_SENTENCES)]
    assert not quiet


def test_triggers_skip_rules_without_their_words() -> None:
    folded = Folded("Protesters gathered outside the parliament building.")
    skipped = {r.name for r in times.RULES if not r.may_match(folded)}
    assert {"quarter", "century", "holiday", "month_day", "weekday", "clock"} <= skipped


def test_word_end_triggers_ignore_words_inside_longer_words() -> None:
    """ "am" in "camera" and "ten" in "attention" are not the clock's or a spelled year's."""
    folded = Folded("Gambian examiners paid attention to the camera programme.")
    rules = {r.name: r for r in times.RULES}
    assert not rules["clock"].may_match(folded)
    assert not rules["spelled_year"].may_match(folded)
    assert rules["clock"].may_match(Folded("They met at 5pm."))


def test_folding_keeps_characters_that_match_ascii_letters() -> None:
    """re.IGNORECASE matches "ſ" to "s" and "İ"/"ı" to "i"; the folded text must too."""
    text = "The talks lasted two ſeconds; Dİwali and ıslands."
    folded = fold_text(text)
    assert "seconds" in folded and "diwali" in folded and "islands" in folded
    duration = next(r for r in times.RULES if r.name == "duration")
    assert duration.pattern.search(text) and duration.may_match(Folded(text))


def test_alternation_groups_keep_the_longest_word_first() -> None:
    """Grouping words by first letter must not change which word an alternation takes."""
    words = ["a", "a few", "an", "about", "several", "some", "a couple of", "two"]
    grouped = re.compile(alt(words) + r"\b", re.I)
    flat = re.compile("(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.I)
    text = "a few, an apple, about two, A couple of, some several, a"
    assert [m.group() for m in grouped.finditer(text)] == [m.group() for m in flat.finditer(text)]
    assert [m.group() for m in grouped.finditer(text)][:3] == ["a few", "an", "about"]


def test_no_rule_matches_nothing() -> None:
    """Selection marks the characters each expression takes; an empty match would take none."""
    from re import _parser  # type: ignore[attr-defined]

    for r in times.RULES:
        assert _parser.parse(r.pattern.pattern, r.pattern.flags).getwidth()[0] > 0, r.name


def test_every_guarded_rule_has_derived_triggers() -> None:
    """The triggers are read off the patterns: rules whose words are all optional are the
    only ones scanned always (none today)."""
    assert all(r.triggers for r in times.RULES)
    rules = {r.name: r for r in times.RULES}
    assert {"once", "times"} <= set().union(*(t.words for t in rules["set"].branches["rate"]))
    assert any("quarter" in t.words for t in rules["quarter"].triggers)


def test_a_missing_lexicon_slot_is_a_catalogue_error() -> None:
    from dateline.errors import LexiconError
    from dateline.times import vocabulary

    with pytest.raises(LexiconError, match=r"^\[D019\].*time_qualifiers.csv.*no_such_slot"):
        vocabulary.slot("no_such_slot")


def test_counts_and_lengths_read_one_number_table() -> None:
    """ "a couple" of soldiers is a vague count (about 2), "a couple of days" two days;
    "several" soldiers count as 3 (ACLED), several days are an unknown number of days."""
    from dateline import numbers

    assert numbers.word_value("a couple") == (2.0, "vague")
    assert numbers.word_value("several") == (3.0, "vague")
    assert numbers.word_value("a") is None and numbers.word_value("first") is None
    couple = times.normalize("a couple of days", PUB)
    several = times.normalize("several days", PUB)
    assert couple is not None and couple.value == "P2D"
    assert several is not None and several.value == "PXD"


def test_the_strict_weekday_setting_reads_a_bare_weekday_as_last_week(nlp: Language) -> None:
    from dateline.times import TimeComponent

    text = "The minister resigned on Wednesday, her office said."
    doc = process(Article(text, published=PUB), nlp)
    strict = TimeComponent(nlp, "strict_times", same_day_bare_weekday=False)
    assert _find(doc._.times, "Wednesday").value == "2021-06-16"
    assert _find(strict.extract(doc), "Wednesday").value == "2021-06-09"
