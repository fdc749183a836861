"""Turning an HTTP request body into an ``Article`` and running the pipeline on it.

The body is read in chunks and refused with 413 as soon as it passes the limit, so a client
cannot make the server buffer an arbitrarily large upload before it says no. The pipeline is
run under a lock in a worker thread: spaCy inference is CPU-bound, and one pipeline shared by
several threads at once is not something spaCy promises to support.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from typing import Any

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from dateline.errors import Errors
from dateline.model import Article

DEFAULT_MAX_BODY_BYTES = 1_000_000
# The bodies are flat objects of strings; 32 levels leaves room for any client's wrapping.
MAX_JSON_DEPTH = 32
PIPELINE_LOCK = threading.Lock()

JSON_TYPES = ("application/json",)
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html", "application/xhtml+xml")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 once it is larger than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"request body larger than the limit of {limit} bytes")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"body is not valid UTF-8 (byte {exc.start})") from None


def _parse_published(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise HTTPException(422, "'published' must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise HTTPException(422, f"'published' is not a YYYY-MM-DD date: {value!r}") from None


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """True when an array or object in ``value`` (parsed JSON) nests deeper than ``limit``.

    ``json.loads`` itself recurses once per level in C and raises RecursionError near
    Python's recursion limit (a body of 100,000 ``[``, far under the size limit, was a 500);
    that is caught, and this walk (iterative, stopping at the first level too deep) sets
    the limit the API documents. A flat body, the only kind /extract needs, costs one step."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def article_from_body(body: bytes, request: Request) -> Article:
    """Build the Article from a JSON, plain-text or HTML body (see the /extract docs)."""
    media = _media_type(request)
    params = request.query_params
    if media in JSON_TYPES:
        fields = _json_fields(body)
    elif media in TEXT_TYPES or media == "":
        fields = {"text": _decode(body)}
    elif media in HTML_TYPES:
        fields = {"html": _decode(body)}
    else:
        raise HTTPException(
            415,
            f"unsupported content type {media!r}: send application/json, text/plain or text/html",
        )
    for key in ("published", "url", "title"):
        fields.setdefault(key, params.get(key))
    return _article(fields)


def _json_fields(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(_decode(body))
    except json.JSONDecodeError as exc:
        raise HTTPException(400, f"body is not valid JSON: {exc.msg} at char {exc.pos}") from None
    except RecursionError:
        raise HTTPException(400, Errors.D501.format(limit=MAX_JSON_DEPTH)) from None
    if isinstance(data, dict | list) and json_depth_exceeds(data, MAX_JSON_DEPTH):
        raise HTTPException(400, Errors.D501.format(limit=MAX_JSON_DEPTH))
    if not isinstance(data, dict):
        raise HTTPException(422, "JSON body must be an object with 'text' or 'html'")
    return data


def _article(fields: dict[str, Any]) -> Article:
    """The article through the reader's one schema (strict: a bad field is a 422 naming it)."""
    from dateline.read import InputError, article_from_record

    text, html = fields.get("text"), fields.get("html")
    if (text is None) == (html is None):
        raise HTTPException(422, "give exactly one of 'text' or 'html'")
    raw = text if text is not None else html
    if not isinstance(raw, str) or not raw.strip():
        raise HTTPException(422, "the article text is empty")
    _parse_published(fields.get("published"))  # the API's own YYYY-MM-DD rule, as documented
    given = {k: fields.get(k) for k in ("published", "url", "title") if fields.get(k)}
    try:
        article = article_from_record({"text": raw, **given}, "<http>", strict=True)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None
    if html is not None:
        page = _article_from_html(raw)
        page.published = article.published or page.published
        if article.published:
            page.published_basis, page.published_confidence = "metadata", 1.0
        page.url, page.title = article.url or page.url, article.title or page.title
        article = page
    return article


def _article_from_html(html: str) -> Article:
    """Main text of a page via the shared reader (trafilatura), 422 when there is none."""
    from dateline.read import InputError, article_from_html

    try:
        return article_from_html(html, "<http>")
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None


def _extract_locked(article: Article) -> dict[str, Any]:
    """Through the one runner (``dateline.runner.extract_one``); a failed layer or a spent
    time budget is a 500 whose detail is the catalogue's one-line reason."""
    from dateline.errors import ExtractionError
    from dateline.runner import extract_one

    with PIPELINE_LOCK:
        try:
            return extract_one(article).to_dict()
        except ExtractionError as exc:
            raise HTTPException(500, exc.failure.reason) from None


async def extract_to_dict(article: Article) -> dict[str, Any]:
    """The contract dict for one article, computed off the event loop."""
    return await run_in_threadpool(_extract_locked, article)
