"""The FastAPI application: a read-only JSON API over the store, /extract, and the web page.

Everything is served by one process with no outside requests: the page and its basemap are
static files in the package, and ``/docs`` is rendered locally from the OpenAPI schema.
Writes (``POST /ingest``) exist only when the server was started with a write token; without
one the server is read-only and answers 403, with one a missing or wrong bearer token gets 401
(checked in constant time, before the body is read).

Reads and extraction never wait for each other: reads run on the server's thread pool over
per-thread store connections, each answer encoded once per store version (``cache.py``);
``/extract`` and ``/ingest`` run in the extraction pool's worker processes (``pool.py``),
which answers 503 with ``Retry-After`` when its queue is full. Every response passes the Host
allowlist and carries the security headers (``security.py``).
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from dateline import __version__
from dateline.model import Article
from dateline.runner import DEFAULT_SETTINGS, Settings
from dateline.server.assets import StaticAssets
from dateline.server.cache import DEFAULT_MAX_BYTES
from dateline.server.data import EventFilters, Lookup, NotFound, Reader
from dateline.server.docs import render_docs
from dateline.server.exports import EXPORT_FORMATS, export_rows
from dateline.server.extraction import DEFAULT_MAX_BODY_BYTES, article_from_body, read_body
from dateline.server.pool import ExtractionPool, JobFailed, PoolBusy
from dateline.server.security import (
    LOCAL_HOSTS,
    SECURITY_HEADERS,
    HostAllowlist,
    SecurityHeaders,
)

DESCRIPTION = """\
Sourced event data from news articles. Every record carries character offsets into its
article's text. Read endpoints are open; POST /ingest needs the server's write token as
'Authorization: Bearer TOKEN' (401 without it; 403 when the server runs read-only).
List endpoints return {"items": [...], "next_cursor": str | null}: pass next_cursor back as
?cursor= to get the next page. Errors are JSON: {"detail": "..."}. /extract and /ingest answer
503 with Retry-After when the extraction queue is full."""

Limit = Annotated[int, Query(ge=1, le=1000, description="page size (1-1000)")]
Cursor = Annotated[str | None, Query(description="next_cursor from the previous page")]
EXPORTS = ("events", "quotes", "commitments", "claims")
ArticleId = Annotated[int | None, Query(description="only this article's records")]


async def _event_filters(
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
        raise HTTPException(403, "this server is read-only; start it with a write token to ingest")
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
    allowed_hosts: Sequence[str] | None = None,
    workers: int = 0,
    queue_limit: int = 8,
    settings: Settings = DEFAULT_SETTINGS,
    cache_bytes: int = DEFAULT_MAX_BYTES,
    pool: ExtractionPool | None = None,
    warm: bool = False,
) -> FastAPI:
    """Build the app for one database. ``write_token`` None means read-only.

    ``allowed_hosts``: Host names served (default: the local names); ``workers``: extraction
    processes (0: a thread of this process, as tests use); ``queue_limit``: jobs that may wait
    beyond those running; ``settings``: the runner's (the time budget); ``warm``: start the
    workers (and load their pipelines) at once."""
    reader = Reader(db, cache_bytes=cache_bytes)
    extraction = pool or ExtractionPool(workers, queue_limit, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            extraction.start()
        yield
        extraction.close()
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
    app.state.pool = extraction
    _add_error_handlers(app)
    _add_page_routes(app, StaticAssets())
    _add_read_routes(app, reader)
    _add_write_routes(app, db, extraction, write_token, max_body_bytes)
    # Outermost last: the Host check runs first, then headers go on everything it lets by.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        HostAllowlist, allowed=LOCAL_HOSTS if allowed_hosts is None else allowed_hosts
    )
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(PoolBusy)
    async def busy(_: Request, exc: PoolBusy) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": str(exc)}, status_code=503, headers=headers)

    @app.exception_handler(JobFailed)
    async def failed(_: Request, exc: JobFailed) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the server's log (uvicorn prints it); the client gets a line.
        # Starlette answers this from its outermost layer, outside SecurityHeaders, so the
        # headers every other response gets are set here.
        return JSONResponse(
            {"detail": f"internal error ({type(exc).__name__})"},
            500,
            headers={k.decode(): v.decode() for k, v in SECURITY_HEADERS},
        )


def _add_page_routes(app: FastAPI, assets: StaticAssets) -> None:
    def asset(name: str, request: Request) -> Response:
        found = assets.response(name, request)
        if found is None:
            raise NotFound(f"no file {name[:200]!r}")
        return found

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def index(request: Request) -> Response:
        return asset("index.html", request)

    @app.api_route("/static/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def static(name: str, request: Request) -> Response:
        return asset(name, request)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))


async def answer(request: Request, lookup: Lookup) -> Response:
    """A cached answer straight from the event loop; a miss computed on a read thread (where
    requests for the same key wait for the one computation)."""
    version = lookup.reader.version()
    found = lookup.hit(version)
    if found is None:
        found = await run_in_threadpool(lookup.get, version)
    return found.response(request)


def _add_read_routes(app: FastAPI, reader: Reader) -> None:
    @app.get("/health", summary="Liveness and corpus size")
    async def health(request: Request) -> Response:
        return await answer(request, reader.health())

    @app.get("/articles", summary="Articles (metadata), in the order they were stored")
    async def articles(request: Request, limit: Limit = 50, cursor: Cursor = None) -> Response:
        return await answer(request, reader.articles(limit, cursor))

    @app.get("/articles/{article_id}", summary="One article with all its annotations")
    async def article(article_id: Annotated[int, Path()], request: Request) -> Response:
        return await answer(request, reader.article(article_id))

    @app.get(
        "/events",
        summary="Events, filtered as in `dateline events`",
        description="One row per real event, merged across articles (canonical events), each "
        "with 'evidence': the article id, the event's id inside that article's annotations, "
        "and the trigger and sentence offsets of its first mention. mentions=true lists every "
        "article's own mention instead.",
    )
    async def events(
        request: Request,
        filters: Filters,
        limit: Limit = 100,
        cursor: Cursor = None,
        mentions: Annotated[
            bool, Query(description="list each article's mention instead of merged events")
        ] = False,
    ) -> Response:
        return await answer(request, reader.events(filters, limit, cursor, mentions))

    @app.get("/events/summary", summary="Counts by type over time and by place, for charts")
    async def summary(request: Request, filters: Filters) -> Response:
        return await answer(request, reader.summary(filters))

    @app.get(
        "/events/{event_id}",
        summary="One canonical event with its evidence",
        description="The merged event with 'evidence' (its first mention, as in /events) and "
        "'mentions': every article's mention with its article, trigger and sentence offsets, "
        "fatalities as that source gave them, and why it was merged.",
    )
    async def event(event_id: Annotated[int, Path()], request: Request) -> Response:
        return await answer(request, reader.event(event_id))

    @app.get("/quotes", summary="Quotes with their speakers")
    async def quotes(
        request: Request,
        speaker: Annotated[str | None, Query(description="speaker name (substring)")] = None,
        article_id: ArticleId = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Response:
        return await answer(request, reader.quotes(speaker, article_id, limit, cursor))

    @app.get("/entities", summary="Entities (people, organizations, groups)")
    async def entities(
        request: Request,
        name: Annotated[str | None, Query(description="name (substring)")] = None,
        article_id: ArticleId = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Response:
        return await answer(request, reader.entities(name, article_id, limit, cursor))

    @app.get("/places", summary="Resolved places with coordinates")
    async def places(
        request: Request,
        name: Annotated[str | None, Query(description="name (substring)")] = None,
        article_id: ArticleId = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Response:
        return await answer(request, reader.places(name, article_id, limit, cursor))

    @app.get(
        "/commitments",
        summary="Commitments with their status and the events that bear on it",
        description="Each stored pledge checked against the later stored events: status "
        "open | met | broken | expired | unclear, 'changed_on' (the day it took effect), 'why' "
        "(the rule and the parties), 'made_on', 'deadline', 'parties', and 'evidence': each "
        "event bearing on it with its article, event id inside the article, canonical id, "
        "day, place, effect (meets | breaks | bears), the party it is by and who reported it. "
        "'Today' is the latest publication day in the store.",
    )
    async def commitments(
        request: Request,
        status: Annotated[
            str | None, Query(description="open | met | broken | expired | unclear")
        ] = None,
        kind: Annotated[
            str | None, Query(description="ceasefire, withdraw, release, meet, ...")
        ] = None,
        party: Annotated[str | None, Query(description="party name (substring)")] = None,
        article_id: ArticleId = None,
        since: Annotated[str | None, Query(description="deadline on or after YYYY-MM-DD")] = None,
        until: Annotated[str | None, Query(description="deadline on or before YYYY-MM-DD")] = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Response:
        filters = dict(
            status=status, kind=kind, party=party, article_id=article_id, since=since, until=until
        )
        return await answer(request, reader.commitments(filters, limit, cursor))

    @app.get(
        "/disputes",
        summary="Contested claims: each disputed fact with every claim side by side",
        description="Where sources disagree on a fact of one event (fatalities, injured, "
        "actor, place, date, status), each claim with its value, who made it ('claimant', "
        "'attributed' false for an outlet's own report), the outlet, article and sentence. "
        "kind: contested (different claimants) | revised (one claimant's figures changed); "
        "scope: across articles | within one.",
    )
    async def disputes(
        request: Request,
        fact: Annotated[
            str | None, Query(description="fatalities | injured | actor | place | date | status")
        ] = None,
        kind: Annotated[str | None, Query(description="contested | revised")] = None,
        scope: Annotated[str | None, Query(description="across | within")] = None,
        canonical_id: Annotated[
            int | None, Query(description="disputes about this canonical event")
        ] = None,
        article_id: Annotated[
            int | None, Query(description="disputes with a claim from this article")
        ] = None,
        since: Annotated[str | None, Query(description="event on or after YYYY-MM-DD")] = None,
        until: Annotated[str | None, Query(description="event on or before YYYY-MM-DD")] = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Response:
        filters = dict(
            fact=fact,
            kind=kind,
            scope=scope,
            canonical_id=canonical_id,
            article_id=article_id,
            since=since,
            until=until,
        )
        return await answer(request, reader.disputes(filters, limit, cursor))

    @app.get(
        "/export/{what}.{fmt}",
        summary="Stream events, quotes, commitments or claims as CSV or JSONL",
        description="what: events | quotes | commitments | claims (one row per claim of each "
        "dispute); fmt: csv | jsonl. Events take the /events filters; commitments take "
        "'status', claims take 'fact'. "
        "CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or "
        "carriage return) are prefixed with ' (OWASP's rule); JSONL is exact.",
    )
    def export(
        what: str,
        fmt: str,
        filters: Filters,
        fact: Annotated[str | None, Query(description="claims: this fact only")] = None,
    ) -> StreamingResponse:
        if what not in EXPORTS or fmt not in EXPORT_FORMATS:
            raise HTTPException(404, f"exports are {'|'.join(EXPORTS)} as .csv or .jsonl")
        if what == "events":
            rows = reader.iter_events(filters)
        elif what == "commitments":
            rows = reader.iter_commitments({"status": filters.status})
        elif what == "claims":
            rows = reader.iter_claims({"fact": fact})
        else:
            rows = reader.iter_quotes()
        return StreamingResponse(
            export_rows(rows, fmt),
            media_type=EXPORT_FORMATS[fmt],
            headers={"Content-Disposition": f'attachment; filename="{what}.{fmt}"'},
        )


def _add_write_routes(
    app: FastAPI,
    db: str,
    pool: ExtractionPool,
    write_token: str | None,
    max_body_bytes: int,
) -> None:
    body_doc = (
        'Body: JSON {"text": ..., "published": "YYYY-MM-DD", "title": ..., "url": ...} '
        'or {"html": ...}; or a raw text/plain or text/html body (published, title, url as '
        f"query parameters). Bodies over {max_body_bytes} bytes get 413; 503 with Retry-After "
        "when the extraction queue is full; 422 when the article cannot be extracted in its "
        "time budget."
    )

    async def admitted(request: Request, job: Callable[[Article], Awaitable[Any]]) -> Any:
        """Take a place in the pool before reading the body (so a full queue costs nothing),
        then read, parse and run; the place is given back however this ends."""
        pool.reserve()
        try:
            article = article_from_body(await read_body(request, max_body_bytes), request)
        except BaseException:
            pool.release()
            raise
        return await job(article)  # the pool gives the place back when the job ends

    @app.post(
        "/extract",
        summary="Extract everything from one article (nothing is stored)",
        description=body_doc + " Returns the output contract's JSON.",
    )
    async def extract(request: Request) -> JSONResponse:
        return JSONResponse(await admitted(request, pool.extract))

    @app.post(
        "/ingest",
        summary="Extract and store one article (needs the write token)",
        description=body_doc + ' Returns {"article_id": int, "duplicate": bool}.',
    )
    async def ingest(request: Request) -> JSONResponse:
        _check_token(request, write_token)
        article_id, duplicate = await admitted(request, lambda a: pool.ingest(db, a))
        return JSONResponse(
            {"article_id": article_id, "duplicate": duplicate},
            status_code=200 if duplicate else 201,
        )
