"""Whether two references may name one referent, for merging mentions of one event.

Two references are alike when they are the same id or name, unnamed groups of one sector
("troops" and "soldiers"), or non-person parties of one country. :meth:`Similarity.keys` gives
each reference the keys (id, name, sector, country) two alike references always share, so that
merging can look up the earlier events that may share a party instead of comparing a mention
with every earlier event (which made merging quadratic in the article's length).
"""

from __future__ import annotations

from dateline.events.actors import ReferenceIndex
from dateline.model import Entity

PERSON = "PERSON"
GROUP_KINDS = {"GROUP", "NORP"}  # entity types of unnamed groups
PLURAL_SUFFIX = "s"
PLURAL_MEN, SINGULAR_MAN = "men", "man"  # "gunmen" → "gunman"

Key = tuple[str, str]


class Similarity:
    """``similar(a, b)`` over one document's references, and the keys that index it."""

    def __init__(self, index: ReferenceIndex, sectors: dict[str, str | None]) -> None:
        self.index = index
        self.sectors = sectors
        self._keys: dict[str, frozenset[Key]] = {}

    def similar(self, a: str, b: str) -> bool:
        """Two references that may name one referent: same id or name, or unnamed groups of one
        sector, or non-person entities of one country."""
        if a == b:
            return True
        entities = self.index.entities
        ea, eb = entities.get(a), entities.get(b)
        if ea is None or eb is None:
            na = ea.name.lower() if ea else a.lower()
            nb = eb.name.lower() if eb else b.lower()
            country_a = ea.country if ea else self.index.place_country(a)
            country_b = eb.country if eb else self.index.place_country(b)
            if na == nb:
                return True
            sector_a, sector_b = self.group_sector(ea, a), self.group_sector(eb, b)
            if sector_a and sector_b:  # "police" and "mobs" of one country are two parties
                return sector_a == sector_b
            person = (ea and ea.type == PERSON) or (eb and eb.type == PERSON)
            return bool(country_a and country_a == country_b and not person)
        if ea.type in GROUP_KINDS and eb.type in GROUP_KINDS and ea.sector and eb.sector:
            # unnamed groups of two sectors ("police", "rioters") are two parties, whatever
            # country they share
            return ea.sector == eb.sector and ea.country == eb.country
        if ea.type != PERSON and eb.type != PERSON and ea.country and ea.country == eb.country:
            return ea.type in GROUP_KINDS or eb.type in GROUP_KINDS
        return False

    def any_similar(self, xs: list[str], ys: list[str]) -> bool:
        return any(self.similar(x, y) for x in xs for y in ys)

    def group_sector(self, ent: Entity | None, ref: str) -> str | None:
        """Sector of an unnamed group: an entity of kind GROUP, or a bare role noun."""
        if ent is not None:
            return ent.sector if ent.type in GROUP_KINDS else None
        word = ref.split()[-1].lower()
        words = self.sectors
        return (
            words.get(word)
            or words.get(word.rstrip(PLURAL_SUFFIX))
            or words.get(word.replace(PLURAL_MEN, SINGULAR_MAN))
        )

    def keys(self, ref: str) -> frozenset[Key]:
        """Keys two similar references always share (``similar`` implies a common key): the
        reference itself, its name, its group sector and its country."""
        found = self._keys.get(ref)
        if found is None:
            ent = self.index.entities.get(ref)
            keys = {("ref", ref), ("name", ent.name.lower() if ent else ref.lower())}
            sector = self.group_sector(ent, ref)
            if sector:
                keys.add(("sector", sector))
            country = ent.country if ent else self.index.place_country(ref)
            if country:
                keys.add(("country", country))
            found = self._keys[ref] = frozenset(keys)
        return found

    def keys_of(self, refs: list[str]) -> set[Key]:
        return {key for ref in refs for key in self.keys(ref)}
