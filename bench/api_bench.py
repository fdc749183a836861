"""Benchmark: filtered ``GET /events`` on a 100k-event database, concurrent clients on loopback.

    python bench/api_bench.py [--events 100000] [--clients 8] [--requests 3000] [--seconds 60]

Builds (once, cached at --db) a synthetic store through the store's own write path and
resolution: generated template articles (no real text), each with several events spread over
types, statuses, countries, places, actors and five years. Then starts ``dateline serve`` in a
subprocess on a free 127.0.0.1 port, warms it up, and drives ``/events`` with a fixed mix of
filters from a bounded number of client threads, stopping at --requests or --seconds,
whichever comes first. Prints requests/s and p50/p95/p99 latency, overall and per filter.
Target (issue 7): 200 requests/s with p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from dateline.document import Document
from dateline.model import Article, Count, Entity, Event, EventDate, Place

# (name, ISO alpha-2, lat, lon, country name) — a spread of places to filter on.
CITIES = [
    ("Goma", "CD", -1.68, 29.22),
    ("Bunia", "CD", 1.57, 30.25),
    ("Mosul", "IQ", 36.34, 43.13),
    ("Basra", "IQ", 30.51, 47.81),
    ("Kharkiv", "UA", 49.99, 36.23),
    ("Odesa", "UA", 46.48, 30.72),
    ("Lagos", "NG", 6.45, 3.40),
    ("Maiduguri", "NG", 11.85, 13.16),
    ("Aleppo", "SY", 36.20, 37.16),
    ("Idlib", "SY", 35.93, 36.63),
    ("Mogadishu", "SO", 2.04, 45.34),
    ("Kismayo", "SO", -0.36, 42.55),
    ("Khartoum", "SD", 15.50, 32.56),
    ("El Fasher", "SD", 13.63, 25.35),
    ("Gao", "ML", 16.27, -0.04),
    ("Mopti", "ML", 14.49, -4.20),
    ("Caracas", "VE", 10.48, -66.90),
    ("Medellin", "CO", 6.24, -75.58),
    ("Yangon", "MM", 16.87, 96.20),
    ("Mandalay", "MM", 21.97, 96.08),
    ("Sanaa", "YE", 15.37, 44.19),
    ("Aden", "YE", 12.78, 45.04),
    ("Tripoli", "LY", 32.89, 13.19),
    ("Benghazi", "LY", 32.12, 20.09),
]
TYPES = [
    "ASSAULT",
    "PROTEST",
    "CONSULT",
    "AGREE",
    "ACCUSE",
    "THREATEN",
    "MOBILIZE",
    "AID",
    "COERCE",
    "REQUEST",
    "SANCTION",
    "SUPPORT",
]
STATUSES = ["occurred"] * 7 + ["planned", "hypothetical", "negated"]
ACTORS = [
    "Army",
    "Police",
    "Rebels",
    "Militia",
    "Protesters",
    "Government",
    "Ministry",
    "Students",
    "Union",
    "Council",
    "Coalition",
    "Gunmen",
]
QUERIES = {
    "type": "type=ASSAULT",
    "country": "country=UA",
    "type+country": "type=PROTEST&country=NG",
    "dates": "since=2022-03-01&until=2022-04-30",
    "type+dates": "type=ASSAULT&since=2021-01-01&until=2021-06-30",
    "status": "status=planned",
    "place": "place=mosul",
    "actor": "actor=rebels",
}


# --------------------------------------------------------------------------- database
def synthetic_document(rng: random.Random, n: int, events_per_article: int) -> dict[str, Any]:
    """One generated article: a sentence per event, with offsets computed as it is built."""
    day0 = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    parts: list[str] = []
    ents: list[Entity] = []
    places: dict[str, Place] = {}
    events: list[Event] = []
    pos = 0
    for k in range(events_per_article):
        city, cc, lat, lon = rng.choice(CITIES)
        actor, target = rng.sample(ACTORS, 2)
        etype = rng.choice(TYPES)
        dead = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 13]) if etype == "ASSAULT" else 0
        sentence = f"{actor} reported a {etype.lower()} involving {target} in {city}. "
        a_start = pos
        t_start = pos + sentence.index(etype.lower())
        c_start = pos + sentence.index(city)
        ents.append(Entity(f"e{k}a", actor, "ORG", mentions=[(a_start, a_start + len(actor))]))
        tgt = pos + sentence.index(target)
        ents.append(Entity(f"e{k}t", target, "ORG", mentions=[(tgt, tgt + len(target))]))
        place = places.setdefault(
            city, Place(f"p{len(places)}", city, country=cc, lat=lat, lon=lon)
        )
        place.mentions.append((c_start, c_start + len(city)))
        when = day0 - timedelta(days=rng.randrange(3))
        events.append(
            Event(
                f"v{k}",
                etype,
                (t_start, t_start + len(etype)),
                etype.lower(),
                (pos, pos + len(sentence) - 1),
                actors=[f"e{k}a"],
                targets=[f"e{k}t"],
                place=place.id,
                date=EventDate(when),
                fatalities=Count("people", dead, "exact") if dead else None,
                status=rng.choice(STATUSES),
            )
        )
        parts.append(sentence)
        pos += len(sentence)
    text = "".join(parts) + f"(bench article {n})"
    article = Article(
        text=text,
        source=f"bench-{n}",
        title=f"Bench article {n}",
        outlet=f"Outlet {n % 40}",
        published=day0,
        published_basis="metadata",
    )
    return Document(article, ents, list(places.values()), [], [], events, []).to_dict()


def build_db(path: str, n_events: int, per_article: int, seed: int = 7) -> None:
    from dateline.store.query import open_store
    from dateline.store.resolve import resolve
    from dateline.store.write import write_document

    rng = random.Random(seed)
    started = time.perf_counter()
    with open_store(path) as store:
        batch = 500
        for first in range(0, n_events // per_article, batch):
            with store.transaction():
                for n in range(first, min(first + batch, n_events // per_article)):
                    write_document(store, synthetic_document(rng, n, per_article))
        print(f"  wrote {n_events} events in {time.perf_counter() - started:.0f} s", flush=True)
        counts = resolve(store)
    print(f"  resolved in {time.perf_counter() - started:.0f} s total: {counts}", flush=True)


def count_events(path: str) -> int:
    if not Path(path).exists():
        return 0
    from dateline.store.query import open_store

    with open_store(path) as store:
        return int(store.scalar("SELECT COUNT(*) FROM events") or 0)


# --------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


# --------------------------------------------------------------------------- load
def drive(base: str, clients: int, total: int, seconds: float, limit: int) -> dict[str, Any]:
    names = list(QUERIES)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    errors: list[str] = []
    counter = iter(range(total))
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < stop_at:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                name = names[n % len(names)]
                t0 = time.perf_counter()
                response = client.get(f"/events?{QUERIES[name]}&limit={limit}")
                elapsed = time.perf_counter() - t0
                if response.status_code != 200:
                    errors.append(f"{name}: {response.status_code}")
                latencies[name].append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "wall": wall}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] * 1000


def report(result: dict[str, Any], args: argparse.Namespace, n_events: int) -> None:
    everything = [v for vs in result["latencies"].values() for v in vs]
    rps = len(everything) / result["wall"]
    print(
        f"\n/events with filters on {n_events} events: {len(everything)} requests, "
        f"{args.clients} clients, limit={args.limit}, {result['wall']:.1f} s"
    )
    print(f"{'filter':<14}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, values in result["latencies"].items():
        if values:
            print(
                f"{name:<14}{len(values):>6}{pct(values, 50):>9.1f}{pct(values, 95):>9.1f}"
                f"{pct(values, 99):>9.1f}"
            )
    p95 = pct(everything, 95)
    print(
        f"{'ALL':<14}{len(everything):>6}{pct(everything, 50):>9.1f}{p95:>9.1f}"
        f"{pct(everything, 99):>9.1f}"
    )
    print(
        f"requests/s: {rps:.0f}   mean {statistics.mean(everything) * 1000:.1f} ms   "
        f"errors: {len(result['errors'])}"
    )
    verdict = "met" if rps >= 200 and p95 < 50 else "NOT met"
    print(f"target 200 req/s with p95 < 50 ms: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "dateline-bench-events.db")
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--limit", type=int, default=50, help="page size per request")
    args = parser.parse_args()

    have = count_events(args.db)
    if have != args.events:
        print(f"building {args.db} with {args.events} events (cached for later runs) ...")
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
        build_db(args.db, args.events, args.per_article)
    port = free_port()
    server = start_server(args.db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        drive(base, 2, 2 * len(QUERIES), 30, args.limit)  # warm the page cache
        result = drive(base, args.clients, args.requests, args.seconds, args.limit)
    finally:
        server.terminate()
        server.wait(10)
    report(result, args, count_events(args.db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
