"""Input forms → Article: plain text, HTML, news-please style JSON/JSONL, directories, stdin.

Every problem with an input becomes a ``ReadFailure`` that names the item and the reason, so a
batch can report it and go on with the rest. Offsets later index into ``Article.text``, which is
the text exactly as read (for HTML, the text trafilatura extracts).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateline.model import Article

MAX_TEXT_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

TEXT_FIELDS = ("text", "maintext", "body", "content")
DATE_FIELDS = ("date_publish", "published", "date_published", "publish_date", "date")
OUTLET_FIELDS = ("outlet", "source_domain", "source", "publisher", "site_name")


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read, with a one-line reason."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


ReadResult = Article | ReadFailure


class InputError(ValueError):
    """Raised inside the readers; turned into a ReadFailure with the item's name."""


def decode(data: bytes, source: str) -> str:
    """Bytes → text, refusing empty, binary, undecodable and oversized input."""
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"too large ({len(data) / 1e6:.1f} MB; the limit is 5 MB)")
    if not data.strip():
        raise InputError("empty input")
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text")
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 text (byte {exc.start})") from None
    raise AssertionError("unreachable")


def parse_date(value: Any) -> date | None:
    """A publication date from common metadata forms (ISO date or datetime strings)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    for candidate in (text, text[:19], text[:10]):
        try:
            return datetime.fromisoformat(candidate).date()
        except ValueError:
            continue
    return None


def article_from_text(text: str, source: str) -> Article:
    return Article(text=text, source=source)


def article_from_html(html: str, source: str) -> Article:
    """Main text and metadata of a web page, via trafilatura."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text or not text.strip():
        raise InputError("no article text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    article = Article(text=text, source=source)
    if meta is not None:
        article.title = meta.title or None
        article.outlet = meta.sitename or None
        article.url = meta.url or None
        if meta.author:
            article.authors = [a.strip() for a in meta.author.split(";") if a.strip()]
        published = parse_date(meta.date)
        if published:
            article.published, article.published_basis = published, "metadata"
    return article


def _first(record: dict[str, Any], fields: Iterable[str]) -> Any:
    for name in fields:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def article_from_record(record: Any, source: str) -> Article:
    """A news-please style record: title, text/maintext, date_publish, url, outlet, authors."""
    if not isinstance(record, dict):
        raise InputError("record is not a JSON object")
    text = _first(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        raise InputError("record has no text (expected 'text' or 'maintext')")
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InputError("text too large (the limit is 5 MB)")
    authors = record.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    published = parse_date(_first(record, DATE_FIELDS))
    return Article(
        text=text,
        source=source,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        outlet=_first(record, OUTLET_FIELDS)
        if isinstance(_first(record, OUTLET_FIELDS), str)
        else None,
        authors=[a for a in authors if isinstance(a, str)],
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        published=published,
        published_basis="metadata" if published else "none",
    )


def _records_from_json(text: str, source: str) -> Iterator[ReadResult]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadFailure(source, f"invalid JSON (line {exc.lineno}: {exc.msg})")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        name = source if len(records) == 1 else f"{source}[{index}]"
        yield _guard(name, lambda r=record, n=name: article_from_record(r, n))


def _records_from_jsonl(text: str, source: str) -> Iterator[ReadResult]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(name, f"invalid JSON ({exc.msg})")
            continue
        yield _guard(name, lambda r=record, n=name: article_from_record(r, n))


def _guard(source: str, build: Any) -> ReadResult:
    try:
        return build()
    except InputError as exc:
        return ReadFailure(source, str(exc))


def sniff(text: str) -> str:
    """Guess the form of stdin: html, json, jsonl or text."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in text[:2000].lower():
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first = text.lstrip().splitlines()[0]
        try:
            json.loads(first)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "text"


def read_text(text: str, source: str, form: str) -> Iterator[ReadResult]:
    """Articles from already-decoded input of a known form."""
    if form == "json":
        yield from _records_from_json(text, source)
    elif form == "jsonl":
        yield from _records_from_jsonl(text, source)
    elif form == "html":
        yield _guard(source, lambda: article_from_html(text, source))
    else:
        yield article_from_text(text, source)


def form_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "text"


def read_file(path: Path) -> Iterator[ReadResult]:
    """Articles from one file (several for JSON arrays and JSONL)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(source, f"cannot read: {exc.strerror or exc}")
        return
    form = form_of(path)
    limit_applies = form in ("text", "html")
    try:
        if not limit_applies and not data.strip():
            raise InputError("empty input")
        text = decode(data, source) if limit_applies else _decode_container(data)
    except InputError as exc:
        yield ReadFailure(source, str(exc))
        return
    yield from read_text(text, source, form)


def _decode_container(data: bytes) -> str:
    """JSON/JSONL files may hold many articles, so only each text is size-limited."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 text (byte {exc.start})") from None


def read_stdin() -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read()
    try:
        text = decode(data, "<stdin>") if len(data) <= MAX_TEXT_BYTES else _decode_container(data)
    except InputError as exc:
        yield ReadFailure("<stdin>", str(exc))
        return
    yield from read_text(text, "<stdin>", sniff(text))


def iter_files(directory: Path) -> Iterator[Path]:
    """Article files under a directory, recursively, in a stable order."""
    for path in sorted(directory.rglob("*")):
        if (
            path.is_file()
            and path.suffix.lower() in KNOWN_SUFFIXES
            and not path.name.startswith(".")
        ):
            yield path


def read_paths(paths: Iterable[str]) -> Iterator[ReadResult]:
    """Every article named by the paths ('-' is stdin), with failures in line."""
    for raw in paths:
        if raw == "-":
            yield from read_stdin()
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in iter_files(path):
                found = True
                yield from read_file(file)
            if not found:
                yield ReadFailure(
                    raw, "directory holds no article files (.txt, .html, .json, .jsonl)"
                )
        elif path.exists():
            yield from read_file(path)
        else:
            yield ReadFailure(raw, "no such file or directory")
