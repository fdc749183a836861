"""One runner: `dateline extract`, `dateline ingest`, the HTTP server and `dateline.extract()`
give identical records for the same article (the source's name aside: each path names it)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import dateline

TEXT = (
    "KALVO, Serrania (Wire Desk) - Police in Kalvo arrested 14 people on Thursday after a "
    "protest over bread prices turned violent, Interior Minister Ana Rell said.\n\n"
    '"We will not allow the capital to be held hostage," Rell told reporters.\n\n'
    "The government promised to cut the price of flour by 10 percent within a month.\n\n"
    "© 2026 Wire Desk. All rights reserved.\n"
)


def comparable(record: dict) -> str:
    document = dict(record["document"])
    document.pop("source")
    return json.dumps({**record, "document": document}, sort_keys=True)


def test_four_paths_give_identical_records(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.json"
    cli = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "extract", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert cli.returncode == 0, cli.stderr
    records = {"extract": json.loads(out.read_text(encoding="utf-8"))}

    from dateline.read import read_paths
    from dateline.store.ingest import ingest
    from dateline.store.schema import open_store

    with open_store(str(tmp_path / "store.db")) as store:
        report = ingest(store, read_paths([str(path)]), progress=False, resolve=False)
        assert report.ingested == 1, report.summary()
    with sqlite3.connect(tmp_path / "store.db") as db:
        (stored,) = db.execute("SELECT doc_json FROM articles").fetchone()
    records["ingest"] = json.loads(stored)

    testclient = pytest.importorskip("fastapi.testclient")
    from dateline.server.app import create_app

    # the server answers only the local Host names (DNS rebinding), not TestClient's default
    app = create_app(str(tmp_path / "api.db"))
    with testclient.TestClient(app, base_url="http://localhost") as client:
        response = client.post("/extract", content=TEXT, headers={"content-type": "text/plain"})
        assert response.status_code == 200, response.text
        records["server"] = response.json()

    records["python"] = dateline.extract(TEXT).to_dict()

    reference = comparable(records["extract"])
    assert records["extract"]["events"] and records["extract"]["quotes"]
    for name, record in records.items():
        assert comparable(record) == reference, name
