"""``bench/keyword_baseline.py``: its records have the contract's shape and go through the
evaluators' own scorers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dateline.evaluate import police
from dateline.evaluate.records import View

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "eval"


@pytest.fixture(scope="module")
def baseline():
    spec = importlib.util.spec_from_file_location(
        "keyword_baseline", ROOT / "bench" / "keyword_baseline.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_keyword_record_codes_general_words(baseline) -> None:
    text = "Police fired tear gas at protesters in Marrel. The two envoys met on Friday."
    record = baseline.keyword_record(text)
    view = View(record)
    found = {(e["type"], e["mode"], e["acled_sub_event_type"]) for e in view.events()}
    assert ("ASSAULT", "firearms", "Armed clash") in found
    assert ("ASSAULT", "crowd-control", "Excessive force against protesters") in found
    assert ("PROTEST", None, "Peaceful protest") in found
    assert ("CONSULT", None, None) in found
    first = [e for e in view.events() if e["sentence"]["start"] == 0]
    assert all(view.sector(e["actors"][0]) == "COP" for e in first)
    consult = next(e for e in view.events() if e["type"] == "CONSULT")
    assert consult["actors"] == [] and text[consult["trigger"]["start"] :].startswith("met")


def test_baseline_is_scored_by_the_police_scorer(baseline) -> None:
    docs = police.load(FIXTURES / "police")
    records = [baseline.keyword_record(a.text) for a in police.articles(docs)]
    # the killings and the arrest are found; "did not arrest" is a keyword false alarm
    summary = police.score(docs, records).summary()
    assert summary == "events-police: KILL 1.000, ARREST 0.667, FORCE 1.000 (n=10)"
