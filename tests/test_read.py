"""Reading every input form, and refusing bad input with a reason that names the item."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from dateline.model import Article
from dateline.read import (
    MAX_TEXT_BYTES,
    InputError,
    ReadFailure,
    article_from_record,
    read_paths,
    sniff,
)

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
    assert bad[0].reason.startswith("[D105] record has no text")
    assert bad[1].reason.startswith("[D110] invalid JSON")


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
    [("empty.txt", "[D100] empty"), ("binary.txt", "[D101] binary")],
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
    assert failure.reason.startswith("[D103] too large")


def test_missing_path_fails() -> None:
    failure = read_one(Path("/nonexistent/article.txt"))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "[D113] no such file or directory"


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


def test_latin1_is_read_with_a_warning() -> None:
    article = read_one(BAD / "latin1.txt")
    assert isinstance(article, Article)
    assert article.text.startswith("café")
    assert article.warnings[0].startswith("[W104] not UTF-8")


def test_utf16_with_and_without_a_mark(tmp_path: Path) -> None:
    text = "Officials in Harlow said the bridge would reopen on Friday."
    for name, data in (("bom.txt", text.encode("utf-16")), ("le.txt", text.encode("utf-16-le"))):
        (tmp_path / name).write_bytes(data)
        article = read_one(tmp_path / name)
        assert isinstance(article, Article) and article.text == text


def test_schema_names_each_bad_field() -> None:
    article = article_from_record(
        {"text": "Words of a story.", "authors": 5, "published": "yesterday", "title": 7}, "r"
    )
    assert article.authors == [] and article.title is None and article.published is None
    assert [w[:6] for w in article.warnings] == ["[W101]", "[W103]", "[W102]"]
    assert "'title'" in article.warnings[0] and "'yesterday'" in article.warnings[2]
    person = article_from_record({"text": "Words.", "authors": [{"name": "Ada Lind"}]}, "r")
    assert person.authors == ["Ada Lind"]
    with pytest.raises(InputError, match=r"\[W102\] field 'published'"):
        article_from_record({"text": "Words.", "published": "2099-13-45"}, "r", strict=True)


def test_symlink_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "story.txt").write_text("Police said.", encoding="utf-8")
    results = list(read_paths([str(tmp_path)]))
    failures = {Path(r.source).name: r.reason for r in results if isinstance(r, ReadFailure)}
    assert failures["a.txt"].startswith("[D111] symbolic link loop")
    assert failures["up"].startswith("[D111]")
    assert [Path(r.source).name for r in results if isinstance(r, Article)] == ["story.txt"]


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    (tmp_path / "locked").mkdir()
    (tmp_path / "open.txt").write_text("Police said.", encoding="utf-8")
    real = os.scandir

    def scandir(path):  # the tests run as root, for whom chmod 000 does not lock a folder
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("dateline.read.os.scandir", scandir)
    results = list(read_paths([str(tmp_path)]))
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [Path(f.source).name for f in failures] == ["locked"]
    assert failures[0].reason == "[D112] cannot read: permission denied"


def test_folder_without_articles_says_what_it_skipped(tmp_path: Path) -> None:
    """A folder of feeds and pictures yields nothing: the failure says what was there, so the
    user is not left guessing why nothing was read."""
    for name in ("a.xml", "b.xml", "feed.rss", "photo.jpg"):
        (tmp_path / name).write_text("<x/>", encoding="utf-8")
    (failure,) = list(read_paths([str(tmp_path)]))
    assert isinstance(failure, ReadFailure)
    assert "D115" in failure.reason
    assert "skipped 4 other files: .xml (2)" in failure.reason
    assert ".rss (1)" in failure.reason and ".jpg (1)" in failure.reason


def test_empty_folder_names_no_skipped_files(tmp_path: Path) -> None:
    (failure,) = list(read_paths([str(tmp_path)]))
    assert isinstance(failure, ReadFailure)
    assert "D115" in failure.reason and "skipped" not in failure.reason


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be opened is a named failure (D112) and its neighbours are read; as
    root chmod 000 locks nothing, so the refusal is simulated."""
    import errno

    (tmp_path / "locked.txt").write_text("Police said.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Police said more.", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    results = list(read_paths([str(tmp_path)]))
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [Path(f.source).name for f in failures] == ["locked.txt"]
    assert failures[0].reason == "[D112] cannot read: permission denied"
    assert [Path(r.source).name for r in results if isinstance(r, Article)] == ["open.txt"]
