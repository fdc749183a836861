"""The time layer never raises on what an article may contain: generated and mutated text,
odd years, long digit runs, publication dates at the calendar's ends or missing.

Property tests (Hypothesis) throw the team's own sentences, mutated, and random text at
``normalize`` (every rule, no parse) and at ``extract`` over parsed Docs (the tense and
entity code too). Each checks what every output must satisfy, so an exception is not the
only failure they can find. Examples are bounded so the file runs in a few seconds.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from dateline import times
from dateline.model import Article, TimeExpr
from dateline.pipeline import make_doc
from dateline.runner import one_blas_thread
from dateline.times.triggers import Folded
from tests.test_times import TRIGGER_SENTENCES

PUB = date(2021, 6, 16)
EDGE_DATES = [date.min, date(1, 1, 2), date(1, 3, 1), date(9999, 12, 30), date.max]
ODD_YEARS = ["0001", "0000", "9999", "10000", "1600", "2100", "0099", "1000"]
# Team-written frames around an odd year or a long figure.
FRAMES = [
    "in {}",
    "the {}s",
    "{}-01-01",
    "March 3, {}",
    "the spring of {}",
    "fiscal {}",
    "the first half of {}",
    "the third quarter of {}",
    "{}th century",
    "{} years ago",
    "the past {} years",
    "within {} days",
    "{} months from now",
    "every {} weeks",
    "on 3/4/{}",
]
SEEDS = [
    *TRIGGER_SENTENCES,
    "The mine closed about 8,000 years ago, long before the valley was farmed.",
    "Profit in the latest quarter of 1999 fell, and the quarter before it rose.",
    "The talks resumed the next day and again that same week, the envoy said.",
    "Sales a year ago were weaker than in the third quarter, the refinery said.",
]
ANCHORS = st.one_of(st.none(), st.sampled_from([*EDGE_DATES, PUB]), st.dates())
TENSES = st.sampled_from([times.PAST, times.PRESENT, times.FUTURE])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed sentence with a few edits: characters inserted or deleted, a word swapped for
    a word of another seed, an odd year or a long digit run put in, the case changed."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "word", "year", "digits", "case"]))
        if edit == "insert":
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif edit == "word":
            word = draw(st.sampled_from(draw(st.sampled_from(SEEDS)).split()))
            text = f"{text[:at]} {word} {text[at:]}"
        elif edit == "year":
            text = f"{text[:at]} {draw(st.sampled_from(ODD_YEARS))} {text[at:]}"
        elif edit == "digits":
            text = text[:at] + "9" * draw(st.integers(5, 400)) + text[at:]
        else:
            text = text.upper() if draw(st.booleans()) else text.title()
    return text


@st.composite
def framed_figures(draw: st.DrawFn) -> str:
    """A time phrase around an odd year, a huge figure or a long run of digits."""
    figure = draw(
        st.one_of(
            st.sampled_from(ODD_YEARS),
            st.integers(0, 10**30).map(str),
            st.integers(0, 10**12).map("{:,}".format),
            st.integers(20, 400).map(lambda n: "1" * n),
        )
    )
    return draw(st.sampled_from(FRAMES)).format(figure)


TEXTS = st.one_of(mutated(), framed_figures(), st.text(max_size=300))


def _check(found: list[TimeExpr], text: str) -> None:
    """What every expression must satisfy: offsets inside the text and in order, without
    overlap, the text they cover, a range that runs forward."""
    last_end = 0
    for t in found:
        assert last_end <= t.start < t.end <= len(text)
        assert t.text == text[t.start : t.end]
        if t.earliest is not None and t.latest is not None:
            assert t.earliest <= t.latest
        last_end = t.end


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, anchor=ANCHORS, tense=TENSES)
def test_normalize_never_raises(text: str, anchor: date | None, tense: str) -> None:
    found = times.normalize(text, anchor, tense)
    if found is not None:
        _check([found], text)


def _through_times(nlp: Language, article: Article) -> list[TimeExpr]:
    """The Doc parsed by the spaCy model and run through the time layer, which needs only the
    parse, the entities and the article (the other dateline layers have robustness tests of
    their own, and would take most of the time)."""
    doc = make_doc(nlp, article)
    with one_blas_thread():  # as the runner parses: spare BLAS threads only spin
        for name in nlp.pipe_names:
            if not name.startswith("dateline_") or name == "dateline_times":
                doc = nlp.get_pipe(name)(doc)
    return doc._.times


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, anchor=ANCHORS)
def test_extract_never_raises(nlp: Language, text: str, anchor: date | None) -> None:
    _check(_through_times(nlp, Article(text, published=anchor)), text)


@settings(max_examples=60, deadline=None)
@given(
    value=st.from_regex(r"\AP(T)?\d{1,40}(\.\d{1,3})?(DE|CE|[YQMWDH])\Z"),
    anchor=st.one_of(st.sampled_from(EDGE_DATES), st.dates()),
)
def test_resolve_duration_never_raises(value: str, anchor: date) -> None:
    expr = TimeExpr(0, 1, "x", "DURATION", value, None, None, None, None, None)
    deadline = times.resolve_duration(anchor, expr)
    assert deadline is None or isinstance(deadline, date)


# --- the crashes found, each pinned -------------------------------------------------------------


def test_a_date_before_the_calendar_has_no_value() -> None:
    """ "about 8,000 years ago" raised ValueError (year -5984 is out of range)."""
    t = times.normalize("about 8,000 years ago", PUB, times.PAST)
    assert t is not None and t.text == "about 8,000 years ago"
    assert (t.type, t.value, t.mod, t.earliest) == ("DATE", None, "APPROX", None)


def test_a_quarter_without_publication_date_keeps_its_year(nlp: Language) -> None:
    """A quarter relative to an unknown publication date raised AssertionError."""
    text = "Profit in the latest quarter of 1999 fell, the company said."
    found = _through_times(nlp, Article(text, published=None))
    quarter = [t for t in found if "quarter" in t.text]
    assert quarter and quarter[0].value == "1999-QX" and quarter[0].earliest is None


def test_a_length_past_the_calendar_keeps_its_value() -> None:
    t = times.normalize("the past 10,000 years", PUB, times.PAST)
    assert t is not None and (t.type, t.value, t.earliest, t.latest) == (
        "DURATION",
        "P10000Y",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("tomorrow", date.max),
        ("next year", date.max),
        ("last month", date.min),
        ("yesterday", date.min),
        ("Christmas", date.max),
        ("a year ago", date.min),
    ],
)
def test_moving_past_the_calendar_ends_gives_no_value(text: str, anchor: date) -> None:
    t = times.normalize(text, anchor, times.PAST)
    assert t is not None and t.value is None


def test_a_figure_too_long_to_be_a_number_is_no_length() -> None:
    text = "1" * 400 + " days"
    t = times.normalize(text, PUB, times.PAST)
    assert t is None or (t.value is None and t.duration_days is None)


# --- trigger words are derived from the patterns: skipping never loses a match -----------------


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(mutated(), framed_figures()))
def test_derived_triggers_never_skip_a_match(text: str) -> None:
    folded = Folded(text)
    for rule in times.RULES:
        found = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        if found:
            assert rule.may_match(folded), rule.name
        switched = [(m.span(), m.groupdict()) for m in rule.pattern_for(folded).finditer(text)]
        assert switched == found, rule.name
