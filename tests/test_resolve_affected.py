"""The repair sweep's question, answered the other way round, never misses a change.

An incremental run passes stored items and asks each whether what the run changed can change
its decision (``ordered.Layer.affected``). The direct test: has it an earlier candidate that
changed or sits in a moved cluster? Both layers answer from the few items that can affect
anything, by the symmetry of candidacy (an item is a candidate of its candidates), instead of
finding every passed item's candidates; the story layer gives the direct answer exactly, and
the event layer also passes over a mention whose moved clusters only gained members that rule
it out or link to it too weakly to join. Here the direct question is asked beside it on every
call of incremental runs: the story answers must agree, and each event mention passed over
that the direct test calls affected must get its stored decision (head and reasons) when
decided again. The controls drop part of what the layers look at and show that the checks then
fail.
"""

from __future__ import annotations

import json
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


Call = tuple[bool, bool, bool | None]  # (answer, direct answer, decided again as stored)


def _kept(layer: EventLayer, item: Any, heads: dict) -> bool:
    """Whether deciding ``item`` again now gives its stored head and reasons."""
    decision = layer.decide(item, heads)
    why = layer.store.scalar(
        "SELECT why FROM canonical_mentions WHERE event_id = ?", (item.mention.event_id,)
    )
    return decision.head == layer.old_head(item) and json.dumps(decision.why, sort_keys=True) == why


def _recorded_runs(
    path: Path, corpus: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, rebuild: bool
) -> dict[str, list[Call]]:
    """Resolve the corpus in batches (a first half, then batches of 10, then one by one),
    recording every ``affected`` call of both layers (an event mention the direct test calls
    affected but the answer passes over is decided again, to compare); with ``rebuild``,
    check that a rebuild then gives the same tables."""
    calls: dict[str, list[Call]] = {"events": [], "stories": []}

    def on_events(self, item, changed, heads, moved, _o=EventLayer.affected):
        answer = _o(self, item, changed, heads, moved)
        direct = _direct_event(self, item, changed, heads, moved)
        kept = _kept(self, item, heads) if direct and not answer else None
        calls["events"].append((answer, direct, kept))
        return answer

    def on_stories(self, item, changed, heads, moved, _o=StoryLayer.affected):
        answer = _o(self, item, changed, heads, moved)
        calls["stories"].append((answer, _direct_story(self, item, changed, heads, moved), None))
        return answer

    monkeypatch.setattr(EventLayer, "affected", on_events)
    monkeypatch.setattr(StoryLayer, "affected", on_stories)
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


def _missed(calls: list[Call]) -> list[Call]:
    """Calls that answered "not affected" where deciding again would change something."""
    return [c for c in calls if c[1] and not c[0] and not c[2]]


def test_affected_asked_the_other_way_round_misses_nothing(tmp_path, corpus, monkeypatch):
    calls = _recorded_runs(tmp_path / "s.db", corpus, monkeypatch, rebuild=True)
    for name, answers in calls.items():
        # Both direct answers occur, so the checks below mean something.
        assert {c[1] for c in answers} == {True, False}, name
        assert not [c for c in answers if c[0] and not c[1]], f"{name}: affected, not directly"
    stories, events = calls["stories"], calls["events"]
    assert not [c for c in stories if c[0] != c[1]]
    assert not _missed(events)
    # Some mentions were passed over that the direct test would decide again.
    assert any(c[1] and not c[0] for c in events)


def test_control_events_without_what_moved_clusters_gained(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(EventLayer, "_closed_to", lambda self, item, head: True)
    calls = _recorded_runs(tmp_path / "s.db", corpus, monkeypatch, rebuild=False)
    assert _missed(calls["events"])


def test_control_stories_without_the_stored_articles_of_moved_stories(
    tmp_path, corpus, monkeypatch
):
    monkeypatch.setattr(StoryLayer, "_stored_members", lambda self, head, since, through: [])
    calls = _recorded_runs(tmp_path / "s.db", corpus, monkeypatch, rebuild=False)
    assert any(c[1] and not c[0] for c in calls["stories"])
