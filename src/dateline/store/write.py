"""Writing one extracted article (the output contract's dict) into the store's tables.

The full contract JSON is kept verbatim in ``articles.doc_json`` (the one truth about the
record); the other tables are query-friendly projections of it, with each fact's character
spans in ``evidence``. Callers wrap :func:`write_document` in a transaction so an article is
stored whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from dateline import countries
from dateline.store.db import Store


def content_hash(text: str) -> str:
    """Identity of an article for idempotent ingest: SHA-256 of its whitespace-normalized text,
    so a repost of the same wire copy with different line breaks is recognized as the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def alpha3(code: str | None) -> str | None:
    """Normalize alpha-2/alpha-3 country codes to alpha-3 (the store's one convention)."""
    if not code:
        return None
    country = countries.by_code(code)
    return country.alpha3 if country else code.upper()


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


def _count_value(count: Any) -> tuple[float | None, str | None]:
    if isinstance(count, dict):
        return _num(count.get("value")), count.get("qualifier")
    return None, None


def _day(value: Any) -> str | None:
    """An ISO day (``YYYY-MM-DD``) from a contract date, else None (a malformed deadline is
    no deadline: the monitor never compares a string that is not a date)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value[:10]).date().isoformat()
    except ValueError:
        return None


def _span(obj: Any) -> tuple[int, int] | None:
    if isinstance(obj, dict):
        start, end = obj.get("start"), obj.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
            return start, end
    return None


class _Writer:
    """Writes one document, remembering contract ids → row ids for cross references."""

    def __init__(self, store: Store, article_id: int) -> None:
        self.store = store
        self.article_id = article_id
        self.entity_ids: dict[str, int] = {}
        self.place_ids: dict[str, int] = {}
        self.places: dict[str, dict[str, Any]] = {}
        self.entities: dict[str, dict[str, Any]] = {}
        self.evidence: list[dict[str, Any]] = []
        self.event_ids: dict[str, int] = {}

    def spans(self, kind: str, item_id: int, role: str, spans: list[Any]) -> None:
        for obj in spans:
            span = _span(obj)
            if span:
                self.evidence.append(
                    {
                        "article_id": self.article_id,
                        "item_kind": kind,
                        "item_id": item_id,
                        "role": role,
                        "start_char": span[0],
                        "end_char": span[1],
                    }
                )

    def entity(self, e: dict[str, Any]) -> None:
        row_id = self.store.insert(
            "entities",
            {
                "article_id": self.article_id,
                "local_id": str(e.get("id")),
                "name": str(e.get("name") or ""),
                "type": e.get("type"),
                "country": alpha3(e.get("country")),
                "sector": e.get("sector"),
                "roles": json.dumps(e.get("roles") or []),
                "aliases": json.dumps(e.get("aliases") or []),
            },
        )
        self.entity_ids[str(e.get("id"))] = row_id
        self.entities[str(e.get("id"))] = e
        self.spans("entity", row_id, "mention", e.get("mentions") or [])

    def place(self, p: dict[str, Any]) -> None:
        row_id = self.store.insert(
            "places",
            {
                "article_id": self.article_id,
                "local_id": str(p.get("id")),
                "name": str(p.get("name") or ""),
                "country": alpha3(p.get("country")),
                "admin1": p.get("admin1"),
                "feature": p.get("feature"),
                "geonames_id": p.get("geonames_id")
                if isinstance(p.get("geonames_id"), int)
                else None,
                "latitude": _num(p.get("lat")),
                "longitude": _num(p.get("lon")),
            },
        )
        self.place_ids[str(p.get("id"))] = row_id
        self.places[str(p.get("id"))] = p
        self.spans("place", row_id, "mention", p.get("mentions") or [])

    def quote(self, q: dict[str, Any]) -> None:
        span = _span(q) or (None, None)
        speaker = q.get("speaker")
        row_id = self.store.insert(
            "quotes",
            {
                "article_id": self.article_id,
                "local_id": str(q.get("id")),
                "text": str(q.get("text") or ""),
                "start_char": span[0],
                "end_char": span[1],
                "kind": q.get("kind"),
                "speaker_id": self.entity_ids.get(str(speaker)) if speaker else None,
                "speaker_name": q.get("speaker_name")
                or (self.entities.get(str(speaker), {}).get("name") if speaker else None),
                "cue": q.get("cue"),
                "channel": q.get("channel"),
                "quote_date": q.get("date"),
            },
        )
        self.spans("quote", row_id, "content", [q])
        self.spans("quote", row_id, "cue", [q.get("cue_span")])

    def _participant(self, ref: Any, role: str, position: int, event_id: int) -> dict[str, Any]:
        key = str(ref)
        if key in self.entities:
            e = self.entities[key]
            return {
                "event_id": event_id,
                "role": role,
                "position": position,
                "entity_id": self.entity_ids[key],
                "place_id": None,
                "name": e.get("name"),
                "country": alpha3(e.get("country")),
                "sector": e.get("sector"),
            }
        if key in self.places:
            p = self.places[key]
            return {
                "event_id": event_id,
                "role": role,
                "position": position,
                "entity_id": None,
                "place_id": self.place_ids[key],
                "name": p.get("name"),
                "country": alpha3(p.get("country")),
                "sector": None,
            }
        return {
            "event_id": event_id,
            "role": role,
            "position": position,
            "entity_id": None,
            "place_id": None,
            "name": key,
            "country": None,
            "sector": None,
        }

    def _event_country(self, e: dict[str, Any], place: dict[str, Any]) -> str | None:
        """Where it happened: the event's place, else a participant's country."""
        if place.get("country"):
            return alpha3(place["country"])
        for ref in [*(e.get("targets") or []), *(e.get("actors") or [])]:
            other = self.places.get(str(ref)) or self.entities.get(str(ref)) or {}
            if other.get("country") and other.get("type") not in ("PERSON",):
                return alpha3(other["country"])
        return None

    def event(self, e: dict[str, Any]) -> None:
        place = self.places.get(str(e.get("place")), {}) if e.get("place") else {}
        raw_date = e.get("date")
        date = raw_date if isinstance(raw_date, dict) else {}
        fatalities, qualifier = _count_value(e.get("fatalities"))
        trigger = _span(e.get("trigger")) or (None, None)
        sentence = _span(e.get("sentence")) or (None, None)
        source = e.get("source")
        row_id = self.store.insert(
            "events",
            {
                "article_id": self.article_id,
                "local_id": str(e.get("id")),
                "type": str(e.get("type") or "").upper(),
                "mode": e.get("mode"),
                "status": e.get("status") or "occurred",
                "event_date": date.get("value"),
                "date_earliest": date.get("earliest") or date.get("value"),
                "date_latest": date.get("latest") or date.get("value"),
                "date_precision": date.get("precision"),
                "place_id": self.place_ids.get(str(e.get("place"))),
                "location": place.get("name"),
                "country": self._event_country(e, place),
                "admin1": place.get("admin1"),
                "latitude": _num(place.get("lat")),
                "longitude": _num(place.get("lon")),
                "fatalities": fatalities,
                "fatalities_qualifier": qualifier,
                "injured": _count_value(e.get("injured"))[0],
                "source_id": self.entity_ids.get(str(source)) if source else None,
                "source_name": self._name_of(source),
                "cameo_root": e.get("cameo_root"),
                "acled_event_type": e.get("acled_event_type"),
                "acled_sub_event_type": e.get("acled_sub_event_type"),
                "geo_precision": e.get("geo_precision"),
                "time_precision": e.get("time_precision"),
                "background": 1 if e.get("background") else 0,
                "trigger_text": (e.get("trigger") or {}).get("text"),
                "trigger_start": trigger[0],
                "trigger_end": trigger[1],
                "sentence_start": sentence[0],
                "sentence_end": sentence[1],
            },
        )
        participants = [
            self._participant(ref, role, i, row_id)
            for role in ("actor", "target")
            for i, ref in enumerate(e.get(f"{role}s") or [])
        ]
        self.store.insert_many("event_participants", participants)
        self.event_ids[str(e.get("id"))] = row_id
        self.spans("event", row_id, "trigger", [e.get("trigger")])
        self.spans("event", row_id, "sentence", [e.get("sentence")])

    def _name_of(self, ref: Any) -> str | None:
        """The name an entity or place id stands for; a bare name (an unnamed source such as
        "a local official") as it is."""
        if not ref:
            return None
        key = str(ref)
        found = self.entities.get(key) or self.places.get(key)
        return str(found.get("name") or key) if found else key

    def commitment(self, c: dict[str, Any]) -> None:
        span = _span(c) or (None, None)
        party = str(c.get("party")) if c.get("party") else None
        name = None
        if party:
            name = (self.entities.get(party) or self.places.get(party) or {}).get("name", party)
        raw_quantity = c.get("quantity")
        quantity = raw_quantity if isinstance(raw_quantity, dict) else {}
        event = str(c.get("event")) if c.get("event") else None
        row_id = self.store.insert(
            "commitments",
            {
                "article_id": self.article_id,
                "local_id": str(c.get("id")),
                "party_id": self.entity_ids.get(party) if party else None,
                "party_place_id": self.place_ids.get(party) if party else None,
                "party_name": name,
                "text": str(c.get("text") or ""),
                "start_char": span[0],
                "end_char": span[1],
                "what": c.get("what") if isinstance(c.get("what"), str) else None,
                "quantity_value": _num(quantity.get("value")),
                "quantity_from": _num(quantity.get("from")),
                "quantity_what": quantity.get("what") if quantity else None,
                "deadline": _day(c.get("deadline")),
                "condition": c.get("condition"),
                "condition_status": c.get("condition_status"),
                "kind": c.get("kind") if isinstance(c.get("kind"), str) else None,
                "event_local_id": event,
                "event_id": self.event_ids.get(event) if event else None,
            },
        )
        self.spans("commitment", row_id, "content", [c])


def _items(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [x for x in doc.get(key) or [] if isinstance(x, dict)]


def write_document(store: Store, doc: dict[str, Any], digest: str | None = None) -> int:
    """Store one contract dict (``Document.to_dict()``) and return the article's row id.

    Run inside ``store.transaction()``: the article row and all its children commit together.
    """
    meta = doc.get("document") or {}
    text = meta.get("text") or ""
    events = _items(doc, "events")
    article_id = store.insert(
        "articles",
        {
            "content_hash": digest or content_hash(text),
            "source": meta.get("source"),
            "url": meta.get("url"),
            "outlet": meta.get("outlet"),
            "title": meta.get("title"),
            "published": meta.get("published"),
            "published_basis": meta.get("published_basis"),
            "text": text,
            "doc_json": json.dumps(doc, ensure_ascii=False),
            "n_events": len(events),
            "ingested_at": now(),
        },
    )
    writer = _Writer(store, article_id)
    for e in _items(doc, "entities"):
        writer.entity(e)
    for p in _items(doc, "places"):
        writer.place(p)
    for q in _items(doc, "quotes"):
        writer.quote(q)
    for e in events:
        writer.event(e)
    for c in _items(doc, "commitments"):
        writer.commitment(c)
    store.insert_many("evidence", writer.evidence)
    return article_id


STAGES = ("read", "clean", "frame", "parse", "store")


def failure_stage(reason: str, stage: str | None = None) -> str:
    """Where an item failed: the stage given, else the one its reason names first
    ("clean: ...", "events: ..."), else "extract" (somewhere in the pipeline)."""
    if stage:
        return stage
    head = reason.split(":", 1)[0].strip()
    if head in STAGES or (head.isidentifier() and head.islower() and ":" in reason):
        return head
    return "extract"


def record_failure(
    store: Store,
    source: str,
    reason: str,
    digest: str | None = None,
    stage: str | None = None,
) -> None:
    """Remember an item that could not be read or extracted (replacing older failures of
    it), with the stage it failed at."""
    from dateline.store.db import is_disk_full, store_error

    try:
        with store.transaction():
            store.execute("DELETE FROM failed WHERE source = ?", (source,))
            store.insert(
                "failed",
                {
                    "source": source,
                    "content_hash": digest,
                    "reason": reason,
                    "stage": failure_stage(reason, stage),
                    "failed_at": now(),
                },
            )
    except Exception as exc:
        if is_disk_full(exc):
            raise store_error(store, exc) from None
        raise
