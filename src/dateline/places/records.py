"""Output: mentions of the same place merged into one :class:`~dateline.model.Place`, and the
look-ups later layers make on a Doc's places (which place is at these characters, its ACLED
geo precision, whether a toponym stands for a government)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from dateline.model import Place
from dateline.places.clues import is_metonymic
from dateline.places.gazetteer.keys import name_key
from dateline.places.mention import Mention
from dateline.places.vocabulary import Vocabulary

DEFAULT_PRECISION = 3  # ACLED: a region or larger


def _place_name(group: list[Mention]) -> str:
    chosen = group[0].chosen
    if chosen is not None and chosen.feature == "country":
        return chosen.name
    names = [m.name for m in group]
    if chosen is not None and any(name_key(n) == name_key(chosen.name) for n in names):
        return chosen.name
    written = [n for n in names if not n.isupper()]  # "ISLAMABAD" in a dateline: "Islamabad"
    return written[0] if written else names[0].title()


def build_places(mentions: Iterable[Mention], vocabulary: Vocabulary) -> list[Place]:
    """Merge mentions of the same place into Place records, numbered in text order. A
    demonym ("Russian officials") is kept as a non-literal reference of the place its country
    is, when the article names that place literally too; it never makes a place of its own."""
    ordered = sorted(mentions, key=lambda m: m.start)
    groups: dict[tuple, list[Mention]] = {}
    for m in ordered:
        if m.use == "place":
            groups.setdefault(m.key(), []).append(m)
    references: dict[tuple, list[Mention]] = {}
    for m in ordered:
        if m.use == "demonym" and m.chosen is not None and m.key() in groups:
            references.setdefault(m.key(), []).append(m)
    places = []
    for n, (key, group) in enumerate(groups.items(), start=1):
        entry = group[0].chosen
        first = next((m for m in group if m.country), group[0])
        aliases = list(dict.fromkeys(s for m in group for s in (m.name, m.surface)))
        name = _place_name(group)
        place = Place(
            id=f"p{n}",
            name=name,
            country=entry.country if entry else first.country,
            admin1=entry.admin1 if entry and entry.feature != "country" else None,
            feature=entry.feature if entry else _guess_feature(group, vocabulary),
            geonames_id=entry.geonames_id if entry else None,
            lat=entry.lat if entry else None,
            lon=entry.lon if entry else None,
            mentions=[(m.start, m.end) for m in group],
            aliases=[a for a in aliases if a != name],
            resolution=next((m.reason for m in group if m.reason), None),
            references=[(m.start, m.end) for m in references.get(key, [])],
        )
        place.geo_precision = precision_code(place)
        places.append(place)
    return places


def _guess_feature(group: list[Mention], vocabulary: Vocabulary) -> str:
    """The feature of a place the gazetteer does not know: a hint, its last word, its label."""
    hinted = next((m.hint for m in group if m.hint), None)
    if hinted:
        return hinted
    m = group[0]
    words = name_key(m.name).split()
    if words and words[-1] in vocabulary.place_words:
        return vocabulary.place_words[words[-1]]
    return "city" if m.label == "GPE" else "region"


def place_at(doc: Doc, start: int, end: int) -> Place | None:
    """The place with a mention overlapping [start, end), the tightest mention first."""
    best: tuple[int, Place] | None = None
    for place in doc._.places or []:
        for m_start, m_end in place.mentions:
            if m_start < end and start < m_end:
                size = m_end - m_start
                if best is None or size < best[0]:
                    best = (size, place)
    return best[1] if best else None


def place_by_id(doc: Doc, place_id: str) -> Place | None:
    return next((p for p in doc._.places or [] if p.id == place_id), None)


def metonymic_at(doc: Doc, start: int, end: int) -> bool:
    """True when the toponym at [start, end) stands for a government or people ("Washington
    said"): the events layer should not take it as the place where something happened."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and is_metonymic(span, Vocabulary.load())


def precision_code(place: Place | None) -> int | None:
    """ACLED geo_precision (``lexicons/geo_precision.csv``): 1 a town, 2 part of a region
    (district, river), 3 region or larger (province, country); None without a place."""
    if place is None:
        return None
    return Vocabulary.load().geo_precision.get(place.feature, DEFAULT_PRECISION)
