"""``dateline eval actors DIR``: country and sector of actor strings (NGEC's resolver cases).

DIR is ``ngec-actors/`` (``actor_resolution_cases.tsv``, derived from NGEC's tests by static
parsing; no license stated). Scored, as the set's README says: the ``agent_to_code`` and
``short_text_to_agent`` rows with status ``active``; rows of the other statuses (shadowed,
not collected, skip, xfail) are scored apart and do not enter the summary.

**How a string is run.** dateline codes actors in text, not bare strings, so each actor string
is the subject of one short, neutral carrier sentence written by the team (:data:`CARRIER`:
"<actor> said on Tuesday that the talks would continue.", its first letter capitalised as a
sentence's is), with the row's ``query_date`` as the publication date (``Today`` or blank: no
date) and, when the row gives a ``context`` or ``known_country``, a second sentence naming it
(:data:`CONTEXT`). The coded actor is the entity (else the place) whose mention overlaps the
string most; its ``country`` (alpha-3; a place's alpha-2 converted) and ``sector`` are read.

**Figures.** country accuracy over rows asserting a country (``<EMPTY>``: no country) or
expecting nothing; sector accuracy over rows asserting ``expect_code_1`` (or one of
``expect_code_1_any_of``; ``<EMPTY>``: no sector) or expecting nothing. ``expect_none=1`` rows
("a cat named Frank") are right when dateline codes neither. PLOVER's country codes include
``IGO``, ``EUR`` and ``UNO``, compared as written; dateline has one sector per actor, so
``expect_code_2`` is not scored. The summary is over the active rows; a sector confusion table
(gold rows, dateline columns) follows.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateline.evaluate import task
from dateline.evaluate.records import Record, Span, View
from dateline.evaluate.scoring import Confusion, Share
from dateline.evaluate.summary import summary_line
from dateline.model import Article

TASK = "actors"
CASES = "actor_resolution_cases.tsv"
METHODS = {"agent_to_code", "short_text_to_agent"}
MAIN_STATUS = "active"
EMPTY = "<EMPTY>"
CARRIER = "{actor} said on Tuesday that the talks would continue."
CONTEXT = " The talks concern {context}."
NO_DATE = {"", "today"}


@dataclass
class ActorCase:
    case_id: str
    status: str
    text: str
    context: str | None
    published: date | None
    country: str | None  # None: not asserted; "": no country expected
    sectors: set[str] | None  # None: not asserted; empty: no sector expected
    expect_none: bool

    @property
    def sentence(self) -> str:
        actor = self.text[:1].upper() + self.text[1:]
        out = CARRIER.format(actor=actor)
        return out + CONTEXT.format(context=self.context) if self.context else out

    @property
    def span(self) -> Span:
        return (0, len(self.text))


def add_parser(tasks: argparse._SubParsersAction) -> None:
    task.add_task(
        tasks,
        "actors",
        "country and sector accuracy of NGEC's actor strings",
        lambda args: task.run(args, sys.modules[__name__]),
        "ngec-actors folder (or actor_resolution_cases.tsv)",
        description=__doc__,
    )


def parse_date(text: str) -> date | None:
    """A row's query date; "Today" and blank are the day the tests ran, so no date."""
    text = text.strip()
    if text.lower() in NO_DATE:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    import dateparser

    found = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return found.date() if found else None


def _country(cell: str) -> str | None:
    cell = cell.strip()
    if not cell:
        return None
    return "" if cell == EMPTY else cell.upper()


def _sectors(first: str, any_of: str) -> set[str] | None:
    first, any_of = first.strip(), any_of.strip()
    if any_of:
        return {code.strip().upper() for code in any_of.split("|") if code.strip()}
    if not first:
        return None
    return set() if first == EMPTY else {first.upper()}


def _context(row: dict[str, str]) -> str | None:
    for key in ("context", "known_country"):
        value = (row.get(key) or "").strip()
        if value and value != EMPTY:
            return value
    return None


def load(path: Path, args: argparse.Namespace | None = None) -> list[ActorCase]:
    file = path / CASES if path.is_dir() else path
    if not file.is_file():
        raise task.DataMissing(f"{file} not found")
    with file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for row in rows:
        if row.get("method") not in METHODS or not (row.get("input_text") or "").strip():
            continue
        out.append(
            ActorCase(
                row.get("case_id") or "",
                row.get("status") or "",
                row["input_text"].strip(),
                _context(row),
                parse_date(row.get("query_date") or ""),
                _country(row.get("expect_country") or ""),
                _sectors(row.get("expect_code_1") or "", row.get("expect_code_1_any_of") or ""),
                (row.get("expect_none") or "").strip() == "1",
            )
        )
    return out


def stratum(case: ActorCase) -> str:
    return case.status


def articles(cases: list[ActorCase]) -> list[Article]:
    return task.articles_of([(c.case_id, c.sentence) for c in cases], [c.published for c in cases])


def coded(view: View, span: Span) -> tuple[str | None, str | None, str]:
    """(country alpha-3, sector, name) of the entity, else place, covering ``span`` most."""
    best: tuple[int, int, str] | None = None
    for ref, item in view.items.items():
        cover = max((min(e, span[1]) - max(s, span[0]) for s, e in view.mentions(ref)), default=0)
        if cover <= 0:
            continue
        rank = (cover, item["_kind"] == "entities")
        if best is None or rank > best[:2]:
            best = (*rank, ref)
    if best is None:
        return None, None, "-"
    ref = best[2]
    return view.country3(ref), view.sector(ref), view.names(ref)[0]


class ActorScore:
    def __init__(self) -> None:
        self.country: dict[str, Share] = {}
        self.sector: dict[str, Share] = {}
        self.none = Share()
        self.confusion = Confusion()
        self.errors: list[str] = []
        self.n = 0  # active rows

    def _share(self, table: dict[str, Share], status: str) -> Share:
        return table.setdefault(status, Share())

    def add(self, case: ActorCase, record: Record) -> None:
        country, sector, name = coded(View(record), case.span)
        self.n += case.status == MAIN_STATUS
        problems = []
        if case.expect_none:
            ok = country is None and sector is None
            if case.status == MAIN_STATUS:
                self.none.add(ok)
            self._share(self.country, case.status).add(country is None)
            self._share(self.sector, case.status).add(sector is None)
            if not ok:
                problems.append("expected nothing")
        if case.country is not None:
            ok = (country or "") == case.country
            self._share(self.country, case.status).add(ok)
            if not ok:
                problems.append(f"country {case.country or '-'} got {country or '-'}")
        if case.sectors is not None:
            ok = (sector in case.sectors) if case.sectors else sector is None
            self._share(self.sector, case.status).add(ok)
            if case.status == MAIN_STATUS:
                self.confusion.add("|".join(sorted(case.sectors)) or "(none)", sector)
            if not ok:
                wanted = "|".join(sorted(case.sectors)) or "-"
                problems.append(f"sector {wanted} got {sector or '-'}")
        if problems:
            self.errors.append(
                f"  {case.case_id} [{case.status}] {case.text!r} -> {name!r}: "
                + "; ".join(problems)
            )

    def main(self) -> tuple[Share, Share]:
        return self._share(self.country, MAIN_STATUS), self._share(self.sector, MAIN_STATUS)

    def report(self, errors: int = 0) -> str:
        country, sector = self.main()
        lines = [
            f"active rows: country {country.cell()}  sector {sector.cell()}  "
            f"expect-nothing {self.none.cell()}",
        ]
        for status in sorted(set(self.country) | set(self.sector)):
            if status != MAIN_STATUS:
                lines.append(
                    f"{status + ' rows:':<20} country "
                    f"{self._share(self.country, status).cell()}  "
                    f"sector {self._share(self.sector, status).cell()}"
                )
        lines += ["", self.confusion.table("sector (rows gold, columns system), active rows")]
        if errors:
            lines += ["", f"rows coded wrong (first {errors} of {len(self.errors)})"]
            lines += self.errors[:errors]
        return "\n".join(lines)

    def summary(self) -> str:
        country, sector = self.main()
        return summary_line(TASK, [("country", country.value), ("sector", sector.value)], self.n)


def score(cases: list[ActorCase], records: list[Record]) -> ActorScore:
    scorer = ActorScore()
    for case, record in zip(cases, records, strict=True):
        scorer.add(case, record)
    return scorer
