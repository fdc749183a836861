"""The rule registry: a rule is a compiled pattern, a handler that normalizes its matches, and
the triggers (derived from the pattern) that tell when its scan can be skipped.

Each module of :mod:`dateline.times.rules` keeps its own :class:`Rules` and registers its
handlers with ``@RULES.rule(name, pattern)``; :mod:`dateline.times.rules` puts them in order.
The order matters only between two rules that match the same characters: the earlier wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from dateline.times.patterns import LEFT_BOUNDARY, RIGHT_BOUNDARY
from dateline.times.triggers import (
    Folded,
    Trigger,
    branch_marks,
    branch_source,
    core_trigger,
    required_groups,
)
from dateline.times.values import Norm


@dataclass(frozen=True)
class Settings:
    """The choices the time layer's factory config may change (defaults measured on
    TimeBank/AQUAINT; see the package docstring)."""

    # A bare weekday equal to the publication weekday means that same day in past and present
    # clauses ("said Friday" in a story dated Friday): right 132 times out of 134 on
    # TimeBank/AQUAINT. False: the week before, unless the text says "earlier".
    same_day_bare_weekday: bool = True
    # A month-day or month without a year takes the year nearest the publication date; the
    # tense overrides that only when the nearest reading lies more days than this against it.
    month_horizon_days: int = 60
    # "a year ago" this many characters after a reported quarter means that quarter a year back.
    compare_reach: int = 800


DEFAULT_SETTINGS = Settings()


@dataclass
class Context:
    """What a rule handler may consult beyond its match."""

    text: str
    anchor: date | None  # the publication date; None when unknown
    tense_of: Callable[[int, int], str]  # the tense of the clause holding [start, end)
    doc: Doc | None = None  # the parsed Doc; None for an expression normalized alone
    settings: Settings = DEFAULT_SETTINGS


Handler = Callable[[re.Match[str], Context], "Norm | None"]


@dataclass
class Rule:
    """One recognition rule. ``weak`` rules only count where spaCy also tagged a DATE/TIME;
    ``kind`` is the type of an expression whose date falls outside the calendar."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    weak: bool = False
    kind: str = "DATE"
    # Trigger groups: every match contains a word of each, so a text whose folded form lacks
    # one cannot match and the scan is skipped. Empty: always scan.
    triggers: tuple[Trigger, ...] = ()
    # Branches marked "(?#name)" in the pattern with their own triggers, and the pattern
    # compiled with some switched off.
    branches: dict[str, tuple[Trigger, ...]] = field(default_factory=dict)
    variants: dict[frozenset[str], re.Pattern[str]] = field(default_factory=dict)

    def may_match(self, folded: Folded) -> bool:
        """False only when the rule provably has no match in the text ``folded`` came from."""
        return all(folded.has(trigger) for trigger in self.triggers)

    def pattern_for(self, folded: Folded) -> re.Pattern[str]:
        """The pattern with the branches that cannot match in this text switched off: "(?!)"
        fails at once, and an alternative that fails everywhere changes no match."""
        off = frozenset(
            name
            for name, triggers in self.branches.items()
            if not all(folded.has(t) for t in triggers)
        )
        if not off:
            return self.pattern
        if off not in self.variants:
            source = self.pattern.pattern
            for name in off:
                source = source.replace(f"(?#{name})", "(?!)")
            self.variants[off] = re.compile(source, self.pattern.flags)
        return self.variants[off]


def make_rule(name: str, source: str, handler: Handler, weak: bool, kind: str) -> Rule:
    """A rule with its pattern wrapped in the boundaries and its triggers read off it."""
    pattern = re.compile(LEFT_BOUNDARY + source + RIGHT_BOUNDARY, re.I)
    triggers = required_groups(pattern.pattern, pattern.flags)
    core = core_trigger(source)
    if core is not None:
        triggers += (core,)
    branches = {
        mark: required_groups(branch_source(source, mark), re.I) for mark in branch_marks(source)
    }
    return Rule(name, pattern, handler, weak, kind, triggers, branches)


class Rules:
    """The rules of one module, in the order they were registered."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []

    def rule(
        self, name: str, source: str, weak: bool = False, kind: str = "DATE"
    ) -> Callable[[Handler], Handler]:
        """Register a handler for the matches of ``source``."""

        def register(handler: Handler) -> Handler:
            self._rules.append(make_rule(name, source, handler, weak, kind))
            return handler

        return register

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)
