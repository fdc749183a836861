"""Candidate expressions: every rule's matches over a text, normalized, then the
non-overlapping ones kept, longest first."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.model import TimeExpr
from dateline.times.dates import OutOfRange
from dateline.times.registry import Context
from dateline.times.rules import RULES
from dateline.times.triggers import Folded
from dateline.times.values import Norm

DATE_LABELS = ("DATE", "TIME")  # spaCy entity labels that vouch for a weak rule's match


@dataclass
class Candidate:
    """One rule's normalized match."""

    start: int
    end: int
    norm: Norm
    weak: bool
    order: int = 0  # the rule's place in RULES: the earlier wins a tie


def find_candidates(
    text: str, ctx: Context, allow_weak: Callable[[int, int], bool]
) -> list[Candidate]:
    """Every rule's matches that its handler normalizes; a date outside the calendar gives an
    expression without a value (never an exception)."""
    found: list[Candidate] = []
    folded = Folded(text)
    for order, rule in enumerate(RULES):
        if not rule.may_match(folded):
            continue
        for m in rule.pattern_for(folded).finditer(text):
            if rule.weak and not allow_weak(m.start(), m.end()):
                continue
            try:
                norm = rule.handler(m, ctx)
            except OutOfRange:
                norm = Norm(rule.kind, None)
            if norm is not None:
                found.append(Candidate(m.start(), m.end(), norm, rule.weak, order))
    return found


def select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (strong before weak on ties), in text order.

    The characters taken are marked in one array, so each candidate is checked in time
    proportional to its own length, and a long article costs linear time (checking against
    every chosen candidate was quadratic in their number). Rules never match nothing."""
    if not cands:
        return []
    taken = bytearray(max(c.end for c in cands))
    chosen: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.weak, c.start, c.order)):
        if taken.find(1, c.start, c.end) < 0:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def to_expr(text: str, c: Candidate) -> TimeExpr:
    n = c.norm
    return TimeExpr(
        start=c.start, end=c.end, text=text[c.start : c.end], type=n.type, value=n.value,
        earliest=n.earliest, latest=n.latest, precision=n.precision, mod=n.mod,
        duration_days=n.duration_days,
    )  # fmt: skip


def date_entities(doc: Doc) -> Callable[[int, int], bool]:
    """Does [start, end) overlap one of spaCy's DATE/TIME entities? (Entities are sorted and
    never overlap, so one binary search answers.)"""
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in DATE_LABELS]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]

    def overlaps(start: int, end: int) -> bool:
        i = bisect_right(ends, start)
        return i < len(starts) and starts[i] < end

    return overlaps
