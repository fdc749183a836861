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
        # What this run changed in each cluster: the mentions it gained, the keys it lost.
        self._gains: dict[str, list[Item]] = defaultdict(list)
        self._losses: dict[str, list[str]] = defaultdict(list)
        # ``affected`` asked the other way round: event id → moved head → the least key of a
        # member (present or past) of that cluster that has the mention as a candidate.
        self._exposed: dict[int, dict[str, str]] = defaultdict(dict)
        self._sources: set[tuple[str, str]] = set()  # (key, head) pairs already exposed
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
        if before != decision.head:
            self._gains[decision.head].append(item)
            if before:
                self._losses[before].append(item.key)

    def affected(
        self, item: Item, changed: set[str], heads: dict[str, str], moved: set[str]
    ) -> bool:
        """Whether the clusters this run changed can change ``item``'s decision.

        The direct question: has ``item`` an earlier candidate that changed or sits in a
        moved cluster? It is asked the other way round, as candidacy is symmetric (week
        cells shared with a compatible country; articles linked as one story with dates that
        meet): the candidates of the members, present and past, of each moved cluster are
        found once, and ``item`` is looked up among them, which names the moved clusters it
        sees. (Finding the candidates of every mention a sweep passes needs each one's story
        links, hundreds of pair scores, and most are unaffected.) A moved cluster it sees
        changes nothing for it when the cluster lost no member before it and what it gained
        rules ``item`` out or links to it too weakly to join (``_closed_to``): a new mention
        dated "this year" sees a year of its type, and few of them can join it. ``changed``
        needs no look of its own (a mention whose head changed is a member of the moved
        clusters it left and joined), nor ``heads`` (a passed mention's head is the one it
        was committed with).
        """
        self._expose(moved)
        me = item.key
        seen = self._exposed.get(item.mention.event_id, {})
        return any(
            key < me and not self._closed_to(item, head) for head, key in sorted(seen.items())
        )

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
    def _expose(self, moved: set[str]) -> None:
        """Expose the candidates of the members of every moved cluster: for a cluster that
        just became moved, its stored members (those that left it too) and those this run
        put there; then each mention committed since into a moved cluster. ``moved`` only
        grows during a run, and a mention before the sweep's position keeps its head, so
        what is exposed stays exposed."""
        if len(moved) != len(self._moved_seen):  # moved only grows: new heads to expose
            for head in sorted(moved - self._moved_seen):
                self._moved_seen.add(head)
                for other in self._stored_members(head) + self.added.get(head, []):
                    self._expose_from(other, head)
        for other, head in self._recent:
            if head in self._moved_seen:
                self._expose_from(other, head)
        self._recent.clear()

    def _expose_from(self, source: Item, head: str) -> None:
        """Record ``source``, a member of moved cluster ``head``, among what each of its
        candidates sees."""
        if (source.key, head) in self._sources:
            return
        self._sources.add((source.key, head))
        for other in self.candidates(source):
            seen = self._exposed[other.mention.event_id]
            if head not in seen or source.key < seen[head]:
                seen[head] = source.key

    def _closed_to(self, item: Item, head: str) -> bool:
        """Whether what cluster ``head`` gained and lost before ``item`` leaves ``item``'s
        decision as it was. When nothing left it and it is not the cluster ``item`` joined,
        its gains change nothing if one of them rules ``item`` out (complete link: the
        cluster is then closed to it) or none of them scores ``MERGE_SCORE`` with it (the
        cluster's best link to ``item`` is then what it was, or still too weak). The cluster
        was not chosen before, every other cluster ``item`` looks at is as it was (or passes
        this same test), so deciding again would give the same head and the same reasons.
        The link flag is asked from the gained mention's side (story links are symmetric),
        whose story candidates are known already."""
        me = item.key
        if any(key < me for key in self._losses.get(head, [])):
            return False
        gained = [g for g in self._gains.get(head, []) if g.key < me]
        if not gained:
            return True
        if self.old_head(item) == head:
            return False
        scores = []
        for g in gained:
            linked = self.index.linked(g.article, item.article)
            outcome = event_pair(item.mention, g.mention, item.article, g.article, linked)
            if outcome is None:
                return True
            scores.append(outcome[0])
        return max(scores) < MERGE_SCORE

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
