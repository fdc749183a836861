"""The server's window on the store: one read connection per thread, and encoded answers.

``dateline.store.query`` stores are not thread-safe, and FastAPI runs sync endpoints on a
thread pool, so each pool thread opens its own connection on first use (cheap once the schema
exists). On SQLite those connections are ``query_only`` (a bug in a read path cannot write)
and memory-mapped (a page read is a memory access, not a ``pread`` into SQLite's 2 MB cache:
~30% off a filtered 200-event page on the 100k store). Writes never happen here: ``POST
/ingest`` runs in the extraction pool's worker (``pool.ingest_article``).

Every read answer is returned encoded (:class:`~dateline.server.cache.Encoded`) and cached
per store version: :meth:`Reader.version` reads SQLite's ``PRAGMA data_version`` on one
watching connection, which changes whenever any other connection or process commits, in
about 5 µs. Exports get a connection of their own because a streamed response is iterated
across threads.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from fastapi import HTTPException

from dateline.server.cache import DEFAULT_MAX_BYTES, Encoded, ResponseCache
from dateline.store import query
from dateline.store.db import Store, connect
from dateline.store.disputes import event_claims
from dateline.store.monitor import catch_up

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUSES = {"occurred", "planned", "hypothetical", "negated"}
MMAP_BYTES = 1 << 30  # address space only; pages are the OS's, shared by every connection


@dataclass(frozen=True)
class EventFilters:
    """The ``dateline events`` filters, validated at the HTTP edge."""

    type: str | None = None
    status: str | None = None
    country: str | None = None
    place: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None

    def as_query(self) -> dict[str, Any]:
        """The filter dict ``query.list_events`` takes; 422 for malformed values."""
        for key in ("since", "until"):
            value = getattr(self, key)
            if value and not _DATE.match(value):
                raise HTTPException(422, f"'{key}' must be YYYY-MM-DD, got {value!r}")
        if self.status and self.status.lower() not in _STATUSES:
            raise HTTPException(422, f"'status' must be one of {', '.join(sorted(_STATUSES))}")
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def _bad_request(exc: ValueError) -> HTTPException:
    return HTTPException(400, str(exc))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class NotFound(Exception):
    """The id names no row (→ 404)."""


@dataclass(frozen=True)
class Lookup:
    """One read answer: its cache key and how to compute it. ``hit`` is what the event loop
    calls (never blocks, never touches the store beyond the version mark); ``get`` is the
    full path, computing once per key and version, to run on a thread."""

    reader: Reader
    key: tuple[Any, ...]
    compute: Callable[[], Encoded]

    def hit(self, version: int | None) -> Encoded | None:
        return self.reader.cache.peek(self.key, version)

    def get(self, version: int | None = None) -> Encoded:
        if version is None:
            version = self.reader.version()
        return self.reader.cache.get(self.key, version, self.compute)


class Reader:
    """Read paths over a dateline database, each answer encoded and cached by version."""

    def __init__(self, db: str, cache_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.db = db
        with query.open_store(db) as store:  # create or migrate the schema once, up front
            with store.transaction():  # a store just upgraded to monitoring: statuses once
                catch_up(store)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self.cache = ResponseCache(cache_bytes)
        self._watch: Store | None = None
        self._watch_lock = threading.Lock()
        self._seen: Any = None
        self._generation = 0
        self._no_mark = False

    # -- connections ----------------------------------------------------------------------
    def _open_reader(self) -> Store:
        store = connect(self.db)
        if store.dialect.name == "sqlite":
            store.execute("PRAGMA query_only=ON")
            store.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        return store

    @property
    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open_reader()
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = list(self._all), []
            if self._watch is not None:
                stores.append(self._watch)
                self._watch = None
        for store in stores:
            try:
                store.close()
            except Exception:  # closing from another thread may be refused; harmless
                pass

    # -- the store's version --------------------------------------------------------------
    def version(self) -> int | None:
        """A number that changes whenever the store's contents may have changed; None when
        the database cannot tell (then nothing is cached)."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = self._open_reader()
            if self._no_mark:
                return None
            try:
                mark = _change_mark(self._watch)
            except Exception:  # noqa: BLE001 - no cheap mark here: compute every answer
                mark = None
            if mark is None:
                self._no_mark = True
                return None
            if mark != self._seen:
                self._seen = mark
                self._generation += 1
            return self._generation

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Encoded]) -> Lookup:
        """How to answer ``key`` (see :class:`Lookup`)."""
        return Lookup(self, key, compute)

    # -- reads ----------------------------------------------------------------------------
    def health(self) -> Lookup:
        def compute() -> Encoded:
            articles = int(self.store.scalar("SELECT COUNT(*) FROM articles") or 0)
            return Encoded(_json({"ok": True, "articles": articles}))

        return self.cached(("health",), compute)

    def page(self, view: str, filters: dict[str, Any], limit: int, cursor: str | None) -> Lookup:
        """``{"items": [...], "next_cursor": ...}`` for one page of a listing (see
        ``query.page_json``; events carry their ``evidence``)."""

        def compute() -> Encoded:
            try:
                items, nxt = query.page_json(self.store, view, filters, limit, cursor)
            except ValueError as exc:
                raise _bad_request(exc) from None
            return Encoded(b'{"items":' + items.encode() + b',"next_cursor":' + _json(nxt) + b"}")

        key = ("page", view, tuple(sorted(filters.items())), limit, cursor)
        return self.cached(key, compute)

    def events(
        self, filters: EventFilters, limit: int, cursor: str | None, mentions: bool = False
    ) -> Lookup:
        """Canonical events (or per-article mentions), each with ``evidence``: the article and
        the event id inside it that the page opens to show the supporting sentence."""
        return self.page("mentions" if mentions else "events", filters.as_query(), limit, cursor)

    def event(self, event_id: int) -> Lookup:
        """One canonical event with its evidence (first mention), every mention, and its
        ``claims``: the disputes about it, each claim side by side with who made it."""

        def compute() -> Encoded:
            event = query.get_event(self.store, event_id)
            if event is None:
                raise NotFound(f"no event {event_id}")
            event["claims"] = event_claims(self.store, event["id"])
            return Encoded(_json(event))

        return self.cached(("event", event_id), compute)

    def article(self, article_id: int) -> Lookup:
        """The stored contract dict plus the store's id and story id. The stored JSON text is
        sent as it is, behind the two added keys (no parse and re-serialise of a document
        that can be hundreds of kilobytes)."""

        def compute() -> Encoded:
            row = query.get_article(self.store, article_id, decode=False)
            if row is None:
                raise NotFound(f"no article {article_id}")
            head = _json({"id": row["id"], "story_id": row.get("story_id")})
            doc = row["doc_json"].strip()
            if doc.startswith("{") and doc[1:].lstrip() not in ("}", ""):
                return Encoded(head[:-1] + b"," + doc[1:].encode())
            return Encoded(
                _json({"id": row["id"], "story_id": row.get("story_id"), **json.loads(doc)})
            )

        return self.cached(("article", article_id), compute)

    def summary(self, filters: EventFilters) -> Lookup:
        """Counts by (period, type) and by place for the charts, over matching events
        (``query.summarize_events``), computed once per filter and store version."""
        given = filters.as_query()

        def compute() -> Encoded:
            try:
                return Encoded(_json(query.summarize_events(self.store, given)))
            except ValueError as exc:
                raise _bad_request(exc) from None

        return self.cached(("summary", tuple(sorted(given.items()))), compute)

    def articles(self, limit: int, cursor: str | None) -> Lookup:
        return self.page("articles", {}, limit, cursor)

    def quotes(
        self, speaker: str | None, article_id: int | None, limit: int, cursor: str | None
    ) -> Lookup:
        return self.page("quotes", _given(speaker=speaker, article_id=article_id), limit, cursor)

    def entities(
        self, name: str | None, article_id: int | None, limit: int, cursor: str | None
    ) -> Lookup:
        return self.page("entities", _given(name=name, article_id=article_id), limit, cursor)

    def places(
        self, name: str | None, article_id: int | None, limit: int, cursor: str | None
    ) -> Lookup:
        return self.page("places", _given(name=name, article_id=article_id), limit, cursor)

    def commitments(self, filters: dict[str, Any], limit: int, cursor: str | None) -> Lookup:
        """Commitments with their status and evidence (``monitor.list_commitments``)."""
        from dateline.store.monitor import list_commitments

        return self._listing("commitments", list_commitments, filters, limit, cursor)

    def disputes(self, filters: dict[str, Any], limit: int, cursor: str | None) -> Lookup:
        """Disputes with their claims side by side (``disputes.list_disputes``)."""
        from dateline.store.disputes import list_disputes

        return self._listing("disputes", list_disputes, filters, limit, cursor)

    def _listing(
        self, view: str, lister: Callable[..., Any], given: dict[str, Any], limit: int, cursor: Any
    ) -> Lookup:
        filters = _given(**given)

        def compute() -> Encoded:
            try:
                items, nxt = lister(self.store, filters, limit, cursor)
            except ValueError as exc:
                raise _bad_request(exc) from None
            return Encoded(_json({"items": items, "next_cursor": nxt}))

        return self.cached((view, tuple(sorted(filters.items())), limit, cursor), compute)

    # -- exports (own connection: a streamed body is iterated across threads) -------------
    def iter_events(self, filters: EventFilters) -> Iterator[dict[str, Any]]:
        from dateline.store.export import event_rows

        given = filters.as_query()
        if given.get("country"):
            try:
                query.country_code(str(given["country"]))
            except ValueError as exc:
                raise _bad_request(exc) from None
        return self._stream(lambda store: event_rows(store, "dateline", given)[1])

    def iter_quotes(self) -> Iterator[dict[str, Any]]:
        from dateline.store.export import quote_rows

        return self._stream(lambda store: quote_rows(store, {})[1])

    def iter_commitments(self, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """One flat row per commitment (``monitor.commitment_rows``); 400 for a bad filter,
        raised before the response starts."""
        from dateline.store.monitor import commitment_rows, commitment_selection

        given = _given(**filters)
        try:
            commitment_selection(given)
        except ValueError as exc:
            raise _bad_request(exc) from None
        return self._stream(lambda store: commitment_rows(store, given))

    def iter_claims(self, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """One row per claim, its dispute alongside (``disputes.claim_rows``)."""
        from dateline.store.disputes import claim_rows, dispute_selection

        given = _given(**filters)
        try:
            dispute_selection(given)
        except ValueError as exc:
            raise _bad_request(exc) from None
        return self._stream(lambda store: claim_rows(store, given))

    def _stream(self, rows_of: Any) -> Iterator[dict[str, Any]]:
        store = self._open_reader()
        try:
            yield from rows_of(store)
        finally:
            store.close()


def _given(**filters: Any) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if v not in (None, "")}


def _change_mark(store: Store) -> Any:
    """A value that differs after any commit by another connection. SQLite: ``PRAGMA
    data_version`` (this connection's count of others' commits). PostgreSQL: the next
    transaction id of the current snapshot, which moves on whenever anything writes (so at
    worst an unrelated write elsewhere on the server recomputes an answer)."""
    if store.dialect.name == "sqlite":
        return store.scalar("PRAGMA data_version")
    if store.dialect.name == "postgresql":
        return store.scalar("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")
    return None
