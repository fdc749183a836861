"""The bad-input suite: every kind of bad item, alone and mixed into good batches, with one and
two worker processes. No traceback, every bad item named with its reason, every good item out.

All files are written here by the test (team-written sentences); none comes from a dev set.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = (
    "Police in the port city of Valmora arrested nine people on Monday after a protest over "
    "fuel prices, the interior ministry said.\n\nThe protesters blocked the harbour road."
)


def good_record(title: str) -> dict:
    return {"title": title, "text": GOOD, "url": f"https://example.org/{title}"}


def write_bad_files(folder: Path) -> dict[str, str]:
    """The bad inputs, each with the words its error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03garbage\x00" * 50)
    (folder / "report.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (folder / "huge.txt").write_text("word " * (1_100_000), encoding="utf-8")  # one 5.5 MB line
    (folder / "bomb.html").write_text(
        "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>",
        encoding="utf-8",
    )
    (folder / "nothing.html").write_text(
        "<html><body><script>run()</script></body></html>", encoding="utf-8"
    )
    (folder / "broken.json").write_text('{"title": "cut off", "text": "Police', encoding="utf-8")
    lines = [
        json.dumps(good_record("fine-line")),
        '{"title": "half a record", "text": ',
        json.dumps({"title": "no text here"}),
        json.dumps({"text": 12345}),
        json.dumps(["not", "an", "object"]),
    ]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "empty.txt": "[D100] empty input",
        "blank.txt": "[D100] empty input",
        "binary.txt": "[D101] binary file",
        "report.txt": "[D101] binary file, not text (a PDF document)",
        "huge.txt": "[D103] too large",
        "bomb.html": "[D10",  # D108 (cannot be parsed) or D109 (no text): either names it
        "nothing.html": "[D109] no article text found",
        "broken.json": "[D110] invalid JSON",
        "records.jsonl:2": "[D110] invalid JSON",
        "records.jsonl:3": "[D105] record has no text",
        "records.jsonl:4": "[D106] field 'text' must be a string",
        "records.jsonl:5": "[D104] record is not a JSON object",
    }


def write_good_files(folder: Path) -> list[str]:
    """Good inputs, including the awkward-but-readable ones; their titles or file names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plain.txt").write_text(GOOD, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(GOOD.encode("utf-16"))  # with a byte-order mark
    (folder / "utf16-nobom.txt").write_bytes(GOOD.encode("utf-16-le"))
    (folder / "latin1.txt").write_bytes(GOOD.replace("Valmora", "Valmorá").encode("latin-1"))
    wrong_types = {
        "title": "wrong-types",
        "text": GOOD,
        "authors": 5,
        "published": "yesterday",
        "url": ["not", "a", "string"],
    }
    impossible = {"title": "impossible-date", "text": GOOD, "published": "2099-13-45"}
    person = {"title": "person-author", "text": GOOD, "authors": {"name": "Ines Duarte"}}
    (folder / "fields.jsonl").write_text(
        "\n".join(json.dumps(r) for r in (wrong_types, impossible, person)) + "\n",
        encoding="utf-8",
    )
    return [
        "plain.txt",
        "utf16.txt",
        "utf16-nobom.txt",
        "latin1.txt",
        "fields.jsonl:1",
        "fields.jsonl:2",
        "fields.jsonl:3",
    ]


def dateline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def error_lines(stderr: str) -> dict[str, str]:
    """source → reason, from 'dateline: error: SOURCE: REASON' lines."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith("dateline: error: "):
            source, _, reason = line[len("dateline: error: ") :].partition(": ")
            found[Path(source).name] = reason
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], list[str]]:
    root = tmp_path_factory.mktemp("bad-input")
    bad = write_bad_files(root / "bad")
    good = write_good_files(root / "good")
    return root, bad, good


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_items_alone_are_each_named(corpus, jobs: str) -> None:
    root, bad, _ = corpus
    result = dateline("extract", str(root / "bad"), "-j", jobs, "--format", "jsonl")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    errors = error_lines(result.stderr)
    for name, reason in bad.items():
        assert name in errors, f"{name} not reported: {result.stderr}"
        assert errors[name].startswith(reason), (name, errors[name])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"]["title"] for r in records] == ["fine-line"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_items_mixed_into_good_batches(corpus, jobs: str, tmp_path: Path) -> None:
    root, bad, good = corpus
    out = tmp_path / "out.jsonl"
    result = dateline("extract", str(root), "-j", jobs, "--format", "jsonl", "-o", str(out))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sources = [Path(r["document"]["source"]).name for r in records]
    assert sorted(sources) == sorted(good + ["records.jsonl:1"])
    assert set(error_lines(result.stderr)) == set(bad)
    by_source = {Path(r["document"]["source"]).name: r for r in records}
    for name in ("utf16.txt", "utf16-nobom.txt"):
        assert by_source[name]["document"]["text"] == GOOD
    assert "Valmorá" in by_source["latin1.txt"]["document"]["text"]
    assert any("[W104]" in w for w in by_source["latin1.txt"]["document"]["warnings"])
    wrong = by_source["fields.jsonl:1"]["document"]
    assert wrong["authors"] == [] and wrong["url"] is None
    assert wrong["published_basis"] != "metadata"
    warned = " ".join(wrong["warnings"])
    assert "field 'authors'" in warned and "field 'published'" in warned and "'yesterday'" in warned
    assert "field 'url'" in warned
    assert "2099-13-45" in " ".join(by_source["fields.jsonl:2"]["document"]["warnings"])
    assert by_source["fields.jsonl:3"]["document"]["authors"] == ["Ines Duarte"]
    assert "dateline: warning: " in result.stderr  # warnings are told, not only stored
