"""Possible speakers: the entities and places of the Doc with their mentions, sorted for span
and look-back queries."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dateline.model import Entity

MAX_MENTION_CHARS = 200  # a mention starting this far before a span cannot overlap it
LOOKBACK_CHARS = 3000  # how far back a pronoun or nominal looks for its antecedent


@dataclass
class Cand:
    """A possible speaker: an entity or place (id set), or a name the parser saw (id None)."""

    id: str | None
    name: str
    type: str
    words: frozenset[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)
    is_place: bool = False


def _words(*names: str) -> frozenset[str]:
    return frozenset(w for n in names for w in re.findall(r"[\w'’-]+", n.casefold()))


def _from_entity(e: Entity) -> Cand:
    return Cand(e.id, e.name, e.type, _words(*e.all_names(), *e.roles), list(e.mentions))


def _pseudo_entities(doc: Doc) -> list[Cand]:
    """Fallback speakers from spaCy's NER when no entities layer output is available."""
    by_key: dict[str, Cand] = {}
    persons: list[Cand] = []
    for ent in doc.ents:
        label = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}.get(ent.label_)
        if label is None:
            continue
        name = re.sub(r"^(the|The)\s+", "", ent.text.strip())
        name = re.sub(r"['’]s$", "", name)
        if not name:
            continue
        cand = None
        if label == "PERSON":
            last = name.split()[-1].casefold()
            cand = next((c for c in persons if c.name.split()[-1].casefold() == last), None)
            if cand and len(name) > len(cand.name):
                cand.name = name
        key = cand.name.casefold() if cand else name.casefold()
        cand = cand or by_key.get(key)
        if cand is None:
            cand = Cand(None, name, label, frozenset())
            by_key[key] = cand
            if label == "PERSON":
                persons.append(cand)
        cand.words = cand.words | _words(name)
        cand.mentions.append((ent.start_char, ent.end_char))
    return list(by_key.values())


class Mentions:
    """All candidate speakers' mentions, sorted, for span and look-back queries."""

    def __init__(self, doc: Doc) -> None:
        ents = [_from_entity(e) for e in (doc._.entities or [])]
        if not ents:
            ents = _pseudo_entities(doc)
        places = []
        for p in doc._.places or []:
            places.append(
                Cand(p.id, p.name, "GPE", _words(p.name, *p.aliases), list(p.mentions), True)
            )
        self.cands = ents + places
        rows = [(s, e, c) for c in self.cands for s, e in c.mentions]
        rows.sort(key=lambda r: (r[0], r[1]))
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def at(self, start: int, end: int) -> Cand | None:
        """The candidate with a mention overlapping [start, end); entities before places,
        then the longest mention."""
        lo = bisect.bisect_left(self.starts, start - MAX_MENTION_CHARS)
        hi = bisect.bisect_left(self.starts, end)
        hits = [r for r in self.rows[lo:hi] if r[1] > start]
        hits.sort(key=lambda r: (r[2].is_place, -(r[1] - r[0])))
        return hits[0][2] if hits else None

    def before(self, pos: int, limit: int = LOOKBACK_CHARS) -> Iterator[tuple[int, int, Cand]]:
        """Mentions ending before pos, nearest first."""
        i = bisect.bisect_left(self.starts, pos)
        for s, e, c in reversed(self.rows[:i]):
            if e > pos:
                continue
            if pos - s > limit:
                return
            yield s, e, c

    def salience(self, cand: Cand, pos: int) -> int:
        return sum(1 for s, _ in cand.mentions if s < pos)
