"""``dateline eval satp DIR``: armed assault, bombing and kidnapping in SATP narratives.

DIR is ``conflibert-satp/`` (ConfliBERT's ``satp_relevant`` split, GPL-3.0 repository, South
Asia Terrorism Portal text): ``text<TAB>c1<TAB>c2<TAB>c3<TAB>c4``, no header, 0/1 flags for
armed assault, bombing/explosion, kidnapping and other (the order the paper lists; the set's
README checked it on single-label rows). The test split is scored by default; ``--split``
takes dev, train or all (all three are dev data).

Each narrative goes through dateline whole, and its **occurred** events (status ``occurred``:
a planned or foiled attack is not one) give its labels, as the set's README maps them:

* **armed assault** (c1): ASSAULT with mode ``firearms``, ACLED sub-type "Armed clash", or
  "Attack" unless its mode is unarmed (the README's "Armed clash/Attack with firearms":
  an attack with bare hands, blades or torture, :data:`UNARMED_MODES`, is not an armed
  assault, and an attack whose means the text does not give is read as armed);
* **bombing** (c2): ACLED event type "Explosions/Remote violence" (Grenade, Remote
  explosive/landmine/IED, Suicide bomb, Shelling/artillery/missile attack, Air/drone strike),
  or an ASSAULT mode of explosives (:data:`BOMB_MODES`);
* **kidnapping** (c3): ACLED sub-type "Abduction/forced disappearance", or mode ``abduct``.

"Other" (c4: arson, killings by unknown assailants, some arrests) has no mapping and is not
scored. Reported: P/R/F1 per label, their macro-F1 (the summary), and a table of each gold
label against the labels dateline gives the same narrative (``-``: none).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.evaluate import task
from dateline.evaluate.records import Record, View
from dateline.evaluate.scoring import NONE_LABEL, Confusion, LabelSets, fmt
from dateline.evaluate.summary import summary_line
from dateline.model import Article

TASK = "events-satp"
COLUMNS = ("armed assault", "bombing", "kidnapping", "other")
SCORED = COLUMNS[:3]
SPLITS = ("train", "dev", "test")
UNARMED_MODES = {"beat", "torture", "primitive", "sexual"}
BOMB_EVENT_TYPES = {"Explosions/Remote violence"}
BOMB_SUB_TYPES = {
    "Grenade",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Air/drone strike",
}
BOMB_MODES = {"explosives", "suicide", "suicide-attack", "grenade", "ied"}
KIDNAP_SUB_TYPES = {"Abduction/forced disappearance"}
KIDNAP_MODES = {"abduct", "abduction", "kidnap"}


@dataclass
class Narrative:
    index: int
    split: str
    text: str
    labels: set[str]


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = task.add_task(
        tasks,
        "satp",
        "armed assault / bombing / kidnapping F1 on SATP narratives",
        lambda args: task.run(args, sys.modules[__name__]),
        "conflibert-satp folder",
        description=__doc__,
    )
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="test")


def read_split(path: Path, split: str) -> list[Narrative]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        parts = line.rstrip("\n").rsplit("\t", 4)
        if len(parts) != 5:
            continue
        labels = {name for name, flag in zip(COLUMNS, parts[1:], strict=True) if flag == "1"}
        out.append(Narrative(i, split, parts[0], labels))
    return out


def load(folder: Path, args: argparse.Namespace | None = None) -> list[Narrative]:
    split = getattr(args, "split", "test") or "test"
    splits = SPLITS if split == "all" else (split,)
    out: list[Narrative] = []
    for name in splits:
        path = folder / f"{name}.tsv"
        if not path.is_file():
            raise task.DataMissing(f"{path} not found")
        out += read_split(path, name)
    return out


def stratum(narrative: Narrative) -> str:
    return "+".join(sorted(narrative.labels))


def articles(narratives: list[Narrative]) -> list[Article]:
    return task.articles_of([(f"satp-{n.split}-{n.index}", n.text) for n in narratives])


def labels_of(event: dict[str, Any]) -> set[str]:
    if (event.get("status") or "occurred") != "occurred":
        return set()
    mode = (event.get("mode") or "").lower()
    sub_type = event.get("acled_sub_event_type")
    out = set()
    if event.get("acled_event_type") in BOMB_EVENT_TYPES or sub_type in BOMB_SUB_TYPES:
        out.add("bombing")
    if event.get("type") == "ASSAULT" and mode in BOMB_MODES:
        out.add("bombing")
    if sub_type in KIDNAP_SUB_TYPES or mode in KIDNAP_MODES:
        out.add("kidnapping")
    if event.get("type") == "ASSAULT" and mode == "firearms":
        out.add("armed assault")
    if sub_type == "Armed clash" or sub_type == "Attack" and mode not in UNARMED_MODES:
        out.add("armed assault")
    return out


class SatpScore:
    def __init__(self) -> None:
        self.labels = LabelSets(SCORED)
        self.confusion = Confusion()
        self.errors: list[str] = []

    def add(self, narrative: Narrative, record: Record) -> None:
        events = View(record).events()
        predicted = set().union(*(labels_of(e) for e in events))
        gold = narrative.labels & set(SCORED)
        self.labels.add(gold, predicted)
        for label in sorted(gold):
            for system in sorted(predicted) or [NONE_LABEL]:
                self.confusion.add(label, system)
        if gold != predicted:
            found = ", ".join(
                f"{e.get('type')}/{e.get('mode') or '-'}/{e.get('acled_sub_event_type') or '-'}"
                for e in events
                if e.get("type") in {"ASSAULT", "COERCE"}
            )
            self.errors.append(
                f"  gold {sorted(gold) or '-'} system {sorted(predicted) or '-'} [{found}]: "
                f"{narrative.text[:100]}"
            )

    def report(self, errors: int = 0) -> str:
        lines = [
            f"narratives  {self.labels.n}",
            *self.labels.rows(),
            f"macro-F1    {fmt(self.labels.macro_f1())}",
            "",
            self.confusion.table(
                "gold label (rows) against the labels the system gives the narrative", 7
            ),
        ]
        if errors:
            lines += ["", f"narratives labelled wrong (first {errors} of {len(self.errors)})"]
            lines += self.errors[:errors]
        return "\n".join(lines)

    def summary(self) -> str:
        return summary_line(TASK, [("macro", self.labels.macro_f1())], self.labels.n)


def score(narratives: list[Narrative], records: list[Record]) -> SatpScore:
    scorer = SatpScore()
    for narrative, record in zip(narratives, records, strict=True):
        scorer.add(narrative, record)
    return scorer
