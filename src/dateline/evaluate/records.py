"""Running articles through dateline for an evaluation, and reading the records that come out.

The event-set evaluators score the **output contract** (the JSON a user gets from ``dateline
extract``), not the pipeline's internal objects: the events layer is about to be rebuilt, and
scoring the contract keeps every evaluator valid across that rebuild; it also lets
``bench/keyword_baseline.py`` hand the same scorers records of the same shape. Articles go
through the one runner ``extract`` uses (:func:`dateline.runner.extract_records`: frame, whole
pipeline, per-article failures), with one difference: **no time budget**, so a figure does not
depend on how busy the machine is (a budget failure on a loaded machine would count as a miss).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dateline import countries
from dateline.model import Article

Record = dict[str, Any]
Span = tuple[int, int]
BATCH_SIZE = 16


def pipeline_records(articles: Sequence[Article], task: str, jobs: int = 1) -> Iterator[Record]:
    """The contract record of each article, in order, from ``jobs`` worker processes. An
    article dateline fails on gets a one-line error naming it and an empty record (no events),
    so the run goes on and the failure counts against the system."""
    from dateline.runner import Settings, extract_records

    settings = Settings(seconds_per_10k=None)
    results = extract_records(
        _progress(articles, task), jobs=jobs, batch_size=BATCH_SIZE, settings=settings
    )
    for result in results:
        if result.failure is not None:
            print(f"dateline eval {task}: error: {result.failure}", file=sys.stderr)
            yield {}
        else:
            yield result.document


def _progress(articles: Sequence[Article], task: str) -> Iterable[Article]:
    """A progress bar on stderr when a person is watching (runs of thousands take minutes)."""
    if len(articles) < 50 or not sys.stderr.isatty():
        return articles
    from tqdm import tqdm

    return tqdm(articles, desc=task, unit="doc", file=sys.stderr)


class View:
    """Lookups on one contract record: references to entities and places, events in order."""

    def __init__(self, record: Record | None) -> None:
        self.record = record or {}
        self.items: dict[str, dict[str, Any]] = {}
        for key in ("places", "entities"):  # an entity wins when an id is used twice
            for item in self.record.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.items[item["id"]] = {**item, "_kind": key}

    @property
    def text(self) -> str:
        return (self.record.get("document") or {}).get("text") or ""

    def events(self) -> list[dict[str, Any]]:
        """The events in text order (by trigger start)."""
        events = [e for e in self.record.get("events") or [] if isinstance(e, dict)]
        return sorted(events, key=trigger_start)

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        """The event with this id (None for no id: an event without one is not named)."""
        if not event_id:
            return None
        return next((e for e in self.events() if e.get("id") == event_id), None)

    def main_event(self, lead_end: int) -> dict[str, Any] | None:
        """``document.main_event`` when the record names one that exists; else the first event
        whose trigger lies before ``lead_end`` (the end of the title and first paragraph); else
        the first event."""
        named = self.event((self.record.get("document") or {}).get("main_event"))
        if named is not None:
            return named
        events = self.events()
        lead = [e for e in events if trigger_start(e) < lead_end]
        return lead[0] if lead else (events[0] if events else None)

    def item(self, ref: str) -> dict[str, Any] | None:
        return self.items.get(ref)

    def names(self, ref: str) -> list[str]:
        """Name and aliases of a referenced entity or place; a bare string names itself."""
        item = self.items.get(ref)
        if item is None:
            return [ref]
        return [n for n in [item.get("name"), *(item.get("aliases") or [])] if n]

    def mentions(self, ref: str) -> list[Span]:
        """Character spans of a reference's mentions; for a bare name, where it occurs."""
        item = self.items.get(ref)
        if item is not None:
            spans = [
                (m["start"], m["end"])
                for m in item.get("mentions") or []
                if isinstance(m, dict) and isinstance(m.get("start"), int)
            ]
            if spans:
                return spans
        out = []
        for name in self.names(ref):
            at = self.text.find(name)
            if at >= 0:
                out.append((at, at + len(name)))
        return out

    def sector(self, ref: str) -> str | None:
        item = self.items.get(ref)
        return (item or {}).get("sector") or None

    def roles(self, ref: str) -> list[str]:
        return list((self.items.get(ref) or {}).get("roles") or [])

    def country3(self, ref: str) -> str | None:
        """The reference's country as alpha-3 (places carry alpha-2 in the contract)."""
        item = self.items.get(ref)
        code = (item or {}).get("country")
        if not code:
            return None
        if len(code) == 2:
            found = countries.by_code(code)
            return found.alpha3 if found else None
        return code.upper()


def trigger_start(event: dict[str, Any]) -> int:
    trigger = event.get("trigger") or {}
    start = trigger.get("start") if isinstance(trigger, dict) else None
    return start if isinstance(start, int) else 1 << 30


def mention_starts(event: dict[str, Any]) -> list[int]:
    """Where the article tells the event: the start of every merged mention's trigger (the
    ``mentions`` field), else the trigger's alone (records written before the field)."""
    starts = [
        m["start"]
        for m in event.get("mentions") or []
        if isinstance(m, dict) and isinstance(m.get("start"), int)
    ]
    return starts or [trigger_start(event)]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def locate(text: str, pieces: Iterable[str]) -> list[Span | None]:
    """Spans of ``pieces`` found in order in ``text``, each searched from the end of the
    previous one found (None for a piece that is not there)."""
    out: list[Span | None] = []
    pos = 0
    for piece in pieces:
        at = text.find(piece, pos)
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(piece)))
        pos = at + len(piece)
    return out
