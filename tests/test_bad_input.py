"""The bad-input suite: every kind of bad item, alone and mixed into good batches, with one and
two worker processes, through ``extract`` and through ``ingest`` into the store. No traceback,
every bad item named with its reason (and, in the store, recorded in the failed table with its
stage), every good item out or stored, nothing stored before lost.

All files are written here by the test (team-written sentences); none comes from a dev set.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.runner import extract_records
from dateline.store import ingest as ingest_module
from dateline.store.schema import open_store

GOOD = (
    "Police in the port city of Valmora arrested nine people on Monday after a protest over "
    "fuel prices, the interior ministry said.\n\nThe protesters blocked the harbour road."
)
# the good files differ by one number, so the store's content hash keeps each of them
COUNTS = ("nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen")
FRENCH = (
    "La police de la ville portuaire de Valmora a arrêté neuf personnes lundi après une "
    "manifestation contre le prix du carburant, a indiqué le ministère de l'Intérieur.\n\n"
    "Les manifestants ont bloqué la route du port pendant plusieurs heures."
)
EARLIER = (
    "Farmers in the valley town of Oressa blocked the main road on Friday to demand lower "
    "prices for seed, a spokesman for the farmers' union said."
)
CAN_DENY_READING = hasattr(os, "geteuid") and os.geteuid() != 0  # root reads everything


def good_text(number: int) -> str:
    return GOOD.replace("nine", COUNTS[number])


def good_record(title: str) -> dict:
    return {
        "title": title,
        "text": GOOD.replace("Monday", "Sunday"),
        "url": f"https://example.org/{title}",
    }


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
    (folder / "menu.html").write_text(  # only navigation: trafilatura's fallback returns it
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<footer>Contact us</footer></body></html>",
        encoding="utf-8",
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
    # news-please records (maintext, date_publish) with the wrong things in them
    news = [
        {"title": "no maintext", "maintext": None, "date_publish": 5, "authors": 5},
        {"title": "numbered", "maintext": ["Police", "arrested"], "date_publish": "2026-01-02"},
    ]
    (folder / "newsplease.jsonl").write_text(
        "\n".join(json.dumps(r) for r in news) + "\n", encoding="utf-8"
    )
    (folder / "loop.txt").symlink_to("loop.txt")  # a link to itself
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "circle").mkdir()
    (folder / "circle" / "back").symlink_to("..", target_is_directory=True)
    expected = {}
    if CAN_DENY_READING:
        (folder / "locked.txt").write_text(GOOD, encoding="utf-8")
        (folder / "locked.txt").chmod(0)
        (folder / "closed").mkdir()
        (folder / "closed" / "inside.txt").write_text(GOOD, encoding="utf-8")
        (folder / "closed").chmod(0)
        expected = {"locked.txt": "[D112] cannot read", "closed": "[D112] cannot read"}
    return expected | {
        "empty.txt": "[D100] empty input",
        "blank.txt": "[D100] empty input",
        "binary.txt": "[D101] binary file",
        "report.txt": "[D101] binary file, not text (a PDF document)",
        "huge.txt": "[D103] too large",
        "bomb.html": "[D10",  # D108 (cannot be parsed) or D109 (no text): either names it
        "nothing.html": "[D109] no article text found",
        "menu.html": "[D109] no article text found",
        "broken.json": "[D110] invalid JSON",
        "records.jsonl:2": "[D110] invalid JSON",
        "records.jsonl:3": "[D105] record has no text",
        "records.jsonl:4": "[D106] field 'text' must be a string",
        "records.jsonl:5": "[D104] record is not a JSON object",
        "newsplease.jsonl:1": "[D105] record has no text",
        "newsplease.jsonl:2": "[D106] field 'maintext' must be a string",
        "loop.txt": "[D111] symbolic link loop",
        "dangling.txt": "[D113] no such file",
        "back": "[D111] symbolic link loop",
    }


def write_good_files(folder: Path) -> list[str]:
    """Good inputs, including the awkward-but-readable ones; their titles or file names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plain.txt").write_text(good_text(0), encoding="utf-8")
    (folder / "utf16.txt").write_bytes(good_text(1).encode("utf-16"))  # with a byte-order mark
    (folder / "utf16-nobom.txt").write_bytes(good_text(2).encode("utf-16-le"))
    (folder / "latin1.txt").write_bytes(
        good_text(3).replace("Valmora", "Valmorá").encode("latin-1")
    )
    (folder / "cut.html").write_text(  # cut off mid-paragraph, no closing tags
        "<html><head><title>Harbour arrests</title></head><body><article><p>"
        + good_text(4).replace("\n\n", "</p><p>")
        + " The marchers stayed on the",
        encoding="utf-8",
    )
    (folder / "french.txt").write_text(FRENCH, encoding="utf-8")  # kept, flagged, not extracted
    # the texts that crashed layers (issue 18): a date before year 1, and a quarter with no
    # publication date to count from (a plain file has none)
    (folder / "ancient.txt").write_text(
        good_text(0) + "\n\nThe harbour was dug about 8,000 years ago, the museum said.",
        encoding="utf-8",
    )
    (folder / "quarter.txt").write_text(
        good_text(0) + "\n\nFuel sales fell in the latest quarter, the ministry said.",
        encoding="utf-8",
    )
    wrong_types = {
        "title": "wrong-types",
        "text": good_text(5),
        "authors": 5,
        "published": "yesterday",
        "url": ["not", "a", "string"],
    }
    impossible = {"title": "impossible-date", "text": good_text(6), "published": "2099-13-45"}
    person = {"title": "person-author", "text": good_text(7), "authors": {"name": "Ines Duarte"}}
    (folder / "fields.jsonl").write_text(
        "\n".join(json.dumps(r) for r in (wrong_types, impossible, person)) + "\n",
        encoding="utf-8",
    )
    return [
        "plain.txt",
        "utf16.txt",
        "utf16-nobom.txt",
        "latin1.txt",
        "cut.html",
        "french.txt",
        "ancient.txt",
        "quarter.txt",
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
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict, list]]:
    root = tmp_path_factory.mktemp("bad-input")
    bad = write_bad_files(root / "bad")
    good = write_good_files(root / "good")
    yield root, bad, good
    for locked in ("locked.txt", "closed"):  # let the temporary folder be cleaned up
        if (root / "bad" / locked).exists():
            (root / "bad" / locked).chmod(0o755)


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
    assert by_source["utf16.txt"]["document"]["text"] == good_text(1)
    assert by_source["utf16-nobom.txt"]["document"]["text"] == good_text(2)
    assert "marchers stayed" in by_source["cut.html"]["document"]["text"]
    assert by_source["french.txt"]["document"]["language"] == "fr"
    assert not by_source["french.txt"]["entities"]
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


# -- ingest: the same inputs into the store ---------------------------------------------------


@pytest.fixture(scope="module")
def earlier_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that already holds one article, which no later run may lose."""
    root = tmp_path_factory.mktemp("earlier")
    (root / "earlier.txt").write_text(EARLIER, encoding="utf-8")
    db = root / "store.db"
    result = dateline("ingest", str(root / "earlier.txt"), "--db", str(db), "--no-progress")
    assert result.returncode == 0, result.stderr
    return db


def stored(db: Path) -> tuple[dict[str, dict], dict[str, tuple[str, str]]]:
    """(source name → stored record, source name → (stage, reason) of each failure)."""
    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT source, doc_json FROM articles").fetchall()
        failed = connection.execute("SELECT source, stage, reason FROM failed").fetchall()
    return (
        {Path(source).name: json.loads(record) for source, record in articles},
        {Path(source).name: (stage, reason) for source, stage, reason in failed},
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ingest_names_records_and_survives_every_bad_item(
    corpus, earlier_store: Path, jobs: str, tmp_path: Path
) -> None:
    root, bad, good = corpus
    db = tmp_path / "store.db"
    shutil.copy(earlier_store, db)
    missing = root / "missing.txt"
    result = dateline(
        "ingest", str(root), str(missing), "--db", str(db), "-j", jobs, "--no-progress"
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    expected = bad | {"missing.txt": "[D113] no such file"}
    errors = error_lines(result.stderr)
    assert set(errors) == set(expected), result.stderr
    for name, reason in expected.items():
        assert errors[name].startswith(reason), (name, errors[name])
    records, failed = stored(db)
    assert sorted(records) == sorted([*good, "records.jsonl:1", "earlier.txt"])
    assert set(failed) == set(expected)
    assert all(stage == "read" and failed[n][1] == errors[n] for n, (stage, _) in failed.items())
    assert records["french.txt"]["document"]["language"] == "fr"
    assert any("[W120]" in w for w in records["french.txt"]["document"]["warnings"])
    assert records["utf16.txt"]["document"]["text"] == good_text(1)
    assert f"failed: {len(expected)}" in result.stderr


def test_ingest_of_bad_items_alone_then_again_mixed(
    corpus, earlier_store: Path, tmp_path: Path
) -> None:
    """Bad items alone store nothing and lose nothing; the good ones added later are stored
    once, however often the same folders are ingested."""
    root, bad, good = corpus
    db = tmp_path / "store.db"
    shutil.copy(earlier_store, db)
    alone = dateline("ingest", str(root / "bad"), "--db", str(db), "--no-progress")
    assert "Traceback" not in alone.stderr and alone.returncode == 1
    records, failed = stored(db)
    assert sorted(records) == ["earlier.txt", "records.jsonl:1"]
    assert set(failed) == set(bad) == set(error_lines(alone.stderr))
    for _ in range(2):
        result = dateline("ingest", str(root / "good"), str(root / "bad"), "--db", str(db))
        assert "Traceback" not in result.stderr and result.returncode == 1
    records, failed = stored(db)
    assert sorted(records) == sorted([*good, "records.jsonl:1", "earlier.txt"])
    assert set(failed) == set(bad)
    assert f"skipped as duplicate: {len(good) + 1}" in result.stderr


# -- a layer that fails inside ingest: recorded with the layer as its stage ---------------------

SABOTEUR = "tests.test_runner:saboteur_pipeline"  # raises on EXPLODE, kills its worker on CRASH


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_records_a_failed_layer_and_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: int
) -> None:
    monkeypatch.setattr(
        ingest_module, "extract_records", partial(extract_records, pipeline=SABOTEUR)
    )
    texts = ["Calm words one.", "Loud words EXPLODE here.", "Calm words two."]
    if jobs > 1:
        texts.append("Words that CRASH the worker.")  # in this process it would end pytest
    articles = [Article(text=t, source=f"item-{n}") for n, t in enumerate(texts)]
    told: list[str] = []
    with open_store(str(tmp_path / "store.db")) as store:
        report = ingest_module.ingest(
            store,
            articles,
            jobs=jobs,
            progress=False,
            resolve=False,
            on_failure=lambda source, reason: told.append(source),
        )
        sources = {r["source"] for r in store.query("SELECT source FROM articles")}
        failed = {r["source"]: r for r in store.query("SELECT * FROM failed")}
    assert sources == {"item-0", "item-2"}
    assert report.ingested == 2 and told == sorted(failed)
    assert failed["item-1"]["stage"] == "scale_test_saboteur"
    assert failed["item-1"]["reason"].startswith("[D140] layer 'scale_test_saboteur' failed")
    assert "boom on purpose" in failed["item-1"]["reason"]
    if jobs > 1:
        assert failed["item-3"]["stage"] == "worker"
        assert failed["item-3"]["reason"].startswith("[D142]")
