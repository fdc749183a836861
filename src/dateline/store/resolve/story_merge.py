"""Story merges: stories that the article-by-article pass split, joined as wholes.

The greedy pass (``stories.py``) asks of one article at a time whether it resembles a story's
articles of the last few days. An event whose reports are spread over days, or whose first
reports went two ways, then ends as two or more *pieces*, each pure: no single article
resembled the other piece enough on average when it was decided. This pass compares the
pieces themselves: two pieces whose articles resemble each other on average over all their
pairs (pairs that are no story candidates count 0) at ``STORY_MERGE`` or more are one story,
and a story is a connected group of such pieces. A piece is compared by its first
``PROFILE_ARTICLES`` articles in the canonical order (the reports that first state the
event), which bounds the work: a long story that gains a late article keeps its first
articles, so nothing is compared again.

A dated piece never joins an undated one: nothing bounds an undated piece in time, and the
pieces of two different events that look most alike are such pairs (without the rule ECB+
precision after the pass is 0.909 instead of 0.948).

Chosen on the dev sets (``dateline eval dedup``, article-level B-cubed), with the greedy
pass's threshold ``stories.STORY_JOIN`` raised from 0.17 to 0.22 (purer pieces, which this
pass joins again): ECB+ F1 0.834 → 0.870, precision 0.901 → 0.948, recall 0.776 → 0.804;
MEANTIME precision 0.917 as before. At 0.19 ECB+ F1 is 0.879 and at 0.21 0.854 (MEANTIME
precision 0.917 and 0.933); at 0.18 MEANTIME precision falls to 0.892: the merges between its
separate stories start there.

Order-free: the pieces are (``ordered.py``), the comparison of two pieces is a function of
their first articles, and the groups are the connected components of the links, named by
their first piece's head. An incremental run redoes only the groups that a piece whose first
articles changed belonged to before and belongs to now; every other group's links are those
it had. Each piece in a group it does not head records in its head article's ``why`` the
piece it resembles most.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dateline.store.db import Store, id_chunks
from dateline.store.resolve import stories
from dateline.store.resolve.features import ArticleFeatures
from dateline.store.resolve.index import Index, article_key
from dateline.store.resolve.ordered import FAR, Outcome

STORY_MERGE = 0.20  # mean pair similarity at which two pieces are one story
# Articles of a piece compared (its first, in the canonical order). On ECB+ with 0.20:
# F1 0.864 with 8, 0.870 with 12 and with every article.
PROFILE_ARTICLES = 12


@dataclass
class Touched:
    """What the greedy pass changed, read before its decisions are written."""

    joined: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    left: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    story_of: dict[str, int | None] = field(default_factory=dict)  # head → stored story id
    articles: dict[int, str] = field(default_factory=dict)  # changed article → its new head


def touched(store: Store, outcome: Outcome[ArticleFeatures]) -> Touched:
    """The pieces the run's changed decisions join or leave, with each one's stored story."""
    found = Touched()
    for item, decision in outcome.decided:
        key = article_key(item)
        if key not in outcome.changed:
            continue
        found.joined[decision.head].append(key)
        found.articles[item.article_id] = decision.head
        before = outcome.old_heads.get(key)
        if before is not None:
            found.left[before].append(key)
    for head in sorted(set(found.joined) | set(found.left)):
        found.story_of[head] = store.scalar(
            "SELECT story_id FROM stories WHERE head = ? LIMIT 1", (head,)
        )
    return found


def undated(head: str) -> bool:
    return head.startswith(FAR)


class Pieces:
    """The stored pieces (after the greedy pass's decisions are written), read as needed."""

    def __init__(self, store: Store, index: Index) -> None:
        self.store = store
        self.index = index
        self._profiles: dict[str, list[ArticleFeatures]] = {}
        self._members: dict[str, set[int]] = {}
        self._heads: dict[int, str | None] = {}
        self._links: dict[str, dict[str, float]] = {}

    def profile(self, head: str) -> list[ArticleFeatures]:
        """The piece's first ``PROFILE_ARTICLES`` articles in the canonical order."""
        found = self._profiles.get(head)
        if found is None:
            ids = [r["article_id"] for r in self._first_rows(head)]
            features = self.index.features_many(ids)
            found = self._profiles[head] = [features[i] for i in ids]
        return found

    def _first_ids(self, head: str) -> set[int]:
        found = self._members.get(head)
        if found is None:
            found = self._members[head] = {f.article_id for f in self.profile(head)}
        return found

    def _first_rows(self, head: str) -> list[dict[str, Any]]:
        """Rows in (day, key) order, limited to the first articles: the dated ones through a
        range seek on ``stories_head_day`` (all of the last day taken, since the index
        orders a day's rows by nothing), the undated ones only when those are too few."""
        n = PROFILE_ARTICLES
        rows = self.store.query(
            "SELECT article_id, sort_key, day FROM stories WHERE head = ? AND day IS NOT NULL "
            "ORDER BY day LIMIT ?",
            (head, n),
        )
        if len(rows) == n:
            last = rows[-1]["day"]
            rows = [r for r in rows if r["day"] < last] + self.store.query(
                "SELECT article_id, sort_key, day FROM stories WHERE head = ? AND day = ?",
                (head, last),
            )
        else:
            rows += self.store.query(
                "SELECT article_id, sort_key, day FROM stories WHERE head = ? AND day IS NULL",
                (head,),
            )
        return sorted(rows, key=lambda r: r["sort_key"])[:n]

    def heads(self, article_ids: Iterable[int]) -> dict[int, str | None]:
        return stories.stored_heads(self.store, self._heads, article_ids)

    def links(self, head: str) -> dict[str, float]:
        """Every other piece of the same datedness whose first articles resemble this one's:
        the mean over all their pairs (no candidates: 0)."""
        found = self._links.get(head)
        if found is not None:
            return found
        mine = self.profile(head)
        scores: dict[str, list[float]] = defaultdict(list)
        for a in mine:
            others = self.index.features_many(self.index.story_candidates(a))
            heads = self.heads(others)
            for other_id, b in others.items():
                other = heads.get(other_id)
                if other is None or other == head or undated(other) != undated(head):
                    continue
                sim = stories.story_score(a, b)  # the greedy pass's scorer (tests stub it)
                if sim > 0 and b.article_id in self._first_ids(other):
                    scores[other].append(sim)
        found = self._links[head] = {
            other: math.fsum(sims) / (len(mine) * len(self.profile(other)))
            for other, sims in scores.items()
        }
        return found


def _changed_profile(pieces: Pieces, head: str, found: Touched) -> bool:
    """Whether the piece's first articles may differ from before the run: some article that
    joined or left it sorts among them (a shorter piece changes with any article)."""
    first = pieces.profile(head)
    if len(first) < PROFILE_ARTICLES:
        return True
    last = article_key(first[-1])
    return any(k <= last for k in found.joined.get(head, []) + found.left.get(head, []))


def _region(store: Store, pieces: Pieces, found: Touched) -> set[str]:
    """The pieces whose group must be decided again: those whose first articles changed,
    and every piece of the groups those (and the pieces that emptied) were in."""
    seeds: set[str] = set()
    old_stories: set[int] = set()
    for head in sorted(found.story_of):
        alive = bool(pieces.profile(head))
        if alive and not _changed_profile(pieces, head, found):
            continue
        if alive:
            seeds.add(head)
        if found.story_of[head] is not None:
            old_stories.add(found.story_of[head])  # type: ignore[arg-type]
    for chunk, marks in id_chunks(old_stories):
        seeds.update(
            r["head"]
            for r in store.query(
                f"SELECT DISTINCT head FROM stories WHERE story_id IN ({marks})", chunk
            )
        )
    return seeds


def _groups(pieces: Pieces, region: set[str]) -> dict[str, str]:
    """Piece → the head of its group: the connected components of the links at
    ``STORY_MERGE``, reached from ``region`` (each linked piece is taken in, with its own
    links, so every group touched is read whole)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pending = sorted(region)
    seen = set(region)
    while pending:
        head = pending.pop()
        find(head)
        for other, mean in sorted(pieces.links(head).items()):
            if mean < STORY_MERGE:
                continue
            a, b = find(head), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return {head: find(head) for head in seen}


def _why(pieces: Pieces, head: str, group: dict[str, str]) -> dict[str, Any]:
    """The head article's reason: it starts its piece, and (when the piece joined a group it
    does not head) the piece of the group it resembles most."""
    why: dict[str, Any] = {"rule": "first_article"}
    if group[head] == head:
        return why
    mine = group[head]
    best = max(
        (mean, other) for other, mean in pieces.links(head).items() if group.get(other) == mine
    )
    why["story_merge"] = {
        "story": mine.split("|")[1][:16],
        "resembles": best[1].split("|")[1][:16],
        "mean_similarity": round(best[0], 3),
        "compared": [len(pieces.profile(head)), len(pieces.profile(best[1]))],
    }
    return why


def merge(store: Store, index: Index, found: Touched) -> set[int]:
    """Give every article the story of its piece's group; returns the article ids whose
    story id changed (or whose row the greedy pass rewrote)."""
    pieces = Pieces(store, index)
    group = _groups(pieces, _region(store, pieces, found))
    changed: set[int] = set(found.articles)
    # Rows the greedy pass wrote in a piece whose group stands: that group's story.
    for article_id, head in sorted(found.articles.items()):
        if head not in group and found.story_of.get(head) is not None:
            store.execute(
                "UPDATE stories SET story_id = ? WHERE article_id = ?",
                (found.story_of[head], article_id),
            )
    for head in sorted(group):
        story = stories.dated_id(group[head])
        rows = store.query(
            "SELECT article_id FROM stories WHERE head = ? AND story_id != ?", (head, story)
        )
        changed.update(r["article_id"] for r in rows)
        for chunk, marks in id_chunks([r["article_id"] for r in rows]):
            store.execute(
                f"UPDATE stories SET story_id = ? WHERE article_id IN ({marks})", [story, *chunk]
            )
        why = json.dumps(_why(pieces, head, group), sort_keys=True)
        store.execute(
            "UPDATE stories SET why = ? WHERE article_id = ? AND why != ?",
            (why, pieces.profile(head)[0].article_id, why),
        )
    return changed
