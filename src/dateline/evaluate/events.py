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
* a confusion table of gold type (rows) against system type (columns, ``-`` for no event).

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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline import countries

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


@dataclass
class Gold:
    type: str
    text: str
    event_words: set[str]
    actors: list[str]
    targets: list[str]


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser("events", help="type, actor and target accuracy on PLOVER GSR")
    parser.add_argument("path", help="PLOVER_GSR_CAMEO.txt (JSON array of coded sentences)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N records")
    parser.add_argument("--errors", action="store_true", help="print the records typed wrong")
    parser.set_defaults(func=run)


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP}


def _actor_texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [a["actorText"] for a in value if isinstance(a, dict) and a.get("actorText")]


def load(path: Path) -> list[Gold]:
    """The coded sentences with their types mapped to PLOVER's 16."""
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for rec in records:
        event = rec.get("event")
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


def _names(doc: Any, ref: str) -> tuple[set[str], list[tuple[int, int]], str | None]:
    """Content words of a referenced entity or place (name and aliases), its mentions, and its
    country (alpha-3)."""
    for item in list(doc._.entities or []) + list(doc._.places or []):
        if item.id == ref:
            names = [item.name, *getattr(item, "aliases", [])]
            country = getattr(item, "country", None)
            if country and len(country) == 2:
                found = countries.by_code(country)
                country = found.alpha3 if found else None
            if getattr(item, "type", None) == "PERSON":
                country = None  # a person does not stand for a country
            return set().union(*(words(n) for n in names)), list(item.mentions), country
    return words(ref), [], None


def _gold_countries(text: str) -> set[str]:
    """The country a gold actor text is, when it is just a country name or demonym ("Israeli",
    "Turkey"); a longer phrase ("Israeli peace movement") names no country here."""
    text = text.strip()
    found = countries.by_name(text) or countries.by_demonym(text)
    return {found.alpha3} if found else set()


def matches(doc: Any, refs: list[str], gold_texts: list[str]) -> bool:
    """True when some system reference names or overlaps some gold actor text."""
    text = doc.text
    for ref in refs:
        ref_words, mentions, country = _names(doc, ref)
        for gold in gold_texts:
            if ref_words & words(gold):
                return True
            if country and country in _gold_countries(gold):
                return True
            start = text.find(gold)
            if start >= 0 and any(s < start + len(gold) and start < e for s, e in mentions):
                return True
    return False


def cameo_type(ev: Any) -> str:
    """The type CAMEO's coders would give: announced acts are intents (AGREE or THREATEN)."""
    if ev.status not in {"planned", "hypothetical"}:
        return ev.type
    if ev.type in COOPERATIVE:
        return "AGREE"
    if ev.type in HOSTILE:
        return "THREATEN"
    return ev.type


def choose(doc: Any, gold: Gold) -> Any | None:
    """The system event to compare with the gold: trigger in the gold event words, else most
    shared actors and targets, else the first one."""
    events = list(doc._.events or [])
    if not events:
        return None

    def key(ev: Any) -> tuple[int, int, int]:
        trigger = bool(words(ev.trigger_text) & gold.event_words)
        args = matches(doc, ev.actors, gold.actors) + matches(doc, ev.targets, gold.targets)
        return (trigger, args, -ev.trigger[0])

    return max(events, key=key)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        print(f"dateline eval events: {path} not found; skipped")
        return 0
    if path.is_dir():  # the folder as distributed: its one records file
        records = sorted(path.glob("*.txt"))
        if len(records) != 1:
            print(f"dateline eval events: {path} holds {len(records)} .txt files; give one")
            return 2
        path = records[0]
    golds = load(path)
    if args.limit:
        golds = golds[: args.limit]
    from dateline.model import Article
    from dateline.pipeline import get_pipeline, make_doc

    nlp = get_pipeline()
    docs = nlp.pipe(make_doc(nlp, Article(text=g.text, source="plover-gsr")) for g in golds)
    confusion: Counter[tuple[str, str]] = Counter()
    typed = raw_typed = actor_n = actor_ok = target_n = target_ok = strict_target_ok = 0
    for gold, doc in zip(golds, docs, strict=True):
        ev = choose(doc, gold)
        system_type = cameo_type(ev) if ev else "-"
        confusion[(gold.type, system_type)] += 1
        typed += system_type == gold.type
        raw_typed += bool(ev and ev.type == gold.type)
        if args.errors and system_type != gold.type:
            print(f"  {gold.type} -> {system_type}: {gold.text[:110]}")
        if gold.actors:
            actor_n += 1
            actor_ok += bool(ev and matches(doc, ev.actors, gold.actors))
        if gold.targets:
            target_n += 1
            offered = ev.targets or ([ev.place] if ev and ev.place else []) if ev else []
            target_ok += bool(ev and matches(doc, offered, gold.targets))
            strict_target_ok += bool(ev and matches(doc, ev.targets, gold.targets))
    report(len(golds), typed, actor_ok, actor_n, target_ok, target_n, confusion)
    n = len(golds)
    print(f"\ntype accuracy without the intent conversion  {raw_typed / n if n else 0:.3f}")
    strict = strict_target_ok / target_n if target_n else 0
    print(f"target match without the place fallback     {strict:.3f}")
    return 0


def report(
    n: int,
    typed: int,
    actor_ok: int,
    actor_n: int,
    target_ok: int,
    target_n: int,
    confusion: Counter[tuple[str, str]],
) -> None:
    print(f"records        {n}")
    print(f"type accuracy  {typed / n if n else 0:.3f}  ({typed}/{n})")
    print(f"actor match    {actor_ok / actor_n if actor_n else 0:.3f}  ({actor_ok}/{actor_n})")
    print(f"target match   {target_ok / target_n if target_n else 0:.3f}  ({target_ok}/{target_n})")
    gold_types = sorted({g for g, _ in confusion})
    sys_types = sorted({s for _, s in confusion})
    short = {t: t[:4] for t in sys_types}
    print("\nconfusion (rows gold, columns system)")
    print(" " * 10 + " ".join(f"{short[t]:>5}" for t in sys_types))
    for g in gold_types:
        cells = " ".join(f"{confusion[(g, s)] or '.':>5}" for s in sys_types)
        print(f"{g:<10}{cells}")
    sys.stdout.flush()
