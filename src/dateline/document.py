"""The one serializer: a processed Doc becomes the output contract's JSON shape.

The store, the HTTP API and every export read this shape, so there is one truth about what a
record looks like (see ``shared/eval/README.md`` for the contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc

from dateline.model import (
    Article,
    Commitment,
    Count,
    Entity,
    Event,
    Place,
    Quote,
    TimeExpr,
)

SCHEMA_VERSION = "1"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _spans(spans: list[tuple[int, int]]) -> list[dict[str, int]]:
    return [{"start": s, "end": e} for s, e in spans]


def _extension(doc: Doc, name: str) -> Any:
    """``doc._.<name>``, or None in a pipeline that has no component filling it."""
    return doc._.get(name) if Doc.has_extension(name) else None


def _count(count: Count | None) -> dict[str, Any] | None:
    if count is None:
        return None
    return {
        "what": count.what,
        "value": count.value,
        "qualifier": count.qualifier,
        "mentions": [{"start": a, "end": b} for a, b in count.spans],
    }


@dataclass
class Document:
    """Everything dateline found in one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    main_event: str | None = None  # id of the event the title and lead report

    @classmethod
    def from_doc(cls, doc: Doc) -> Document:
        """Collect the records the pipeline components wrote to the Doc."""
        return cls(
            article=_extension(doc, "article"),
            entities=_extension(doc, "entities") or [],
            places=_extension(doc, "places") or [],
            times=_extension(doc, "times") or [],
            quotes=_extension(doc, "quotes") or [],
            events=_extension(doc, "events") or [],
            commitments=_extension(doc, "commitments") or [],
            main_event=_extension(doc, "main_event"),
        )

    @property
    def text(self) -> str:
        return self.article.text

    def to_dict(self) -> dict[str, Any]:
        """The output contract, ready for ``json.dumps``."""
        a = self.article
        return {
            "schema_version": SCHEMA_VERSION,
            "document": {
                "source": a.source,
                "url": a.url,
                "title": a.title,
                "outlet": a.outlet,
                "authors": list(a.authors),
                "published": _iso(a.published),
                "published_basis": a.published_basis,
                "published_confidence": a.published_confidence,
                "language": a.language,
                "warnings": list(a.warnings),
                "text": a.text,
                "boilerplate": _spans(a.boilerplate),
                "dateline": {"start": a.dateline[0], "end": a.dateline[1]} if a.dateline else None,
                "main_event": self.main_event,
            },
            "entities": [self._entity(e) for e in self.entities],
            "places": [self._place(p) for p in self.places],
            "times": [self._time(t) for t in self.times],
            "quotes": [self._quote(q) for q in self.quotes],
            "events": [self._event(e) for e in self.events],
            "commitments": [self._commitment(c) for c in self.commitments],
        }

    @staticmethod
    def _entity(e: Entity) -> dict[str, Any]:
        return {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": list(e.aliases),
            "roles": list(e.roles),
            "country": e.country,
            "sector": e.sector,
            "mentions": _spans(e.mentions),
        }

    def _place(self, p: Place) -> dict[str, Any]:
        text = self.text
        mentions = [
            {"start": s, "end": e, "text": text[s:e], "literal": True} for s, e in p.mentions
        ]
        mentions += [
            {"start": s, "end": e, "text": text[s:e], "literal": False} for s, e in p.references
        ]
        return {
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "country": p.country,
            "admin1": p.admin1,
            "feature": p.feature,
            "geonames_id": p.geonames_id,
            "lat": p.lat,
            "lon": p.lon,
            "resolution": p.resolution,
            "geo_precision": p.geo_precision,
            "mentions": mentions,
        }

    @staticmethod
    def _time(t: TimeExpr) -> dict[str, Any]:
        return {
            "start": t.start,
            "end": t.end,
            "text": t.text,
            "type": t.type,
            "value": t.value,
            "earliest": _iso(t.earliest),
            "latest": _iso(t.latest),
            "precision": t.precision,
            "mod": t.mod,
        }

    @staticmethod
    def _quote(q: Quote) -> dict[str, Any]:
        return {
            "id": q.id,
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "kind": q.kind,
            "speaker": q.speaker,
            "speaker_name": q.speaker_name,
            "cue": q.cue,
            "cue_span": {"start": q.cue_span[0], "end": q.cue_span[1]} if q.cue_span else None,
            "channel": q.channel,
            "date": _iso(q.date),
            "clause": {"start": q.clause[0], "end": q.clause[1]} if q.clause else None,
        }

    @staticmethod
    def _event(e: Event) -> dict[str, Any]:
        d = e.date
        return {
            "id": e.id,
            "type": e.type,
            "mode": e.mode,
            "trigger": {"start": e.trigger[0], "end": e.trigger[1], "text": e.trigger_text},
            "sentence": {"start": e.sentence[0], "end": e.sentence[1]},
            "actors": list(e.actors),
            "targets": list(e.targets),
            "place": e.place,
            "date": None
            if d is None
            else {
                "value": _iso(d.value),
                "earliest": _iso(d.earliest),
                "latest": _iso(d.latest),
                "precision": d.precision,
                "basis": d.basis,
            },
            "counts": [_count(c) for c in e.counts],
            "fatalities": _count(e.fatalities),
            "injured": _count(e.injured),
            "arrested": _count(e.arrested),
            "status": e.status,
            "source": e.source,
            "background": e.background,
            "cameo_root": e.cameo_root,
            "acled_event_type": e.acled_event_type,
            "acled_sub_event_type": e.acled_sub_event_type,
            "geo_precision": e.geo_precision,
            "time_precision": e.time_precision,
            "mentions": [{"start": a, "end": b} for a, b in e.mentions],
        }

    @staticmethod
    def _commitment(c: Commitment) -> dict[str, Any]:
        return {
            "id": c.id,
            "party": c.party,
            "text": c.text,
            "start": c.start,
            "end": c.end,
            "what": c.what,
            "quantity": None
            if c.quantity_value is None
            else {"what": c.quantity_what, "value": c.quantity_value, "from": c.quantity_from},
            "deadline": _iso(c.deadline),
            "deadline_precision": c.deadline_precision,
            "condition": c.condition,
            "condition_status": c.condition_status,
            "kind": c.kind,
            "event": c.event,
        }
