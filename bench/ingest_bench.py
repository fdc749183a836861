"""Ingest and query benchmark for the store (prints figures; tests never time things).

1. Generates N short template articles (news-please JSON files, invented names), ingests them
   into a fresh SQLite store with a progress bar, and prints the time and rate.
2. Ingests the same files again: a no-op that must take at most 10% of the first run.
3. Fills a separate store with M canonical events directly and times a query by country +
   type + date range through the query API (target: at most 100 ms).

    python bench/ingest_bench.py                 # N=5000, M=100000
    python bench/ingest_bench.py --n 500 -j 2    # quicker, two extraction processes
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dateline.store import open_store
from dateline.store.ingest import ingest, read_inputs
from dateline.store.query import list_events
from dateline.store.resolve import resolve
from dateline.store.synthetic import bulk_canonical_events, generate_articles


def write_corpus(folder: Path, n: int) -> None:
    for i, record in enumerate(generate_articles(n, seed=2024)):
        (folder / f"a{i:05d}.json").write_text(json.dumps(record), encoding="utf-8")


def bench_ingest(folder: Path, db: str, jobs: int) -> None:
    with open_store(db) as store:
        t0 = time.perf_counter()
        first = ingest(store, read_inputs([str(folder)]), jobs=jobs)
        t1 = time.perf_counter()
        print(first.summary(), file=sys.stderr)
        again = ingest(store, read_inputs([str(folder)]), jobs=jobs)
        t2 = time.perf_counter()
        resolve(store, rebuild=True)
        t3 = time.perf_counter()
    first_s, again_s = t1 - t0, t2 - t1
    print(
        f"first ingest: {first.ingested} articles in {first_s:.1f} s "
        f"({first.ingested / first_s:.1f} articles/s, resolution included)"
    )
    print(
        f"re-ingest: {again.duplicates} duplicates skipped in {again_s:.2f} s "
        f"= {100 * again_s / first_s:.1f}% of the first run (target <= 10%)"
    )
    print(f"full rebuild of the resolution (stories, actors, events): {t3 - t2:.2f} s")


def bench_query(db: str, n_events: int) -> None:
    with open_store(db) as store:
        t0 = time.perf_counter()
        bulk_canonical_events(store, n_events)
        print(f"generated {n_events} canonical events in {time.perf_counter() - t0:.1f} s")
        filters = {"country": "NG", "type": "ASSAULT", "since": "2021-01-01", "until": "2021-06-30"}
        timings, rows = [], []
        for _ in range(7):
            t = time.perf_counter()
            rows, _ = list_events(store, filters, limit=1000)
            timings.append(1000 * (time.perf_counter() - t))
        total = store.scalar("SELECT COUNT(*) FROM canonical_events")
    print(
        f"query country=NG type=ASSAULT 2021-01-01..2021-06-30 on {total} events: "
        f"{len(rows)} rows, median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms (target <= 100 ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="articles to ingest")
    parser.add_argument("--events", type=int, default=100_000, help="events for the query")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        if not args.skip_ingest:
            corpus = root / "corpus"
            corpus.mkdir()
            write_corpus(corpus, args.n)
            bench_ingest(corpus, str(root / "ingest.db"), args.jobs)
        bench_query(str(root / "query.db"), args.events)
    return 0


if __name__ == "__main__":
    sys.exit(main())
