"""Reading every input form, and refusing bad input with a reason that names the item."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.read import MAX_TEXT_BYTES, ReadFailure, read_paths, sniff

from .conftest import FIXTURES

INPUTS = FIXTURES / "inputs"
BAD = FIXTURES / "bad"


def read_one(path: Path) -> Article | ReadFailure:
    results = list(read_paths([str(path)]))
    assert len(results) == 1
    return results[0]


def test_text_file_is_read_as_is() -> None:
    article = read_one(INPUTS / "wire.txt")
    assert isinstance(article, Article)
    assert article.text == (INPUTS / "wire.txt").read_text(encoding="utf-8")
    assert article.source.endswith("wire.txt")


def test_html_main_text_and_metadata() -> None:
    article = read_one(INPUTS / "page.html")
    assert isinstance(article, Article)
    assert "Army helicopters delivered food" in article.text
    assert "Home" not in article.text.split("\n")[0]  # navigation is not story
    assert article.title == "Flood relief reaches stranded villages"
    assert article.published == date(2023, 5, 14)
    assert article.published_basis == "metadata"
    assert article.authors == ["Ines Duarte"]


def test_jsonl_records_and_bad_lines() -> None:
    results = list(read_paths([str(INPUTS / "records.jsonl")]))
    good = [r for r in results if isinstance(r, Article)]
    bad = [r for r in results if isinstance(r, ReadFailure)]
    assert [a.title for a in good] == ["Port strike enters second day", "Talks resume"]
    assert good[0].published == date(2022, 10, 4)
    assert good[0].outlet == "example.org"
    assert good[0].authors == ["Jon Berg"]
    assert good[0].url == "https://example.org/port-strike"
    assert good[1].published == date(2022, 10, 3)
    assert {f.source.rsplit(":", 1)[1] for f in bad} == {"2", "3"}
    assert "no text" in bad[0].reason
    assert "invalid JSON" in bad[1].reason


def test_json_record_with_string_author() -> None:
    article = read_one(INPUTS / "record.json")
    assert isinstance(article, Article)
    assert article.authors == ["Ada Lind"]
    assert article.published == date(2021, 7, 7)


def test_directory_is_read_recursively_in_order() -> None:
    results = list(read_paths([str(INPUTS)]))
    sources = [Path(r.source.split(":")[0].split("[")[0]).name for r in results]
    assert sources == sorted(sources)
    assert {"page.html", "record.json", "records.jsonl", "wire.txt"} <= set(sources)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8")],
)
def test_bad_files_fail_with_named_reason(name: str, reason: str) -> None:
    failure = read_one(BAD / name)
    assert isinstance(failure, ReadFailure)
    assert failure.source.endswith(name)
    assert reason in failure.reason


def test_huge_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("word " * (MAX_TEXT_BYTES // 5 + 10), encoding="utf-8")
    failure = read_one(huge)
    assert isinstance(failure, ReadFailure)
    assert "too large" in failure.reason


def test_missing_path_fails() -> None:
    failure = read_one(Path("/nonexistent/article.txt"))
    assert isinstance(failure, ReadFailure)
    assert "no such file" in failure.reason


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"text": "Officials met on Monday.", "title": "T"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,) = list(read_paths(["-"]))
    assert isinstance(article, Article)
    assert article.title == "T"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("<!DOCTYPE html><html>", "html"),
        ("[{}]", "json"),
        ('{"a": 1}\n{"a": 2}', "jsonl"),
        ("KABUL (Reuters) - Words.", "text"),
    ],
)
def test_sniff(text: str, form: str) -> None:
    assert sniff(text) == form
