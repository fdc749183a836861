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
    assert scores["article"]["precision"] == pytest.approx(1.0)


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
    """Each article's first occurred, non-background mention: the outlets reporting one real
    event must land in one canonical event per type, whatever else the extractor finds in
    their text."""
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


def test_eval_dedup_cli_prints_scores_and_ends_with_the_summary_line(tmp_path, capsys):
    out = tmp_path / "scores.json"
    assert main(["eval", "dedup", str(CORPUS), "--json", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert "F1 1.000" in lines[1]
    assert lines[-1] == "dedup: bcubed 1.000, precision 1.000, recall 1.000 (n=13)"
    assert json.loads(out.read_text())[0]["gold_events"] == 7
    assert main(["eval", "dedup", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "dedup: skipped (no data)"


def _gz(path: Path, rows: list[dict]) -> None:
    import gzip

    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")


def _ecb_like(root: Path) -> None:
    """A tiny set in the ECB+ layout (team-written text): two events of one kind."""
    root.mkdir()
    texts = {
        "1_1ecb": "Storm floods Varnholt harbour\nA storm flooded the Varnholt harbour on Monday.",
        "1_2ecb": "Varnholt harbour under water\nThe storm left the Varnholt harbour flooded.",
        "1_1ecbplus": "Storm floods Kessling valley\nRain flooded the Kessling valley farms.",
    }
    _gz(
        root / "articles.jsonl.gz",
        [
            {"id": k, "topic": 1, "subtopic": k[3:], "seminal_event": "1_" + k[3:], "text": t}
            for k, t in texts.items()
        ],
    )
    start = texts["1_1ecb"].index("flooded")
    other = texts["1_2ecb"].index("flooded")
    _gz(
        root / "mentions.jsonl.gz",
        [
            {
                "chain": "ACT1",
                "kind": "cross_doc",
                "mentions": [
                    {"doc": "1_1ecb", "start": start, "end": start + 7},
                    {"doc": "1_2ecb", "start": other, "end": other + 7},
                ],
            }
        ],
    )


def test_ecbplus_layout_is_read_and_scored_at_both_levels(tmp_path):
    from dateline.evaluate.dedup import load

    _ecb_like(tmp_path / "ecb")
    dev = load(tmp_path / "ecb")
    assert dev.name == "ecbplus" and dev.labelled
    assert dev.article_gold == {"1_1ecb": "1_ecb", "1_2ecb": "1_ecb", "1_1ecbplus": "1_ecbplus"}
    assert all(a.published is None for a in dev.articles)  # ECB+ has no dates
    assert len(dev.mention_gold) == 2
    scores = evaluate(tmp_path / "ecb", db=str(tmp_path / "e.db"))
    assert scores["article"]["items"] == 3
    assert scores["cross_topic_groups"] == 0
    assert 0.0 <= scores["mention_coverage"] <= 1.0


def test_meantime_layout_is_read_with_its_publication_dates(tmp_path):
    """MEANTIME rows carry a date string: it becomes the article's metadata date."""
    from datetime import date

    from dateline.evaluate.dedup import load

    root = tmp_path / "meantime"
    root.mkdir()
    rows = [
        {
            "id": "w1",
            "topic": "t",
            "title": "Ferry strike ends",
            "published": "2031-05-04",
            "text": "Ferry workers in Olmar ended their strike on Sunday.",
        },
        {"id": "w2", "topic": "t", "title": "Mill closes", "text": "The Brask mill closed."},
    ]
    _gz(root / "articles.jsonl.gz", rows)
    _gz(root / "mentions.jsonl.gz", [])
    dev = load(root)
    assert dev.name == "meantime" and not dev.labelled
    dated = {a.source: (a.published, a.published_basis) for a in dev.articles}
    assert dated == {"w1": (date(2031, 5, 4), "metadata"), "w2": (None, "none")}
