"""``dateline eval muc4 DIR``: perpetrators, targets, victims and weapons of MUC-4 documents.

DIR is ``conflibert-muc4/`` (the GRIT split of MUC-4 as bundled with ConfliBERT; no license
stated for MUC-4, GPL-3.0 repository): ``{split}.json`` maps a document id to its text (1989-1992
FBIS news in capitals, hard-wrapped) and five role lists, each a list of entities given as
coreferent mention strings, with no offsets and no incident type. The test split is scored by
default.

Each document goes through dateline whole, as written (``--case lower`` lower-cases it first,
for comparison: the model's entity recogniser leans on capitals). Only its **violent events**
count (ASSAULT and COERCE, not negated: MUC-4's incidents are attacks, bombings, kidnappings
and arson). As the set's README says, a gold entity is **found** when one of its mentions
matches, by case-insensitive head word (the mention's last word), a name, alias or mention of:

* an event **actor**, for ``perp_individual_id`` and ``perp_organization_id``;
* an event **target**, for ``phys_tgt_id`` and ``hum_tgt_name``;
* the event's **weapon**, for ``incident_instrument_id``: dateline gives the means as a mode,
  so a weapon's head word is read as the mode it implies (:data:`WEAPON_MODES`: general
  weapon words, e.g. rifle -> firearms, dynamite -> explosives, mortar -> heavy-weapons).

Reported: recall per role (the summary gives all five), and the false-alarm rate: the share of
the documents with no filler at all (stories with no incident) where dateline still emits a
violent event with an actor or a target.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.evaluate import task
from dateline.evaluate.records import Record, View
from dateline.evaluate.scoring import Share
from dateline.evaluate.summary import summary_line
from dateline.model import Article

TASK = "actors-muc4"
ROLES = {
    "perp_individual_id": ("perp-ind", "actors"),
    "perp_organization_id": ("perp-org", "actors"),
    "phys_tgt_id": ("target", "targets"),
    "hum_tgt_name": ("victim", "targets"),
    "incident_instrument_id": ("weapon", "mode"),
}
VIOLENT = {"ASSAULT", "COERCE"}
WEAPON_MODES = {
    "firearms": "rifle rifles gun guns machinegun machineguns pistol pistols revolver "
    "submachinegun shotgun ammunition bullets fal m-16 ak-47 weapons firearms",
    "explosives": "bomb bombs dynamite explosive explosives grenade grenades mine mines "
    "charge charges device devices tnt car-bomb",
    "heavy-weapons": "mortar mortars rocket rockets artillery launcher launchers missile "
    "missiles cannon bazooka",
    "aerial": "aircraft plane planes helicopter helicopters",
}
WORD = re.compile(r"[\w'-]+")


@dataclass
class MucDoc:
    doc_id: str
    text: str
    roles: dict[str, list[list[str]]]

    @property
    def empty(self) -> bool:
        return not any(self.roles.values())


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = task.add_task(
        tasks,
        "muc4",
        "perpetrator, target, victim and weapon recall on MUC-4 documents",
        lambda args: task.run(args, sys.modules[__name__]),
        "conflibert-muc4 folder",
        description=__doc__,
    )
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--case", choices=("asis", "lower"), default="asis")


def load(folder: Path, args: argparse.Namespace | None = None) -> list[MucDoc]:
    path = folder / f"{getattr(args, 'split', 'test') or 'test'}.json"
    if not path.is_file():
        raise task.DataMissing(f"{path} not found")
    lower = getattr(args, "case", "asis") == "lower"
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        MucDoc(
            doc_id,
            value["doc"].lower() if lower else value["doc"],
            {role: value.get("roles", {}).get(role) or [] for role in ROLES},
        )
        for doc_id, value in data.items()
    ]


def stratum(doc: MucDoc) -> str:
    return "empty" if doc.empty else "filled"


def articles(docs: list[MucDoc]) -> list[Article]:
    return task.articles_of([(d.doc_id, d.text) for d in docs])


def head(text: str) -> str:
    found = WORD.findall(text.lower())
    return found[-1] if found else ""


WEAPON_BY_WORD = {word: mode for mode, words in WEAPON_MODES.items() for word in words.split()}


def system_heads(view: View, event: dict[str, Any], key: str) -> set[str]:
    """Head words a role of the event offers: its references' names, aliases and mentions, or
    (for weapons) the mode."""
    if key == "mode":
        mode = (event.get("mode") or "").lower()
        return {mode} if mode else set()
    heads = set()
    for ref in event.get(key) or []:
        heads |= {head(name) for name in view.names(ref)}
        heads |= {head(view.text[a:b]) for a, b in view.mentions(ref)}
    return heads - {""}


class MucScore:
    def __init__(self) -> None:
        self.recall = {role: Share() for role in ROLES}
        self.false_alarm = Share()
        self.errors: list[str] = []
        self.docs = 0

    def add(self, doc: MucDoc, record: Record) -> None:
        self.docs += 1
        view = View(record)
        violent = [
            e for e in view.events() if e.get("type") in VIOLENT and e.get("status") != "negated"
        ]
        if doc.empty:
            self.false_alarm.add(any(e.get("actors") or e.get("targets") for e in violent))
            return
        for role, (name, key) in ROLES.items():
            offered = set().union(*(system_heads(view, e, key) for e in violent))
            for entity in doc.roles[role]:
                heads = {head(m) for m in entity}
                if key == "mode":
                    heads = {WEAPON_BY_WORD.get(h, h) for h in heads}
                found = bool(heads & offered)
                self.recall[role].add(found)
                if not found:
                    self.errors.append(
                        f"  {doc.doc_id} {name}: {entity[0]!r} not in {sorted(offered)[:8]}"
                    )

    def report(self, errors: int = 0) -> str:
        lines = [
            f"{ROLES[role][0]:<10} recall {share.cell()}" for role, share in self.recall.items()
        ]
        lines.append(
            f"false alarms on documents with no filler: {self.false_alarm.cell()} "
            "have a violent event with an actor or a target"
        )
        if errors:
            lines += ["", f"entities missed (first {errors} of {len(self.errors)})"]
            lines += self.errors[:errors]
        return "\n".join(lines)

    def summary(self) -> str:
        metrics = [(ROLES[role][0], share.value) for role, share in self.recall.items()]
        return summary_line(TASK, metrics, self.docs)


def score(docs: list[MucDoc], records: list[Record]) -> MucScore:
    scorer = MucScore()
    for doc, record in zip(docs, records, strict=True):
        scorer.add(doc, record)
    return scorer
