"""Stories: articles that report the same real event, grouped (what ``eval dedup`` scores).

An article joins the earlier story it is most similar to **on average** over the story's
articles of the last few days (pairs that are no candidates count 0), so a story cannot grow
by chaining through one similar pair each; it starts its own otherwise. Similarity is
``pairs.story_similarity`` (title + lead, named actors and towns, the text's rarest words).
The average runs over the story's articles within ``STORY_WINDOW_DAYS`` of the article, or,
when none is that close, within ``STORY_LONG_WINDOW_DAYS`` (where only articles that keep
sharing actors, a town and the event type score at all): a story may run for weeks.

Order and repair come from ``ordered.py``. What this pass builds is a *piece* (``head`` in the
``stories`` table: its first article in the canonical order); ``story_merge.py`` then joins
the pieces of one story, and a story is named by its first article (``story_id`` is derived
from that article's day and content hash).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from dateline.store.db import Store, id_chunks
from dateline.store.resolve.features import ArticleFeatures, parse_day
from dateline.store.resolve.index import Index, article_key
from dateline.store.resolve.ordered import FAR, Decision, Outcome
from dateline.store.resolve.pairs import (
    STORY_LONG_WINDOW_DAYS,
    STORY_WINDOW_DAYS,
    story_score,
    story_similarity,
)

# An article joins a story whose articles it resembles this much on average. Chosen on the dev
# sets (``dateline eval dedup``, article-level B-cubed) together with the story-merge pass that
# follows (``story_merge.py``), which joins the pieces a stricter threshold leaves. ECB+
# precision / recall of this pass alone: 0.901 / 0.776 at 0.17, 0.936 / 0.736 at 0.20, 0.948 /
# 0.694 at 0.22; with the merge pass (at 0.20) 0.898 / 0.809 at 0.17, 0.935 / 0.808 at 0.20,
# 0.948 / 0.804 at 0.22 (F1 0.870), 0.962 / 0.824 at 0.25; MEANTIME precision (the over-merge
# check) 0.917 at each. Above 0.22 a story could chain through one similar article: a pair at
# 1.8 times this threshold would then lift two pieces over the merge threshold.
STORY_JOIN = 0.22


def numeric_id(text: str) -> int:
    """A 52-bit id from a key: order-free, and exact in JavaScript clients."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:13], 16)


UNDATED_DAY = (1 << 21) - 1  # after every real day (ordinal 2**21 is in the year 5741)


def dated_id(head: str) -> int:
    """The id of a story or canonical event: its head's day (ordinal) in the high bits and 32
    bits of the head's hash below, so ids are order-free, below 2**53 (exact in JavaScript)
    and sort by date, which keeps id-ordered pages and exports chronological."""
    day = parse_day(head[:10])
    ordinal = day.toordinal() if day and head[:10] != FAR else UNDATED_DAY
    return (min(ordinal, UNDATED_DAY) << 32) | int(
        hashlib.sha1(head.encode("utf-8")).hexdigest()[:8], 16
    )


def _shift(day: str, days: int) -> str:
    parsed = parse_day(day)
    return (parsed + timedelta(days=days)).isoformat() if parsed else day


class StoryLayer:
    """The story layer for ``ordered.run``: items are articles."""

    def __init__(self, store: Store, index: Index) -> None:
        self.store = store
        self.index = index
        # Decisions of this run: head → days (in order) of the articles it took, and of the
        # articles taken again that had it as their stored head.
        self.days: dict[str, list[str]] = defaultdict(list)
        self.left: dict[str, list[str]] = defaultdict(list)
        # Stored heads, read in batches: they stay as they were until ``write`` (after the run).
        self._heads: dict[int, str | None] = {}
        # ``affected`` asked the other way round (see there): article id → the least key of
        # an article that changed or sits in a moved story and has it as a story candidate.
        self._exposed: dict[int, str] = {}
        self._sources: set[str] = set()  # keys of the articles whose candidates were exposed
        self._added: dict[str, list[ArticleFeatures]] = defaultdict(list)  # head → this run's
        self._recent: list[tuple[ArticleFeatures, str]] = []  # committed since the last look
        self._covered: dict[str, str] = {}  # moved head → last day its members were exposed

    # -- the Layer protocol -----------------------------------------------------------------
    def key(self, item: ArticleFeatures) -> str:
        return article_key(item)

    def day(self, item: ArticleFeatures) -> str:
        return item.day or FAR

    def reach(self, item: ArticleFeatures, head: str) -> str:
        return _shift(item.day, STORY_LONG_WINDOW_DAYS) if item.day else FAR

    def old_items(self, start: str, through: str) -> Iterator[ArticleFeatures]:
        yield from self.index.articles_between(start, through)

    def old_head(self, item: ArticleFeatures) -> str | None:
        return self._stored_head(item.article_id)

    def commit(self, item: ArticleFeatures, decision: Decision) -> None:
        self.days[decision.head].append(item.day or FAR)
        self._added[decision.head].append(item)
        self._recent.append((item, decision.head))
        before = self.old_head(item)
        if before:
            self.left[before].append(item.day or FAR)

    def affected(
        self, item: ArticleFeatures, changed: set[str], heads: dict[str, str], moved: set[str]
    ) -> bool:
        """Whether an earlier story candidate of ``item`` changed or sits in a moved story,
        asked the other way round for a dated article: story candidacy is symmetric (an
        index key shared within its window of days), so the candidates of the articles that
        can affect anything are found, once each, and ``item`` is looked up among them;
        the direct question would look up the candidates of every article of the weeks a
        run repairs. Only a moved story's articles of the long window before ``item`` can
        be its candidates, so a long story is read a window at a time. An undated article
        may have any earlier article as a candidate: it is asked directly."""
        if not item.day:
            return self._affected_directly(item, changed, heads, moved)
        self._expose(item.day, changed, moved)
        exposer = self._exposed.get(item.article_id)
        return exposer is not None and exposer < self.key(item)

    def _affected_directly(
        self, item: ArticleFeatures, changed: set[str], heads: dict[str, str], moved: set[str]
    ) -> bool:
        me = self.key(item)
        others = self.index.features_many(self.index.story_candidates(item)).values()
        earlier = [o for o in others if article_key(o) < me]
        stored = self._stored_heads(o.article_id for o in earlier)
        for other in earlier:
            key = article_key(other)
            if key in changed:
                return True
            if (heads.get(key) or stored[other.article_id]) in moved:
                return True
        return False

    def decide(self, item: ArticleFeatures, heads: dict[str, str]) -> Decision:
        me = self.key(item)
        candidates = self.index.features_many(self.index.story_candidates(item))
        self._stored_heads(candidates)
        scored: dict[str, list[tuple[float, str, ArticleFeatures, str]]] = defaultdict(list)
        for other in candidates.values():
            key = article_key(other)
            if key >= me:
                continue
            sim = story_score(item, other)
            if sim <= 0:
                continue
            head = heads.get(key) or self._stored_head(other.article_id)
            if head:
                scored[head].append((sim, key, other, other.day or FAR))
        best: tuple[float, str, dict[str, Any]] | None = None
        for head in sorted(scored):
            mean, window = self._mean(item, head, scored[head])
            if mean >= STORY_JOIN and (best is None or mean > best[0]):
                top = max(scored[head], key=lambda s: (s[0], s[1]))
                best = (
                    mean,
                    head,
                    {
                        "rule": "same_story",
                        "mean_similarity": round(mean, 3),
                        "window_days": window,
                        "closest": top[1].split("|")[1][:16],
                        "_closest": top[2],
                    },
                )
        if best is None:
            return Decision(me, {"rule": "first_article"})
        why = dict(best[2])
        why.update(story_similarity(item, why.pop("_closest"))[1])
        return Decision(best[1], why)

    # -- helpers ----------------------------------------------------------------------------
    def _expose(self, day: str, changed: set[str], moved: set[str]) -> None:
        """Expose the candidates of every article that can affect a dated article of
        ``day``: each committed article whose story moved (it is in ``changed``) or is a
        moved story, and the articles of each moved story (those this run put there, and the
        stored ones up to ``day`` from the long window before it). ``moved`` and ``changed``
        only grow during a run, and the sweep's days only grow, so what is exposed stays
        exposed and each story's window is read once."""
        for other, head in self._recent:
            if article_key(other) in changed or head in moved:
                self._expose_from(other)
        self._recent.clear()
        first = _shift(day, -STORY_LONG_WINDOW_DAYS)
        for head in sorted(moved):
            covered = self._covered.get(head)
            if covered is not None and covered >= day:
                continue
            if covered is None:
                for other in self._added.get(head, []):
                    self._expose_from(other)
            since = first if covered is None else max(first, _shift(covered, 1))
            self._covered[head] = day
            for other in self._stored_members(head, since, day):
                self._expose_from(other)

    def _expose_from(self, source: ArticleFeatures) -> None:
        """Record ``source`` as a possible exposer of each of its story candidates."""
        key = article_key(source)
        if key in self._sources:
            return
        self._sources.add(key)
        for other_id in self.index.story_candidates(source):
            known = self._exposed.get(other_id)
            if known is None or key < known:
                self._exposed[other_id] = key

    def _stored_members(self, head: str, since: str, through: str) -> list[ArticleFeatures]:
        """The stored articles of story ``head`` dated ``since`` to ``through`` (a range seek
        on ``stories_head_day``)."""
        rows = self.store.query(
            "SELECT article_id FROM stories WHERE head = ? AND day >= ? AND day <= ?",
            (head, since, through),
        )
        return list(self.index.features_many(r["article_id"] for r in rows).values())

    def _stored_head(self, article_id: int) -> str | None:
        return self._stored_heads([article_id])[article_id]

    def _stored_heads(self, article_ids: Iterable[int]) -> dict[int, str | None]:
        return stored_heads(self.store, self._heads, article_ids)

    def _count(self, head: str, lo: str | None, hi: str, before: str) -> int:
        """Articles of story ``head`` before key ``before`` with day in [lo, hi]: the stored
        ones, less those this run took again, plus those this run put there."""
        if lo is None:  # undated article: every earlier article of the story
            lo, hi = "", FAR
        stored = stored_count(self.store, head, lo, hi, before)

        def within(days: list[str]) -> int:
            return bisect.bisect_right(days, hi) - bisect.bisect_left(days, lo)

        return int(stored or 0) - within(self.left.get(head, [])) + within(self.days.get(head, []))

    def _mean(
        self, item: ArticleFeatures, head: str, sims: list[tuple[float, str, Any, str]]
    ) -> tuple[float, int | None]:
        me = self.key(item)
        if not item.day:
            n = self._count(head, None, FAR, me)
            return (math.fsum(s[0] for s in sims) / n if n else 0.0), None
        for window in (STORY_WINDOW_DAYS, STORY_LONG_WINDOW_DAYS):
            lo = _shift(item.day, -window)
            inside = [s[0] for s in sims if lo <= s[3] <= item.day]
            n = self._count(head, lo, item.day, me)
            if n:
                return (math.fsum(inside) / n), window  # fsum: exact whatever the order
        return 0.0, None


def stored_count(store: Store, head: str, lo: str, hi: str, before: str) -> int:
    """Stored articles of story ``head`` sorting before ``before`` whose day (``FAR`` when
    undated) is in [lo, hi].

    Dated and undated rows are counted apart so that the dated count is a range seek on
    ``stories_head_day (head, day)``: a test on ``COALESCE(day, ...)`` cannot use the index's
    day, and read every article of the story, which made each decision in a long story cost
    more the longer it had run.
    """
    dated = store.scalar(
        "SELECT COUNT(*) FROM stories WHERE head = ? AND day >= ? AND day <= ? AND sort_key < ?",
        (head, lo, hi, before),
    )
    undated = 0
    if lo <= FAR <= hi:
        undated = store.scalar(
            "SELECT COUNT(*) FROM stories WHERE head = ? AND day IS NULL AND sort_key < ?",
            (head, before),
        )
    return int(dated or 0) + int(undated or 0)


def write(store: Store, outcome: Outcome[ArticleFeatures], layer: StoryLayer) -> set[int]:
    """Store the run's decisions; returns the article ids whose story changed."""
    changed: set[int] = set()
    rows = []
    for item, decision in outcome.decided:
        key = article_key(item)
        if key not in outcome.changed and outcome.old_heads.get(key) == decision.head:
            if decision.head == key:
                # Still the first article of its piece: the reason is the same, and it may
                # carry the piece's merge (``story_merge``), which that pass keeps current.
                continue
            # Same story; the reason may still have changed (a better link came along).
            store.execute(
                "UPDATE stories SET why = ? WHERE article_id = ?",
                (json.dumps(decision.why, sort_keys=True), item.article_id),
            )
            continue
        changed.add(item.article_id)
        rows.append(
            {
                "article_id": item.article_id,
                "story_id": dated_id(decision.head),
                "head": decision.head,
                "sort_key": key,
                "day": item.day,
                "why": json.dumps(decision.why, sort_keys=True),
            }
        )
    ids = [r["article_id"] for r in rows]
    for chunk, marks in id_chunks(ids):
        store.execute(f"DELETE FROM stories WHERE article_id IN ({marks})", chunk)
    store.insert_many("stories", rows)
    return changed


def stored_heads(
    store: Store, heads: dict[int, str | None], article_ids: Iterable[int]
) -> dict[int, str | None]:
    """``heads`` completed with the stored head of each article (None when it has none yet),
    one query per chunk of those not read before: a decision looks at hundreds of candidates."""
    missing = {i for i in article_ids if i not in heads}
    for chunk, marks in id_chunks(missing):
        heads.update(dict.fromkeys(chunk))
        for r in store.query(
            f"SELECT article_id, head FROM stories WHERE article_id IN ({marks})", chunk
        ):
            heads[r["article_id"]] = r["head"]
    return heads
