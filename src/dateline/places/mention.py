"""What recognition hands to resolution: one :class:`Mention` per toponym occurrence, and the
:class:`Toponym` view of it kept for evaluation."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.places.gazetteer.index import Entry
from dateline.places.gazetteer.keys import name_key


@dataclass
class Mention:
    """One toponym occurrence and what the text around it says about it."""

    start: int  # character span of the name itself ("Ghazni" in "Ghazni province")
    end: int
    name: str
    surface: str  # as written with its type word ("Ghazni province")
    sent: int  # sentence index
    hint: str | None = None  # feature from a type word: admin1 | admin2 | city | river
    country_hint: str | None = None  # alpha-2 from "X, Country" / "X, ST"
    admin1_hint: str | None = None  # admin1 name from "City, ST"
    container: tuple[int, int, Entry] | None = None  # "Ga." in "Atlanta, Ga.": tokens, entry
    # what a comma after the name says contains it ("Perth, WA": Washington or Western
    # Australia): the entries, and whether they were written as an abbreviation or a name
    containers: tuple[Entry, ...] = ()
    container_kind: str | None = None  # abbreviation | name
    is_container: bool = False  # this is the ", Georgia" of "Atlanta, Georgia"
    container_of: tuple[Entry, ...] = ()  # ... and these readings of it hold that town
    in_dateline: bool = False  # inside the article's dateline: the story's focus
    label: str = ""  # spaCy label, if any
    strong: bool = False  # locative context: "in X", "X, a town", "X province"
    # place | demonym ("Russian officials") | embedded ("Herat council") | institution
    use: str = "place"
    candidates: tuple[Entry, ...] = ()
    chosen: Entry | None = None
    country: str | None = None  # resolved or inferred alpha-2
    reason: str | None = None  # why ``chosen`` (see dateline.places.resolve.REASONS)

    def demonym_like(self) -> bool:
        return self.label == "NORP"

    @property
    def explicit(self) -> bool:
        """The text itself qualifies the name: a type word, a container after a comma."""
        return bool(self.hint or self.country_hint or self.admin1_hint or self.containers)

    @property
    def literal(self) -> bool:
        """A reference to the place itself, not to its people ("Russian officials")."""
        return self.use != "demonym"

    def key(self) -> tuple:
        if self.chosen is not None:
            return ("g", self.chosen.id)
        return ("u", name_key(self.name))


@dataclass
class Toponym:
    """A recognized toponym with its use (place | demonym | embedded) and its resolution,
    kept for evaluation: the places layer outputs only the 'place' ones."""

    start: int
    end: int
    use: str
    country: str | None = None
    feature: str | None = None
    lat: float | None = None
    lon: float | None = None
    reason: str | None = None

    @classmethod
    def of(cls, m: Mention) -> Toponym:
        e = m.chosen
        if e is None:
            return cls(m.start, m.end, m.use, m.country, reason=m.reason)
        return cls(m.start, m.end, m.use, e.country, e.feature, e.lat, e.lon, m.reason)

    def as_tuple(self) -> tuple:
        """(start, end, use, country, feature, lat, lon, reason): the evaluation record."""
        return (
            self.start,
            self.end,
            self.use,
            self.country,
            self.feature,
            self.lat,
            self.lon,
            self.reason,
        )
