"""Gazetteer and places speed: build, load, memory, lookups, and the places layer's share.

Prints:

* build time of the index from the installed packages (``--build``, into a temporary dir);
* load time and peak RSS of a fresh process that opens the index and does one lookup
  (targets: <= 1 s, <= 300 MB); the package import (which loads spaCy) is shown apart;
* lookups/s on names drawn from the index, cold (SQLite) and memoised (the per-process cache);
* the places component's time as a share of spaCy's own parse on synthetic articles
  (bench/articles.py), the figure that must stay small for extraction to add <= 25% overall.

    python bench/gazetteer_bench.py [--build] [-n 40] [--lookups 20000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from dateline.places import gazetteer  # noqa: E402

LOAD_PROBE = """
import time
t0 = time.perf_counter()
import dateline.places.gazetteer as gz
t1 = time.perf_counter()
g = gz.Gazetteer()
g.lookup("Kabul")
t2 = time.perf_counter()
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(t1 - t0, t2 - t1, int(hwm.split()[1]) / 1024)
"""


def bench_build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        path = gazetteer.build(Path(tmp) / "g.sqlite")
        elapsed = time.perf_counter() - started
        size = path.stat().st_size / 1e6
    print(f"build: {elapsed:.1f} s, index {size:.1f} MB")


def bench_load() -> None:
    """In a fresh process; VmHWM, not ru_maxrss, which Linux carries over from the parent."""
    gazetteer.get_gazetteer()  # make sure the index exists before timing a fresh process
    out = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    print(
        f"load (fresh process): open index + first lookup {1000 * float(out[1]):.1f} ms "
        f"(after importing the package, {float(out[0]):.2f} s, spaCy included); "
        f"peak RSS {float(out[2]):.0f} MB"
    )


def bench_lookups(n: int) -> None:
    gaz = gazetteer.Gazetteer()
    keys = _sample_keys(gaz, n)
    started = time.perf_counter()
    for key in keys:
        gaz.lookup(key)
    cold = len(keys) / (time.perf_counter() - started)
    started = time.perf_counter()
    for key in keys:
        gaz.lookup(key)
    warm = len(keys) / (time.perf_counter() - started)
    print(f"lookups: {cold:,.0f}/s cold (SQLite), {warm:,.0f}/s memoised ({len(keys)} names)")


def _sample_keys(gaz: gazetteer.Gazetteer, n: int) -> list[str]:
    rng = random.Random(0)
    keys = [row[0] for row in gaz.con.execute("SELECT key FROM name")]
    return rng.sample(keys, min(n, len(keys)))


def bench_places(n: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from articles import generate
    from dateline.frame import prepare
    from dateline.pipeline import get_pipeline, make_doc

    nlp = get_pipeline()
    articles = [prepare(a) for a in generate(n)]
    docs = [make_doc(nlp, a) for a in articles]
    spacy_names = [name for name in nlp.pipe_names if not name.startswith("dateline_")]
    timings = {"spacy": 0.0, "entities": 0.0, "places": 0.0}
    cpu = 0.0  # process CPU time of the places layer: steadier than wall time on a shared box
    for doc in docs:
        started = time.perf_counter()
        for name in spacy_names:
            doc = nlp.get_pipe(name)(doc)
        timings["spacy"] += time.perf_counter() - started
        for name in ("entities", "places"):
            started, cpu_started = time.perf_counter(), time.process_time()
            doc = nlp.get_pipe(f"dateline_{name}")(doc)
            timings[name] += time.perf_counter() - started
            if name == "places":
                cpu += time.process_time() - cpu_started
    places = sum(len(d._.places) for d in docs)
    words = sum(len(d) for d in docs) / max(len(docs), 1)
    print(
        f"places layer on {n} synthetic articles ({words:.0f} tokens each): "
        f"{timings['places']:.2f} s vs spaCy parse {timings['spacy']:.2f} s = "
        f"{100 * timings['places'] / timings['spacy']:.1f}% ({places} places, "
        f"{1000 * timings['places'] / n:.1f} ms/article wall, {1000 * cpu / n:.1f} ms CPU)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="also time a full index build")
    parser.add_argument("-n", type=int, default=40, help="synthetic articles for the places run")
    parser.add_argument("--lookups", type=int, default=20_000)
    args = parser.parse_args(argv)
    if args.build:
        bench_build()
    bench_load()
    bench_lookups(args.lookups)
    bench_places(args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
