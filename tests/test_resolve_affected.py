"""The repair sweep's question, answered the other way round, gives the direct answer.

An incremental run passes stored items and asks each whether an earlier candidate of it
changed or sits in a moved cluster (``ordered.Layer.affected``). Both layers answer from the
few items that can affect anything, by the symmetry of candidacy (an item is a candidate of
its candidates), instead of finding every passed item's candidates. Here the direct question
is asked beside it on every call of incremental runs, and must agree; the controls drop part
of what the layers expose and show that the comparison then fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dateline.store import open_store
from dateline.store.resolve import index_article, resolve, table_snapshot
from dateline.store.resolve.events import EventLayer
from dateline.store.resolve.index import article_key
from dateline.store.resolve.stories import StoryLayer
from dateline.store.synthetic import synthetic_documents
from dateline.store.write import content_hash, write_document


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    # 160 articles over eight days, a third reporting an event another outlet covers, so
    # that later batches join stored stories and clusters (moved ones with stored members).
    return synthetic_documents(160, seed=5, per_day=20)


def _direct_event(layer: EventLayer, item: Any, changed: set, heads: dict, moved: set) -> bool:
    me = item.key
    return any(
        c.key < me and (c.key in changed or (heads.get(c.key) or layer.old_head(c)) in moved)
        for c in layer.candidates(item)
    )


def _direct_story(layer: StoryLayer, item: Any, changed: set, heads: dict, moved: set) -> bool:
    me = article_key(item)
    for other in layer.index.features_many(layer.index.story_candidates(item)).values():
        key = article_key(other)
        if key < me and (key in changed or (heads.get(key) or layer.old_head(other)) in moved):
            return True
    return False


def _recorded_runs(
    path: Path, corpus: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, rebuild: bool
) -> dict[str, list[tuple[bool, bool]]]:
    """Resolve the corpus in batches (a first half, then batches of 10, then one by one),
    recording (answer, direct answer) for every ``affected`` call of both layers; with
    ``rebuild``, check that a rebuild then gives the same tables."""
    calls: dict[str, list[tuple[bool, bool]]] = {"events": [], "stories": []}
    for name, cls, direct in (
        ("events", EventLayer, _direct_event),
        ("stories", StoryLayer, _direct_story),
    ):
        original = cls.affected

        def recording(self, item, changed, heads, moved, _o=original, _d=direct, _n=name):
            answer = _o(self, item, changed, heads, moved)
            calls[_n].append((answer, _d(self, item, changed, heads, moved)))
            return answer

        monkeypatch.setattr(cls, "affected", recording)
    batches = [corpus[:80]] + [corpus[i : i + 10] for i in range(80, 140, 10)]
    batches += [[doc] for doc in corpus[140:]]
    with open_store(str(path)) as store:
        for batch in batches:
            with store.transaction():
                for doc in batch:
                    article_id = write_document(store, doc)
                    index_article(store, article_id, doc, content_hash(doc["document"]["text"]))
            resolve(store)
        if rebuild:
            incremental = table_snapshot(store)
            resolve(store, rebuild=True)
            assert table_snapshot(store) == incremental
    return calls


def test_affected_asked_the_other_way_round_is_the_direct_answer(tmp_path, corpus, monkeypatch):
    calls = _recorded_runs(tmp_path / "s.db", corpus, monkeypatch, rebuild=True)
    for name, answers in calls.items():
        # Both answers occur, so the agreement below means something.
        assert {direct for _, direct in answers} == {True, False}, name
        wrong = [a for a in answers if a[0] != a[1]]
        assert not wrong, f"{name}: {len(wrong)} of {len(answers)} answers differ"


def test_control_events_without_the_stored_members_of_moved_clusters(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(EventLayer, "_stored_members", lambda self, head: [])
    calls = _recorded_runs(tmp_path / "s.db", corpus, monkeypatch, rebuild=False)
    assert any(direct and not answer for answer, direct in calls["events"])


def test_control_stories_without_the_stored_articles_of_moved_stories(
    tmp_path, corpus, monkeypatch
):
    monkeypatch.setattr(StoryLayer, "_stored_members", lambda self, head, since, through: [])
    calls = _recorded_runs(tmp_path / "s.db", corpus, monkeypatch, rebuild=False)
    assert any(direct and not answer for answer, direct in calls["stories"])
