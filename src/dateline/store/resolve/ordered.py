"""Greedy clustering in an order-free order, repaired incrementally from where it changed.

Both stories and canonical events are built the same way: items are taken in a **canonical
order** that depends only on the items themselves (publication or event day, then content
hash), and each joins the best earlier cluster it fits or starts its own. The result is
therefore a function of the set of items, whatever order they were ingested in, and a cluster
is named by its first item in that order (its *head*), which is as order-free.

Adding items changes nothing before the first new one in that order. From there on the
decisions are taken again, in order, but only as far as a change can reach: every decision
looks back a bounded distance (a story's window, an event's dates), so once the run has gone
that far past the last changed decision, every later decision sees exactly what it saw before
and is kept. A rebuild is the same run started from the very first item; a test checks that
both give the same tables. Items without any date sort last and look at everything before
them, so they are always taken again (keep them few: real feeds date every article).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

Item = TypeVar("Item")
FAR = "9999-12-31"  # the day of undated items: they sort after every dated one
FAR_DATED = "9999-12-30"  # the last day a dated sweep may reach


@dataclass
class Decision:
    """Where one item goes: the head of the cluster it joins (its own key when it starts
    one), and why."""

    head: str
    why: dict[str, Any]


class Layer(Protocol[Item]):
    """What the engine needs from a layer (stories, events)."""

    def key(self, item: Item) -> str:
        """The item's canonical sort key (unique, order-free)."""

    def day(self, item: Item) -> str:
        """The day the item sorts on (``FAR`` when undated)."""

    def reach(self, item: Item, head: str) -> str:
        """The last day a decision can be changed by this item sitting in cluster ``head``."""

    def old_items(self, start: str, through: str) -> Iterator[Item]:
        """Stored items with ``start <= key`` and day ``<= through``, in key order."""

    def old_head(self, item: Item) -> str | None:
        """The head the item had before this run (None for a new item)."""

    def decide(self, item: Item, heads: dict[str, str]) -> Decision:
        """The decision for ``item`` given the current head of every item decided in this
        run (``heads``: key → head; items before the run keep their stored head)."""

    def commit(self, item: Item, decision: Decision) -> None:
        """Record the decision, so that later decisions in the run see it."""

    def affected(
        self, item: Item, changed: set[str], heads: dict[str, str], moved: set[str]
    ) -> bool:
        """Whether a stored item's decision can differ now: one of its earlier candidates
        changed (``changed``: keys) or sits in a cluster that gained or lost an item
        (``moved``: heads). When not, its stored decision stands and is not taken again.
        Layers answer it from the changed side (candidacy is symmetric), and may also say
        no where they can show the decision stands (``events.EventLayer._closed_to``)."""


@dataclass
class Outcome(Generic[Item]):
    """What a run decided: every item taken again, with its decision, in key order."""

    decided: list[tuple[Item, Decision]] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)  # keys whose head moved (or new ones)
    old_heads: dict[str, str] = field(default_factory=dict)


def run(layer: Layer[Item], new: Iterable[Item]) -> Outcome[Item]:
    """Decide the ``new`` items (already stored in the layer's index) and repair what they
    change: see the module docstring."""
    fresh = {layer.key(i): i for i in new}
    outcome: Outcome[Item] = Outcome()
    if not fresh:
        return outcome
    start = min(fresh)
    horizon = ""
    heads: dict[str, str] = {}
    pending = sorted(fresh.items())
    taken: set[str] = set()

    moved: set[str] = set()

    def take(item: Item) -> None:
        nonlocal horizon
        key = layer.key(item)
        if key not in fresh and not layer.affected(item, outcome.changed, heads, moved):
            kept = layer.old_head(item) or key
            heads[key] = kept
            layer.commit(item, Decision(kept, {}))
            taken.add(key)
            return
        decision = layer.decide(item, heads)
        heads[key] = decision.head
        layer.commit(item, decision)
        outcome.decided.append((item, decision))
        before = None if key in fresh else layer.old_head(item)
        if before is not None:
            outcome.old_heads[key] = before
        if before != decision.head:
            outcome.changed.add(key)
            moved.add(decision.head)
            if before is not None:
                moved.add(before)
            reach = layer.reach(item, decision.head)
            if before is not None:
                reach = max(reach, layer.reach(item, before))
            horizon = max(horizon, min(reach, FAR_DATED) if horizon < FAR else FAR)
        taken.add(key)

    def sweep(begin: str, through: str) -> None:
        """Take every item from ``begin`` in key order while its day is within the horizon
        (which grows as decisions change)."""
        nonlocal horizon
        while True:
            olds = {layer.key(o): o for o in layer.old_items(begin, through)}
            merged = sorted(
                [(k, o) for k, o in olds.items() if k not in fresh and k not in taken]
                + [(k, i) for k, i in pending if k not in taken and layer.day(i) <= through]
            )
            for key, item in merged:
                if key not in taken:
                    take(item)
            if horizon <= through or not merged:
                return
            begin, through = merged[-1][0], horizon

    dated_horizon = max((layer.day(i) for i in fresh.values() if layer.day(i) < FAR), default="")
    if dated_horizon:
        horizon = dated_horizon
        sweep(start, min(horizon, FAR_DATED))
    if outcome.changed or any(layer.day(i) >= FAR for i in fresh.values()):
        horizon = FAR
        sweep(max(start, FAR), FAR)
    return outcome
