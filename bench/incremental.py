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
    python bench/incremental.py --backfill 5000 --db postgresql://...   # Ray backfill figures

``--backfill N`` instead stores N synthetic articles unresolved in ``--db`` (a SQLite file by
default, or a PostgreSQL URL), times a local full rebuild, then the partitioned backfill on a
local Ray (``--address`` to join a cluster), and checks the two give the same tables.

Figures taken on a shared machine vary with its load: run it alone.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from dateline.read import article_from_record
from dateline.store import open_store
from dateline.store.ingest import extract_stream, store_extracted
from dateline.store.resolve import index_article, resolve, table_snapshot
from dateline.store.synthetic import generate_articles, synthetic_documents
from dateline.store.write import content_hash, write_document

PER_DAY = 100
START = date(2024, 1, 1)


def build(path: str, n: int) -> float:
    """A store of ``n`` synthetic articles, resolved; returns the seconds it took."""
    t0 = time.perf_counter()
    docs = synthetic_documents(n, seed=17, start=START, per_day=PER_DAY)
    with open_store(path) as store:
        for i in range(0, n, 1000):
            with store.transaction():
                for doc in docs[i : i + 1000]:
                    article_id = write_document(store, doc)
                    index_article(store, article_id, doc, content_hash(doc["document"]["text"]))
            resolve(store)  # resolved as it grew, a thousand articles at a time
    return time.perf_counter() - t0


def new_articles(n: int, last_day: date) -> list:
    records = generate_articles(n, seed=99, start=last_day)
    for record in records:
        record["date_publish"] = f"{last_day.isoformat()} 18:00:00"
    return [article_from_record(r, f"new-{i}") for i, r in enumerate(records)]


def bench_backfill(n: int, db: str, address: str | None, window_days: int) -> int:
    from dateline.store.resolve import pairs
    from dateline.store.resolve.backfill import backfill

    docs = synthetic_documents(n, seed=17, start=START, per_day=PER_DAY)
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
    args = parser.parse_args()
    if args.backfill:
        with tempfile.TemporaryDirectory() as scratch:
            db = args.db or str(Path(scratch) / "backfill.db")
            return bench_backfill(args.backfill, db, args.address, args.window_days)
    sizes = [int(s) for s in args.sizes.split(",")]
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            db = str(Path(scratch) / f"store-{n}.db")
            built = build(db, n)
            last_day = START + timedelta(days=(n - 1) // PER_DAY)
            articles = new_articles(args.new, last_day)
            t0 = time.perf_counter()
            extracted = list(zip(articles, extract_stream(articles), strict=True))
            t1 = time.perf_counter()
            with open_store(db) as store:
                report = store_extracted(store, extracted)
                t2 = time.perf_counter()
                times[n] = t2 - t1
                print(
                    f"{n:>7} articles (built and resolved in {built:.0f} s): ingest of "
                    f"{report.ingested} new articles {t2 - t0:.2f} s = extraction "
                    f"{t1 - t0:.2f} s + store and resolve {t2 - t1:.2f} s",
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
    print(
        f"store and resolve 20 new articles, {last} vs {first} store: "
        f"{times[last] / times[first]:.2f}x (target <= 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
