"""Ingest: idempotent by content hash, atomic per article, failures recorded, resumable."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from dateline.cli import main
from dateline.store import ingest as ingest_module
from dateline.store import open_store
from dateline.store.ingest import ingest, read_inputs
from dateline.store.synthetic import generate_articles
from dateline.store.write import content_hash

TABLES = (
    "articles",
    "entities",
    "places",
    "quotes",
    "events",
    "evidence",
    "failed",
    "canonical_events",
    "canonical_actors",
    "stories",
)


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in TABLES}


def test_reingest_changes_nothing(tmp_path):
    corpus = _write_jsonl(tmp_path / "a.jsonl", generate_articles(6, seed=1))
    with open_store(str(tmp_path / "t.db")) as store:
        first = ingest(store, read_inputs([str(corpus)]), progress=False)
        assert (first.ingested, first.duplicates, first.failed) == (6, 0, [])
        before = _counts(store)
        stamps = store.query("SELECT id, ingested_at FROM articles ORDER BY id")
        again = ingest(store, read_inputs([str(corpus)]), progress=False)
        assert (again.ingested, again.duplicates) == (0, 6)
        assert _counts(store) == before
        assert store.query("SELECT id, ingested_at FROM articles ORDER BY id") == stamps


def test_same_text_twice_in_one_batch_is_stored_once(tmp_path):
    record = generate_articles(1, seed=2)[0]
    (tmp_path / "in").mkdir()
    _write_jsonl(tmp_path / "in" / "a.jsonl", [record])
    copy = dict(record, maintext="  " + record["maintext"].replace(" ", "\n", 3) + "\n")
    _write_jsonl(tmp_path / "in" / "b.jsonl", [copy])  # same words, other whitespace
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest(store, read_inputs([str(tmp_path / "in")]), progress=False)
        assert (report.ingested, report.duplicates) == (1, 1)


def test_bad_items_are_recorded_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    good = generate_articles(2, seed=3)
    (folder / "good.txt").write_text(good[0]["maintext"], encoding="utf-8")
    (folder / "poison.txt").write_text(good[1]["maintext"], encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    real = ingest_module.extract_stream

    def flaky(articles, jobs=1, **options):
        for article, result in zip(articles, real(articles, jobs, **options), strict=True):
            if article.source.endswith("poison.txt"):
                yield None, "RuntimeError: parser exploded"
            else:
                yield result

    monkeypatch.setattr(ingest_module, "extract_stream", flaky)
    db = str(tmp_path / "t.db")
    assert main(["ingest", str(folder), "--db", db, "--no-progress"]) == 1
    summary = capsys.readouterr().err
    assert "ingested: 1" in summary and "failed: 3" in summary
    with open_store(db) as store:
        reasons = {Path(r["source"]).name: r["reason"] for r in store.query("SELECT * FROM failed")}
        assert set(reasons) == {"poison.txt", "empty.txt", "broken.json"}
        assert "parser exploded" in reasons["poison.txt"]
        assert "invalid JSON" in reasons["broken.json"]
        assert store.scalar("SELECT COUNT(*) FROM articles") == 1
    # The poisoned article succeeds on a later run and leaves the failed table.
    monkeypatch.setattr(ingest_module, "extract_stream", real)
    main(["ingest", str(folder / "poison.txt"), "--db", db, "--no-progress"])
    with open_store(db) as store:
        assert store.scalar("SELECT COUNT(*) FROM articles") == 2
        assert "poison.txt" not in {
            Path(r["source"]).name for r in store.query("SELECT source FROM failed")
        }


def test_kill_9_mid_ingest_then_rerun_stores_every_article_once(tmp_path):
    records = generate_articles(300, seed=4)
    corpus = _write_jsonl(tmp_path / "corpus.jsonl", records)
    db = tmp_path / "kill.db"
    command = [
        sys.executable,
        "-m",
        "dateline.cli",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--no-progress",
        "--no-resolve",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0  # schema not created yet
        if stored >= 100:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    with sqlite3.connect(db) as conn:
        after_kill = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 100 <= after_kill < len(records)
    rerun = subprocess.run(command[:-1], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"skipped as duplicate: {after_kill}" in rerun.stderr
    expected = {content_hash(r["maintext"]) for r in records}
    with sqlite3.connect(db) as conn:
        hashes = [h for (h,) in conn.execute("SELECT content_hash FROM articles")]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM entities WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    assert len(hashes) == len(set(hashes)) == len(records)
    assert set(hashes) == expected
    assert orphans == 0
    assert stories == len(records)  # resolution ran once everything was in


def test_a_rerun_with_nothing_new_still_finishes_an_interrupted_resolution(tmp_path):
    corpus = _write_jsonl(tmp_path / "a.jsonl", generate_articles(3, seed=5))
    with open_store(str(tmp_path / "t.db")) as store:
        ingest(store, read_inputs([str(corpus)]), progress=False, resolve=False)
        assert store.scalar("SELECT COUNT(*) FROM stories") == 0
        report = ingest(store, read_inputs([str(corpus)]), progress=False)
        assert report.ingested == 0 and report.resolved is not None
        assert store.scalar("SELECT COUNT(*) FROM stories") == 3
        assert ingest(store, read_inputs([str(corpus)]), progress=False).resolved is None
