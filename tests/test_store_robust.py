"""Ingest never aborts on an article, and a full disk ends the run with one clear line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dateline import factories
from dateline.cli import main
from dateline.store import open_store
from dateline.store import schema as schema_module
from dateline.store.resolve import table_snapshot
from dateline.store.synthetic import generate_articles

POISON = "Zorblat"  # an invented word: the article carrying it makes one layer raise


def _corpus(folder: Path, n: int = 4) -> list[dict]:
    folder.mkdir()
    records = generate_articles(n, seed=21)
    for i, record in enumerate(records):
        (folder / f"a{i}.txt").write_text(record["maintext"], encoding="utf-8")
    return records


@pytest.mark.parametrize(
    "layer", [cls for _, cls in factories.PIPELINE_ORDER], ids=lambda c: c.__name__
)
def test_an_article_that_breaks_a_layer_is_recorded_and_the_rest_are_stored(
    tmp_path, monkeypatch, capsys, layer
):
    folder = tmp_path / "in"
    records = _corpus(folder)
    (folder / "poison.txt").write_text(
        records[0]["maintext"] + f" {POISON} said so.", encoding="utf-8"
    )
    original = layer.__call__

    def exploding(self, doc):
        if POISON in doc.text:
            raise RuntimeError(f"{layer.__name__} cannot cope")
        return original(self, doc)

    monkeypatch.setattr(layer, "__call__", exploding)
    db = str(tmp_path / "t.db")
    assert main(["ingest", str(folder), "--db", db, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "ingested: 4" in err and "failed: 1" in err
    with open_store(db) as store:
        failed = store.query("SELECT source, reason, stage FROM failed")
        assert [Path(f["source"]).name for f in failed] == ["poison.txt"]
        assert "cannot cope" in failed[0]["reason"] and failed[0]["stage"]
        assert store.scalar("SELECT COUNT(*) FROM stories") == 4  # resolution ran


def test_a_full_disk_ends_ingest_with_one_line_and_a_sound_store(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    records = _corpus(folder, 12)
    db = str(tmp_path / "full.db")
    assert main(["ingest", str(folder / "a0.txt"), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()
    real_connect = schema_module.connect

    def cramped(path):
        store = real_connect(path)
        pages = store.scalar("PRAGMA page_count")
        store.execute(f"PRAGMA max_page_count = {pages + 3}")  # a few pages left, then full
        return store

    monkeypatch.setattr(schema_module, "connect", cramped)
    assert main(["ingest", str(folder), "--db", db, "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "[D301]" in err[0] and "disk is full" in err[0]
    assert "Traceback" not in "\n".join(err)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 1 <= stored < len(records)
    # With room again, the same command finishes the job; the result is what one clean
    # ingest of everything gives.
    monkeypatch.setattr(schema_module, "connect", real_connect)
    assert main(["ingest", str(folder), "--db", db, "--no-progress"]) == 0
    clean = str(tmp_path / "clean.db")
    assert main(["ingest", str(folder), "--db", clean, "--no-progress"]) == 0
    with open_store(db) as a, open_store(clean) as b:
        assert a.scalar("SELECT COUNT(*) FROM articles") == len(records)
        assert table_snapshot(a) == table_snapshot(b)


def test_resolve_rebuild_command(tmp_path, capsys):
    folder = tmp_path / "in"
    _corpus(folder, 3)
    db = str(tmp_path / "r.db")
    assert main(["ingest", str(folder), "--db", db, "--no-progress", "--no-resolve"]) == 0
    with open_store(db) as store:
        assert store.scalar("SELECT COUNT(*) FROM stories") == 0
    assert main(["resolve", "--db", db]) == 0
    with open_store(db) as store:
        before = table_snapshot(store)
        assert len(before["stories"]) == 3
    assert main(["resolve", "--db", db, "--rebuild"]) == 0
    assert "resolved: " in capsys.readouterr().err
    with open_store(db) as store:
        assert table_snapshot(store) == before
    assert main(["resolve", "--db", str(tmp_path / "none.db")]) == 1
