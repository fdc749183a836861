"""Cross-article resolution: canonical actors, stories and canonical events, incrementally.

One module per job:

* ``features``: what resolution knows about an article (computed once, when it is stored);
* ``index``: the tables that find candidates (time window × type, actor keys, story terms);
* ``pairs``: the pure pair decisions (one story? one event?);
* ``ordered``: greedy clustering in an order-free order, repaired from where it changed;
* ``actors``, ``stories``, ``events``: the three layers (``story_merge`` joins the pieces of
  one story that the story layer left apart); ``rows``: one row per real event,
  with each source's figures, places and dates kept where they disagree;
* ``backfill``: the same resolution over time partitions on Ray, for historical loads.

:func:`resolve` brings the canonical tables up to date with the stored articles: it resolves
the articles not resolved yet, touching only what they join. ``rebuild=True`` clears the
derived tables and resolves every article from scratch; both give the same tables, whatever
order the articles were ingested in (tests check both). Everything runs in one transaction:
readers see the old resolution or the new one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from dateline.store import monitor
from dateline.store.db import Store, id_chunks
from dateline.store.resolve import actors, events, ordered, rows, stories, story_merge
from dateline.store.resolve.actors import resolve_actors
from dateline.store.resolve.index import (
    Index,
    index_article,
    index_old_articles,
    unindexed_articles,
)

__all__ = ["index_article", "needs_resolution", "resolve", "resolve_actors"]

DERIVED_TABLES = (
    "canonical_mentions",
    "canonical_events",
    "actor_links",
    "canonical_actors",
    "name_group_keys",
    "name_groups",
    "stories",
)


def needs_resolution(store: Store) -> bool:
    """True when some article has no story yet (stored, not resolved: a run stopped before
    resolution committed, or was told not to resolve)."""
    missing = store.scalar(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM stories s WHERE s.article_id = a.id)"
    )
    return bool(missing)


def _unresolved(store: Store) -> list[int]:
    return [
        r["id"]
        for r in store.query(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM stories s WHERE s.article_id = a.id) ORDER BY a.id"
        )
    ]


def resolve(
    store: Store, article_ids: Iterable[int] | None = None, rebuild: bool = False
) -> dict[str, int]:
    """Resolve the articles not resolved yet (or ``article_ids``); ``rebuild`` starts over.

    Returns counts for the ingest summary.
    """
    index_old_articles(store, unindexed_articles(store))
    with store.transaction():
        if rebuild:
            for table in DERIVED_TABLES:
                store.execute(f"DELETE FROM {table}")
        new = sorted(set(article_ids or []) | set(_unresolved(store)))
        if new:
            resolve_new(store, new, rebuild)
        else:
            monitor.catch_up(store)  # a store just upgraded to commitment monitoring
        return counts(store)


def resolve_new(store: Store, new: list[int], full: bool = False) -> None:
    """Resolve the stored, indexed articles ``new`` against everything already resolved."""
    changed_actors = actors.update_actors(store, new, full=full)
    index = Index(store)
    features = index.features_many(new)
    fresh = sorted(features.values(), key=lambda f: f.sort_key)
    story_layer = stories.StoryLayer(store, index)
    story_outcome = ordered.run(story_layer, fresh)
    pieces = story_merge.touched(store, story_outcome)
    stories.write(store, story_outcome, story_layer)
    moved = story_merge.merge(store, index, pieces)
    by_type: dict[str, list[events.Item]] = defaultdict(list)
    for f in fresh:
        for m in f.mentions:
            by_type[m.type].append(events.Item(f, m))
    touched: set[tuple[str, str]] = set()
    for type_ in sorted(by_type):
        layer = events.EventLayer(store, index, type_)
        outcome = ordered.run(layer, by_type[type_])
        touched.update((type_, head) for head in events.write(store, outcome, type_))
    touched |= _heads_of_articles(store, moved)
    # Clusters that only name an actor that changed keep their members: their rows need only
    # the actor columns again (a much-named actor is named by rows all over the store, and
    # rebuilding each of them in full made an ingest's cost grow with the store).
    naming = _heads_naming(store, changed_actors) - touched
    write_rows(store, index, touched)
    touched |= refresh_actors(store, index, naming)
    # Commitment statuses and disputes follow what this run changed (store/monitor.py).
    monitor.after_resolution(store, new, touched, changed_actors, full)


def _heads_of_articles(store: Store, article_ids: set[int]) -> set[tuple[str, str]]:
    """Clusters headed by a mention of these articles (their story id follows the head's)."""
    return _heads_where(
        store,
        article_ids,
        "SELECT DISTINCT type, head FROM canonical_mentions WHERE head = sort_key "
        "AND article_id IN ({marks})",
    )


def _heads_naming(store: Store, actor_ids: set[int]) -> set[tuple[str, str]]:
    """Clusters with a participant linked to one of these actors."""
    return _heads_where(
        store,
        actor_ids,
        "SELECT DISTINCT cm.type, cm.head FROM actor_links l JOIN event_participants p "
        "ON p.entity_id = l.entity_id JOIN canonical_mentions cm ON cm.event_id = "
        "p.event_id WHERE l.actor_id IN ({marks})",
    )


def _heads_where(store: Store, ids: set[int], sql: str) -> set[tuple[str, str]]:
    """The (type, head) rows ``sql`` selects for ``ids``, a query-sized chunk at a time."""
    found: set[tuple[str, str]] = set()
    for chunk, marks in id_chunks(ids):
        found.update((r["type"], r["head"]) for r in store.query(sql.format(marks=marks), chunk))
    return found


def write_rows(store: Store, index: Index, heads: set[tuple[str, str]]) -> None:
    """(Re)write the canonical row of each cluster; drop the rows of emptied clusters."""
    for type_, head in sorted(heads):
        ident = stories.dated_id(head)
        store.execute("DELETE FROM canonical_events WHERE id = ?", (ident,))
        ids = [
            r["event_id"]
            for r in store.query(
                "SELECT event_id FROM canonical_mentions WHERE type = ? AND head = ? "
                "ORDER BY sort_key",
                (type_, head),
            )
        ]
        if not ids:
            continue
        layer = events.EventLayer(store, index, type_)
        members = sorted(layer.items(ids), key=lambda i: i.key)
        story = store.scalar(
            "SELECT story_id FROM stories WHERE article_id = ?", (members[0].article.article_id,)
        )
        store.insert_many("canonical_events", [rows.canonical_row(store, head, members, story)])


def refresh_actors(store: Store, index: Index, heads: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Rewrite the actor columns of the rows of ``heads`` (clusters whose members did not
    change); a cluster without a row yet is written in full. Returns ``heads``."""
    names = [
        "actor1",
        "actor1_id",
        "actor1_country",
        "actor1_sector",
        "actor2",
        "actor2_id",
        "actor2_country",
        "actor2_sector",
        "actors",
        "targets",
    ]
    sets = ", ".join(f"{n} = ?" for n in names)
    missing: set[tuple[str, str]] = set()
    for type_, head in sorted(heads):
        ids = [
            r["event_id"]
            for r in store.query(
                "SELECT event_id FROM canonical_mentions WHERE type = ? AND head = ?",
                (type_, head),
            )
        ]
        if not ids:
            missing.add((type_, head))
            continue
        columns = rows.actor_columns(store, ids)
        cur = store.execute(
            f"UPDATE canonical_events SET {sets} WHERE id = ?",
            [*(columns[n] for n in names), stories.dated_id(head)],
        )
        if cur.rowcount == 0:
            missing.add((type_, head))
    write_rows(store, index, missing)
    return heads


def counts(store: Store) -> dict[str, int]:
    def n(sql: str) -> int:
        return int(store.scalar(sql) or 0)

    return {
        "stories": n("SELECT COUNT(DISTINCT story_id) FROM stories"),
        "canonical_actors": n("SELECT COUNT(*) FROM canonical_actors"),
        "canonical_events": n("SELECT COUNT(*) FROM canonical_events"),
        "event_mentions": n("SELECT COUNT(*) FROM canonical_mentions"),
    }


def table_snapshot(store: Store) -> dict[str, Any]:
    """The canonical tables keyed by content (article hashes, never row ids): what two
    stores holding the same articles must agree on, whatever their ingest order."""
    article_hash = {
        r["id"]: r["content_hash"] for r in store.query("SELECT id, content_hash FROM articles")
    }
    mention = {
        r["id"]: f"{article_hash[r['article_id']]}:{r['local_id']}"
        for r in store.query("SELECT id, article_id, local_id FROM events")
    }
    entity = {
        r["id"]: f"{article_hash[r['article_id']]}:{r['local_id']}"
        for r in store.query("SELECT id, article_id, local_id FROM entities")
    }
    return {
        "stories": sorted(
            (article_hash[r["article_id"]], r["story_id"], r["why"] or "")
            for r in store.query("SELECT * FROM stories")
        ),
        "canonical_events": sorted(
            json.dumps(r, sort_keys=True) for r in store.query("SELECT * FROM canonical_events")
        ),
        "canonical_mentions": sorted(
            (mention[r["event_id"]], r["canonical_id"], r["why"] or "")
            for r in store.query("SELECT * FROM canonical_mentions")
        ),
        "canonical_actors": sorted(
            json.dumps(r, sort_keys=True) for r in store.query("SELECT * FROM canonical_actors")
        ),
        "actor_links": sorted(
            (entity[r["entity_id"]], r["actor_id"], r["why"] or "")
            for r in store.query("SELECT * FROM actor_links")
        ),
    }
