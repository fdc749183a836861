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
