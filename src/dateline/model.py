"""The records dateline extracts, as plain dataclasses.

Every extractor writes these to the spaCy Doc (``doc._.entities`` etc.); the serializer in
``document.py`` turns them into the output contract. Offsets are character offsets into the
document text, end exclusive, so every fact can be traced back to the characters it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Span = tuple[int, int]


@dataclass
class Article:
    """One article as read, before parsing: the text plus what the wrapping told us."""

    text: str
    source: str = "<text>"  # file name, URL or record id, for error messages and provenance
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    published: date | None = None
    published_basis: str = "none"  # metadata | header | dateline | trailer | inferred | none
    published_confidence: float = 0.0  # how far the frame trusts ``published`` (0 when none)
    retrieved: date | None = None  # when the page was fetched: no later publication is possible
    language: str | None = None  # ISO 639-1 code the reader detected ("en")
    warnings: list[str] = field(default_factory=list)  # one-line notices about this article
    boilerplate: list[Span] = field(default_factory=list)
    dateline: Span | None = None  # "KABUL (Reuters) -" span, the story's anchor place
    dateline_place: str | None = None  # "KABUL" as written

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside a boilerplate span."""
        # a plain loop: the layers ask about 800 times per article, and a generator in any()
        # cost three times as much per call
        for b0, b1 in self.boilerplate:
            if b0 <= start and end <= b1:
                return True
        return False


@dataclass
class Entity:
    """A real-world referent (person, organization, country, group) within one article."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE | NORP | GROUP (nominal groups such as "gunmen")
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER sector: GOV MIL REB CVL COP OPP ...
    mentions: list[Span] = field(default_factory=list)
    place_id: str | None = None  # set when the entity is a country/city acting (GPE)

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Place:
    """A resolved toponym: one per real place, with all its mentions."""

    id: str
    name: str
    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None
    feature: str = "city"  # country | admin1 | admin2 | city | region | river | ...
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    resolution: str | None = None  # why this reading: dateline.places.resolve.REASONS
    geo_precision: int | None = None  # ACLED: 1 town, 2 part of a region, 3 region or larger
    references: list[Span] = field(default_factory=list)  # non-literal: "Russian officials"


@dataclass
class TimeExpr:
    """A time expression normalized to a TimeML TIMEX3 value against the publication date."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TIMEX3 value: 2020-03-04, 2020-W10, 2020-03, P135D, PRESENT_REF ...
    earliest: date | None = None
    latest: date | None = None
    precision: str | None = None  # day | week | month | year (None for durations)
    mod: str | None = None  # TIMEX3 mod: BEFORE, AFTER, APPROX, START, END, EQUAL_OR_LESS ...
    duration_days: float | None = None  # for DURATION: length in days ("within 135 days")


@dataclass
class Quote:
    """Who said what: a quoted or reported utterance and its attribution."""

    id: str
    start: int
    end: int
    text: str
    kind: str  # direct | partial | indirect
    speaker: str | None = None  # entity id
    speaker_name: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None
    cue_span: Span | None = None
    channel: str | None = None
    date: date | None = None
    clause: Span | None = None  # for a partial quote: the reported clause its words sit in


@dataclass
class Count:
    what: str
    value: float
    qualifier: str | None = None  # exact | at_least | at_most | about | claimed | ...
    # characters of every number phrase that states the figure: which sentences of an event
    # told several times give it
    spans: list[Span] = field(default_factory=list)


@dataclass
class EventDate:
    value: date | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str = "day"  # day | week | month | year
    basis: str = "text"  # text | sentence | narrative | coreference | publication


@dataclass
class Event:
    """Who did what to whom, where, when, how many, with status and evidence."""

    id: str
    type: str  # PLOVER type
    trigger: Span
    trigger_text: str
    sentence: Span
    mode: str | None = None
    actors: list[str] = field(default_factory=list)  # entity or place ids
    targets: list[str] = field(default_factory=list)
    place: str | None = None  # place id
    date: EventDate | None = None
    counts: list[Count] = field(default_factory=list)
    fatalities: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    status: str = "occurred"  # occurred | planned | hypothetical | negated
    source: str | None = None  # entity id of the reporting speaker
    cameo_root: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    geo_precision: int | None = None
    time_precision: int | None = None
    background: bool = False
    # the trigger of every mention merged into this event, in text order (the first is
    # ``trigger``'s): where the article tells the event, for sentence-level use and evidence
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Commitment:
    """An obligation: who promised what, by when, on what condition."""

    id: str
    start: int
    end: int
    text: str
    party: str | None = None  # entity or place id
    what: str | None = None
    quantity_value: float | None = None
    quantity_from: float | None = None
    quantity_what: str | None = None
    deadline: date | None = None
    deadline_precision: str | None = None  # day | week | month | year
    condition: str | None = None
    condition_status: str | None = None  # pending | met
    kind: str | None = None  # pledge | terms | accept | statement | obligation
    event: str | None = None  # id of the agreement event it belongs to
