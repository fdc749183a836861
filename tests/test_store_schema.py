"""Schema versioning: fresh stores are current, old ones upgrade, newer ones are refused."""

from __future__ import annotations

import pytest

from dateline.store.db import connect
from dateline.store.schema import LATEST, MIGRATIONS, current_version, migrate, open_store


def _tables(store) -> set[str]:
    rows = store.query("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r["name"] for r in rows}


def test_fresh_store_is_at_the_latest_version(tmp_path):
    with open_store(str(tmp_path / "a.db")) as store:
        assert current_version(store) == LATEST == len(MIGRATIONS)
        assert {"articles", "events", "failed", "canonical_events", "actor_links"} <= _tables(store)
        versions = [r["version"] for r in store.query("SELECT version FROM schema_version")]
        assert versions == list(range(1, LATEST + 1))


def test_an_old_store_is_upgraded_in_order_and_keeps_its_rows(tmp_path):
    path = str(tmp_path / "old.db")
    with connect(path) as store:
        current_version(store)
        with store.transaction():
            MIGRATIONS[0](store)
            store.execute("INSERT INTO schema_version (version, applied_at) VALUES (1, 'x')")
            store.execute(
                "INSERT INTO failed (source, reason, failed_at) VALUES ('f.txt', 'empty', 'x')"
            )
        assert "canonical_events" not in _tables(store)
    with open_store(path) as store:
        assert current_version(store) == LATEST
        assert "canonical_events" in _tables(store)
        assert store.scalar("SELECT reason FROM failed") == "empty"
        assert migrate(store) == LATEST  # idempotent


def test_a_newer_store_is_refused(tmp_path):
    path = str(tmp_path / "new.db")
    with open_store(path) as store:
        store.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, 'x')", (LATEST + 1,)
        )
    with pytest.raises(RuntimeError, match="newer"):
        open_store(path)


def _written_as_then(store) -> None:
    """Make today's writer write ``store`` as a dateline of its schema's time did: columns
    that later migrations added (an event's source name, the commitment fields of
    migration 5) are left out of every row."""
    insert, insert_many = store.insert, store.insert_many

    def known(table, row):
        have = {r["name"] for r in store.query(f"PRAGMA table_info({table})")}
        return {k: v for k, v in row.items() if k in have}

    store.insert = lambda table, row: insert(table, known(table, row))
    store.insert_many = lambda table, rows: insert_many(table, [known(table, r) for r in rows])


def test_a_version_2_store_is_upgraded_and_re_resolved(tmp_path):
    """Stores from before incremental resolution keep their articles; the derived tables
    are recreated and filled on the next resolution (features computed once from the
    stored records)."""
    from dateline.store.resolve import resolve
    from dateline.store.synthetic import contract_doc, entity, event, place
    from dateline.store.write import write_document

    path = str(tmp_path / "v2.db")
    with connect(path) as store:
        current_version(store)
        with store.transaction():
            for number in (1, 2):
                MIGRATIONS[number - 1](store)
                store.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, 'x')", (number,)
                )
        _written_as_then(store)
        for outlet in ("a.example", "b.example"):
            doc = contract_doc(
                f"Gunmen attacked a market in Zaria, {outlet} said.",
                published="2025-03-14",
                outlet=outlet,
                entities=[entity("e1", "Red Valley Movement", "ORG")],
                places=[place("p1", "Zaria", "NG", 11.11, 7.72)],
                events=[event("v1", "ASSAULT", "2025-03-14", actors=["e1"], where="p1")],
            )
            with store.transaction():
                write_document(store, doc)
    with open_store(path) as store:
        assert current_version(store) == LATEST
        assert {"article_features", "resolve_keys", "name_groups"} <= _tables(store)
        assert store.scalar("SELECT COUNT(*) FROM article_features") == 0
        counts = resolve(store)
        assert store.scalar("SELECT COUNT(*) FROM article_features") == 2
        assert counts["canonical_events"] == 1 and counts["stories"] == 1


def test_commitments_by_party_seek_an_index_not_the_whole_table(tmp_path):
    """The monitor's join from actor links to commitments' parties runs on every ingest: its
    plan must look commitments up by ``party_id`` (a scan grows with the store). Before
    migration 6 the same query scans commitments."""
    query = (
        "EXPLAIN QUERY PLAN SELECT c.id FROM commitments c JOIN actor_links l "
        "ON l.entity_id = c.party_id WHERE l.actor_id IN (1, 2)"
    )
    with open_store(str(tmp_path / "a.db")) as store:
        plan = " ".join(str(r["detail"]) for r in store.query(query))
    assert "commitments_party" in plan, plan
    path = str(tmp_path / "v5.db")
    with connect(path) as old:
        current_version(old)
        with old.transaction():
            for step in MIGRATIONS[:5]:
                step(old)
        plan = " ".join(str(r["detail"]) for r in old.query(query))
    assert "commitments_party" not in plan and ("SCAN c" in plan or "AUTOMATIC" in plan), plan
