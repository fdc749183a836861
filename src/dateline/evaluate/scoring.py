"""Counting shared by every ``dateline eval`` task: P/R/F1 tallies, confusion tables, samples.

One tally shape for all evaluators (the quotes, geo and time evaluators each grew their own
gold/system/found counter before this), so a precision means the same thing everywhere and the
keyword baseline in ``bench/`` is scored by exactly the code that scores dateline. Nothing here
knows about dateline's records; :mod:`dateline.evaluate.records` reads those.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

from dateline.evaluate.summary import ratio

T = TypeVar("T")
NONE_LABEL = "-"  # the system column of an item with no prediction at all


@dataclass
class PRF:
    """True positives, false positives and false negatives of one label or one task.

    ``precision`` is undefined (None) when nothing was predicted and ``recall`` when nothing
    was gold; F1 is computed from the counts (2TP / (2TP + FP + FN)), so it is defined whenever
    either side has something, and it is 0 when both do and nothing matched.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        """Count one binary decision."""
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    def count(self, gold: int, system: int, found: int) -> None:
        """Count a matching of ``gold`` items against ``system`` items with ``found`` pairs."""
        self.tp += found
        self.fp += system - found
        self.fn += gold - found

    def __iadd__(self, other: PRF) -> PRF:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def system(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.system)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float | None:
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def row(self, label: str, width: int = 12) -> str:
        """``label  P 0.500  R 0.250  F1 0.333  (gold 4, system 2, right 1)``."""
        return (
            f"{label:<{width}} P {fmt(self.precision)}  R {fmt(self.recall)}  F1 {fmt(self.f1)}"
            f"  (gold {self.gold}, system {self.system}, right {self.tp})"
        )


@dataclass
class Share:
    """A share of items that pass a test (accuracy, recall@type): ``right`` out of ``n``."""

    right: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.right += bool(ok)
        self.n += 1

    @property
    def value(self) -> float | None:
        return ratio(self.right, self.n)

    def cell(self) -> str:
        return f"{fmt(self.value)} ({self.right}/{self.n})"


def fmt(value: float | None) -> str:
    """Three decimals, or ``n/a`` for an undefined figure (the summary line's convention)."""
    return "n/a" if value is None else f"{value:.3f}"


def macro(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values (a label with no gold and no prediction has no F1)."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


class Confusion:
    """Gold label (rows) against system label (columns) for single-label tasks.

    ``NONE_LABEL`` as the system label means the system predicted nothing: a miss for the gold
    label and a false alarm for none.
    """

    def __init__(self) -> None:
        self.cells: Counter[tuple[str, str]] = Counter()

    def add(self, gold: str, system: str | None) -> None:
        self.cells[(gold, system or NONE_LABEL)] += 1

    @property
    def n(self) -> int:
        return sum(self.cells.values())

    @property
    def right(self) -> int:
        return sum(c for (g, s), c in self.cells.items() if g == s)

    def accuracy(self) -> float | None:
        return ratio(self.right, self.n)

    def labels(self) -> list[str]:
        return sorted({g for g, _ in self.cells})

    def per_label(self, labels: Sequence[str] | None = None) -> dict[str, PRF]:
        """One-vs-rest P/R/F1 for each gold label."""
        out = {label: PRF() for label in labels or self.labels()}
        for (g, s), c in self.cells.items():
            if g == s and g in out:
                out[g].tp += c
                continue
            if g in out:
                out[g].fn += c
            if s in out:
                out[s].fp += c
        return out

    def macro_f1(self, labels: Sequence[str] | None = None) -> float | None:
        return macro(t.f1 for t in self.per_label(labels).values())

    def table(self, title: str = "confusion (rows gold, columns system)", width: int = 4) -> str:
        """The table as text; column heads are the labels cut to ``width`` characters."""
        rows = self.labels()
        cols = sorted({s for _, s in self.cells}, key=lambda s: (s != NONE_LABEL, s))
        head_width = max([len(r) for r in rows] + [8]) + 1
        lines = [title, " " * head_width + " ".join(f"{c[:width]:>{width + 1}}" for c in cols)]
        for r in rows:
            cells = " ".join(f"{self.cells[(r, c)] or '.':>{width + 1}}" for c in cols)
            lines.append(f"{r:<{head_width}}{cells}")
        return "\n".join(lines)


class LabelSets:
    """Multi-label P/R/F1: each item has a set of gold labels and a set of system labels."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.tallies = {label: PRF() for label in self.labels}
        self.n = 0  # items counted

    def add(self, gold: Iterable[str], system: Iterable[str]) -> None:
        self.n += 1
        gold_set, system_set = set(gold), set(system)
        for label, tally in self.tallies.items():
            tally.add(label in system_set, label in gold_set)

    def macro_f1(self) -> float | None:
        return macro(t.f1 for t in self.tallies.values())

    def micro(self) -> PRF:
        total = PRF()
        for t in self.tallies.values():
            total += t
        return total

    def rows(self, width: int = 14) -> list[str]:
        return [self.tallies[label].row(label, width) for label in self.labels]


def max_matching(edges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of a bipartite graph given as (left, right) edges, so a
    gold span is credited once and a system item once, whatever order they come in."""
    adjacent: dict[int, list[int]] = defaultdict(list)
    for left, right in edges:
        adjacent[left].append(right)
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in adjacent[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in sorted(adjacent):
        augment(left, set())
    return sorted((left, right) for right, left in owner.items())


def choose(
    items: Sequence[T],
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    stratum: Callable[[T], Hashable] | None = None,
) -> list[T]:
    """The items a run scores: a stratified ``sample`` when asked, else the first ``limit``.

    Developers iterate on a sample and check on the whole set; a sample keeps every stratum's
    share (largest remainders), so a 300-story sample of a set dominated by two types still has
    each type in it, and the same ``seed`` gives the same sample.
    """
    if sample:
        return stratified_sample(items, sample, seed, stratum or (lambda _item: 0))
    return list(items[:limit]) if limit else list(items)


def stratified_sample(
    items: Sequence[T], n: int, seed: int, stratum: Callable[[T], Hashable]
) -> list[T]:
    """``n`` items drawn without replacement, each stratum in proportion (at least one item of
    every stratum when ``n`` allows), in the items' original order."""
    if n >= len(items):
        return list(items)
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[stratum(item)].append(i)
    exact = {key: n * len(idx) / len(items) for key, idx in groups.items()}
    quota = {key: int(share) for key, share in exact.items()}
    if n >= len(groups):
        for key in quota:
            quota[key] = max(quota[key], 1)
    by_remainder = sorted(groups, key=lambda k: (-(exact[k] - int(exact[k])), str(k)))
    while sum(quota.values()) < n:
        for key in by_remainder:
            if sum(quota.values()) < n and quota[key] < len(groups[key]):
                quota[key] += 1
    while sum(quota.values()) > n:  # the at-least-one floor overshot: take from the largest
        largest = max(quota, key=lambda k: (quota[k], str(k)))
        quota[largest] -= 1
    rng = random.Random(seed)
    picked = [i for key in sorted(groups, key=str) for i in rng.sample(groups[key], quota[key])]
    return [items[i] for i in sorted(picked)]
