"""Incremental resolution benchmark: does ingesting new articles stay cheap as the store grows?

Builds synthetic stores of 1k, 10k and 100k articles (``store.synthetic.synthetic_documents``:
contract records written straight into the store, about 100 articles a day, so a bigger store
holds more days, as a real one does), then ingests the same 20 new articles (team-written
template wire copy dated on the store's last day, through the whole pipeline) into each and
prints the time. Extraction is the same work whatever the store, so the time to store and
resolve the 20 is printed apart, and the ratio of the 100k store to the 1k store on it is the
last line (target: at most 2x). On the 10k store a full rebuild must give the same canonical
tables as the incremental path.

    python bench/incremental.py                  # 1k, 10k, 100k
    python bench/incremental.py --sizes 1000,10000
    python bench/incremental.py --cache ~/.cache/dateline-bench   # reuse built stores

A store is built the fast way: every synthetic article written in a few large transactions,
then one resolution of them all. Resolution is order-free (``resolve/ordered.py``; tests
check that any ingest order gives the same tables), so this is the store that ingesting
them a thousand at a time would give, and what is timed (the 20 new articles) is the same.
With ``--cache DIR`` each built store is kept under DIR, named by its size, seed and a hash
of the code that shapes it (the store package, the lexicons, the country table), and a
rerun copies it instead of building it again.
    python bench/incremental.py --backfill 5000 --db postgresql://...   # Ray backfill figures

``--backfill N`` instead stores N synthetic articles unresolved in ``--db`` (a SQLite file by
default, or a PostgreSQL URL), times a local full rebuild, then the partitioned backfill on a
local Ray (``--address`` to join a cluster), and checks the two give the same tables.

Figures taken on a shared machine vary with its load: run it alone.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dateline.read import article_from_record
from dateline.store import open_store
from dateline.store.ingest import extract_stream, store_extracted
from dateline.store.resolve import index_article, pairs, resolve, table_snapshot
from dateline.store.resolve.features import term_weight
from dateline.store.synthetic import generate_articles, synthetic_documents
from dateline.store.write import content_hash, write_document

PER_DAY = 100
START = date(2024, 1, 1)
SEED = 17
WRITE_BATCH = 10_000  # articles per write transaction while building
SRC = Path(__file__).resolve().parent.parent / "src" / "dateline"
SHAPING_CODE = ("store", "lexicons", "countries.py", "countries")  # what a built store depends on
# Store modules that only read a store or drive an ingest: a change to them leaves what
# ``build`` writes as it was, so it keeps the cached stores.
NOT_SHAPING = {"ingest.py", "query.py", "export.py", "commands.py"}


def code_version() -> str:
    """A hash of the sources a built store depends on: a cached store is reused only when
    none of them changed since it was built."""
    digest = hashlib.sha256()
    for name in SHAPING_CODE:
        root = SRC / name
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if not path.exists() or "__pycache__" in path.parts:
                continue
            if path.parent == SRC / "store" and path.name in NOT_SHAPING:
                continue
            digest.update(str(path.relative_to(SRC)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_batch(store: Any, docs: list[dict[str, Any]]) -> None:
    """Write synthetic records and their resolution index in one transaction, as ingest
    writes an article (``bench/build_check.py`` uses it too, so both builds write alike)."""
    with store.transaction():
        for doc in docs:
            article_id = write_document(store, doc)
            index_article(store, article_id, doc, content_hash(doc["document"]["text"]))


def build(path: str, n: int) -> float:
    """A store of ``n`` synthetic articles, resolved; returns the seconds it took."""
    t0 = time.perf_counter()
    docs = synthetic_documents(n, seed=SEED, start=START, per_day=PER_DAY)
    with open_store(path) as store:
        for i in range(0, n, WRITE_BATCH):
            write_batch(store, docs[i : i + WRITE_BATCH])
        resolve(store)  # once: the same tables as resolving as it grew (order-free)
    return time.perf_counter() - t0


def checkpoint(path: str) -> None:
    """Fold the write-ahead log into the file, so that copying the one file copies it all."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def prepared(db: str, n: int, cache: Path | None) -> str:
    """Put a resolved ``n``-article store at ``db``: copied from ``cache`` when built there
    before by the same code, else built (and kept in ``cache``). Returns how it was got."""
    if cache is None:
        return f"built and resolved in {build(db, n):.0f} s"
    cached = cache / f"store-{n}-seed{SEED}-{code_version()}.db"
    how = "cached"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".building")
        for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            stale.unlink(missing_ok=True)
        seconds = build(str(partial), n)
        checkpoint(str(partial))
        partial.rename(cached)  # only a complete store ever carries the final name
        how = f"built and resolved in {seconds:.0f} s, cached"
    shutil.copyfile(cached, db)
    return f"{how} at {cached}"


def load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def cold_caches() -> None:
    """Each store's ingest starts from the same state: word weights loaded (a one-off that
    the first store alone would pay) but no term weight or pair score remembered from the
    store before (which would flatter every later one)."""
    term_weight("warm-up")
    term_weight.cache_clear()
    pairs._PAIRS.clear()


def new_articles(n: int, last_day: date) -> list:
    records = generate_articles(n, seed=99, start=last_day)
    for record in records:
        record["date_publish"] = f"{last_day.isoformat()} 18:00:00"
    return [article_from_record(r, f"new-{i}") for i, r in enumerate(records)]


def bench_backfill(n: int, db: str, address: str | None, window_days: int) -> int:
    from dateline.store.resolve.backfill import backfill

    docs = synthetic_documents(n, seed=SEED, start=START, per_day=PER_DAY)
    with open_store(db) as store:
        t0 = time.perf_counter()
        with store.transaction():
            for doc in docs:
                article_id = write_document(store, doc)
                index_article(store, article_id, doc, content_hash(doc["document"]["text"]))
        print(f"stored {n} articles in {store.dialect.name} in {time.perf_counter() - t0:.0f} s")
        t1 = time.perf_counter()
        resolve(store, rebuild=True)
        local = time.perf_counter() - t1
        expected = table_snapshot(store)
        print(f"local rebuild (one process): {local:.1f} s", flush=True)
        pairs._PAIRS.clear()
        report = backfill(store, engine="ray", address=address, window_days=window_days)
        same = table_snapshot(store) == expected
        total = report.score_seconds + report.resolve_seconds
        print(
            f"Ray backfill: {report.partitions} windows of {window_days} days, {report.pairs} "
            f"pairs scored in {report.score_seconds:.1f} s (Ray tasks), then resolution "
            f"{report.resolve_seconds:.1f} s; total {total:.1f} s; "
            f"identical to the local rebuild: {same}"
        )
    return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--new", type=int, default=20)
    parser.add_argument("--backfill", type=int, help="time a Ray backfill of N articles instead")
    parser.add_argument("--db", help="with --backfill: the store (default: a scratch SQLite file)")
    parser.add_argument("--address", help="with --backfill: the Ray cluster to join")
    parser.add_argument("--window-days", type=int, default=10)
    parser.add_argument(
        "--cache", type=Path, help="keep built stores here and reuse them on later runs"
    )
    args = parser.parse_args()
    if args.backfill:
        with tempfile.TemporaryDirectory() as scratch:
            db = args.db or str(Path(scratch) / "backfill.db")
            return bench_backfill(args.backfill, db, args.address, args.window_days)
    sizes = [int(s) for s in args.sizes.split(",")]
    times: dict[int, tuple[float, float]] = {}  # size -> (CPU seconds, wall seconds)
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            db = str(Path(scratch) / f"store-{n}.db")
            built = prepared(db, n, args.cache)
            last_day = START + timedelta(days=(n - 1) // PER_DAY)
            articles = new_articles(args.new, last_day)
            cold_caches()
            t0 = time.perf_counter()
            extracted = list(zip(articles, extract_stream(articles), strict=True))
            t1, c1 = time.perf_counter(), time.process_time()
            with open_store(db) as store:
                report = store_extracted(store, extracted)
                t2, c2 = time.perf_counter(), time.process_time()
                times[n] = (c2 - c1, t2 - t1)
                print(
                    f"{n:>7} articles ({built}): ingest of "
                    f"{report.ingested} new articles {t2 - t0:.2f} s = extraction "
                    f"{t1 - t0:.2f} s + store and resolve {t2 - t1:.2f} s "
                    f"({c2 - c1:.2f} CPU-s); load average {load_average()}",
                    flush=True,
                )
                if n == 10_000 or (n == sizes[-1] and 10_000 not in sizes):
                    incremental = table_snapshot(store)
                    t3 = time.perf_counter()
                    resolve(store, rebuild=True)
                    same = table_snapshot(store) == incremental
                    print(
                        f"  rebuild of the {n} store: {time.perf_counter() - t3:.0f} s; "
                        f"identical to the incremental tables: {same}",
                        flush=True,
                    )
                    if not same:
                        return 1
    first, last = sizes[0], sizes[-1]
    # CPU seconds first: on a shared machine the wall clock measures the neighbours too.
    print(
        f"store and resolve {args.new} new articles, {last} vs {first} store: "
        f"{times[last][0] / times[first][0]:.2f}x in CPU seconds, "
        f"{times[last][1] / times[first][1]:.2f}x wall clock (target <= 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
