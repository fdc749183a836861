"""``dateline eval events FILE``: score the events layer on the PLOVER gold standard records.

FILE is ``PLOVER_GSR_CAMEO.txt`` from openeventdata/PLOVER (a JSON array despite the name; CC
BY-SA 4.0, Open Event Data Alliance): one sentence per record, coded with one event. It uses the
2016 type names, mapped to PLOVER's 16 types as the PLOVER 2.0 manual does: DEMAND → REQUEST,
DISAPPROVE and INVESTIGATE → ACCUSE, FIGHT → ASSAULT.

Each sentence goes through the whole pipeline. The system event compared with the gold one is
the one whose trigger lies in the gold event words (``eventText``), else the one sharing most
actors and targets with the gold, else the first; the type is not used to choose it, so the
type accuracy is not flattered. Reported:

* **type accuracy**: the chosen event has the gold type (a sentence with no event counts wrong);
* **actor match** / **target match**: over records with gold actors (targets), a system actor
  (target) matches a gold ``actorText`` when they share a content word (name or alias) or when
  one of the entity's mentions overlaps the gold actor text in the sentence, or when the gold text
  is a country name or demonym ("Israeli") and the system actor (not a person) has that country.
  The GSR codes the
  place an act bears on as its target when no party is named ("imposed a curfew in (TAR:
  Algiers)"); dateline puts that place in ``place``, so an event without targets offers its place
  for the target match;
* a confusion table of gold type (rows) against system type (columns, ``-`` for no event);
* **extra events per sentence**, the precision guard: each record is coded with one event, so
  every event beyond the first in a sentence is extra (the events issue allows 0.3). Some
  sentences do report two events, so this is an upper bound on false alarms, not a count.

``eval events`` and ``eval plover`` are the same task; its summary line is ``events-plover``.
Like every event-set evaluator it scores the output contract (see :mod:`.records`), so the
keyword baseline in ``bench/`` is scored by this same code.

**Announced intentions.** The GSR follows CAMEO, which codes an announced act as an intent:
"will provide aid", "is willing to withdraw" are AGREE (CAMEO 03, intent to cooperate) and "will
boycott", "would blockade" are THREATEN (CAMEO 13). dateline codes the act itself with status
``planned`` or ``hypothetical`` (as its gold articles do). The evaluation converts such events
to the CAMEO reading before comparing (cooperative types → AGREE, hostile ones → THREATEN) and
prints the type accuracy without the conversion as well.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline import countries
from dateline.evaluate import task
from dateline.evaluate.records import Record, View, trigger_start
from dateline.evaluate.scoring import Confusion, Share, fmt
from dateline.evaluate.summary import ratio, summary_line
from dateline.model import Article

TASK = "events-plover"
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "AID", "COOPERATE", "CONCEDE", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"}
OLD_TYPES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
STOP = {"the", "of", "and", "a", "an", "in", "for", "to", "on", "s", "'s", "its", "their"}
WORD = re.compile(r"[\w\-]+")
EXTRA_EVENTS_ALLOWED = 0.3  # per sentence, from the events issue


@dataclass
class Gold:
    type: str
    text: str
    event_words: set[str]
    actors: list[str]
    targets: list[str]


def add_parser(tasks: argparse._SubParsersAction) -> None:
    task.add_task(
        tasks,
        "events",
        "type, actor and target accuracy on PLOVER GSR",
        lambda args: task.run(args, sys.modules[__name__]),
        "PLOVER_GSR_CAMEO.txt (JSON array of coded sentences), or its folder",
        aliases=("plover",),
        description=__doc__,
    )


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP}


def _actor_texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [a["actorText"] for a in value if isinstance(a, dict) and a.get("actorText")]


def records_file(path: Path) -> Path:
    """The records file: the path itself, or the one ``.txt`` of the folder as distributed."""
    if not path.exists():
        raise task.DataMissing(f"{path} not found")
    if not path.is_dir():
        return path
    found = sorted(path.glob("*.txt"))
    if len(found) != 1:
        raise task.BadData(f"{path} holds {len(found)} .txt files; give one")
    return found[0]


def load(path: Path, args: argparse.Namespace | None = None) -> list[Gold]:
    """The coded sentences with their types mapped to PLOVER's 16."""
    return load_records(json.loads(records_file(path).read_text(encoding="utf-8")))


def load_records(records: list[dict[str, Any]]) -> list[Gold]:
    """Gold events of the parsed GSR array (the DOCUMENT record and text-less ones dropped)."""
    out = []
    for rec in records:
        event = str(rec.get("event") or "")
        text = rec.get("text")
        if not text or event == "DOCUMENT":
            continue
        out.append(
            Gold(
                type=OLD_TYPES.get(event, event),
                text=text,
                event_words=words(rec.get("eventText", "")),
                actors=_actor_texts(rec.get("source")),
                targets=_actor_texts(rec.get("target")),
            )
        )
    return out


def stratum(gold: Gold) -> str:
    return gold.type


def articles(golds: Sequence[Gold]) -> list[Article]:
    return task.articles_of([("plover-gsr", g.text) for g in golds])


def _names(view: View, ref: str) -> tuple[set[str], list[tuple[int, int]], str | None]:
    """Content words of a referenced entity or place (name and aliases), its mentions, and its
    country (alpha-3); a person does not stand for a country."""
    item = view.item(ref)
    if item is None:
        return words(ref), [], None
    country = None if item.get("type") == "PERSON" else view.country3(ref)
    names = set().union(*(words(n) for n in view.names(ref)))
    return names, view.mentions(ref), country


def _gold_countries(text: str) -> set[str]:
    """The country a gold actor text is, when it is just a country name or demonym ("Israeli",
    "Turkey"); a longer phrase ("Israeli peace movement") names no country here."""
    text = text.strip()
    found = countries.by_name(text) or countries.by_demonym(text)
    return {found.alpha3} if found else set()


def matches(view: View, refs: list[str], gold_texts: list[str]) -> bool:
    """True when some system reference names or overlaps some gold actor text."""
    text = view.text
    for ref in refs:
        ref_words, mentions, country = _names(view, ref)
        for gold in gold_texts:
            if ref_words & words(gold):
                return True
            if country and country in _gold_countries(gold):
                return True
            start = text.find(gold)
            if start >= 0 and any(s < start + len(gold) and start < e for s, e in mentions):
                return True
    return False


def cameo_type(ev: dict[str, Any]) -> str:
    """The type CAMEO's coders would give: announced acts are intents (AGREE or THREATEN)."""
    kind = ev.get("type") or "-"
    if ev.get("status") not in {"planned", "hypothetical"}:
        return kind
    if kind in COOPERATIVE:
        return "AGREE"
    if kind in HOSTILE:
        return "THREATEN"
    return kind


def choose(view: View, gold: Gold) -> dict[str, Any] | None:
    """The system event to compare with the gold: trigger in the gold event words, else most
    shared actors and targets, else the first one."""
    events = view.events()
    if not events:
        return None

    def key(ev: dict[str, Any]) -> tuple[int, int, int]:
        trigger = bool(words((ev.get("trigger") or {}).get("text") or "") & gold.event_words)
        args = matches(view, ev.get("actors") or [], gold.actors) + matches(
            view, ev.get("targets") or [], gold.targets
        )
        return (trigger, args, -trigger_start(ev))

    return max(events, key=key)


class PloverScore:
    def __init__(self) -> None:
        self.confusion = Confusion()
        self.raw_typed = Share()
        self.actor = Share()
        self.target = Share()
        self.strict_target = Share()
        self.events = 0
        self.extra = 0
        self.errors: list[str] = []

    def add(self, gold: Gold, record: Record) -> None:
        view = View(record)
        ev = choose(view, gold)
        n_events = len(view.events())
        self.events += n_events
        self.extra += max(0, n_events - 1)
        system_type = cameo_type(ev) if ev else "-"
        self.confusion.add(gold.type, system_type)
        self.raw_typed.add(bool(ev and ev.get("type") == gold.type))
        if system_type != gold.type:
            self.errors.append(f"  {gold.type} -> {system_type}: {gold.text[:110]}")
        if gold.actors:
            self.actor.add(bool(ev and matches(view, ev.get("actors") or [], gold.actors)))
        if gold.targets:
            targets = (ev or {}).get("targets") or []
            place = (ev or {}).get("place")
            offered = targets or ([place] if place else [])
            self.target.add(bool(ev and matches(view, offered, gold.targets)))
            self.strict_target.add(bool(ev and matches(view, targets, gold.targets)))

    @property
    def n(self) -> int:
        return self.confusion.n

    def extra_per_sentence(self) -> float | None:
        return ratio(self.extra, self.n)

    def report(self, errors: int = 0) -> str:
        typed, right = self.confusion.accuracy(), self.confusion.right
        lines = []
        if errors:
            lines += [f"records typed wrong (first {errors} of {len(self.errors)})"]
            lines += [*self.errors[:errors], ""]
        lines += [
            f"records        {self.n}",
            f"type accuracy  {fmt(typed)}  ({right}/{self.n})",
            f"actor match    {fmt(self.actor.value)}  ({self.actor.right}/{self.actor.n})",
            f"target match   {fmt(self.target.value)}  ({self.target.right}/{self.target.n})",
            "",
            self.confusion.table(),
            "",
            f"type accuracy without the intent conversion  {fmt(self.raw_typed.value)}",
            f"target match without the place fallback     {fmt(self.strict_target.value)}",
            f"extra events per sentence                   {fmt(self.extra_per_sentence())}"
            f"  (events beyond the first; {self.events} events in {self.n} sentences; "
            f"allowed {EXTRA_EVENTS_ALLOWED})",
        ]
        return "\n".join(lines)

    def summary(self) -> str:
        metrics = [
            ("type", self.confusion.accuracy()),
            ("actor", self.actor.value),
            ("target", self.target.value),
        ]
        return summary_line(TASK, metrics, self.n)


def score(golds: Sequence[Gold], records: Sequence[Record]) -> PloverScore:
    scorer = PloverScore()
    for gold, record in zip(golds, records, strict=True):
        scorer.add(gold, record)
    return scorer
