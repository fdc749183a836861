"""Partitioned backfill: a full resolution whose heavy part runs on a Ray cluster.

For a historical load (millions of stored articles, a PostgreSQL store), almost all the work
of a rebuild is comparing each article with its candidates (``pairs.story_similarity``: the
title + lead, names and text vectors). Those comparisons are pure functions of two articles,
so they split cleanly: the articles are partitioned by publication window (``window_days``
each, undated ones in a partition of their own), one Ray task per partition reads its
articles and their candidates from the store (the candidates reach into the neighbouring
windows, so the windows overlap) and returns every pair it scored. The driver merges the
results by pair key (a pair scored in two overlapping windows has one value, so the merge is
deterministic) and then runs the ordinary rebuild, ``resolve(store, rebuild=True)``, which
finds every score it needs already computed. The result is the local rebuild's, table for
table; a test checks it on a local Ray against a real PostgreSQL server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from dateline.store.db import Store
from dateline.store.resolve import pairs
from dateline.store.resolve.features import parse_day
from dateline.store.resolve.index import Index, index_old_articles, unindexed_articles

WINDOW_DAYS = 30
LOCAL_OBJECT_STORE = 256 * 1024 * 1024  # a private local Ray needs little: scores are small


@dataclass
class BackfillReport:
    partitions: int
    pairs: int
    score_seconds: float
    resolve_seconds: float
    counts: dict[str, int]


def partitions(store: Store, window_days: int = WINDOW_DAYS) -> list[tuple[str | None, str | None]]:
    """(first day, last day) of each publication window holding articles; (None, None) for
    the undated ones."""
    days = sorted(
        r["day"] for r in store.query("SELECT DISTINCT day FROM article_features") if r["day"]
    )
    found: list[tuple[str | None, str | None]] = []
    if days:
        start = parse_day(days[0])
        end = parse_day(days[-1])
        assert start and end
        while start <= end:
            last = start + timedelta(days=window_days - 1)
            found.append((start.isoformat(), last.isoformat()))
            start = last + timedelta(days=1)
    if store.scalar("SELECT COUNT(*) FROM article_features WHERE day IS NULL"):
        found.append((None, None))
    return found


def score_partition(url: str, first: str | None, last: str | None) -> dict[tuple[str, str], Any]:
    """Every story pair an article of the window takes part in, scored (run as a task)."""
    from dateline.store.schema import open_store

    with open_store(url) as store:
        index = Index(store)
        if first is None:
            rows = store.query("SELECT article_id FROM article_features WHERE day IS NULL")
        else:
            rows = store.query(
                "SELECT article_id FROM article_features WHERE day >= ? AND day <= ?",
                (first, last),
            )
        found: dict[tuple[str, str], Any] = {}
        for f in index.features_many(r["article_id"] for r in rows).values():
            for other in index.features_many(index.story_candidates(f)).values():
                if other.hash == f.hash:
                    continue
                key = (f.hash, other.hash) if f.hash < other.hash else (other.hash, f.hash)
                found[key] = pairs.story_score(f, other)
        return found


def _scores(
    url: str, windows: list[tuple[str | None, str | None]], engine: str, address: str | None
) -> Iterator[dict[tuple[str, str], Any]]:
    if engine != "ray":
        for first, last in windows:
            yield score_partition(url, first, last)
        return
    import ray

    from dateline.runner import start_ray

    started = start_ray(ray, address, None, LOCAL_OBJECT_STORE)
    try:
        task = ray.remote(num_cpus=1)(score_partition)
        pending = [task.remote(url, first, last) for first, last in windows]
        for ref in pending:  # in window order: the merge does not depend on finishing order
            yield ray.get(ref)
    finally:
        if started:
            ray.shutdown()


def backfill(
    store: Store,
    engine: str = "ray",
    address: str | None = None,
    window_days: int = WINDOW_DAYS,
) -> BackfillReport:
    """Rebuild resolution with the pair scores computed per window on Ray (``engine="ray"``)
    or here (``"local"``, the same code in one process)."""
    from dateline.store.resolve import resolve

    if store.url == ":memory:":
        raise ValueError("a backfill needs a store the workers can open (a file or a URL)")
    index_old_articles(store, unindexed_articles(store))
    windows = partitions(store, window_days)
    t0 = time.perf_counter()
    merged: dict[tuple[str, str], Any] = {}
    for scored in _scores(store.url, windows, engine, address):
        for key, value in scored.items():
            merged.setdefault(key, value)
    t1 = time.perf_counter()
    pairs.seed(merged)
    counts = resolve(store, rebuild=True)
    return BackfillReport(len(windows), len(merged), t1 - t0, time.perf_counter() - t1, counts)
