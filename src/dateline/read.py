"""Input forms → Article: plain text, HTML, news-please style JSON/JSONL, directories, stdin.

One schema (:func:`article_from_record`) turns the fields of any input into an ``Article``: a
JSON record, an HTTP request body and the Python API's arguments all pass through it, so a wrong
type or an impossible date gets the same message, naming the field, wherever it came from. A
problem that leaves nothing to read (no text) is an :class:`InputError` and the item fails; any
other bad field becomes one of the article's ``warnings`` and the field is left out, never
silently changed.

Every problem with an input becomes an :class:`~dateline.errors.ItemFailure` that names the item
and the reason (a code from :mod:`dateline.errors`), so a batch can report it and go on. Offsets
later index into ``Article.text``, which is the text exactly as read (for HTML, the text
trafilatura extracts: what the reader drops from a page stays out of the text).

Bytes are decoded as UTF-8, or as what a byte-order mark or the content says (UTF-16 with or
without a mark, a declared HTML/XML charset); text that is not UTF-8 but reads as Windows-1252
(Latin-1) is decoded with a warning. Directories are walked in a stable order, and a symbolic
link loop or a folder that cannot be read is reported, never skipped.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from dateline.errors import DatelineError, Errors, ItemFailure, Warnings
from dateline.frame.dates import parse_metadata_date
from dateline.model import Article

MAX_TEXT_BYTES = 5 * 1024 * 1024  # one article's text (README: "over 5 MB")
MAX_FILE_BYTES = 5 * 1024 * 1024  # one .txt or .html file
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

TEXT_FIELDS = ("text", "maintext", "body", "content")
DATE_FIELDS = ("published", "date_publish", "date_published", "publish_date", "date")
MODIFIED_FIELDS = ("date_modify", "date_modified", "modified")
RETRIEVED_FIELDS = ("date_download", "date_retrieved", "retrieved")
OUTLET_FIELDS = ("outlet", "source_domain", "source", "publisher", "site_name")
STRING_FIELDS = {"title": ("title",), "url": ("url",), "outlet": OUTLET_FIELDS}
HTML_CONFIDENCE = 0.95  # page markup read by htmldate (see dateline.frame.published)
MODIFIED_CONFIDENCE = 0.7  # a news-please date_modify standing in for a missing date_publish
BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


class InputError(DatelineError):
    """An input that cannot be read; the message carries its code (``[D1xx] ...``)."""


ReadFailure = ItemFailure  # what the readers yield for an item that failed (stage "read")
ReadResult = Article | ItemFailure


# -- the one schema ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and the warning the decoding gives, if any."""

    text: str
    warning: str | None = None

    def _nonempty(self) -> Decoded:
        if not self.text.strip():
            raise InputError(Errors.D100)
        return self


def article_from_record(fields: Mapping[str, Any], source: str, strict: bool = False) -> Article:
    """The one schema: an Article from the fields of a record, request or call.

    ``text`` (or ``maintext``, ``body``, ``content``) is required. ``title``, ``url`` and the
    outlet fields must be strings; ``authors`` a name, a list of names, or schema.org person
    objects (``{"name": ...}``); ``published`` (or ``date_publish`` ...) a date or a date
    string. A field that breaks these rules is left out with a warning naming it, or with
    ``strict`` (the HTTP API and the Python API, where one caller sends one article) raises
    :class:`InputError`.
    """
    if not isinstance(fields, Mapping):
        raise InputError(Errors.D104.format(found=_type_name(fields)))
    text = _first(fields, TEXT_FIELDS)
    if text is None:
        raise InputError(Errors.D105)
    if not isinstance(text, str):
        raise InputError(
            Errors.D106.format(field=_first_name(fields, TEXT_FIELDS), found=_type_name(text))
        )
    if not text.strip():
        raise InputError(Errors.D107)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise InputError(Errors.D103.format(size=len(text.encode("utf-8", "surrogatepass")) / 1e6))
    article = Article(text=text, source=source)
    problems: list[str] = []
    for attribute, names in STRING_FIELDS.items():
        value = _first(fields, names)
        if value is None:
            continue
        if isinstance(value, str):
            setattr(article, attribute, value.strip() or None)
        else:
            problems.append(
                Warnings.W101.format(field=_first_name(fields, names), found=_type_name(value))
            )
    authors, author_problem = _authors(fields.get("authors", fields.get("author")))
    article.authors = authors
    if author_problem:
        problems.append(author_problem)
    for names, setter in (
        (DATE_FIELDS, _set_published),
        (MODIFIED_FIELDS, _set_modified),
        (RETRIEVED_FIELDS, _set_retrieved),
    ):
        value = _first(fields, names)
        if value is None:
            continue
        parsed = parse_metadata_date(value)
        if parsed is None:
            problems.append(
                Warnings.W102.format(field=_first_name(fields, names), value=_shown(value))
            )
            continue
        setter(article, parsed)
    if strict and problems:
        raise InputError(problems[0])
    article.warnings.extend(problems)
    return article


def _set_published(article: Article, value: date) -> None:
    article.published, article.published_basis = value, "metadata"
    article.published_confidence = 1.0


def _set_modified(article: Article, value: date) -> None:
    if article.published is None:
        article.published, article.published_basis = value, "metadata"
        article.published_confidence = MODIFIED_CONFIDENCE


def _set_retrieved(article: Article, value: date) -> None:
    article.retrieved = value


def _authors(value: Any) -> tuple[list[str], str | None]:
    """Names from a string, a list of strings, or person objects; a warning for the rest."""
    if value in (None, "", []):
        return [], None
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    rejected: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            item = item["name"]
        if isinstance(item, str):
            names.extend(n.strip() for n in item.split(";") if n.strip())
        else:
            rejected.append(_type_name(item))
    if rejected:
        return names, Warnings.W103.format(found=", ".join(sorted(set(rejected))))
    return names, None


def _first(record: Mapping[str, Any], fields: Iterable[str]) -> Any:
    for name in fields:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _first_name(record: Mapping[str, Any], fields: Iterable[str]) -> str:
    return next((n for n in fields if record.get(n) not in (None, "", [])), next(iter(fields)))


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return names[bool]
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return names.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return repr(text if len(text) <= 40 else text[:37] + "...")


# -- bytes to text -------------------------------------------------------------------------------


def decode(data: bytes, source: str = "", limit: int | None = MAX_FILE_BYTES) -> Decoded:
    """Bytes → text, refusing empty, binary, undecodable and oversized input."""
    if limit is not None and len(data) > limit:
        raise InputError(Errors.D103.format(size=len(data) / 1e6))
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return Decoded(_strictly(data, encoding), None)._nonempty()
    if not data.strip():
        raise InputError(Errors.D100)
    utf16 = _utf16_without_mark(data)
    if utf16:
        return Decoded(_strictly(data, utf16))._nonempty()
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(Errors.D101.format(what=what))
    if b"\x00" in data[:8192]:
        raise InputError(Errors.D101.format(what="binary data"))
    try:
        return Decoded(data.decode("utf-8"))._nonempty()
    except UnicodeDecodeError as exc:
        position = exc.start
    declared = DECLARED_CHARSET.search(data[:2048])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            return Decoded(data.decode(name))._nonempty()
        except (LookupError, UnicodeDecodeError):
            pass
    if _reads_as_cp1252(data):
        return Decoded(data.decode("cp1252"), Warnings.W104.format(byte=position))._nonempty()
    raise InputError(Errors.D102.format(byte=position))


def _strictly(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(Errors.D102.format(byte=exc.start)) from None


def _utf16_without_mark(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the start is NUL, as in UTF-16 text
    of a Latin-script language without a byte-order mark."""
    head = data[:400]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _reads_as_cp1252(data: bytes) -> bool:
    """Windows-1252 text: no control bytes, and every byte it cannot map is absent."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls == 0


# -- forms ---------------------------------------------------------------------------------------


def article_from_text(text: str, source: str) -> Article:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise InputError(Errors.D103.format(size=len(text.encode("utf-8")) / 1e6))
    return Article(text=text, source=source)


def article_from_html(html: str, source: str) -> Article:
    """Main text and metadata of a web page, via trafilatura; the date via htmldate."""
    import trafilatura

    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_recall=True
        )
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # noqa: BLE001 - a page lxml cannot build (a bomb, broken markup)
        raise InputError(Errors.D108.format(reason=_one_line(exc))) from None
    if not text or not text.strip() or _only_page_chrome(html, text):
        raise InputError(Errors.D109)
    article = Article(text=text, source=source)
    if meta is not None:
        article.title = meta.title or None
        article.outlet = meta.sitename or None
        article.url = meta.url or None
        if meta.author:
            article.authors = [a.strip() for a in meta.author.split(";") if a.strip()]
    published = page_date(html, article.url)
    if published is not None:
        article.published, article.published_basis = published, "metadata"
        article.published_confidence = HTML_CONFIDENCE
    return article


SIDEBARS = (
    "//aside|//nav|//footer|//*[contains(@class,'related') or contains(@id,'related')"
    " or contains(@class,'sidebar') or contains(@class,'recommend') or contains(@class,'promo')"
    " or contains(@class,'teaser') or contains(@class,'most-read')]"
)


CHROME = "//nav|//footer|//aside|//header"
CHROME_CHECK_CHARS = 500  # longer extracts hold more than a menu


def _only_page_chrome(html: str, text: str) -> bool:
    """True when every word trafilatura found is in the page's navigation, header, footer or
    asides: on a page with no article its fallback returns the menu ("Home World"), which is
    no article text (found on the messy-feed bench: a nav-only page stored as "Home")."""
    if len(text) > CHROME_CHECK_CHARS:
        return False
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - trafilatura read it; keep its text
        return False
    chrome = {word for node in tree.xpath(CHROME) for word in node.text_content().split()}
    return bool(chrome) and set(text.split()) <= chrome


def page_date(html: str, url: str | None = None) -> date | None:
    """The page's publication date by htmldate (``article:published_time``, JSON-LD
    ``datePublished``, ``<time datetime>``, the URL), from the page without its sidebars,
    related-story lists and footers, whose ``<time>`` stamps belong to other stories."""
    import htmldate
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
        for element in tree.xpath(SIDEBARS):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
        found = htmldate.find_date(
            tree, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d"
        )
    except Exception:  # noqa: BLE001 - a page htmldate cannot read gives no date, not an error
        return None
    return date.fromisoformat(found) if found else None


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": ")[:200]


def _guard(source: str, build: Callable[[], Article]) -> ReadResult:
    try:
        return build()
    except InputError as exc:
        return ItemFailure(source, str(exc))
    except RecursionError:
        return ItemFailure(source, Errors.D108.format(reason="nested too deeply"))


def _records_from_json(text: str, source: str) -> Iterator[ReadResult]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ItemFailure(source, Errors.D110.format(where=f"line {exc.lineno}", reason=exc.msg))
        return
    except RecursionError:
        yield ItemFailure(source, Errors.D110.format(where="line 1", reason="nested too deeply"))
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        name = source if len(records) == 1 else f"{source}[{index}]"
        yield _guard(name, partial(article_from_record, record, name))


def _records_from_lines(lines: Iterable[bytes], source: str) -> Iterator[ReadResult]:
    """One record per line, each decoded and size-checked on its own (a file may be huge)."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        name = f"{source}:{number}"
        if len(raw) > MAX_TEXT_BYTES * 2:
            yield ItemFailure(name, Errors.D103.format(size=len(raw) / 1e6))
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            record = json.loads(line)
        except UnicodeDecodeError as exc:
            yield ItemFailure(name, Errors.D102.format(byte=exc.start))
            continue
        except json.JSONDecodeError as exc:
            yield ItemFailure(name, Errors.D110.format(where=f"column {exc.colno}", reason=exc.msg))
            continue
        except RecursionError:
            yield ItemFailure(
                name, Errors.D110.format(where="column 1", reason="nested too deeply")
            )
            continue
        yield _guard(name, partial(article_from_record, record, name))


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


def read_text(
    text: str, source: str, form: str, warning: str | None = None
) -> Iterator[ReadResult]:
    """Articles from already-decoded input of a known form."""
    if form == "json":
        results: Iterable[ReadResult] = _records_from_json(text, source)
    elif form == "jsonl":
        results = _records_from_lines((ln.encode("utf-8") for ln in text.splitlines()), source)
    elif form == "html":
        results = [_guard(source, lambda: article_from_html(text, source))]
    else:
        results = [_guard(source, lambda: article_from_text(text, source))]
    for result in results:
        if warning and isinstance(result, Article):
            result.warnings.insert(0, warning)
        yield result


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
    form = form_of(path)
    try:
        if form == "jsonl":
            with path.open("rb") as handle:
                yield from _records_from_lines(handle, source)
            return
        size = path.stat().st_size
        limit = MAX_FILE_BYTES if form in ("text", "html") else None
        if limit is not None and size > limit:
            raise InputError(Errors.D103.format(size=size / 1e6))
        data = path.read_bytes()
    except OSError as exc:
        yield ItemFailure(source, _os_reason(exc))
        return
    except InputError as exc:
        yield ItemFailure(source, str(exc))
        return
    try:
        decoded = decode(data, source, limit=None)
    except InputError as exc:
        yield ItemFailure(source, str(exc))
        return
    yield from read_text(decoded.text, source, form, decoded.warning)


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return Errors.D111
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Errors.D112
    if exc.errno == errno.ENOENT:
        return Errors.D113
    return Errors.D114.format(reason=exc.strerror or exc)


def read_stdin() -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read()
    try:
        decoded = decode(data, "<stdin>", limit=None)
    except InputError as exc:
        yield ItemFailure("<stdin>", str(exc))
        return
    form = sniff(decoded.text)
    if form in ("text", "html") and len(data) > MAX_FILE_BYTES:
        yield ItemFailure("<stdin>", Errors.D103.format(size=len(data) / 1e6))
        return
    yield from read_text(decoded.text, "<stdin>", form, decoded.warning)


def walk(directory: Path, skipped: Counter[str] | None = None) -> Iterator[Path | ItemFailure]:
    """Article files under a directory, recursively, in a stable order; a folder that cannot
    be read and a symbolic link that loops back are reported as failures in line. Files of
    other kinds are counted by suffix in ``skipped``, so a folder of feeds or images that
    yields nothing can say what it did hold."""
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path) -> Iterator[Path | ItemFailure]:
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen:
                yield ItemFailure(str(folder), Errors.D111)
                return
            seen.add(key)
            with os.scandir(folder) as entries:
                children = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            yield ItemFailure(str(folder), _os_reason(exc))
            return
        for entry in children:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                yield ItemFailure(str(path), _os_reason(exc))
                continue
            if is_dir:
                yield from visit(path)
            elif is_file and path.suffix.lower() in KNOWN_SUFFIXES:
                yield path
            elif is_file and skipped is not None:
                skipped[path.suffix.lower() or "(no suffix)"] += 1
            elif entry.is_symlink() and not path.exists():
                yield ItemFailure(str(path), _broken_link(path))

    yield from visit(directory)


def _skipped_note(skipped: Counter[str]) -> str:
    """'; skipped 3 other files: .xml (2), .rss (1)' or nothing."""
    if not skipped:
        return ""
    kinds = ", ".join(f"{suffix} ({n})" for suffix, n in skipped.most_common())
    total = sum(skipped.values())
    return f"; skipped {total} other file{'s' if total != 1 else ''}: {kinds}"


def _broken_link(path: Path) -> str:
    try:
        path.stat()
    except OSError as exc:
        return _os_reason(exc)
    return Errors.D113


def read_paths(paths: Iterable[str]) -> Iterator[ReadResult]:
    """Every article named by the paths ('-' is stdin), with failures in line."""
    for raw in paths:
        if raw == "-":
            yield from read_stdin()
            continue
        path = Path(raw)
        try:
            path.stat()
        except OSError as exc:
            yield ItemFailure(raw, _os_reason(exc))
            continue
        if path.is_dir():
            found = False
            skipped: Counter[str] = Counter()
            for item in walk(path, skipped):
                if isinstance(item, ItemFailure):
                    yield item
                    continue
                found = True
                yield from read_file(item)
            if not found:
                yield ItemFailure(raw, Errors.D115.format(skipped=_skipped_note(skipped)))
        else:
            yield from read_file(path)
