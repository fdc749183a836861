"""The canonical tables depend only on the set of stored articles: never on the order they
arrived in, nor on whether they were resolved one by one, in batches or in a full rebuild."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from dateline.store import open_store
from dateline.store.export import event_rows
from dateline.store.ingest import ingest, read_inputs
from dateline.store.resolve import index_article, resolve, table_snapshot
from dateline.store.synthetic import synthetic_documents
from dateline.store.write import content_hash, write_document

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _build(path: Path, batches: list[list[dict]]):
    store = open_store(str(path))
    for batch in batches:
        for doc in batch:
            with store.transaction():
                article_id = write_document(store, doc)
                index_article(store, article_id, doc, content_hash(doc["document"]["text"]))
        resolve(store)
    return store


def _export(store) -> list[str]:
    _, rows = event_rows(store, "dateline")
    return [json.dumps(r, sort_keys=True, default=str) for r in rows]


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    # 150 articles over a week, a third of them reporting an event another outlet covers.
    return synthetic_documents(150, seed=3, per_day=20)


def test_three_ingest_orders_give_the_same_canonical_tables(tmp_path, corpus):
    half = len(corpus) // 2
    shuffled = corpus[:]
    random.Random(1).shuffle(shuffled)
    orders = {
        "A then B": [corpus[:half], corpus[half:]],
        "B then A": [corpus[half:], corpus[:half]],
        "shuffled, one by one": [[doc] for doc in shuffled[:40]] + [shuffled[40:]],
    }
    stores = {
        name: _build(tmp_path / f"{i}.db", batches)
        for i, (name, batches) in enumerate(orders.items())
    }
    try:
        snapshots = {name: table_snapshot(store) for name, store in stores.items()}
        first = snapshots["A then B"]
        # The corpus exercises every layer: merged stories, merged events, joined actors.
        assert len(first["stories"]) == 150
        assert len({s[1] for s in first["stories"]}) < 100
        assert len(first["canonical_events"]) < len(first["canonical_mentions"])
        for name, snapshot in snapshots.items():
            for table, rows in first.items():
                assert snapshot[table] == rows, f"{table} differs for order {name!r}"
        exports = {name: _export(store) for name, store in stores.items()}
        assert exports["B then A"] == exports["A then B"] == exports["shuffled, one by one"]
    finally:
        for store in stores.values():
            store.close()


def test_a_rebuild_gives_what_the_incremental_path_gave(tmp_path, corpus):
    store = _build(tmp_path / "r.db", [corpus[i : i + 30] for i in range(0, 150, 30)])
    with store:
        incremental = table_snapshot(store)
        resolve(store, rebuild=True)
        assert table_snapshot(store) == incremental


def test_an_old_article_arriving_late_is_the_same_as_arriving_first(tmp_path, corpus):
    """A backfilled article dated before everything stored repairs what follows it."""
    early = sorted(corpus, key=lambda d: d["document"]["published"])[:10]
    rest = [d for d in corpus if d not in early]
    late = _build(tmp_path / "late.db", [rest, early])
    first = _build(tmp_path / "first.db", [early, rest])
    with late, first:
        assert table_snapshot(late) == table_snapshot(first)


def test_ingest_order_does_not_change_the_result_through_the_pipeline(tmp_path):
    files = sorted(CORPUS.glob("*.json"))
    snapshots = []
    for i, order in enumerate((files, files[::-1])):
        with open_store(str(tmp_path / f"p{i}.db")) as store:
            for path in order:  # one ingest (and one resolution) per article
                ingest(store, read_inputs([str(path)]), progress=False)
            snapshots.append(table_snapshot(store))
    assert snapshots[0] == snapshots[1]
