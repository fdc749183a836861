"""``dateline eval ngec DIR``: PLOVER type (and mode) of synthetic stories, NGEC/POLECAT's set.

DIR is ``ngec-synthetic/`` (``gpt_synthetic_events_2023-10-19_19.csv.zip``: 4,500 stories a
language model wrote from 332 labelled headline templates; no license stated). The label is
the *template's* PLOVER type and mode, not a reading of the story, so it is noisy; countries
are random and never gold. As the set's README says, dateline reads the filled headline
(``prompt.split("\\n\\n")[0].strip()``), a blank line, then the story.

Reported:

* **main**: share of stories whose main event has the label's type. The main event is
  ``document.main_event`` when the record names one, else the first event of the title and
  first paragraph (the headline and the story up to its first line break), else the first
  event: the headline states the labelled event;
* **any**: share of stories with any event of the label's type (extra types are not counted
  wrong: a story reports several events);
* both per type and macro-averaged over types (CONCEDE and SUPPORT are a third of the set);
* **mode recall** on stories whose label has a mode: an event of the label's type *and* mode
  (modes lower-cased; the file's ``PRIMATIVE`` and ``SIEZE`` read as primitive and seize, and
  ``ASSASSINATE`` as the manual's ``targeted``). Some modes are in no PLOVER manual
  (``drone``, ``cyber``, ...), so it is also given over the stories whose mode dateline emitted
  somewhere in the run;
* a confusion table of label (rows) against the main event's type (``-``: no event).

Negated events ("did not attack") assert nothing happened and are left out of both figures.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.evaluate import task
from dateline.evaluate.records import Record, View
from dateline.evaluate.scoring import Confusion, Share, fmt, macro
from dateline.evaluate.summary import summary_line
from dateline.model import Article

TASK = "events-ngec"
STORIES = "gpt_synthetic_events_2023-10-19_19.csv.zip"
MODE_SPELLING = {"primative": "primitive", "sieze": "seize", "assassinate": "targeted"}


@dataclass
class Story:
    index: int
    headline: str
    body: str
    label: str
    mode: str | None  # lower-case, the file's misspellings read as the manual's words

    @property
    def text(self) -> str:
        return f"{self.headline}\n\n{self.body}"

    @property
    def lead_end(self) -> int:
        """End of the title and first paragraph in :attr:`text`."""
        start = len(self.headline) + 2
        body = self.text[start:]
        lead = len(body) - len(body.lstrip())
        brk = body.find("\n", lead)
        return start + (brk if brk >= 0 else len(body))


def add_parser(tasks: argparse._SubParsersAction) -> None:
    task.add_task(
        tasks,
        "ngec",
        "main-event and any-event PLOVER type recall on NGEC synthetic stories",
        lambda args: task.run(args, sys.modules[__name__]),
        "ngec-synthetic folder (or the stories .csv.zip)",
        description=__doc__,
    )


def normal_mode(mode: str | None) -> str | None:
    if not mode or not mode.strip():
        return None
    mode = mode.strip().lower()
    return MODE_SPELLING.get(mode, mode)


def load(path: Path, args: argparse.Namespace | None = None) -> list[Story]:
    zipped = path / STORIES if path.is_dir() else path
    if not zipped.is_file():
        raise task.DataMissing(f"{zipped} not found")
    with zipfile.ZipFile(zipped) as archive:
        member = next((n for n in archive.namelist() if n.endswith(".csv")), None)
        if member is None:
            raise task.DataMissing(f"{zipped} holds no .csv")
        with archive.open(member) as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    return [
        Story(
            i,
            (row.get("prompt") or "").split("\n\n")[0].strip(),
            row.get("text") or "",
            (row.get("label") or "").strip().upper(),
            normal_mode(row.get("mode")),
        )
        for i, row in enumerate(rows)
    ]


def stratum(story: Story) -> str:
    return story.label


def articles(stories: list[Story]) -> list[Article]:
    return task.articles_of([(f"ngec-{s.index}", s.text) for s in stories])


def asserted(event: dict[str, Any]) -> bool:
    return event.get("status") != "negated"


class NgecScore:
    def __init__(self) -> None:
        self.main: dict[str, Share] = defaultdict(Share)
        self.any: dict[str, Share] = defaultdict(Share)
        self.mode: dict[tuple[str, str], Share] = defaultdict(Share)
        self.emitted_modes: set[str] = set()
        self.confusion = Confusion()
        self.errors: list[str] = []

    def add(self, story: Story, record: Record) -> None:
        view = View(record)
        events = [e for e in view.events() if asserted(e)]
        main = view.main_event(story.lead_end)
        main_type = main.get("type") if main and asserted(main) else None
        types = {e.get("type") for e in events}
        self.emitted_modes |= {m for e in events if (m := normal_mode(e.get("mode")))}
        self.main[story.label].add(main_type == story.label)
        self.any[story.label].add(story.label in types)
        self.confusion.add(story.label, main_type)
        if story.mode:
            self.mode[(story.label, story.mode)].add(
                any(
                    e.get("type") == story.label and normal_mode(e.get("mode")) == story.mode
                    for e in events
                )  # fmt: skip
            )
        if story.label not in types or main_type != story.label:
            found = ", ".join(sorted(f"{e.get('type')}/{e.get('mode') or '-'}" for e in events))
            self.errors.append(
                f"  {story.label}/{story.mode or '-'} -> main {main_type or '-'}; "
                f"all [{found}]: {story.headline[:90]}"
            )

    def total(self, shares: dict[str, Share]) -> Share:
        return Share(sum(s.right for s in shares.values()), sum(s.n for s in shares.values()))

    def mode_total(self, emittable_only: bool = False) -> Share:
        picked = [
            s for (_, m), s in self.mode.items() if not emittable_only or m in self.emitted_modes
        ]
        return Share(sum(s.right for s in picked), sum(s.n for s in picked))

    def report(self, errors: int = 0) -> str:
        main, any_ = self.total(self.main), self.total(self.any)
        lines = [
            f"stories        {main.n}",
            f"main event     {main.cell()}   macro over types {fmt(macro_of(self.main))}",
            f"any event      {any_.cell()}   macro over types {fmt(macro_of(self.any))}",
            f"mode recall    {self.mode_total().cell()} of stories with a mode; "
            f"{self.mode_total(True).cell()} where dateline emitted the mode somewhere",
            "",
            f"{'type':<10} {'n':>5}  main               any",
        ]
        for label in sorted(self.main):
            lines.append(
                f"{label:<10} {self.main[label].n:>5}  {self.main[label].cell():<18} "
                f"{self.any[label].cell()}"
            )
        lines += ["", "mode recall by label (type/mode)"]
        for (label, mode), share in sorted(self.mode.items()):
            mark = "" if mode in self.emitted_modes else "   (never emitted)"
            lines.append(f"  {label + '/' + mode:<28} {share.cell()}{mark}")
        lines += ["", self.confusion.table("confusion (rows label, columns main event type)")]
        if errors:
            lines += ["", f"stories typed wrong (first {errors} of {len(self.errors)})"]
            lines += self.errors[:errors]
        return "\n".join(lines)

    def summary(self) -> str:
        main, any_ = self.total(self.main), self.total(self.any)
        return summary_line(TASK, [("main", main.value), ("any", any_.value)], main.n)


def macro_of(shares: dict[str, Share]) -> float | None:
    return macro(s.value for s in shares.values())


def score(stories: list[Story], records: list[Record]) -> NgecScore:
    scorer = NgecScore()
    for story, record in zip(stories, records, strict=True):
        scorer.add(story, record)
    return scorer
