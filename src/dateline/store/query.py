"""The Python query API over a dateline store (used by the CLI and the HTTP server).

Open a store with :func:`open_store`, then call the ``list_*`` / ``get_*`` functions; every
function takes the store first and returns plain JSON-ready dicts (dates are ``YYYY-MM-DD``
strings, JSON columns are decoded to lists). Listing functions page with an opaque cursor::

    store = open_store("dateline.db")          # or a postgresql:// URL
    rows, cursor = list_events(store, {"country": "AF", "type": "ASSAULT"}, limit=50)
    while cursor:
        more, cursor = list_events(store, {"country": "AF"}, limit=50, cursor=cursor)

``next_cursor`` is ``None`` on the last page. Rows come in id order (stable across pages and
cheap to page through). The store object is not thread-safe: a server opens one per thread or
request (``open_store`` is cheap once the schema exists).

Filters are dicts; unknown keys raise ``ValueError`` so a typo never silently returns all rows.
Text filters (``place``, ``actor``, ``speaker``, ``name``) match case-insensitively anywhere in
the name, including the spelling variants merged into a canonical actor.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dateline import countries
from dateline.store.db import Store
from dateline.store.schema import open_store

__all__ = [
    "EVENT_FILTERS",
    "country_code",
    "get_article",
    "get_event",
    "list_actors",
    "list_articles",
    "list_entities",
    "list_events",
    "list_failed",
    "list_places",
    "list_quotes",
    "open_store",
    "stats",
]

MAX_LIMIT = 10_000
EVENT_FILTERS = frozenset(
    {"type", "country", "place", "actor", "since", "until", "status", "article_id"}
)
JSON_COLUMNS = ("actors", "targets", "sources", "variants", "roles", "aliases", "why")


def country_code(value: str) -> str:
    """A country given as a name, alpha-2 or alpha-3 code → the store's alpha-3 code."""
    found = countries.by_code(value) if len(value) in (2, 3) else None
    found = found or countries.by_name(value)
    if found is None:
        raise ValueError(f"unknown country: {value!r} (use a name or an ISO code)")
    return found.alpha3


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for column in JSON_COLUMNS:
        if isinstance(row.get(column), str):
            try:
                row[column] = json.loads(row[column])
            except json.JSONDecodeError:
                pass
    return row


def _check(filters: Mapping[str, Any] | None, allowed: frozenset[str]) -> dict[str, Any]:
    given = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    unknown = set(given) - allowed
    if unknown:
        raise ValueError(
            f"unknown filter(s): {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )
    return given


def _like(value: str) -> str:
    return f"%{value.lower()}%"


def _page(
    store: Store,
    sql: str,
    where: list[str],
    params: list[Any],
    limit: int,
    cursor: str | None,
    id_column: str,
) -> tuple[list[dict[str, Any]], str | None]:
    limit = max(1, min(int(limit), MAX_LIMIT))
    if cursor:
        where.append(f"{id_column} > ?")
        params.append(int(cursor))
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {id_column} LIMIT ?"
    rows = [_decode(r) for r in store.query(sql, [*params, limit + 1])]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(rows[-1]["id"]) if more and rows else None)


def _types(value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [t.strip().upper() for t in items if t.strip()]


def list_events(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
    canonical: bool = True,
) -> tuple[list[dict[str, Any]], str | None]:
    """Events matching ``filters``; returns ``(rows, next_cursor)``.

    ``canonical=True`` (default) lists one row per real event (``canonical_events``: merged
    across articles, with ``fatalities_low/best/high``, ``sources``, ``n_sources``);
    ``canonical=False`` lists every extracted mention (``events`` table, one per article).

    Filters: ``type`` (PLOVER type or comma list), ``country`` (name or ISO code),
    ``place`` (location name contains), ``actor`` (actor/target name or any spelling variant
    contains), ``since``/``until`` (``YYYY-MM-DD``, inclusive, on ``event_date``),
    ``status`` (occurred|planned|hypothetical|negated), ``article_id`` (events reported by
    that article).
    """
    given = _check(filters, EVENT_FILTERS)
    table = "canonical_events" if canonical else "events"
    where: list[str] = []
    params: list[Any] = []
    if "type" in given:
        types = _types(given["type"])
        where.append(f"t.type IN ({', '.join('?' for _ in types)})")
        params += types
    if "country" in given:
        where.append("t.country = ?")
        params.append(country_code(str(given["country"])))
    for key, op in (("since", ">="), ("until", "<=")):
        if key in given:
            where.append(f"t.event_date {op} ?")
            params.append(str(given[key])[:10])
    if "status" in given:
        where.append("t.status = ?")
        params.append(str(given["status"]).lower())
    if "place" in given:
        where.append("(lower(t.location) LIKE ? OR lower(t.admin1) LIKE ?)")
        params += [_like(str(given["place"]))] * 2
    mention_link = (
        "SELECT cm.event_id FROM canonical_mentions cm WHERE cm.canonical_id = t.id"
        if canonical
        else "SELECT t.id"
    )
    if "actor" in given:
        where.append(
            "EXISTS (SELECT 1 FROM event_participants p "
            "LEFT JOIN actor_links l ON l.entity_id = p.entity_id "
            "LEFT JOIN canonical_actors ca ON ca.id = l.actor_id "
            f"WHERE p.event_id IN ({mention_link}) "
            "AND (lower(p.name) LIKE ? OR lower(ca.variants) LIKE ?))"
        )
        params += [_like(str(given["actor"]))] * 2
    if "article_id" in given:
        if canonical:
            where.append(
                "t.id IN (SELECT canonical_id FROM canonical_mentions WHERE article_id = ?)"
            )
        else:
            where.append("t.article_id = ?")
        params.append(int(given["article_id"]))
    return _page(store, f"SELECT t.* FROM {table} t", where, params, limit, cursor, "t.id")


def get_event(store: Store, event_id: int) -> dict[str, Any] | None:
    """One canonical event with its mentions: each mention's article (id, title, outlet, url,
    published), trigger text, evidence sentence offsets, fatalities as that source gave it,
    and ``why`` (the JSON reason it was merged). ``None`` when there is no such event."""
    rows = store.query("SELECT * FROM canonical_events WHERE id = ?", (int(event_id),))
    if not rows:
        return None
    event = _decode(rows[0])
    event["mentions"] = [
        _decode(r)
        for r in store.query(
            "SELECT e.id AS mention_id, e.article_id, a.title, a.outlet, a.url, a.published, "
            "e.trigger_text, e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end, "
            "e.event_date, e.location, e.fatalities, e.status, cm.why "
            "FROM canonical_mentions cm JOIN events e ON e.id = cm.event_id "
            "JOIN articles a ON a.id = e.article_id WHERE cm.canonical_id = ? ORDER BY e.id",
            (int(event_id),),
        )
    ]
    return event


def get_article(store: Store, article_id: int) -> dict[str, Any] | None:
    """One article: its metadata row plus ``doc`` (the full output-contract dict as extracted,
    with ``document.text`` and every offset) and ``story_id``. ``None`` when absent."""
    rows = store.query(
        "SELECT a.id, a.content_hash, a.source, a.url, a.outlet, a.title, a.published, "
        "a.published_basis, a.n_events, a.ingested_at, a.doc_json, s.story_id "
        "FROM articles a LEFT JOIN stories s ON s.article_id = a.id WHERE a.id = ?",
        (int(article_id),),
    )
    if not rows:
        return None
    row = rows[0]
    row["doc"] = json.loads(row.pop("doc_json"))
    return row


def list_articles(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Articles (metadata only, no text). Filters: ``outlet`` (exact), ``title`` (contains),
    ``since``/``until`` (on ``published``), ``story_id``."""
    given = _check(filters, frozenset({"outlet", "title", "since", "until", "story_id"}))
    where: list[str] = []
    params: list[Any] = []
    if "outlet" in given:
        where.append("a.outlet = ?")
        params.append(given["outlet"])
    if "title" in given:
        where.append("lower(a.title) LIKE ?")
        params.append(_like(str(given["title"])))
    for key, op in (("since", ">="), ("until", "<=")):
        if key in given:
            where.append(f"a.published {op} ?")
            params.append(str(given[key])[:10])
    if "story_id" in given:
        where.append("s.story_id = ?")
        params.append(int(given["story_id"]))
    sql = (
        "SELECT a.id, a.source, a.url, a.outlet, a.title, a.published, a.published_basis, "
        "a.n_events, a.ingested_at, s.story_id FROM articles a "
        "LEFT JOIN stories s ON s.article_id = a.id"
    )
    return _page(store, sql, where, params, limit, cursor, "a.id")


def list_quotes(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Quotes with speaker and article. Filters: ``speaker`` (name or canonical variant
    contains), ``since``/``until`` (quote date, else the article's publication date),
    ``article_id``. Rows carry ``speaker`` (canonical actor name when resolved) and
    ``speaker_actor_id``, plus ``start_char``/``end_char`` into the article text."""
    given = _check(filters, frozenset({"speaker", "since", "until", "article_id"}))
    where: list[str] = []
    params: list[Any] = []
    if "speaker" in given:
        where.append("(lower(q.speaker_name) LIKE ? OR lower(ca.variants) LIKE ?)")
        params += [_like(str(given["speaker"]))] * 2
    for key, op in (("since", ">="), ("until", "<=")):
        if key in given:
            where.append(f"COALESCE(q.quote_date, a.published) {op} ?")
            params.append(str(given[key])[:10])
    if "article_id" in given:
        where.append("q.article_id = ?")
        params.append(int(given["article_id"]))
    sql = (
        "SELECT q.id, q.article_id, COALESCE(q.quote_date, a.published) AS date, "
        "COALESCE(ca.name, q.speaker_name) AS speaker, ca.id AS speaker_actor_id, "
        "q.text, q.kind, q.cue, q.channel, q.start_char, q.end_char, "
        "a.title, a.outlet, a.url FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN actor_links l ON l.entity_id = q.speaker_id "
        "LEFT JOIN canonical_actors ca ON ca.id = l.actor_id"
    )
    return _page(store, sql, where, params, limit, cursor, "q.id")


def list_entities(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Entity mentions per article with their canonical actor (``actor_id``, ``actor_name``,
    ``why``). Filters: ``name`` (contains), ``type``, ``country`` (name/ISO), ``article_id``,
    ``actor_id``."""
    given = _check(filters, frozenset({"name", "type", "country", "article_id", "actor_id"}))
    where: list[str] = []
    params: list[Any] = []
    if "name" in given:
        where.append("lower(e.name) LIKE ?")
        params.append(_like(str(given["name"])))
    if "type" in given:
        where.append("e.type = ?")
        params.append(str(given["type"]).upper())
    if "country" in given:
        where.append("e.country = ?")
        params.append(country_code(str(given["country"])))
    for key, column in (("article_id", "e.article_id"), ("actor_id", "l.actor_id")):
        if key in given:
            where.append(f"{column} = ?")
            params.append(int(given[key]))
    sql = (
        "SELECT e.id, e.article_id, e.local_id, e.name, e.type, e.country, e.sector, "
        "e.roles, e.aliases, l.actor_id, ca.name AS actor_name, l.why FROM entities e "
        "LEFT JOIN actor_links l ON l.entity_id = e.id "
        "LEFT JOIN canonical_actors ca ON ca.id = l.actor_id"
    )
    return _page(store, sql, where, params, limit, cursor, "e.id")


def list_actors(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Canonical actors (one per real-world actor across articles) with ``variants`` (every
    spelling merged) and ``n_mentions``. Filters: ``name`` (any variant contains), ``type``,
    ``country``."""
    given = _check(filters, frozenset({"name", "type", "country"}))
    where: list[str] = []
    params: list[Any] = []
    if "name" in given:
        where.append("lower(c.variants) LIKE ?")
        params.append(_like(str(given["name"])))
    if "type" in given:
        where.append("c.type = ?")
        params.append(str(given["type"]).upper())
    if "country" in given:
        where.append("c.country = ?")
        params.append(country_code(str(given["country"])))
    return _page(store, "SELECT c.* FROM canonical_actors c", where, params, limit, cursor, "c.id")


def list_places(
    store: Store,
    filters: Mapping[str, Any] | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Place mentions per article (name, alpha-3 ``country``, admin1, feature, GeoNames id,
    latitude/longitude). Filters: ``name`` (contains), ``country`` (name/ISO), ``article_id``,
    ``feature``."""
    given = _check(filters, frozenset({"name", "country", "article_id", "feature"}))
    where: list[str] = []
    params: list[Any] = []
    if "name" in given:
        where.append("lower(p.name) LIKE ?")
        params.append(_like(str(given["name"])))
    if "country" in given:
        where.append("p.country = ?")
        params.append(country_code(str(given["country"])))
    if "article_id" in given:
        where.append("p.article_id = ?")
        params.append(int(given["article_id"]))
    if "feature" in given:
        where.append("p.feature = ?")
        params.append(str(given["feature"]))
    return _page(store, "SELECT p.* FROM places p", where, params, limit, cursor, "p.id")


def list_failed(
    store: Store, limit: int = 100, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Items that could not be read or extracted, with the reason and when."""
    return _page(store, "SELECT f.* FROM failed f", [], [], limit, cursor, "f.id")


def stats(store: Store) -> dict[str, int]:
    """Row counts of the main tables (for a dashboard or a health check)."""
    tables = (
        "articles",
        "events",
        "canonical_events",
        "canonical_actors",
        "quotes",
        "entities",
        "places",
        "commitments",
        "failed",
    )
    return {t: int(store.scalar(f"SELECT COUNT(*) FROM {t}") or 0) for t in tables}
