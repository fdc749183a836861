"""Which entity or place a token or a character span means, from the mentions the entities
and places layers wrote.

A token inside several mentions belongs to the tightest one ("Afghan" in "Afghan forces" is the
group's, not Afghanistan's, when both are mentions); a character span asks for the referent whose
mention overlaps it most, entities before places (a speaker "Washington" that the entities layer
named is the government, not the city). Both maps are built once per Doc from the mentions'
character offsets by bisection, without building a Span per mention.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.model import Entity, Place
from dateline.tokens import token_range

Referent = Entity | Place


@dataclass(frozen=True)
class Mention:
    """One mention of a referent: its id, character span and the referent itself."""

    id: str
    start: int
    end: int
    referent: Referent

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def is_place(self) -> bool:
        return isinstance(self.referent, Place)


class MentionIndex:
    """Token → entity and token → place maps, and span queries over every mention."""

    def __init__(self, doc: Doc, entities: list[Entity], places: list[Place]) -> None:
        self.doc = doc
        self.entities = {e.id: e for e in entities}
        self.places = {p.id: p for p in places}
        self.token_entities = self._token_map(doc, ((e.id, e.mentions) for e in entities))
        self.token_places = self._token_map(doc, ((p.id, p.mentions) for p in places))
        rows = [Mention(e.id, s, t, e) for e in entities for s, t in e.mentions]
        rows += [Mention(p.id, s, t, p) for p in places for s, t in p.mentions]
        rows.sort(key=lambda m: (m.start, m.end))
        self.mentions = rows
        self.starts = [m.start for m in rows]
        # the longest mention, so that a span query knows how far back an overlap can start
        self.longest = max((m.end - m.start for m in rows), default=0)

    @staticmethod
    def _token_map(doc: Doc, items: Iterable[tuple[str, list[tuple[int, int]]]]) -> dict[int, str]:
        index: dict[int, str] = {}
        sizes: dict[int, int] = {}
        for ident, mentions in items:
            for start, end in mentions:
                tokens = token_range(doc, start, end)
                if tokens is None:
                    continue
                for i in tokens:
                    if i not in index or end - start < sizes[i]:
                        index[i] = ident
                        sizes[i] = end - start
        return index

    def referent(self, ident: str) -> Referent | None:
        return self.entities.get(ident) or self.places.get(ident)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end), in text order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def in_span(self, start: int, end: int) -> Mention | None:
        """The mention a span means: entities before places, then the longest mention."""
        hits = self.overlapping(start, end)
        hits.sort(key=lambda m: (m.is_place, -(m.end - m.start)))
        return hits[0] if hits else None

    def before(self, pos: int, limit: int) -> Iterator[Mention]:
        """Mentions ending before ``pos`` and starting at most ``limit`` characters before it,
        nearest first."""
        i = bisect.bisect_left(self.starts, pos)
        for mention in reversed(self.mentions[:i]):
            if mention.end > pos:
                continue
            if pos - mention.start > limit:
                return
            yield mention

    def mentions_before(self, ident: str, pos: int) -> int:
        """How often a referent was mentioned before ``pos`` (its salience there)."""
        referent = self.referent(ident)
        if referent is None:
            return 0
        return sum(1 for s, _ in referent.mentions if s < pos)
