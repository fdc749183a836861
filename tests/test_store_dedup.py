"""`dateline eval dedup` and the team-written multi-outlet fixture: one group per real event."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.evaluate.dedup import bcubed, evaluate, gold_event
from dateline.store import open_store
from dateline.store.ingest import ingest, read_inputs

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def test_bcubed_penalizes_lumping_and_splitting():
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Y"}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 2})["f1"] == 1.0
    lumped = bcubed(gold, {k: 0 for k in gold})
    assert (lumped["precision"], lumped["recall"]) == (0.5, 1.0)
    split = bcubed(gold, {k: i for i, k in enumerate(gold)})
    assert (split["precision"], split["recall"]) == (1.0, 0.5)
    assert bcubed(gold, {})["items"] == 0


def test_fixture_groups_every_real_event_exactly_once(tmp_path):
    scores = evaluate(CORPUS, db=str(tmp_path / "d.db"))
    assert scores["items"] == 13 and scores["gold_events"] == 7
    assert scores["predicted_groups"] == 7
    assert scores["f1"] == pytest.approx(1.0)


def test_no_canonical_event_mixes_two_real_events(tmp_path):
    gold = {}
    for path in sorted(CORPUS.glob("*.json")):
        gold[str(path)] = gold_event(json.loads(path.read_text(encoding="utf-8")))
    with open_store(str(tmp_path / "f.db")) as store:
        report = ingest(store, read_inputs([str(CORPUS)]), progress=False)
        assert report.ingested == 13 and not report.failed
        spans: dict[int, set[str]] = defaultdict(set)
        for row in store.query(
            "SELECT cm.canonical_id, a.source FROM canonical_mentions cm "
            "JOIN articles a ON a.id = cm.article_id"
        ):
            spans[row["canonical_id"]].add(gold[row["source"]])
        assert all(len(events) == 1 for events in spans.values()), spans


def test_each_real_event_becomes_one_canonical_event(tmp_path):
    """Each article's main event (its first occurred, non-background mention): the outlets
    reporting one real event must land in one canonical event per type, whatever else the
    extractor finds in their text."""
    gold = {}
    for path in sorted(CORPUS.glob("*.json")):
        gold[str(path)] = gold_event(json.loads(path.read_text(encoding="utf-8")))
    with open_store(str(tmp_path / "g.db")) as store:
        ingest(store, read_inputs([str(CORPUS)]), progress=False)
        rows = store.query(
            "SELECT cm.canonical_id, a.source, e.type, e.trigger_start, e.id "
            "FROM canonical_mentions cm JOIN events e ON e.id = cm.event_id "
            "JOIN articles a ON a.id = cm.article_id "
            "WHERE e.status = 'occurred' AND e.background = 0 ORDER BY a.source, "
            "e.trigger_start, e.id"
        )
        main: dict[str, dict] = {}
        for row in rows:
            main.setdefault(row["source"], row)
        canon: dict[tuple[str, str], set[int]] = defaultdict(set)
        for source, row in main.items():
            canon[(gold[source], row["type"])].add(row["canonical_id"])
        assert all(len(ids) == 1 for ids in canon.values()), canon
        owners = defaultdict(set)
        for (event, _), ids in canon.items():
            for ident in ids:
                owners[ident].add(event)
        assert all(len(events) == 1 for events in owners.values())


def test_eval_dedup_cli_prints_scores_and_skips_missing_data(tmp_path, capsys):
    out = tmp_path / "scores.json"
    assert main(["eval", "dedup", str(CORPUS), "--json", str(out)]) == 0
    assert "F1 1.000" in capsys.readouterr().out
    assert json.loads(out.read_text())["gold_events"] == 7
    assert main(["eval", "dedup", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out
