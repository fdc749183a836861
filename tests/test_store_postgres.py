"""The same store on PostgreSQL: a real throwaway server when initdb/pg_ctl are installed.

Skips (with the reason) when the server binaries or psycopg are missing, or when running as
root without a ``postgres`` user to run the server as.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator

import pytest

from dateline.read import article_from_record
from dateline.store import open_store
from dateline.store.export import event_rows
from dateline.store.ingest import ingest
from dateline.store.query import get_event, list_events
from dateline.store.resolve import resolve
from dateline.store.schema import LATEST, current_version
from dateline.store.synthetic import contract_doc, entity, event, generate_articles, place
from dateline.store.write import write_document


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A private PostgreSQL server on a Unix socket; yields a URL template (``{db}``)."""
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install dateline[postgres])")
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found")
    prefix: list[str] = []
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        prefix = ["runuser", "-u", "postgres", "--"]
    home = tempfile.mkdtemp(prefix="dateline-pg-")
    data = os.path.join(home, "data")
    if prefix:
        shutil.chown(home, "postgres")
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)

    init = run(initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
    if init.returncode:
        shutil.rmtree(home, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    options = f"-k {home} -c listen_addresses='' -p {port} -c fsync=off"
    start = run(pg_ctl, "-D", data, "-o", options, "-w", "-l", os.path.join(home, "log"), "start")
    if start.returncode:
        shutil.rmtree(home, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[-300:]}")
    try:
        yield f"postgresql://postgres@/{{db}}?host={home}&port={port}"
    finally:
        run(pg_ctl, "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


_counter = itertools.count()


@pytest.fixture()
def pg_url(server: str) -> str:
    """A fresh, empty database on the test server."""
    import psycopg

    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server.format(db="postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.format(db=name)


def _bombing(outlet: str, killed: int) -> dict:
    return contract_doc(
        f"A truck bomb hit a checkpoint, {outlet} said.",
        published="2025-03-14",
        outlet=outlet,
        entities=[entity("e1", "Sahel Dawn Front", "ORG")],
        places=[place("p1", "Baidoa", "SO", 3.11, 43.65)],
        events=[event("v1", "ASSAULT", "2025-03-14", actors=["e1"], where="p1", fatalities=killed)],
    )


def test_postgres_store_migrates_merges_and_queries(pg_url):
    with open_store(pg_url) as store:
        assert store.dialect.name == "postgresql"
        assert current_version(store) == LATEST
        for outlet, killed in (("a.example", 20), ("b.example", 25)):
            with store.transaction():
                write_document(store, _bombing(outlet, killed))
        resolve(store)
        rows, cursor = list_events(
            store, {"country": "SO", "type": "ASSAULT", "since": "2025-03-01", "actor": "dawn"}
        )
        assert cursor is None and len(rows) == 1
        assert (rows[0]["fatalities_low"], rows[0]["fatalities_high"]) == (20, 25)
        assert rows[0]["sources"] == ["a.example", "b.example"]
        assert len(get_event(store, rows[0]["id"])["mentions"]) == 2
        columns, exported = event_rows(store, "acled")
        assert [r["fatalities"] for r in exported] == [20]


def test_postgres_ingest_is_idempotent_and_rolls_back_failures(pg_url):
    articles = [article_from_record(r, f"r{i}") for i, r in enumerate(generate_articles(3, seed=9))]
    with open_store(pg_url) as store:
        assert ingest(store, articles, progress=False).ingested == 3
        again = ingest(store, articles, progress=False)
        assert (again.ingested, again.duplicates) == (0, 3)
        with pytest.raises(RuntimeError), store.transaction():
            write_document(store, _bombing("c.example", 1))
            raise RuntimeError("abort")
        assert store.scalar("SELECT COUNT(*) FROM articles") == 3


def test_partitioned_backfill_on_ray_into_postgres_equals_the_local_rebuild(pg_url, tmp_path):
    """The Ray backfill (pair scores per 2-day window, on a local Ray) writing to PostgreSQL
    gives the tables the local incremental path gives in SQLite."""
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install dateline[ray])")
    from dateline.store.resolve import index_article, table_snapshot
    from dateline.store.resolve.backfill import backfill
    from dateline.store.synthetic import synthetic_documents
    from dateline.store.write import content_hash

    docs = synthetic_documents(80, seed=8, per_day=12)

    def fill(store):
        for doc in docs:
            with store.transaction():
                article_id = write_document(store, doc)
                index_article(store, article_id, doc, content_hash(doc["document"]["text"]))

    with open_store(str(tmp_path / "local.db")) as local:
        fill(local)
        resolve(local)
        expected = table_snapshot(local)
    from dateline.store.resolve import pairs

    pairs._PAIRS.clear()  # nothing scored locally may help the backfill
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    try:
        with open_store(pg_url) as store:
            fill(store)
            report = backfill(store, engine="ray", window_days=2)
            assert report.partitions >= 3 and report.pairs > 0
            assert table_snapshot(store) == expected
    finally:
        ray.shutdown()
