"""The `dateline extract` command: every input form, output formats, and errors per item."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES

INPUTS = FIXTURES / "inputs"
BAD = FIXTURES / "bad"


def dateline(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


def test_one_input_writes_one_json_object(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = dateline("extract", str(INPUTS / "wire.txt"), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    document = record["document"]
    assert document["text"] == (INPUTS / "wire.txt").read_text(encoding="utf-8")
    assert document["authors"] == ["Hana Kovac", "Tomas Reyes"]
    for span in document["boilerplate"]:
        assert 0 <= span["start"] < span["end"] <= len(document["text"])
    people = [e for e in record["entities"] if e["type"] == "PERSON"]
    assert [p["name"] for p in people] == ["Olga Brandt"]
    for mention in people[0]["mentions"]:
        assert document["text"][mention["start"] : mention["end"]] in ("Olga Brandt", "Brandt")


def test_published_flag_sets_the_date(tmp_path: Path) -> None:
    result = dateline("extract", str(INPUTS / "wire.txt"), "--published", "2024-02-01")
    record = json.loads(result.stdout)
    assert record["document"]["published"] == "2024-02-01"
    assert record["document"]["published_basis"] == "metadata"


def test_several_inputs_give_jsonl_and_failures_are_named() -> None:
    result = dateline(
        "extract", str(INPUTS / "records.jsonl"), str(BAD / "empty.txt"), str(BAD / "binary.txt")
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"]["title"] for r in lines] == [
        "Port strike enters second day",
        "Talks resume",
    ]
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert any("empty.txt: [D100] empty input" in e for e in errors)
    assert any("binary.txt: [D101] binary file" in e for e in errors)
    assert any("records.jsonl:2" in e for e in errors)
    assert "Traceback" not in result.stderr


def test_stdin_and_table_format() -> None:
    text = "Interior Minister Olga Brandt said police arrested 11 people on Thursday."
    result = dateline("extract", "-", "--format", "table", stdin=text)
    assert result.returncode == 0, result.stderr
    assert "Olga Brandt — Interior Minister" in result.stdout


def test_bad_date_flag_is_a_usage_error() -> None:
    result = dateline("extract", str(INPUTS / "wire.txt"), "--published", "yesterday")
    assert result.returncode == 2
    assert "not a date" in result.stderr


def test_python_api_matches_contract() -> None:
    import dateline as api

    document = api.extract("Mayor Piet Haan said the bridge reopened.", published="2020-05-05")
    record = document.to_dict()
    assert record["document"]["published"] == "2020-05-05"
    assert record["entities"][0]["name"] == "Piet Haan"
    assert record["entities"][0]["roles"] == ["Mayor"]
