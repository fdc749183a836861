"""Load benchmark of the HTTP server on a 100k-event store: the web page's real traffic.

    python bench/api_bench.py [--events 100000] [--clients 8] [--seconds 15]
                              [--extract-clients 1] [--serve-args "--workers 1"]
                              [--cache DIR]

Builds (once, cached at --db, or under --cache DIR named by size and code hash) a synthetic
store through the store's own write path, index and resolution: generated template articles
(no real text), each with several events spread over types, statuses, countries, places,
actors and five years. Starts ``dateline serve`` in a subprocess on a free 127.0.0.1 port
(the code on PYTHONPATH, so an older tree can be measured the same way; ``--serve-args``
passes its options), and while ``--extract-clients`` clients
keep ``POST /extract`` busy with generated 600-word articles, drives each read route the page
uses with ``--clients`` concurrent client processes for ``--seconds``:

* ``list``: ``/events?limit=200`` (the page's first request); ``list+filter``: the same with
  each filter of the mix below; ``list next`` : ``cursor=`` pages, each fetched once (what
  the server does without any answer kept); ``summary`` and ``summary+filter``;
  ``event``: ``/events/{id}``; ``article``: ``/articles/{id}`` for random ids (mostly fetched
  once); ``articles``: ``/articles?limit=100``; ``static``: the page, its script, style and
  basemap; then ``mixed``: all of them interleaved in the proportions of page loads.

Prints, per route, requests/s and p50/p95/p99 latency, the server process's CPU ms per
request (what an idle core would give: 1000 / that = requests/s), the ``/extract`` stream's
completions and 503s, the load average before and after, and as the last line the worst p95.
Targets (issue 19): every read route >= 200 requests/s with p95 < 50 ms, mixed >= 200/s. The
figures depend on what else the machine runs: quote the load average with them, and measure
on an idle machine before comparing.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import multiprocessing
import os
import random
import shlex
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import generate  # noqa: E402
from dateline.document import Document  # noqa: E402
from dateline.entities.words import role_sector  # noqa: E402
from dateline.model import Article, Count, Entity, Event, EventDate, Place  # noqa: E402

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
STATIC = ["/", "/static/app.js", "/static/style.css", "/static/countries-110m.json"]
# Requests per page load in the mixed phase: the events view fetches its list, its summary
# and the static files; some users filter, open an article or an event, or load more.
MIX = {
    "list": 3,
    "list+filter": 2,
    "list next": 1,
    "summary": 3,
    "summary+filter": 2,
    "static": 4,
    "article": 2,
    "event": 1,
    "articles": 1,
}
TARGET_RPS = 200
INGEST_SEEDS = (99, 98, 97)  # the articles the ingest phase posts
SEED = 7
TARGET_P95_MS = 50


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
        # each name with the sector extraction gives it (roles.csv), as a real store holds
        a_span, tgt = (a_start, a_start + len(actor)), pos + sentence.index(target)
        ents.append(Entity(f"e{k}a", actor, "ORG", sector=role_sector(actor), mentions=[a_span]))
        t_span = (tgt, tgt + len(target))
        ents.append(Entity(f"e{k}t", target, "ORG", sector=role_sector(target), mentions=[t_span]))
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


def build_db(path: str, n_events: int, per_article: int, seed: int = SEED) -> None:
    """Write the articles as ingest does (record, then its resolution index, in the same
    transaction), a few thousand per transaction, then resolve them all once: resolution is
    order-free, so this is the store that ingesting them one by one gives."""
    from dateline.store.query import open_store
    from dateline.store.resolve import index_article, resolve
    from dateline.store.write import content_hash, write_document

    rng = random.Random(seed)
    started = time.perf_counter()
    with open_store(path) as store:
        batch = 5_000
        for first in range(0, n_events // per_article, batch):
            with store.transaction():
                for n in range(first, min(first + batch, n_events // per_article)):
                    doc = synthetic_document(rng, n, per_article)
                    article_id = write_document(store, doc)
                    digest = content_hash(doc["document"]["text"])
                    index_article(store, article_id, doc, digest)
        print(f"  wrote {n_events} events in {time.perf_counter() - started:.0f} s", flush=True)
        counts = resolve(store)
    print(f"  resolved in {time.perf_counter() - started:.0f} s total: {counts}", flush=True)


def cached_db(cache: Path, n_events: int, per_article: int) -> str:
    """The store of ``n_events`` under ``cache``, built there first when the code that shapes
    a store changed since (named by size, seed and that code's hash, as bench/incremental.py
    names its stores); a partial build never carries the final name."""
    from incremental import checkpoint, code_version

    cached = cache / f"events-{n_events}-per{per_article}-seed{SEED}-{code_version()}.db"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".building")
        for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            stale.unlink(missing_ok=True)
        print(f"building {cached} with {n_events} events ...", flush=True)
        build_db(str(partial), n_events, per_article)
        checkpoint(str(partial))
        partial.rename(cached)
    return str(cached)


def count_events(path: str) -> int:
    """Events in the store at ``path``, read with plain sqlite3: opening it through the store
    would migrate its schema, and an older tree measured on it would then refuse it."""
    import sqlite3

    if not Path(path).exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        except sqlite3.Error:
            return 0


# --------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, serve_args: list[str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd + serve_args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
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


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of one process so far (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- traffic
def sample_urls(base: str, pages: int, rng: random.Random) -> dict[str, list[str]]:
    """The URLs of each route: cursors and event ids from a walk over the list, article ids
    from the store's range."""
    cursors: list[str] = []
    ids: list[int] = []  # canonical ids are hashes, not a range: take them from the pages
    with httpx.Client(base_url=base, timeout=60) as client:
        cursor: str | None = None
        for _ in range(pages):
            url = "/events?limit=200" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(url).json()
            ids.extend(item["id"] for item in page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                break
            cursors.append(cursor)
        n_articles = client.get("/health").json()["articles"]
    filters = list(QUERIES.values())
    return {
        "list": ["/events?limit=200"],
        "list+filter": [f"/events?limit=200&{q}" for q in filters],
        "list next": [f"/events?limit=200&cursor={c}" for c in cursors],
        "summary": ["/events/summary"],
        "summary+filter": [f"/events/summary?{q}" for q in filters],
        "event": [f"/events/{rng.choice(ids)}" for _ in range(20_000)],
        "article": [f"/articles/{rng.randint(1, n_articles)}" for _ in range(20_000)],
        "articles": ["/articles?limit=100"],
        "static": STATIC,
    }


def client_run(
    base: str, plan: list[tuple[str, str]], seconds: float
) -> list[tuple[str, float, int]]:
    """One client process: request ``plan`` in order (cycling) for ``seconds``; returns
    (route, seconds, status) per request. Runs in its own process so that the clients'
    Python does not share one GIL with itself."""
    out: list[tuple[str, float, int]] = []
    stop = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=60) as client:
        i = 0
        while time.monotonic() < stop:
            route, url = plan[i % len(plan)]
            i += 1
            t0 = time.perf_counter()
            try:
                status = client.get(url).status_code
            except httpx.HTTPError:
                status = 0
            out.append((route, time.perf_counter() - t0, status))
    return out


def plans_for(
    routes: dict[str, list[str]], clients: int, rng: random.Random
) -> list[list[tuple[str, str]]]:
    """One plan per client. URLs meant to be fetched once (cursor pages, ids) are dealt out
    so that no two clients share one; the others are cycled from a different offset each."""
    plans: list[list[tuple[str, str]]] = []
    for k in range(clients):
        plan: list[tuple[str, str]] = []
        for route, urls in routes.items():
            mine = urls[k::clients] or urls
            plan += [(route, u) for u in mine]
        rng.shuffle(plan)
        plans.append(plan)
    return plans


def mixed_plans(
    routes: dict[str, list[str]], clients: int, rng: random.Random
) -> list[list[tuple[str, str]]]:
    plans = []
    for k in range(clients):
        plan = []
        for n in range(2_000):
            route = rng.choices(list(MIX), weights=list(MIX.values()))[0]
            urls = routes[route]
            mine = urls[k::clients] or urls
            plan.append((route, mine[(n // len(MIX)) % len(mine)]))
        plans.append(plan)
    return plans


class ExtractStream:
    """Clients that keep ``POST /extract`` busy for the whole run, one request at a time each."""

    def __init__(self, base: str, clients: int) -> None:
        self.base = base
        self.bodies = [
            {"text": a.text, "title": a.title, "published": "2024-03-01"}
            for a in generate(8, words=600, seed=3)
        ]
        self.done = 0
        self.busy = 0
        self.failed: dict[int, int] = {}
        self.seconds: list[float] = []
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(k,), daemon=True) for k in range(clients)
        ]

    def _run(self, k: int) -> None:
        with httpx.Client(base_url=self.base, timeout=600) as client:
            n = k
            while not self._stop.is_set():
                body = self.bodies[n % len(self.bodies)]
                n += 1
                t0 = time.perf_counter()
                try:
                    status = client.post("/extract", json=body).status_code
                except httpx.HTTPError:
                    status = 0
                if status == 200:
                    self.done += 1
                    self.seconds.append(time.perf_counter() - t0)
                elif status == 503:
                    self.busy += 1
                    time.sleep(1)
                else:
                    self.failed[status] = self.failed.get(status, 0) + 1
                    time.sleep(1)

    def start(self, wait: float = 600) -> None:
        """Start the stream once one /extract has succeeded (the workers' pipelines loaded)."""
        with httpx.Client(base_url=self.base, timeout=wait) as client:
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if client.post("/extract", json=self.bodies[0]).status_code == 200:
                    break
                time.sleep(1)
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] * 1000


def load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def ingest_phase(db: str, serve_args: list[str], clients: int) -> dict[str, Any]:
    """``POST /ingest`` of a few new articles (``INGEST_SEEDS``) into a copy of the store, each
    timed, while clients read uncached cursor pages: how long one ingest takes (issue 19: under
    2 s once resolution is incremental) and whether reads wait for it (they should not)."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dateline-bench-ingest-") as tmp:
        copy = str(Path(tmp) / "store.db")
        shutil.copyfile(db, copy)
        token_file = Path(tmp) / "token"
        token_file.write_text("bench-token")
        token_file.chmod(0o600)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        args = [*serve_args, "--write-token-file", str(token_file)]
        server = start_server(copy, port, args)
        try:
            ExtractStream(base, 0).start()  # the worker's pipeline is loaded before timing
            routes = sample_urls(base, 60, random.Random(5))
            plans = plans_for({"list next": routes["list next"]}, clients, random.Random(6))
            # Several articles of one day, one after another: one article alone can be a lucky
            # one (the first of three took 2.4 s where the next two took 10 and 7).
            articles = [generate(1, words=600, seed=seed)[0] for seed in INGEST_SEEDS]
            done: dict[str, Any] = {"seconds": [], "status": []}

            def post() -> None:
                for article in articles:
                    body = {"text": article.text, "title": article.title, "published": "2024-05-02"}
                    t0 = time.perf_counter()
                    response = httpx.post(
                        f"{base}/ingest",
                        json=body,
                        headers={"Authorization": "Bearer bench-token"},
                        timeout=3600,
                    )
                    done["seconds"].append(time.perf_counter() - t0)
                    done["status"].append(response.status_code)

            poster = threading.Thread(target=post)
            reads: list[tuple[str, float, int]] = []
            poster.start()
            while poster.is_alive():  # read in 5-second rounds until the ingest answers
                reads += [
                    r for plan in plans for r in client_run(base, plan[:50], 5.0 / len(plans))
                ]
            poster.join()
        finally:
            server.terminate()
            server.wait(30)
    return {**done, "reads": reads}


# --------------------------------------------------------------------------- report
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "dateline-bench-events.db")
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0, help="per route")
    parser.add_argument("--extract-clients", type=int, default=1)
    parser.add_argument("--pages", type=int, default=200, help="cursor pages to sample")
    parser.add_argument(
        "--serve-args", default="--workers 1", help="options for dateline serve (quoted)"
    )
    parser.add_argument("--routes", help="comma-separated subset of routes (default: all)")
    parser.add_argument(
        "--ingest",
        action="store_true",
        help="time POST /ingest of a few articles into a copy of the store, with reads going on",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the built store in this directory (named by size and code hash), not --db",
    )
    args = parser.parse_args()

    if args.cache:
        args.db = cached_db(args.cache, args.events, args.per_article)
    have = count_events(args.db)
    if have != args.events:
        print(f"building {args.db} with {args.events} events (cached for later runs) ...")
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
        build_db(args.db, args.events, args.per_article)
    rng = random.Random(11)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"load average at start: {load_average()} ({os.cpu_count()} cores)", flush=True)
    stream = ExtractStream(base, args.extract_clients)
    results: dict[str, dict[str, Any]] = {}
    if args.routes != "":  # --routes "" --ingest: the ingest phase alone
        results = read_phases(args, base, port, stream, rng)
    if args.ingest:
        ingest = ingest_phase(args.db, shlex.split(args.serve_args), args.clients)
        latencies = [r[1] for r in ingest["reads"]]
        seconds = ", ".join(f"{t:.1f}" for t in ingest["seconds"])
        print(
            f"POST /ingest of {len(INGEST_SEEDS)} articles one after another into the "
            f"{args.events}-event store: {seconds} s, worst {max(ingest['seconds']):.1f} s "
            f"(status {', '.join(map(str, ingest['status']))}); "
            f"one client reading uncached pages meanwhile: {len(latencies)} reads, p95 "
            f"{pct(latencies, 95) if latencies else float('nan'):.1f} ms"
        )
    report(results, stream, args)
    return 0


def read_phases(
    args: argparse.Namespace, base: str, port: int, stream: ExtractStream, rng: random.Random
) -> dict[str, dict[str, Any]]:
    """Each read route alone, then all mixed, with the /extract stream going on."""
    server = start_server(args.db, port, shlex.split(args.serve_args))
    results: dict[str, dict[str, Any]] = {}
    try:
        routes = sample_urls(base, args.pages, rng)
        if args.extract_clients:
            stream.start()
        wanted = args.routes.split(",") if args.routes is not None else [*routes, "mixed"]
        wanted = [w for w in wanted if w in routes or w == "mixed"]
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(args.clients, mp_context=context) as pool:
            warm = [
                pool.submit(client_run, base, [("warm", "/health")], 0.5)
                for _ in range(args.clients)
            ]
            concurrent.futures.wait(warm)
            for name in wanted:
                plans = (
                    mixed_plans(routes, args.clients, rng)
                    if name == "mixed"
                    else plans_for({name: routes[name]}, args.clients, rng)
                )
                results[name] = run_phase(pool, base, plans, args.seconds, server.pid)
                print_row(name, results[name])
    finally:
        stream.stop()
        server.terminate()
        server.wait(30)
    return results


def run_phase(
    pool: Any, base: str, plans: list[list[tuple[str, str]]], seconds: float, pid: int
) -> dict[str, Any]:
    before_cpu, before_load = cpu_seconds(pid), load_average()
    started = time.perf_counter()
    futures = [pool.submit(client_run, base, plan, seconds) for plan in plans]
    samples = [s for f in futures for s in f.result()]
    wall = time.perf_counter() - started
    after_cpu = cpu_seconds(pid)
    cpu = None if before_cpu is None or after_cpu is None else after_cpu - before_cpu
    return {"samples": samples, "wall": wall, "cpu": cpu, "load": (before_load, load_average())}


HEADER = (
    f"{'route':<16}{'n':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    f"{'cpu ms/req':>11}{'errors':>8}  load before -> after"
)


def print_row(name: str, result: dict[str, Any]) -> None:
    if not getattr(print_row, "shown", False):
        print(HEADER)
        print_row.shown = True  # type: ignore[attr-defined]
    samples = result["samples"]
    latencies = [s[1] for s in samples]
    errors = sum(1 for s in samples if s[2] not in (200, 304))
    rps = len(samples) / result["wall"]
    cpu = f"{result['cpu'] * 1000 / len(samples):.2f}" if result["cpu"] and samples else "-"
    print(
        f"{name:<16}{len(samples):>7}{rps:>8.0f}{pct(latencies, 50):>9.1f}"
        f"{pct(latencies, 95):>9.1f}{pct(latencies, 99):>9.1f}{cpu:>11}{errors:>8}  "
        f"{result['load'][0]} -> {result['load'][1]}",
        flush=True,
    )


def report(
    results: dict[str, dict[str, Any]], stream: ExtractStream, args: argparse.Namespace
) -> None:
    if stream.seconds or stream.busy or stream.failed:
        mean = sum(stream.seconds) / len(stream.seconds) if stream.seconds else 0
        print(
            f"/extract stream ({args.extract_clients} client(s)): {stream.done} done, mean "
            f"{mean:.2f} s, {stream.busy} answered 503, other failures {stream.failed or 0}"
        )
    if not results:
        return
    if "mixed" in results:
        mixed = results["mixed"]["samples"]
        by_route: dict[str, list[float]] = {}
        for route, seconds, _ in mixed:
            by_route.setdefault(route, []).append(seconds)
        print(
            "mixed, by route: "
            + ", ".join(f"{r} p95 {pct(v, 95):.0f} ms" for r, v in sorted(by_route.items()))
        )
    verdicts = []
    worst_name, worst = "", 0.0
    for name, result in results.items():
        samples = result["samples"]
        if not samples:
            continue
        p95 = pct([s[1] for s in samples], 95)
        rps = len(samples) / result["wall"]
        errors = sum(1 for s in samples if s[2] not in (200, 304))
        if p95 > worst:
            worst_name, worst = name, p95
        if rps < TARGET_RPS or p95 >= TARGET_P95_MS or errors:
            verdicts.append(name)
    print(f"load average at the end: {load_average()} ({os.cpu_count()} cores)")
    print(
        f"target {TARGET_RPS} req/s with p95 < {TARGET_P95_MS} ms on every route: "
        + ("met" if not verdicts else f"NOT met on {', '.join(verdicts)}")
    )
    print(f"worst p95: {worst:.1f} ms ({worst_name})")


if __name__ == "__main__":
    sys.exit(main())
