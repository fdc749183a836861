"""The server's window on the store: one read connection per worker thread, one writer.

``dateline.store.query`` stores are not thread-safe, and FastAPI runs sync endpoints on a
thread pool, so each pool thread opens its own connection on first use (cheap once the schema
exists). On SQLite those connections are ``query_only``, so a bug in a read path cannot write.
Writes (``POST /ingest``) go through one lock, as SQLite has a single writer anyway.
Exports get a connection of their own because a streamed response is iterated across threads.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from fastapi import HTTPException

from dateline.model import Article
from dateline.store import query
from dateline.store.db import Store, connect

SUMMARY_CAP = 100_000  # events counted for the charts; beyond it the summary says truncated
SUMMARY_CACHE = 64  # filter combinations whose chart data is kept
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUSES = {"occurred", "planned", "hypothetical", "negated"}


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


def _period(day: str | None, span_days: int) -> str | None:
    """Bucket for the timeline: days for short spans, months for longer, years for decades."""
    if not day or len(day) < 10:
        return None
    if span_days <= 62:
        return day[:10]
    return day[:7] if span_days <= 3660 else day[:4]


class Reader:
    """Read paths (and the one write path) over a dateline database."""

    def __init__(self, db: str) -> None:
        self.db = db
        query.open_store(db).close()  # create or migrate the schema once, up front
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._summaries: dict[tuple[Any, ...], dict[str, Any]] = {}

    # -- connections ----------------------------------------------------------------------
    def _open_reader(self) -> Store:
        store = connect(self.db)
        if store.dialect.name == "sqlite":
            store.execute("PRAGMA query_only=ON")
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
            for store in self._all:
                try:
                    store.close()
                except Exception:  # closing from another thread may be refused; harmless
                    pass
            self._all.clear()

    # -- reads ----------------------------------------------------------------------------
    def count_articles(self) -> int:
        return int(self.store.scalar("SELECT COUNT(*) FROM articles") or 0)

    def articles(self, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        try:
            return query.list_articles(self.store, {}, limit, cursor)
        except ValueError as exc:
            raise _bad_request(exc) from None

    def article(self, article_id: int) -> dict[str, Any] | None:
        """The stored contract dict plus the store's id and story id."""
        row = query.get_article(self.store, article_id)
        if row is None:
            return None
        return {"id": row["id"], "story_id": row.get("story_id"), **row["doc"]}

    def events(
        self, filters: EventFilters, limit: int, cursor: str | None, mentions: bool = False
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Canonical events (or per-article mentions), each with ``evidence``: the article and
        the event id inside it that the page opens to show the supporting sentence."""
        try:
            rows, nxt = query.list_events(
                self.store, filters.as_query(), limit, cursor, canonical=not mentions
            )
        except ValueError as exc:
            raise _bad_request(exc) from None
        if mentions:
            for row in rows:
                row["evidence"] = _evidence(row["article_id"], row)
        else:
            self._attach_evidence(rows)
        return rows, nxt

    def _attach_evidence(self, rows: list[dict[str, Any]]) -> None:
        """The first mention of each canonical event (one query per page)."""
        if not rows:
            return
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" for _ in ids)
        first: dict[int, dict[str, Any]] = {}
        for m in self.store.query(
            "SELECT cm.canonical_id, e.article_id, e.local_id, e.trigger_text, "
            "e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end, a.title, a.source "
            "FROM canonical_mentions cm JOIN events e ON e.id = cm.event_id "
            f"JOIN articles a ON a.id = e.article_id WHERE cm.canonical_id IN ({marks}) "
            "ORDER BY e.id",
            ids,
        ):
            first.setdefault(m["canonical_id"], m)
        for row in rows:
            m = first.get(row["id"])
            row["evidence"] = _evidence(m["article_id"], m) if m else None

    def summary(self, filters: EventFilters) -> dict[str, Any]:
        """Counts by (period, type) and by place for the charts, over matching events.

        Computing it pages through every matching event, so results are kept in a small
        cache keyed by the filters and a stamp of the corpus that changes with any ingest
        or re-resolution (from this server or another process)."""
        given = filters.as_query()
        key = (tuple(sorted(given.items())), self._stamp())
        with self._lock:
            if key in self._summaries:
                return self._summaries[key]
        result = self._compute_summary(given)
        with self._lock:
            if len(self._summaries) >= SUMMARY_CACHE:
                self._summaries.pop(next(iter(self._summaries)))
            self._summaries[key] = result
        return result

    def _stamp(self) -> tuple[Any, ...]:
        row = self.store.query(
            "SELECT (SELECT COUNT(*) FROM articles) AS a, (SELECT MAX(ingested_at) FROM articles)"
            " AS t, (SELECT COUNT(*) FROM canonical_events) AS c,"
            " (SELECT COUNT(*) FROM canonical_mentions) AS m"
        )[0]
        return tuple(row.values())

    def _compute_summary(self, given: dict[str, Any]) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        cursor: str | None = None
        try:
            while len(rows) < SUMMARY_CAP:
                page, cursor = query.list_events(self.store, given, 10_000, cursor)
                rows.extend(page)
                if not cursor:
                    break
        except ValueError as exc:
            raise _bad_request(exc) from None
        return _summarize(rows[:SUMMARY_CAP], truncated=bool(cursor))

    def quotes(
        self, speaker: str | None, article_id: int | None, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        return self._list(
            query.list_quotes, {"speaker": speaker, "article_id": article_id}, limit, cursor
        )

    def entities(
        self, name: str | None, article_id: int | None, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        return self._list(
            query.list_entities, {"name": name, "article_id": article_id}, limit, cursor
        )

    def places(
        self, name: str | None, article_id: int | None, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        return self._list(
            query.list_places, {"name": name, "article_id": article_id}, limit, cursor
        )

    def _list(
        self, fetch: Any, filters: dict[str, Any], limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        try:
            return fetch(self.store, filters, limit, cursor)
        except ValueError as exc:
            raise _bad_request(exc) from None

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

    def _stream(self, rows_of: Any) -> Iterator[dict[str, Any]]:
        store = self._open_reader()
        try:
            yield from rows_of(store)
        finally:
            store.close()

    # -- the write path -------------------------------------------------------------------
    def ingest(self, article: Article) -> tuple[int, bool]:
        """Extract and store one article through the store's ingest (dedup by content hash,
        resolution recomputed); returns (article id, was it already stored)."""
        from dateline.server.extraction import PIPELINE_LOCK
        from dateline.store.ingest import ingest
        from dateline.store.write import content_hash

        with self._write_lock, PIPELINE_LOCK, query.open_store(self.db) as store:
            report = ingest(store, [article], progress=False)
            if report.failed:
                raise HTTPException(422, f"could not ingest: {report.failed[0][1]}")
            row_id = store.scalar(
                "SELECT id FROM articles WHERE content_hash = ?", (content_hash(article.text),)
            )
        return int(row_id), report.duplicates > 0


def _evidence(article_id: int, m: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "event": m.get("local_id"),
        "title": m.get("title") or m.get("source"),
        "trigger": m.get("trigger_text"),
        "trigger_start": m.get("trigger_start"),
        "trigger_end": m.get("trigger_end"),
        "sentence_start": m.get("sentence_start"),
        "sentence_end": m.get("sentence_end"),
    }


def _summarize(rows: list[dict[str, Any]], truncated: bool) -> dict[str, Any]:
    days = sorted(r["event_date"][:10] for r in rows if r.get("event_date"))
    span = 0
    if days:
        from datetime import date

        span = (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days
    timeline: Counter[tuple[str, str]] = Counter()
    places: dict[tuple[str, float, float], list[float]] = defaultdict(lambda: [0, 0.0])
    for r in rows:
        period = _period(r.get("event_date"), span)
        if period:
            timeline[(period, r["type"])] += 1
        if r.get("latitude") is not None and r.get("longitude") is not None:
            key = (r.get("location") or "", r["latitude"], r["longitude"])
            places[key][0] += 1
            places[key][1] += float(r.get("fatalities_best") or 0)
    return {
        "counted": len(rows),
        "truncated": truncated,
        "timeline": [
            {"period": p, "type": t, "count": n} for (p, t), n in sorted(timeline.items())
        ],
        "places": [
            {"name": name, "lat": lat, "lon": lon, "events": n, "fatalities": dead}
            for (name, lat, lon), (n, dead) in sorted(places.items(), key=lambda kv: -kv[1][1])
        ],
    }
