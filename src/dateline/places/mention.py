"""What recognition hands to resolution: one :class:`Mention` per toponym occurrence, and the
:class:`Toponym` view of it kept for evaluation."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.places.gazetteer.index import Entry
from dateline.places.gazetteer.keys import name_key


@dataclass
class Mention:
    """One toponym occurrence and what the text around it says about it."""

    start: int  # character span of the name itself ("Helmand" in "Helmand province")
    end: int
    name: str
    surface: str  # as written with its type word ("Helmand province")
    sent: int  # sentence index
    hint: str | None = None  # feature from a type word: admin1 | admin2 | city | river
    country_hint: str | None = None  # alpha-2 from "X, Country" / "X, ST"
    admin1_hint: str | None = None  # admin1 name from "City, ST"
    container: tuple[int, int, Entry] | None = None  # "Ga." in "Atlanta, Ga.": tokens, entry
    label: str = ""  # spaCy label, if any
    strong: bool = False  # locative context: "in X", "X, a town", "X province"
    # place | demonym ("Russian officials") | embedded ("Kunduz council") | institution
    use: str = "place"
    candidates: tuple[Entry, ...] = ()
    chosen: Entry | None = None
    country: str | None = None  # resolved or inferred alpha-2

    def demonym_like(self) -> bool:
        return self.label == "NORP"

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

    @classmethod
    def of(cls, m: Mention) -> Toponym:
        e = m.chosen
        if e is None:
            return cls(m.start, m.end, m.use, m.country)
        return cls(m.start, m.end, m.use, e.country, e.feature, e.lat, e.lon)
