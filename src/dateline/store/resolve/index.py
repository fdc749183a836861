"""The resolution index: features and lookup keys of each article, written with the article.

Three tables make every candidate lookup a small indexed query, so the cost of resolving a
new article does not grow with the store:

* ``article_features``: the article's features as JSON (``features.py``) and its canonical
  sort key (publication day, content hash);
* ``resolve_keys``: (kind, key, day) rows for story candidates: strongest terms, named
  actors, towns;
* ``mention_index`` / ``mention_cells``: each event mention's type, sort key and date range,
  and the week cells its dates cover (time window × type; the place is checked on the pair).

:class:`Index` reads them back, with a cache of parsed features for the length of one run.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from dateline.store.db import Store, id_chunks
from dateline.store.resolve.features import (
    ArticleFeatures,
    Mention,
    article_features,
    event_buckets,
    index_keys,
    parse_day,
)
from dateline.store.resolve.ordered import FAR
from dateline.store.resolve.pairs import STORY_LONG_WINDOW_DAYS, STORY_WINDOW_DAYS, article_link

CACHE_SIZE = 50_000  # parsed article features kept per run (a few KB each)
KEYS_PER_QUERY = 100  # six variables a key: under SQLite's old 999-variable limit


def article_key(f: ArticleFeatures) -> str:
    return f"{f.day or FAR}|{f.hash}"


def mention_key(f: ArticleFeatures, m: Mention) -> str:
    return f"{m.lo or FAR}|{f.hash}|{m.local_id}"


def index_article(store: Store, article_id: int, doc: dict[str, Any], digest: str) -> None:
    """Compute and store one article's features and keys (inside its write transaction)."""
    rows = store.query("SELECT * FROM events WHERE article_id = ? ORDER BY id", (article_id,))
    f = article_features(doc, article_id, digest, rows)
    write_features(store, f)


def write_features(store: Store, f: ArticleFeatures) -> None:
    store.insert_many(
        "article_features",
        [
            {
                "article_id": f.article_id,
                "sort_key": article_key(f),
                "day": f.day,
                "data": json.dumps(f.to_json(), ensure_ascii=False, sort_keys=True),
            }
        ],
    )
    store.insert_many(
        "resolve_keys",
        [
            {"article_id": f.article_id, "kind": kind, "key": key, "day": f.day}
            for kind, key in index_keys(f)
        ],
    )
    store.insert_many(
        "mention_index",
        [
            {
                "event_id": m.event_id,
                "article_id": f.article_id,
                "type": m.type,
                "sort_key": mention_key(f, m),
                "lo": m.lo,
                "hi": m.hi,
            }
            for m in f.mentions
        ],
    )
    store.insert_many(
        "mention_cells",
        [
            {"event_id": m.event_id, "type": m.type, "cell": cell, "country": m.country}
            for m in f.mentions
            for cell in event_buckets(m)
        ],
    )


def unindexed_articles(store: Store) -> list[int]:
    """Articles stored without features (stored by an older dateline): indexed on the next
    resolution, from their stored record (the only time resolution reads a whole record)."""
    return [
        r["id"]
        for r in store.query(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_features f WHERE f.article_id = a.id) ORDER BY a.id"
        )
    ]


def index_old_articles(store: Store, ids: Iterable[int]) -> None:
    for article_id in ids:
        row = store.query(
            "SELECT doc_json, content_hash FROM articles WHERE id = ?", (article_id,)
        )[0]
        with store.transaction():
            index_article(store, article_id, json.loads(row["doc_json"]), row["content_hash"])


class Index:
    """Read access to the resolution index during one run (features cached)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: OrderedDict[int, ArticleFeatures] = OrderedDict()
        self._candidates: dict[int, list[int]] = {}
        self._candidate_sets: dict[int, set[int]] = {}

    # -- features ---------------------------------------------------------------------------
    def features(self, article_id: int) -> ArticleFeatures:
        return self.features_many([article_id])[article_id]

    def features_many(self, ids: Iterable[int]) -> dict[int, ArticleFeatures]:
        wanted = list(dict.fromkeys(ids))
        found = {i: self._cache[i] for i in wanted if i in self._cache}
        missing = [i for i in wanted if i not in found]
        for chunk, marks in id_chunks(missing):
            for row in self.store.query(
                f"SELECT article_id, data FROM article_features WHERE article_id IN ({marks})",
                chunk,
            ):
                found[row["article_id"]] = self.remember(
                    ArticleFeatures.from_json(json.loads(row["data"]))
                )
        for i in wanted:
            if i in self._cache:
                self._cache.move_to_end(i)
        return found

    def remember(self, f: ArticleFeatures) -> ArticleFeatures:
        self._cache[f.article_id] = f
        self._cache.move_to_end(f.article_id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return f

    def articles_between(self, start: str, through_day: str) -> list[ArticleFeatures]:
        rows = self.store.query(
            "SELECT article_id FROM article_features WHERE sort_key >= ? AND sort_key <= ? "
            "ORDER BY sort_key",
            (start, f"{through_day}|~"),
        )
        found = self.features_many(r["article_id"] for r in rows)
        return [found[r["article_id"]] for r in rows]

    # -- candidates -------------------------------------------------------------------------
    def story_candidates(self, f: ArticleFeatures) -> list[int]:
        """Articles sharing an index key with ``f`` within the long story window (any day
        when either is undated)."""
        found = self._candidates.get(f.article_id)
        if found is None:
            found = self._candidates[f.article_id] = self._story_candidates(f)
        return found

    def _story_candidates(self, f: ArticleFeatures) -> list[int]:
        keys = index_keys(f)
        if not keys:
            return []
        day = parse_day(f.day)
        found: set[int] = set()
        by_kind = [
            [k for k in keys if k[0] != "actor_place"],
            [k for k in keys if k[0] == "actor_place"],
        ]
        for chunk in (c for group in by_kind for c in _chunks(group, KEYS_PER_QUERY)):
            if day:
                # Words find articles of the same few days, names and towns those of weeks
                # around (see pairs.story_similarity, which asks for the same).
                near = STORY_LONG_WINDOW_DAYS if chunk[0][0] == "actor_place" else STORY_WINDOW_DAYS
                lo = (day - timedelta(days=near)).isoformat()
                hi = (day + timedelta(days=near)).isoformat()
                sql, params = _keys_within(chunk, lo, hi)
            else:
                clause = " OR ".join("(kind = ? AND key = ?)" for _ in chunk)
                sql = f"SELECT DISTINCT article_id FROM resolve_keys WHERE {clause}"
                params = [v for pair in chunk for v in pair]
            found.update(r["article_id"] for r in self.store.query(sql, params))
        found.discard(f.article_id)
        return sorted(found)

    def linked(self, f: ArticleFeatures, g: ArticleFeatures) -> bool:
        """Whether ``g`` is plainly of one story with ``f`` (``pairs.article_link``; an
        article is with itself), among ``f``'s story candidates. Asked of one pair, so that a
        caller needing only a few of an article's links (those with a mention of one type
        and dates that meet) scores only those, not all its story candidates."""
        if g.article_id == f.article_id:
            return True
        nearby = self._candidate_sets.get(f.article_id)
        if nearby is None:
            nearby = self._candidate_sets[f.article_id] = set(self.story_candidates(f))
        return g.article_id in nearby and article_link(f, g)

    def mention_candidates(self, m: Mention) -> list[int]:
        """Event ids of the same type whose dates share a week cell with ``m``, in its
        country or in none (mentions placed in two countries never merge)."""
        cells = event_buckets(m)
        if not cells:
            return []
        sql = (
            "SELECT DISTINCT event_id FROM mention_cells WHERE type = ? AND cell >= ? AND cell <= ?"
        )
        params: list[Any] = [m.type, min(cells), max(cells)]
        if m.country:
            sql += " AND (country = ? OR country IS NULL)"
            params.append(m.country)
        rows = self.store.query(sql, params)
        return sorted(r["event_id"] for r in rows if r["event_id"] != m.event_id)

    def mention_articles(self, event_ids: Iterable[int]) -> dict[int, int]:
        """event id → article id."""
        out: dict[int, int] = {}
        for chunk, marks in id_chunks(set(event_ids)):
            for r in self.store.query(
                f"SELECT event_id, article_id FROM mention_index WHERE event_id IN ({marks})",
                chunk,
            ):
                out[r["event_id"]] = r["article_id"]
        return out

    def mentions_between(self, type_: str, start: str, through_day: str) -> list[int]:
        rows = self.store.query(
            "SELECT event_id FROM mention_index WHERE type = ? AND sort_key >= ? AND "
            "sort_key <= ? ORDER BY sort_key",
            (type_, start, f"{through_day}|~"),
        )
        return [r["event_id"] for r in rows]


def _keys_within(keys: list[tuple[str, str]], lo: str, hi: str) -> tuple[str, list[Any]]:
    """The query for articles under any of ``keys`` dated ``lo`` to ``hi`` or undated.

    Each key gets its own day range (and its own undated lookup), so that every term is one
    range seek on ``resolve_keys_cover (kind, key, day, article_id)``, answered from the
    index alone. With the day test outside the OR
    (``... AND (day IS NULL OR day BETWEEN ...)``) the index was used on (kind, key) only and
    every row of a common key (a town, a much-named actor) was read, all the store's years of
    it: a lookup then cost more the bigger the store.
    """
    terms = " OR ".join(
        "(kind = ? AND key = ? AND day >= ? AND day <= ?) OR (kind = ? AND key = ? AND day IS NULL)"
        for _ in keys
    )
    params: list[Any] = []
    for kind, key in keys:
        params += [kind, key, lo, hi, kind, key]
    return f"SELECT DISTINCT article_id FROM resolve_keys WHERE {terms}", params


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
