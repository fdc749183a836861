"""The counting every ``dateline eval`` task shares: tallies, confusion tables, samples."""

from __future__ import annotations

from collections import Counter

import pytest

from dateline.evaluate.records import View, locate
from dateline.evaluate.scoring import (
    PRF,
    Confusion,
    LabelSets,
    Share,
    choose,
    max_matching,
    stratified_sample,
)


def test_prf_from_decisions_and_from_counts() -> None:
    tally = PRF()
    for predicted, gold in [(True, True), (True, False), (False, True), (False, True)]:
        tally.add(predicted, gold)
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 2)
    assert tally.precision == 0.5
    assert tally.recall == pytest.approx(1 / 3)
    assert tally.f1 == pytest.approx(0.4)  # 2*1 / (2*1 + 1 + 2)
    other = PRF()
    other.count(gold=4, system=2, found=2)
    tally += other
    assert (tally.tp, tally.fp, tally.fn) == (3, 1, 4)


def test_prf_undefined_figures_are_none_not_zero() -> None:
    nothing = PRF()
    assert nothing.precision is None and nothing.recall is None and nothing.f1 is None
    missed = PRF(fn=3)
    assert missed.precision is None and missed.recall == 0.0 and missed.f1 == 0.0
    assert "P n/a" in missed.row("x")


def test_share() -> None:
    share = Share()
    for ok in (True, False, True, True):
        share.add(ok)
    assert share.value == 0.75 and share.cell() == "0.750 (3/4)"
    assert Share().value is None


def test_confusion_per_label_and_macro() -> None:
    confusion = Confusion()
    for gold, system in [("A", "A"), ("A", "B"), ("B", "B"), ("B", None), ("C", "A")]:
        confusion.add(gold, system)
    assert confusion.accuracy() == pytest.approx(0.4)
    per = confusion.per_label()
    assert (per["A"].tp, per["A"].fp, per["A"].fn) == (1, 1, 1)
    assert (per["B"].tp, per["B"].fp, per["B"].fn) == (1, 1, 1)
    assert (per["C"].tp, per["C"].fp, per["C"].fn) == (0, 0, 1)
    assert confusion.macro_f1() == pytest.approx((0.5 + 0.5 + 0.0) / 3)
    # a label with neither gold nor predictions has no F1 and does not pull the mean down
    assert confusion.macro_f1(["A", "B", "C", "D"]) == pytest.approx(1 / 3)
    table = confusion.table()
    assert table.splitlines()[1].split()[0] == "-"  # the no-prediction column comes first
    row_b = next(line for line in table.splitlines() if line.startswith("B "))
    assert row_b.split()[1:] == ["1", ".", "1"]


def test_label_sets_count_each_label_apart() -> None:
    sets = LabelSets(["x", "y"])
    sets.add({"x"}, {"x", "y"})
    sets.add({"y"}, set())
    sets.add(set(), {"x"})
    x, y = sets.tallies["x"], sets.tallies["y"]
    assert (x.tp, x.fp, x.fn) == (1, 1, 0)
    assert (y.tp, y.fp, y.fn) == (0, 1, 1)
    assert sets.n == 3
    assert sets.macro_f1() == pytest.approx((2 / 3 + 0.0) / 2)


def test_max_matching_is_maximum_not_greedy() -> None:
    # greedy in order would pair 0-0 and leave 1 unmatched; the maximum pairs 0-1 and 1-0
    assert max_matching([(0, 0), (0, 1), (1, 0)]) == [(0, 1), (1, 0)]
    assert max_matching([]) == []
    assert len(max_matching([(0, 0), (1, 0), (2, 0)])) == 1


def test_stratified_sample_keeps_shares_and_every_stratum() -> None:
    items = ["a"] * 60 + ["b"] * 30 + ["c"] * 9 + ["d"]
    picked = stratified_sample(items, 20, seed=3, stratum=lambda s: s)
    counts = Counter(picked)
    assert len(picked) == 20
    assert counts["d"] == 1  # a stratum of one still appears
    assert counts["a"] >= 11 and counts["b"] >= 5 and counts["c"] >= 1
    assert stratified_sample(items, 20, seed=3, stratum=lambda s: s) == picked
    assert stratified_sample(items, 500, seed=0, stratum=lambda s: s) == items


def test_stratified_sample_keeps_original_order() -> None:
    items = list(range(100))
    picked = stratified_sample(items, 10, seed=1, stratum=lambda i: i % 3)
    assert picked == sorted(picked) and len(picked) == 10


def test_choose_prefers_sample_then_limit() -> None:
    items = list(range(50))
    assert choose(items, limit=5) == [0, 1, 2, 3, 4]
    assert len(choose(items, limit=5, sample=7, seed=2)) == 7
    assert choose(items) == items


def test_locate_searches_in_order() -> None:
    text = "one. two. one. three."
    assert locate(text, ["one.", "one.", "four.", "three."]) == [
        (0, 4),
        (10, 14),
        None,
        (15, 21),
    ]


def test_view_reads_references_of_a_contract_record() -> None:
    record = {
        "document": {"text": "Rebels met the Ostrican envoy in Darrow."},
        "entities": [
            {"id": "e1", "name": "Rebels", "mentions": [{"start": 0, "end": 6}], "sector": "REB"},
            {"id": "p1", "name": "shadowed entity", "country": "FRA"},
        ],
        "places": [{"id": "p1", "name": "Darrow", "country": "CL", "mentions": []}],
        "events": [
            {"id": "v2", "type": "CONSULT", "trigger": {"start": 7, "end": 10}},
            {"id": "v1", "type": "ASSAULT", "trigger": {"start": 0, "end": 6}},
        ],
    }
    view = View(record)
    assert [e["id"] for e in view.events()] == ["v1", "v2"]  # text order
    assert view.sector("e1") == "REB"
    assert view.names("p1") == ["shadowed entity"]  # an entity wins a shared id
    assert view.country3("p1") == "FRA"
    assert view.mentions("Darrow") == [(33, 39)]  # a bare name is searched in the text
    assert view.main_event(lead_end=5)["id"] == "v1"
    record["document"]["main_event"] = "v2"
    assert View(record).main_event(lead_end=5)["id"] == "v2"
