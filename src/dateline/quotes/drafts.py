"""A quote under construction and its speaker, shared by every attribution step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline.quotes.marks import Marked

if TYPE_CHECKING:  # the reference layer imports quotes.marks: types only, no import cycle
    from dateline.references import Referent


@dataclass
class Speaker:
    """Who a quote is attributed to: a candidate (entity or place), else a bare name, and the
    span of the speaker phrase."""

    cand: Referent | None = None
    name: str | None = None
    span: tuple[int, int] | None = None


@dataclass
class Draft:
    """A quote under construction: content span, kind, and the cue that attributes it."""

    start: int
    end: int
    kind: str
    cue: Token | None = None
    cue_text: str | None = None
    cue_span: tuple[int, int] | None = None
    subject: Token | None = None  # the speaker phrase's head when found in the parse
    speaker: Speaker | None = None
    inherit: Draft | None = None  # continuation: same speaker as this earlier quote
    marked: Marked | None = None
    channel: str | None = None
    date: date | None = None
    clause: tuple[int, int] | None = None  # partial quote: the reported clause around it
