"""One trigger occurrence, filled in stage by stage: found (``detect``), given its arguments
(``arguments``), described (``describe``: status, date, place, numbers, source), merged with
the other mentions of its event (``merge``) and written as an Event (``records``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dateline.events.frames import TriggerFrame
from dateline.model import Count, EventDate, Place


@dataclass
class Mention:
    """One trigger occurrence with the arguments read from its clause."""

    tok: Token
    frame: TriggerFrame
    type: str
    mode: str | None
    light: Token | None = None
    span: tuple[int, int] = (0, 0)
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: Place | None = None
    place_basis: str = "clause"  # clause | sentence | dateline | coreference
    date: EventDate | None = None
    status: str = "occurred"
    source: str | None = None
    counts: list[Count] = field(default_factory=list)
    fatalities: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    anaphoric: bool = False
    another: bool = False  # "a second rally", "another raid": counted apart from earlier ones
    pronoun_party: bool = False  # a pronoun subject or object ("we signed"): a party unnamed
    merge_only: bool = False
    weak: bool = False  # no occasion of its own (``specific``): stands only for a type untold
    background: bool = False
    arg_tokens: list[Token] = field(default_factory=list)
    sent: Span | None = None  # the sentence the trigger is in (``tok.sent`` rebuilds it)
    spans: list[tuple[int, int]] = field(default_factory=list)  # every merged mention's trigger
    governed: bool = False  # a title mention inside another title event's clause (its content)
    in_title: bool = False  # told in the headline (join_title joins it, not cluster)

    @property
    def sentence(self) -> Span:
        """The trigger's sentence (set when the mention is found)."""
        assert self.sent is not None
        return self.sent

    def has_numbers(self) -> bool:
        return bool(self.counts or self.fatalities)
