"""``dateline eval police DIR``: did the police kill, arrest or use force? (IndiaPoliceEvents)

DIR is ``india-police-events/`` (``docs.jsonl``, ``sents.jsonl``, ``metadata.jsonl``: 1,257
Times of India articles of March 2002, 21,391 sentences; no license stated). Whole documents
go through dateline with the metadata ``date`` as the publication date; each gold sentence is
found in ``doc_text`` by searching from the end of the previous one (the set's sentences are
in-order substrings whose joining whitespace was dropped), and a dateline event belongs to
every gold sentence one of its mentions' triggers starts in (the event's ``mentions``: "police
arrested five men ... the five were arrested for rioting" is one event told in two sentences,
and the set labels both). A label that only a figure gives (KILL from the fatalities, ARREST
from the arrested count) belongs to the sentence that states the figure, when the record keeps
where (the count's ``mentions``).

A sentence is **predicted** positive for a label when dateline emits an occurred event (status
``occurred``: "will arrest" and "did not fire" are not acts) with a **police actor** of the
label's kind. The kinds follow the set's definitions (KILL ⊂ FORCE; the questions are about
the police only):

* **police actor**: an actor entity with sector ``COP``, or whose name, aliases or roles hold a
  police word (:data:`POLICE_WORDS`: police, policeman, cop, constable, gendarme, sheriff ...);
* **KILL**: ASSAULT with fatalities above zero, or with mode ``execute`` or ``massacre``;
* **FORCE**: KILL, any other ASSAULT, or ACLED sub-type "Excessive force against protesters"
  (lathi charges, firing on crowds);
* **ARREST**: COERCE with mode ``arrest`` or ``detain``, ACLED sub-type "Arrests", or any event
  with an arrested count above zero;
* ANY_ACTION (reported, not in the summary): any event with a police actor.

FAIL ("did police fail to intervene?") has no PLOVER type and is not scored. Reported:
sentence-level precision, recall and F1 per label (the summary line gives the F1s), the
document level as in the paper (a document's labels are the union of its sentences'), and a
table of gold label against the kinds predicted for the same sentence.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dateline.evaluate import task
from dateline.evaluate.records import Record, Span, View, locate, mention_starts
from dateline.evaluate.scoring import NONE_LABEL, Confusion, LabelSets
from dateline.evaluate.summary import summary_line
from dateline.frame.mojibake import offset_map
from dateline.model import Article

TASK = "events-police"
SCORED = ("KILL", "ARREST", "FORCE")
REPORTED = (*SCORED, "ANY_ACTION")
POLICE_WORDS = re.compile(
    r"\b(police\w*|policem[ae]n|policewom[ae]n|cops?|constables?|constabulary|gendarm\w*|"
    r"sheriffs?|troopers?)\b",
    re.IGNORECASE,
)
KILL_MODES = {"execute", "massacre"}
ARREST_MODES = {"arrest", "detain"}
FORCE_SUB_TYPES = {"Excessive force against protesters"}
ARREST_SUB_TYPES = {"Arrests"}
FIGURE_OF = {"KILL": "killed", "ARREST": "arrested"}  # the count ``what`` a label's figure has
TOLL_FIELD = {"KILL": "fatalities", "ARREST": "arrested"}


@dataclass
class Sentence:
    sent_id: int
    span: Span | None
    labels: set[str]
    text: str


@dataclass
class PoliceDoc:
    doc_id: int
    text: str
    published: date | None
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def labels(self) -> set[str]:
        return set().union(*(s.labels for s in self.sentences))


def add_parser(tasks: argparse._SubParsersAction) -> None:
    task.add_task(
        tasks,
        "police",
        "sentence-level KILL/ARREST/FORCE P/R/F1 on IndiaPoliceEvents",
        lambda args: task.run(args, sys.modules[__name__]),
        "india-police-events folder (docs.jsonl, sents.jsonl, metadata.jsonl)",
        description=__doc__,
    )


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load(folder: Path, args: argparse.Namespace | None = None) -> list[PoliceDoc]:
    for name in ("docs.jsonl", "sents.jsonl"):
        if not (folder / name).is_file():
            raise task.DataMissing(f"{folder / name} not found")
    dates: dict[int, date] = {}
    if (folder / "metadata.jsonl").is_file():
        for row in _lines(folder / "metadata.jsonl"):
            try:
                dates[row["doc_id"]] = date.fromisoformat(row["date"])
            except (KeyError, TypeError, ValueError):
                continue
    docs = {
        row["doc_id"]: PoliceDoc(row["doc_id"], row["doc_text"], dates.get(row["doc_id"]))
        for row in _lines(folder / "docs.jsonl")
    }
    for row in _lines(folder / "sents.jsonl"):
        doc = docs.get(row["doc_id"])
        if doc is not None:
            doc.sentences.append(
                Sentence(row["sent_id"], None, set(row.get("sent_labels") or []), row["sent_text"])
            )
    for doc in docs.values():
        doc.sentences.sort(key=lambda s: s.sent_id)
        for sentence, span in zip(
            doc.sentences, locate(doc.text, (s.text for s in doc.sentences)), strict=True
        ):
            sentence.span = span
    return list(docs.values())


def stratum(doc: PoliceDoc) -> str:
    return "+".join(sorted(doc.labels & set(SCORED))) or "none"


def articles(docs: list[PoliceDoc]) -> list[Article]:
    return task.articles_of(
        [(f"police-{d.doc_id}", d.text) for d in docs], [d.published for d in docs]
    )


def police_actor(view: View, event: dict[str, Any]) -> bool:
    for ref in event.get("actors") or []:
        if view.sector(ref) == "COP":
            return True
        if any(POLICE_WORDS.search(n) for n in view.names(ref) + view.roles(ref)):
            return True
    return False


def kinds(view: View, event: dict[str, Any], police: bool = True) -> set[str]:
    """The labels an event supports (empty unless it is an occurred act of the police; with
    ``police`` false, of anyone: the diagnostic that separates trigger from actor misses)."""
    if (event.get("status") or "occurred") != "occurred":
        return set()
    if police and not police_actor(view, event):
        return set()
    out = {"ANY_ACTION"}
    kind, mode = event.get("type"), (event.get("mode") or "").lower()
    sub_type = event.get("acled_sub_event_type")
    if kind == "ASSAULT":
        out.add("FORCE")
        if _count(event.get("fatalities")) > 0 or mode in KILL_MODES:
            out.add("KILL")
    if sub_type in FORCE_SUB_TYPES:
        out.add("FORCE")
    if kind == "COERCE" and mode in ARREST_MODES or sub_type in ARREST_SUB_TYPES:
        out.add("ARREST")
    if _count(event.get("arrested")) > 0:
        out.add("ARREST")
    return out


def located_kinds(
    view: View, event: dict[str, Any], police: bool = True
) -> list[tuple[int, set[str]]]:
    """``(offset, labels)`` for every mention of an event. A label that only a figure supports
    (KILL from the fatalities, ARREST from the arrested count) goes to the sentences that state
    such a figure, when the record keeps where (the count's ``mentions``): an event told in
    three sentences has its dead in one of them ("police opened fire ... two were killed ...
    the injured were taken to hospital"), and only that one says a killing."""
    labels = kinds(view, event, police)
    mode, sub_type = (event.get("mode") or "").lower(), event.get("acled_sub_event_type")
    without_figure = {
        "KILL": mode in KILL_MODES,
        "ARREST": event.get("type") == "COERCE"
        and mode in ARREST_MODES
        or sub_type in ARREST_SUB_TYPES,
    }
    spread = set(labels)
    placed: list[tuple[int, set[str]]] = []
    for label, what in FIGURE_OF.items():
        if label not in labels or without_figure[label]:
            continue
        starts = [
            m["start"]
            for c in [event.get(TOLL_FIELD[label]), *(event.get("counts") or [])]
            if isinstance(c, dict) and c.get("what") == what
            for m in c.get("mentions") or []
            if isinstance(m, dict) and isinstance(m.get("start"), int)
        ]
        if starts:
            spread.discard(label)
            placed.extend((at, {label}) for at in starts)
    return [(at, spread) for at in mention_starts(event)] + placed


def _moved_offsets(source: str, record: Record) -> list[int] | None:
    """Where each offset of the set's text lies in the record's, when reading changed it
    (mojibake repaired): the gold sentences are found in the one, the record's offsets index
    the other."""
    document = record.get("document") if isinstance(record, dict) else None
    text = document.get("text") if isinstance(document, dict) else None
    if not isinstance(text, str) or text == source:
        return None
    return offset_map(source, text)


def _count(count: Any) -> float:
    value = count.get("value") if isinstance(count, dict) else None
    try:
        return float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0.0


class PoliceScore:
    def __init__(self) -> None:
        self.sentences = LabelSets(REPORTED)
        self.documents = LabelSets(REPORTED)
        self.anyone = LabelSets(REPORTED)  # the same kinds by any actor, or none
        self.confusion = Confusion()
        self.unlocated = 0
        self.errors: list[str] = []

    def add(self, doc: PoliceDoc, record: Record) -> None:
        view = View(record)
        events = [pair for e in view.events() for pair in located_kinds(view, e)]
        by_anyone = [pair for e in view.events() for pair in located_kinds(view, e, False)]
        doc_predicted: set[str] = set().union(*(k for _, k in events))
        moved = _moved_offsets(doc.text, record)
        for sentence in doc.sentences:
            if sentence.span is None:
                self.unlocated += 1
                continue
            start, end = sentence.span
            if moved is not None:
                start, end = moved[start], moved[end]
            predicted = set().union(*(k for at, k in events if start <= at < end))
            self.sentences.add(sentence.labels, predicted)
            self.anyone.add(
                sentence.labels, set().union(*(k for at, k in by_anyone if start <= at < end))
            )
            gold = sentence.labels & set(SCORED)
            shown = predicted & set(SCORED)
            for label in gold:
                for system in sorted(shown) or [NONE_LABEL]:
                    self.confusion.add(label, system)
            if gold != shown:
                self.errors.append(
                    f"  doc {doc.doc_id} sent {sentence.sent_id} gold {sorted(gold) or '-'} "
                    f"system {sorted(shown) or '-'}: {sentence.text.strip()[:110]}"
                )
        self.documents.add(doc.labels, doc_predicted)

    def report(self, errors: int = 0) -> str:
        lines = ["sentence level", *self.sentences.rows(), "", "document level"]
        lines += self.documents.rows()
        lines += ["", "sentence level, the same kinds by any actor or none (not scored: how much"]
        lines += ["the police-actor requirement costs)", *self.anyone.rows()]
        if self.unlocated:
            lines.append(f"\n{self.unlocated} gold sentences not found in their document")
        lines += [
            "",
            self.confusion.table(
                "gold label (rows) against the kinds the system predicts for the sentence", 6
            ),
        ]
        if errors:
            lines += ["", f"sentences scored wrong (first {errors} of {len(self.errors)})"]
            lines += self.errors[:errors]
        return "\n".join(lines)

    def summary(self) -> str:
        tallies = self.sentences.tallies
        return summary_line(TASK, [(k, tallies[k].f1) for k in SCORED], self.sentences.n)


def score(docs: list[PoliceDoc], records: list[Record]) -> PoliceScore:
    scorer = PoliceScore()
    for doc, record in zip(docs, records, strict=True):
        scorer.add(doc, record)
    return scorer
