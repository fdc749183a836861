"""Property tests (Hypothesis): generated and mutated text thrown at every component.

Issue 18: no exception may escape any layer, whatever the article holds. Each ``dateline_*``
factory is run, in pipeline order, over team-written news sentences mutated at random (text
inserted and cut, odd characters, huge figures, case changes) and over arbitrary Unicode, with
and without a publication date; every offset in the contract record must lie inside the text,
and every record that carries its own ``text`` next to ``start``/``end`` must carry exactly that
slice of the article. Long articles go through the chunked path too (chunks of 1,000
characters), whose merge shifts every offset.

Examples are few (``max_examples``) and there is no deadline, so the suite stays quick on a
shared machine; Hypothesis keeps the failures it found in its database and replays them first.
"""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dateline.document import Document
from dateline.frame import prepare
from dateline.model import Article
from dateline.pipeline import make_doc
from dateline.runner import Settings, run_article, shared_pipeline

# Team-written sentences that wake every layer: datelines, roles, places, quotes, counts,
# relative and odd dates, promises with deadlines.
SEEDS = (
    "ORVANE, Kestria, May 4 (Wire Desk) - Police in Orvane arrested 23 protesters on Sunday "
    "after clashes near the central station, Interior Minister Dara Voss said.",
    '"We will restore order within a week," Voss told reporters on Monday.',
    "Gunmen killed at least seven soldiers and wounded 12 in an attack on a checkpoint east of "
    "the town of Brell late on Friday, the army said in a statement.",
    "The finance ministry promised to cut fuel taxes by 5 percent by the end of the third "
    "quarter, according to a spokeswoman, Mira Tallis.",
    "About 8,000 years ago the valley was a lake; in Q3 the council plans to drain the marsh.",
    "Thousands of farmers marched through the capital on 31 February 2026 demanding aid, and "
    "the opposition leader, Pell Arno, said they would return next month.",
    "The two governments agreed on Tuesday to resume talks in Serrat, two days after the "
    "border was closed, a joint communique said.",
    "By Ines Marr\n\nUpdated 14:05 GMT\n\nResidents said shelling hit the market at dawn.",
)
ODD = (
    "\u200b",
    "\u00a0",
    "\u0301",
    "\r\n",
    "\t",
    "\u201c",
    "\u201d",
    "'",
    '"',
    "\u2014",
    "\U0001f600",
    "\ufeff",
    "\x00",
    "\u202e",
    "\n\n",
    "...",
    "(",
    ")",
    "Mr.",
    "Q4",
    "9" * 40,
    "1,000,000,000,000",
    "-5",
    "years ago",
    "next quarter",
    "0000-00-00",
    "99/99/9999",
    "said",
    "killed",
    "promised",
    "\u0627\u0644\u0634\u0631\u0637\u0629",
    "\u8b66\u5bdf",
)
# Publication dates near year 1 crash the events layer (see the xfail test at the end); the
# properties start at year 100 so that they keep testing everything else.
EDGE_DATES = (date(100, 1, 1), date(9999, 12, 31), date(2026, 2, 28), date(1970, 1, 1))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """One to four seeds joined, then up to six random edits."""
    text = draw(st.sampled_from(("\n\n", " ", "\n"))).join(
        draw(st.lists(st.sampled_from(SEEDS), min_size=1, max_size=4))
    )
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(("odd", "text", "cut", "repeat", "case")))
        if edit == "odd":
            text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
        elif edit == "text":
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
        elif edit == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif edit == "repeat":
            text = text[:at] + text[at : at + draw(st.integers(1, 30))] * 3 + text[at:]
        else:
            text = text.upper() if draw(st.booleans()) else text.lower()
    return text


TEXTS = st.one_of(mutated(), mutated(), st.text(min_size=1, max_size=200))
PUBLISHED = st.one_of(st.none(), st.sampled_from(EDGE_DATES), st.dates(min_value=EDGE_DATES[0]))
# DATELINE_PROPERTY_EXAMPLES=200 for a longer hunt by hand; the suite's default stays small
EXAMPLES = int(os.environ.get("DATELINE_PROPERTY_EXAMPLES", "12"))
FEW = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def nlp() -> Any:
    return shared_pipeline()


def article_of(text: str, published: date | None) -> Article:
    basis = "metadata" if published else "none"
    return Article(text=text, source="generated", published=published, published_basis=basis)


def dateline_components(nlp: Any) -> list[str]:
    return [name for name in nlp.pipe_names if name.startswith("dateline_")]


COMPONENTS = (
    "dateline_frame",
    "dateline_paragraphs",
    "dateline_headline_case",
    "dateline_entities",
    "dateline_places",
    "dateline_references",
    "dateline_times",
    "dateline_quotes",
    "dateline_events",
    "dateline_commitments",
)


def test_every_component_is_covered(nlp: Any) -> None:
    assert dateline_components(nlp) == list(COMPONENTS)


def run_through(nlp: Any, article: Article, last: str) -> Any:
    """The pipeline, one component at a time, up to and including ``last``; what an earlier
    component raises is that component's test's business, so it ends the run quietly. The
    frame decision (``prepare``) counts as part of ``dateline_frame``."""
    try:
        doc = make_doc(nlp, prepare(article))
    except Exception:  # noqa: BLE001 - reported by the frame's own test
        if last == "dateline_frame":
            raise
        return None
    for name, component in nlp.pipeline:
        if name == last:
            return component(doc)
        try:
            doc = component(doc)
        except Exception:  # noqa: BLE001 - reported by the earlier component's own test
            return None
    raise AssertionError(f"{last} is not in the pipeline")


@pytest.mark.parametrize("component", COMPONENTS)
@FEW
@given(text=TEXTS, published=PUBLISHED)
def test_no_component_raises(nlp: Any, component: str, text: str, published: date | None) -> None:
    run_through(nlp, article_of(text, published), component)


def offsets_inside(record: dict, text: str) -> list[str]:
    """Every problem with a span in the contract record: outside the text, reversed, or a
    ``text`` that is not the slice it claims to be."""
    problems: list[str] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, dict):
            start, end = node.get("start"), node.get("end")
            if isinstance(start, int) and isinstance(end, int):
                if not 0 <= start <= end <= len(text):
                    problems.append(f"{where}: [{start}, {end}) outside 0..{len(text)}")
                elif isinstance(node.get("text"), str) and node["text"] != text[start:end]:
                    problems.append(f"{where}: text {node['text']!r} != {text[start:end]!r}")
            for key, value in node.items():
                visit(value, f"{where}.{key}")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                visit(value, f"{where}[{number}]")

    body = {key: value for key, value in record.items() if key != "document"}
    visit(body, "record")
    visit({k: v for k, v in record["document"].items() if k != "text"}, "document")
    return problems


@FEW
@given(text=TEXTS, published=PUBLISHED)
def test_every_offset_points_into_the_text(nlp: Any, text: str, published: date | None) -> None:
    result = run_article(nlp, prepare(article_of(text, published)))
    assert result.failure is None, result.failure
    record = result.document.to_dict()
    assert offsets_inside(record, record["document"]["text"]) == []


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """Two to three thousand characters: several chunks of 1,000."""
    parts: list[str] = []
    while sum(map(len, parts)) < 2_500:
        parts.append(draw(mutated()))
    return "\n\n".join(parts)


# no shrinking: shrinking a 2,500-character article took over five minutes; the failing
# example is still printed whole
@settings(
    max_examples=max(1, EXAMPLES // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(text=long_texts(), published=PUBLISHED)
def test_chunked_articles_keep_their_offsets(nlp: Any, text: str, published: date | None) -> None:
    small = dataclasses.replace(Settings(), chunk_chars=1_000)
    result = run_article(nlp, prepare(article_of(text, published)), small)
    assert result.failure is None, result.failure
    assert isinstance(result.document, Document)
    record = result.document.to_dict()
    assert offsets_inside(record, record["document"]["text"]) == []
    ids = [item["id"] for key in ("entities", "places", "quotes", "events") for item in record[key]]
    assert len(ids) == len(set(ids))  # the merge renames what two chunks both called e1


# -- crashes found, in layers owned elsewhere: minimal examples, to be fixed there -------------


def test_events_survive_a_publication_date_in_year_one(nlp: Any) -> None:
    text = "Gunmen killed seven soldiers in an attack on Friday, the army said."
    result = run_article(nlp, prepare(article_of(text, date(1, 1, 20))))
    assert result.failure is None, result.failure.reason
