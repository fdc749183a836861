"""Canonical events: event mentions from any number of articles that are one real event.

Mentions are taken in the canonical order (earliest possible day, article hash, local id),
separately per PLOVER type (events of two types never merge). A mention joins the earlier
cluster it scores best with (``pairs.event_pair``; at least ``MERGE_SCORE``) unless any member
rules it out (complete link on the vetoes: another type or status, dates that cannot
overlap, places apart, one writer placing two mentions apart), so a cluster never chains: all
its dated members share a possible day. Candidates come from the index: mentions whose dates
share a week cell (time window × type), and mentions of the same type in articles that are
plainly one story with this one (which is also how undated mentions meet).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dateline.store.db import Store, id_chunks
from dateline.store.resolve.features import ArticleFeatures, Mention
from dateline.store.resolve.index import Index, mention_key
from dateline.store.resolve.ordered import FAR, Decision, Outcome
from dateline.store.resolve.pairs import MERGE_SCORE, event_pair
from dateline.store.resolve.stories import dated_id


@dataclass(frozen=True)
class Item:
    """One event mention with its article's features (pairs need both)."""

    article: ArticleFeatures
    mention: Mention

    @property
    def key(self) -> str:
        return mention_key(self.article, self.mention)


class EventLayer:
    """The canonical-event layer for ``ordered.run``, for one PLOVER type."""

    def __init__(self, store: Store, index: Index, type_: str) -> None:
        self.store = store
        self.index = index
        self.type = type_
        self.added: dict[str, list[Item]] = defaultdict(list)  # head → items this run put there
        self.left: dict[str, set[str]] = defaultdict(set)  # head → keys this run took away
        self._candidates: dict[int, list[Item]] = {}
        # ``affected`` asked the other way round: event id → the least key of a mention that
        # changed or sits in a moved cluster and has it as a candidate (its *exposer*).
        self._exposed: dict[int, str] = {}
        self._sources: set[str] = set()  # keys of the mentions whose candidates were exposed
        self._moved_seen: set[str] = set()  # moved heads whose members were exposed
        self._recent: list[tuple[Item, str]] = []  # committed since the last look: (item, head)

    # -- the Layer protocol -----------------------------------------------------------------
    def key(self, item: Item) -> str:
        return item.key

    def day(self, item: Item) -> str:
        return item.mention.lo or FAR

    def reach(self, item: Item, head: str) -> str:
        if not item.mention.hi:
            return FAR
        his = [m.mention.hi for m in self.members(head, "~") if m.mention.hi]
        return max([item.mention.hi, *his])

    def old_items(self, start: str, through: str) -> Iterator[Item]:
        ids = self.index.mentions_between(self.type, start, through)
        yield from self.items(ids)

    def old_head(self, item: Item) -> str | None:
        return self.store.scalar(
            "SELECT head FROM canonical_mentions WHERE event_id = ?", (item.mention.event_id,)
        )

    def commit(self, item: Item, decision: Decision) -> None:
        self.added[decision.head].append(item)
        self._recent.append((item, decision.head))
        before = self.old_head(item)
        if before:
            self.left[before].add(item.key)

    def affected(
        self, item: Item, changed: set[str], heads: dict[str, str], moved: set[str]
    ) -> bool:
        """Whether an earlier candidate of ``item`` changed or sits in a moved cluster, asked
        the other way round: the candidate relation is symmetric (week cells shared with a
        compatible country; articles linked as one story with dates that meet), so instead
        of finding the candidates of every mention the sweep passes (each needs its
        article's story links: hundreds of pair scores, and most mentions are unaffected),
        the candidates of the few mentions that can affect anything (those that changed,
        and the members of the clusters that moved) are found once and each swept mention
        is looked up among them. ``heads`` is not needed: a mention's head as of now is the
        one it was committed with, or its stored one."""
        self._expose(changed, moved)
        exposer = self._exposed.get(item.mention.event_id)
        return exposer is not None and exposer < item.key

    def decide(self, item: Item, heads: dict[str, str]) -> Decision:
        me = item.key
        by_head: dict[str, None] = {}
        for other in self.candidates(item):
            key = other.key
            if key >= me:
                continue
            head = heads.get(key) or self.old_head(other)
            if head:
                by_head[head] = None
        best: tuple[float, str, dict[str, Any]] | None = None
        for head in sorted(by_head):
            outcome = self._join(item, self.members(head, me))
            if outcome and outcome[0] >= MERGE_SCORE and (best is None or outcome[0] > best[0]):
                best = (outcome[0], head, outcome[1])
        if best is None:
            return Decision(me, {"rule": "first_mention"})
        return Decision(best[1], {"rule": "same_event", **best[2]})

    # -- helpers ----------------------------------------------------------------------------
    def _expose(self, changed: set[str], moved: set[str]) -> None:
        """Expose the candidates of every mention that can now affect a later one: each
        committed mention whose head moved (it is in ``changed``) or is a moved cluster,
        and every member of a cluster that became moved (its stored members and those this
        run put there). ``moved`` and ``changed`` only grow during a run, and a mention
        before the sweep's position keeps its head, so what is exposed stays exposed."""
        if len(moved) != len(self._moved_seen):  # moved only grows: new heads to expose
            for head in sorted(moved - self._moved_seen):
                self._moved_seen.add(head)
                for other in self._stored_members(head) + self.added.get(head, []):
                    self._expose_from(other)
        for other, head in self._recent:
            if other.key in changed or head in self._moved_seen:
                self._expose_from(other)
        self._recent.clear()

    def _expose_from(self, source: Item) -> None:
        """Record ``source`` as a possible exposer of each of its candidates."""
        if source.key in self._sources:
            return
        self._sources.add(source.key)
        for other in self.candidates(source):
            known = self._exposed.get(other.mention.event_id)
            if known is None or source.key < known:
                self._exposed[other.mention.event_id] = source.key

    def _stored_members(self, head: str) -> list[Item]:
        """Every stored member of cluster ``head`` (as before this run)."""
        rows = self.store.query(
            "SELECT event_id FROM canonical_mentions WHERE type = ? AND head = ?",
            (self.type, head),
        )
        return self.items([r["event_id"] for r in rows])

    def items(self, event_ids: list[int]) -> list[Item]:
        articles = self.index.mention_articles(event_ids)
        features = self.index.features_many(articles.values())
        found = []
        for event_id in event_ids:
            f = features.get(articles.get(event_id, -1))
            m = next((x for x in f.mentions if x.event_id == event_id), None) if f else None
            if f and m:
                found.append(Item(f, m))
        return found

    def candidates(self, item: Item) -> list[Item]:
        found = self._candidates.get(item.mention.event_id)
        if found is None:
            found = self._candidates[item.mention.event_id] = self._find_candidates(item)
        return found

    def _find_candidates(self, item: Item) -> list[Item]:
        ids = set(self.index.mention_candidates(item.mention))
        found = self.items(sorted(ids))
        mine = item.mention.interval()
        seen = {i.mention.event_id for i in found}
        nearby = self.index.features_many(self.index.story_candidates(item.article))
        nearby.setdefault(item.article.article_id, item.article)
        for f in nearby.values():
            for m in f.mentions:
                if m.type != self.type or m.event_id in seen:
                    continue
                other = m.interval()
                # A dated mention only ever joins mentions whose dates meet its own: the
                # others are no candidates (so a change reaches no further than the dates
                # of the clusters it touches, which is how far a run repairs).
                if mine and other and not (mine[0] <= other[1] and other[0] <= mine[1]):
                    continue
                # Last, as it costs a pair score: only mentions of articles plainly of one
                # story with this one are candidates through their article.
                if not self.index.linked(item.article, f):
                    continue
                found.append(Item(f, m))
                seen.add(m.event_id)
        return [i for i in found if i.mention.event_id != item.mention.event_id]

    def members(self, head: str, before: str) -> list[Item]:
        """Members of cluster ``head`` that sort before key ``before``, as of now in the run."""
        rows = self.store.query(
            "SELECT event_id, sort_key FROM canonical_mentions WHERE type = ? AND head = ? "
            "AND sort_key < ? ORDER BY sort_key",
            (self.type, head, before),
        )
        gone = self.left.get(head, set())
        stored = self.items([r["event_id"] for r in rows if r["sort_key"] not in gone])
        added = [i for i in self.added.get(head, []) if i.key < before]
        return sorted(stored + added, key=lambda i: i.key)

    def _join(self, item: Item, members: list[Item]) -> tuple[float, dict[str, Any]] | None:
        best: tuple[float, dict[str, Any]] | None = None
        for other in members:
            linked = self.index.linked(item.article, other.article)
            outcome = event_pair(item.mention, other.mention, item.article, other.article, linked)
            if outcome is None:
                return None  # complete link on vetoes: one contradiction keeps it apart
            if best is None or outcome[0] > best[0]:
                best = (outcome[0], {**outcome[1], "joined": other.mention.key})
        return best


def write(store: Store, outcome: Outcome[Item], type_: str) -> set[str]:
    """Store the run's decisions for one type; returns the heads whose membership changed."""
    touched: set[str] = set()
    rows = []
    for item, decision in outcome.decided:
        key = item.key
        old = outcome.old_heads.get(key)
        why = json.dumps(decision.why, sort_keys=True)
        if key not in outcome.changed and old == decision.head:
            store.execute(
                "UPDATE canonical_mentions SET why = ? WHERE event_id = ?",
                (why, item.mention.event_id),
            )
            continue
        touched.add(decision.head)
        if old:
            touched.add(old)
        rows.append(
            {
                "event_id": item.mention.event_id,
                "canonical_id": dated_id(decision.head),
                "article_id": item.article.article_id,
                "head": decision.head,
                "sort_key": key,
                "type": type_,
                "why": why,
            }
        )
    ids = [r["event_id"] for r in rows]
    for chunk, marks in id_chunks(ids):
        store.execute(f"DELETE FROM canonical_mentions WHERE event_id IN ({marks})", chunk)
    store.insert_many("canonical_mentions", rows)
    return touched
