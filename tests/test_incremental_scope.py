"""Incremental ingest touches only what a new article can join, never the whole store.

A store spanning many weeks gets one more article on its last day; the resolution run that
follows may read the features of candidate articles (those within the story and event
windows of the new one), but none of the weeks before, and no statement of the ingest reads
every stored article's hash or text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dateline.store import open_store
from dateline.store.ingest import KnownHashes, known_hashes
from dateline.store.resolve import index_article, resolve, table_snapshot
from dateline.store.resolve.features import index_keys, parse_day
from dateline.store.resolve.index import Index
from dateline.store.resolve.ordered import FAR
from dateline.store.resolve.pairs import STORY_LONG_WINDOW_DAYS, STORY_WINDOW_DAYS
from dateline.store.resolve.stories import stored_count
from dateline.store.synthetic import contract_doc, entity, event, synthetic_documents
from dateline.store.write import content_hash, write_document

START = date(2024, 1, 1)
PER_DAY = 4
DAYS = 90
# How far back a new article's resolution may look: the long story window, plus the week
# cells of its event dates (an event may be dated a day before its report) and one spare week.
REACH_DAYS = STORY_LONG_WINDOW_DAYS + 14


def _add(store: Any, docs: list[dict[str, Any]]) -> None:
    with store.transaction():
        for doc in docs:
            article_id = write_document(store, doc)
            index_article(store, article_id, doc, content_hash(doc["document"]["text"]))


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    # DAYS days of articles, then one more published on the day after the last.
    return synthetic_documents(DAYS * PER_DAY + 1, seed=11, start=START, per_day=PER_DAY)


def _store_of(path: Path, docs: list[dict[str, Any]]) -> Any:
    store = open_store(str(path))
    _add(store, docs)
    resolve(store)
    return store


def test_one_new_article_reads_only_recent_candidates(tmp_path, corpus, monkeypatch):
    store = _store_of(tmp_path / "s.db", corpus[:-1])
    try:
        read: set[int] = set()
        original = Index.features_many

        def recording(self: Index, ids: Any) -> Any:
            found = original(self, ids)
            read.update(found)
            return found

        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        monkeypatch.setattr(Index, "features_many", recording)
        _add(store, corpus[-1:])
        resolve(store)
        store.conn.set_trace_callback(None)

        new_day = parse_day(corpus[-1]["document"]["published"])
        assert new_day is not None and new_day > START + timedelta(days=REACH_DAYS * 2)
        days = {
            r["article_id"]: parse_day(r["day"])
            for r in store.query("SELECT article_id, day FROM article_features")
        }
        oldest = min(d for i, d in days.items() if i in read and d is not None)
        assert read, "the new article was resolved against nothing"
        assert oldest >= new_day - timedelta(days=REACH_DAYS)
        assert len(read) < len(days) // 2
        # Nothing reads the stored texts or records while resolving.
        reads = [s for s in statements if re.search(r"\bFROM articles\b", s)]
        assert reads
        assert not [
            s for s in reads if "doc_json" in s or "SELECT *" in s or re.search(r"\btext\b", s)
        ]
    finally:
        store.close()


def test_incremental_then_rebuild_gives_the_same_tables(tmp_path, corpus):
    store = _store_of(tmp_path / "s.db", corpus[:-1])
    try:
        _add(store, corpus[-1:])
        resolve(store)
        incremental = table_snapshot(store)
        resolve(store, rebuild=True)
        assert table_snapshot(store) == incremental
    finally:
        store.close()


def test_known_hashes_asks_the_index_not_the_whole_table(tmp_path, corpus):
    store = _store_of(tmp_path / "s.db", corpus[:20])
    try:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        seen = known_hashes(store)
        stored = content_hash(corpus[3]["document"]["text"])
        assert isinstance(seen, KnownHashes)
        assert stored in seen
        assert content_hash("an article never stored") not in seen
        seen.add("abc")
        assert "abc" in seen
        store.conn.set_trace_callback(None)
        assert statements and all("WHERE content_hash" in s for s in statements)
    finally:
        store.close()


def _report_of(text: str, day: str, sector: str | None, type_: str) -> dict[str, Any]:
    person = entity("e1", "Tarik Obenga", "PERSON", sector=sector)
    person["mentions"] = [{"start": 0, "end": 12}]
    return contract_doc(
        text,
        published=day,
        title=text[:40],
        entities=[person],
        events=[event("v1", type_, day, actors=["e1"], sentence=(0, len(text)))],
    )


def test_an_actor_gaining_a_sector_reaches_old_rows_and_equals_a_rebuild(tmp_path):
    early = _report_of(
        "Tarik Obenga led a march through the old market.", "2024-02-01", None, "PROTEST"
    )
    later = _report_of(
        "Tarik Obenga, a union organiser, denounced the port authority.",
        "2024-04-20",
        "LAB",
        "ACCUSE",
    )
    store = _store_of(tmp_path / "s.db", [early])
    try:
        before = store.query("SELECT actor1, actor1_sector FROM canonical_events")
        assert [r["actor1_sector"] for r in before] == [None]
        _add(store, [later])
        resolve(store)
        rows = store.query("SELECT type, actor1, actor1_sector FROM canonical_events ORDER BY type")
        # The old PROTEST row, whose cluster did not change, now shows the actor's sector.
        assert [(r["type"], r["actor1_sector"]) for r in rows] == [
            ("ACCUSE", "LAB"),
            ("PROTEST", "LAB"),
        ]
        incremental = table_snapshot(store)
        resolve(store, rebuild=True)
        assert table_snapshot(store) == incremental
    finally:
        store.close()


def _plan(store: Any, sql: str) -> str:
    return " | ".join(str(r["detail"]) for r in store.query(f"EXPLAIN QUERY PLAN {sql}"))


def test_lookups_of_an_ingest_seek_their_days_not_every_row_of_a_key(tmp_path, corpus):
    # A town or a much-named actor is under a key on every day of the store: a story lookup
    # or a story count that reads all its rows costs more the older the store. Each such
    # statement of an ingest must seek the day range through its index.
    store = _store_of(tmp_path / "s.db", corpus[:-1])
    try:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        _add(store, corpus[-1:])
        resolve(store)
        store.conn.set_trace_callback(None)
        lookups = [s for s in statements if "FROM resolve_keys WHERE" in s]
        counts = [s for s in statements if s.startswith("SELECT COUNT(*) FROM stories WHERE head")]
        assert lookups and counts
        for sql in lookups:
            plan = _plan(store, sql)
            assert "day>? AND day<?" in plan, plan
            assert "(kind=? AND key=?)" not in plan, plan
            # answered from the index (migration 7), never row by row from the table
            assert "COVERING INDEX resolve_keys_cover" in plan, plan
        for sql in counts:
            plan = _plan(store, sql)
            assert "head=? AND day" in plan, plan
    finally:
        store.close()


def test_story_candidates_are_those_a_scan_of_the_keys_finds(tmp_path, corpus):
    # An undated article is found from any day; a dated one within the window of its kind.
    docs = corpus[:120]
    undated = dict(docs[5], document=dict(docs[5]["document"], published=None))
    undated["document"]["text"] += " (undated copy)"
    store = _store_of(tmp_path / "s.db", [*docs, undated])
    try:
        index = Index(store)
        rows = store.query("SELECT article_id, kind, key, day FROM resolve_keys")
        ids = [r["article_id"] for r in store.query("SELECT article_id FROM article_features")]
        for f in index.features_many(ids).values():
            keys = set(index_keys(f))
            day = parse_day(f.day)
            expected = set()
            for r in rows:
                if (r["kind"], r["key"]) not in keys or r["article_id"] == f.article_id:
                    continue
                near = STORY_LONG_WINDOW_DAYS if r["kind"] == "actor_place" else STORY_WINDOW_DAYS
                other = parse_day(r["day"])
                if day is None or other is None or abs((other - day).days) <= near:
                    expected.add(r["article_id"])
            assert set(index.story_candidates(f)) == expected
        assert any(parse_day(f.day) is None for f in index.features_many(ids).values())
    finally:
        store.close()


@pytest.mark.parametrize(
    ("lo", "hi"), [("", FAR), ("2024-01-10", "2024-02-01"), ("2024-03-01", "2024-03-01")]
)
def test_stored_story_count_is_a_count_of_the_rows(tmp_path, corpus, lo, hi):
    docs = corpus[:200]
    undated = dict(docs[7], document=dict(docs[7]["document"], published=None))
    undated["document"]["text"] += " (undated copy)"
    store = _store_of(tmp_path / "s.db", [*docs, undated])
    try:
        rows = store.query("SELECT head, sort_key, day FROM stories")
        assert any(r["day"] is None for r in rows)
        for head in {r["head"] for r in rows}:
            for before in ("2024-01-20", "2024-02-15", "~"):
                expected = sum(
                    1
                    for r in rows
                    if r["head"] == head
                    and r["sort_key"] < before
                    and lo <= (r["day"] or FAR) <= hi
                )
                assert stored_count(store, head, lo, hi, before) == expected
    finally:
        store.close()
