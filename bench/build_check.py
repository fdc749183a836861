"""Check that the benchmarks' bulk-built stores are the stores real ingest gives.

    python bench/build_check.py [--articles 400] [--events 2000]

``bench/incremental.py`` builds a store by writing every synthetic article (record and
resolution index, as ingest writes them) and resolving once; here the same articles are
also ingested the slow way, 25 at a time with a resolution after each batch (as a feed
arrives), and the canonical tables of the two stores must be identical. ``bench/api_bench.py``
builds its store the same bulk way; here it is compared with the store that writes the
records alone and lets resolution index them afterwards from the stored records. Prints one
line per check and exits 1 when a pair differs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench  # noqa: E402
import incremental  # noqa: E402
from dateline.store import open_store  # noqa: E402
from dateline.store.resolve import resolve, table_snapshot  # noqa: E402
from dateline.store.synthetic import synthetic_documents  # noqa: E402
from dateline.store.write import write_document  # noqa: E402


def snapshot(path: str) -> dict:
    with open_store(path) as store:
        found = table_snapshot(store)
        found["features"] = sorted(
            r["data"] for r in store.query("SELECT data FROM article_features")
        )
        return found


def by_batches(path: str, n: int, batch: int = 25) -> None:
    docs = synthetic_documents(n, seed=incremental.SEED, start=incremental.START, per_day=40)
    with open_store(path) as store:
        for i in range(0, n, batch):
            incremental.write_batch(store, docs[i : i + batch])
            resolve(store)


def api_unindexed(path: str, n_events: int, per_article: int) -> None:
    rng = random.Random(api_bench.SEED)
    with open_store(path) as store:
        with store.transaction():
            for n in range(n_events // per_article):
                write_document(store, api_bench.synthetic_document(rng, n, per_article))
        resolve(store)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        bulk, slow = str(Path(tmp) / "bulk.db"), str(Path(tmp) / "slow.db")
        incremental.PER_DAY = 40  # a few weeks of articles, so that stories span batches
        incremental.build(bulk, args.articles)
        by_batches(slow, args.articles)
        same = snapshot(bulk) == snapshot(slow)
        ok &= same
        print(f"incremental.py bulk build == 25-article ingests ({args.articles}): {same}")
        bulk, slow = str(Path(tmp) / "api-bulk.db"), str(Path(tmp) / "api-slow.db")
        api_bench.build_db(bulk, args.events, 5)
        api_unindexed(slow, args.events, 5)
        same = snapshot(bulk) == snapshot(slow)
        ok &= same
        print(f"api_bench.py bulk build == records indexed later ({args.events} events): {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
