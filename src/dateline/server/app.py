"""The FastAPI application: a read-only JSON API over the store, /extract, and the web page.

Everything is served by one process with no outside requests: the page and its basemap are
static files in the package, and ``/docs`` is rendered locally from the OpenAPI schema.
Writes (``POST /ingest``) exist only when the server was started with a write token; without
one the server is read-only and answers 403, with one a missing or wrong bearer token gets 401.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from dateline import __version__
from dateline.server.data import EventFilters, Reader
from dateline.server.docs import render_docs
from dateline.server.exports import EXPORT_FORMATS, export_rows
from dateline.server.extraction import (
    DEFAULT_MAX_BODY_BYTES,
    article_from_body,
    extract_to_dict,
    read_body,
)

STATIC_DIR = resources.files("dateline.server") / "static"

DESCRIPTION = """\
Sourced event data from news articles. Every record carries character offsets into its
article's text. Read endpoints are open; POST /ingest needs the server's write token as
'Authorization: Bearer TOKEN' (401 without it; 403 when the server runs read-only).
List endpoints return {"items": [...], "next_cursor": str | null}: pass next_cursor back as
?cursor= to get the next page. Errors are JSON: {"detail": "..."}."""

Limit = Annotated[int, Query(ge=1, le=1000, description="page size (1-1000)")]
Cursor = Annotated[str | None, Query(description="next_cursor from the previous page")]
ArticleId = Annotated[int | None, Query(description="only this article's records")]


def _event_filters(
    type: Annotated[str | None, Query(description="PLOVER type, e.g. ASSAULT")] = None,
    status: Annotated[
        str | None, Query(description="occurred | planned | hypothetical | negated")
    ] = None,
    country: Annotated[str | None, Query(description="country name or ISO 3166 code")] = None,
    place: Annotated[str | None, Query(description="place name (substring)")] = None,
    actor: Annotated[str | None, Query(description="actor or target name (substring)")] = None,
    since: Annotated[str | None, Query(description="events on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="events on or before YYYY-MM-DD")] = None,
) -> EventFilters:
    return EventFilters(
        type=type,
        status=status,
        country=country,
        place=place,
        actor=actor,
        since=since,
        until=until,
    )


Filters = Annotated[EventFilters, Depends(_event_filters)]


def _check_token(request: Request, expected: str | None) -> None:
    """403 when writes are off, 401 unless the bearer token matches (constant-time)."""
    if not expected:
        raise HTTPException(403, "this server is read-only; start it with --write-token to ingest")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise HTTPException(
            401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
        )


def create_app(
    db: str,
    write_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """Build the app for one database. ``write_token`` None means read-only."""
    reader = Reader(db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dateline",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # the default pulls Swagger UI from a CDN; see docs.py
        redoc_url=None,
    )
    app.state.reader = reader
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    _add_page_routes(app)
    _add_read_routes(app, reader)
    _add_write_routes(app, reader, write_token, max_body_bytes)
    return app


def _add_page_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC_DIR / "index.html"))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))


def _add_read_routes(app: FastAPI, reader: Reader) -> None:
    @app.get("/health", summary="Liveness and corpus size")
    def health() -> JSONResponse:
        return JSONResponse({"ok": True, "articles": reader.count_articles()})

    @app.get("/articles", summary="Articles (metadata), in the order they were stored")
    def articles(limit: Limit = 50, cursor: Cursor = None) -> JSONResponse:
        return JSONResponse(_page(*reader.articles(limit, cursor)))

    @app.get("/articles/{article_id}", summary="One article with all its annotations")
    def article(article_id: int) -> JSONResponse:
        doc = reader.article(article_id)
        if doc is None:
            raise HTTPException(404, f"no article {article_id}")
        return JSONResponse(doc)

    @app.get(
        "/events",
        summary="Events, filtered as in `dateline events`",
        description="One row per real event, merged across articles (canonical events), each "
        "with 'evidence': the article id, the event's id inside that article's annotations, "
        "and the trigger and sentence offsets of its first mention. mentions=true lists every "
        "article's own mention instead.",
    )
    def events(
        filters: Filters,
        limit: Limit = 100,
        cursor: Cursor = None,
        mentions: Annotated[
            bool, Query(description="list each article's mention instead of merged events")
        ] = False,
    ) -> JSONResponse:
        return JSONResponse(_page(*reader.events(filters, limit, cursor, mentions)))

    @app.get("/events/summary", summary="Counts by type over time and by place, for charts")
    def summary(filters: Filters) -> JSONResponse:
        return JSONResponse(reader.summary(filters))

    @app.get("/quotes", summary="Quotes with their speakers")
    def quotes(
        speaker: Annotated[str | None, Query(description="speaker name (substring)")] = None,
        article_id: ArticleId = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> JSONResponse:
        return JSONResponse(_page(*reader.quotes(speaker, article_id, limit, cursor)))

    @app.get("/entities", summary="Entities (people, organizations, groups)")
    def entities(
        name: Annotated[str | None, Query(description="name (substring)")] = None,
        article_id: ArticleId = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> JSONResponse:
        return JSONResponse(_page(*reader.entities(name, article_id, limit, cursor)))

    @app.get("/places", summary="Resolved places with coordinates")
    def places(
        name: Annotated[str | None, Query(description="name (substring)")] = None,
        article_id: ArticleId = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> JSONResponse:
        return JSONResponse(_page(*reader.places(name, article_id, limit, cursor)))

    @app.get(
        "/export/{what}.{fmt}",
        summary="Stream events or quotes as CSV or JSONL",
        description="what: events | quotes; fmt: csv | jsonl. Events take the /events filters.",
    )
    def export(what: str, fmt: str, filters: Filters) -> StreamingResponse:
        if what not in ("events", "quotes") or fmt not in EXPORT_FORMATS:
            raise HTTPException(404, "exports are events|quotes as .csv or .jsonl")
        rows = reader.iter_events(filters) if what == "events" else reader.iter_quotes()
        return StreamingResponse(
            export_rows(rows, fmt),
            media_type=EXPORT_FORMATS[fmt],
            headers={"Content-Disposition": f'attachment; filename="{what}.{fmt}"'},
        )


def _add_write_routes(
    app: FastAPI, reader: Reader, write_token: str | None, max_body_bytes: int
) -> None:
    body_doc = (
        'Body: JSON {"text": ..., "published": "YYYY-MM-DD", "title": ..., "url": ...} '
        'or {"html": ...}; or a raw text/plain or text/html body (published, title, url as '
        f"query parameters). Bodies over {max_body_bytes} bytes get 413."
    )

    @app.post(
        "/extract",
        summary="Extract everything from one article (nothing is stored)",
        description=body_doc + " Returns the output contract's JSON.",
    )
    async def extract(request: Request) -> JSONResponse:
        article = article_from_body(await read_body(request, max_body_bytes), request)
        return JSONResponse(await extract_to_dict(article))

    @app.post(
        "/ingest",
        summary="Extract and store one article (needs the write token)",
        description=body_doc + ' Returns {"article_id": int, "duplicate": bool}.',
    )
    async def ingest(request: Request) -> JSONResponse:
        _check_token(request, write_token)
        article = article_from_body(await read_body(request, max_body_bytes), request)
        article_id, duplicate = await run_in_threadpool(reader.ingest, article)
        return JSONResponse(
            {"article_id": article_id, "duplicate": duplicate},
            status_code=200 if duplicate else 201,
        )


def _page(items: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}
