"""``dateline eval published DIR``: the publication-date decision on articles with known dates.

Only the frame runs (:func:`dateline.frame.prepare`: wrapping, stamps, dateline, inference),
with no date given: the input is the article as a reader gets it (a text file, an HTML page with
its markup, a record without its date field). Three kinds of folder are read:

* a **gold** folder (``../shared/gold``): ``*.json`` files naming their article (looked up in
  ``--articles``, default the sibling ``articles/``) and giving ``document.published``;
* **MEANTIME** (``../shared/data/meantime``, ``articles.jsonl.gz``): WikiNews articles with their
  document creation time. Its README: text line 0 is the WikiNews date line. The input is either
  the page as WikiNews prints it (``--input page``: title, date line, story: the date line is a
  header stamp) or the story with the date line removed (``--input story``, the harder case:
  only the story's own words can date it). Both are printed; ``--input`` picks the summary line;
* a **fixture** folder (``tests/fixtures/published``): files and a ``dates.json`` mapping each
  file to its date or null (null: the text does not say, and the right answer is no date).

Figures: **accuracy** over the articles whose input states the date (the gold date is written
in it as a full date, or its markup or metadata give it; for fixtures and gold, every article
with a date), and **answered-precision** over the articles given a date at all (a date on an
article whose gold is null counts as wrong). The run ends with the summary line
``published: accuracy X, precision Y (n=N)``.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateline.evaluate.summary import ratio, skipped_line, summary_line
from dateline.frame import prepare
from dateline.frame.dates import full_dates
from dateline.model import Article

TASK = "published"


@dataclass(frozen=True)
class Case:
    """One article, its true date (None: the text does not say) and whether it is stated."""

    article: Article
    gold: date | None
    stated: bool


@dataclass
class Tally:
    """Counts for one set."""

    name: str
    total: int = 0
    stated: int = 0
    right_stated: int = 0
    answered: int = 0
    answered_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, case: Case, got: date | None) -> None:
        self.total += 1
        self.stated += case.stated
        if case.stated and got == case.gold:
            self.right_stated += 1
        if got is not None:
            self.answered += 1
            if got == case.gold:
                self.answered_right += 1
        if got != case.gold and (got is not None or case.stated):
            self.wrong.append(f"{case.article.source}: gold {case.gold}, system {got}")

    @property
    def accuracy(self) -> float | None:
        return ratio(self.right_stated, self.stated)

    @property
    def precision(self) -> float | None:
        return ratio(self.answered_right, self.answered)

    def lines(self) -> list[str]:
        acc = "n/a" if self.accuracy is None else f"{self.accuracy:.3f}"
        prec = "n/a" if self.precision is None else f"{self.precision:.3f}"
        return [
            f"{self.name}: {self.total} articles, {self.stated} state their date",
            f"  accuracy (of those stating it) {acc} ({self.right_stated}/{self.stated})",
            f"  answered-precision {prec} ({self.answered_right}/{self.answered} answered)",
        ] + [f"  wrong: {w}" for w in self.wrong[:15]]


def states(text: str, gold: date | None) -> bool:
    """True when ``text`` writes ``gold`` out as a full date."""
    return gold is not None and any(found.value == gold for found in full_dates(text))


def _gold_cases(folder: Path, articles: Path) -> Iterator[Case]:
    from dateline.read import read_paths

    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        value = gold.get("document", {}).get("published")
        for article in read_paths([str(articles / gold["article"])]):
            if isinstance(article, Article):
                truth = date.fromisoformat(value) if value else None
                yield Case(article, truth, truth is not None)


def _fixture_cases(folder: Path) -> Iterator[Case]:
    from dateline.read import read_paths

    for name, value in json.loads((folder / "dates.json").read_text(encoding="utf-8")).items():
        truth = date.fromisoformat(value) if value else None
        for article in read_paths([str(folder / name)]):
            if isinstance(article, Article):  # a record's date field is part of its input
                yield Case(article, truth, truth is not None)


def _meantime_cases(folder: Path, form: str) -> Iterator[Case]:
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record.get("published"):
                continue
            lines = record["text"].split("\n")
            story = lines if form == "page" else lines[1:]
            text = "\n".join([record.get("title") or "", *story])
            truth = date.fromisoformat(record["published"])
            article = Article(text=text, source=record["id"])
            yield Case(article, truth, states(text, truth))


def score(cases: Iterator[Case], name: str) -> Tally:
    tally = Tally(name)
    for case in cases:
        tally.add(case, prepare(case.article).published)
    return tally


def evaluate(folder: Path, articles: Path | None = None, form: str = "page") -> list[Tally]:
    """The tallies for a folder: the summary one last."""
    if (folder / "articles.jsonl.gz").exists():
        other = "story" if form == "page" else "page"
        return [
            score(_meantime_cases(folder, other), f"meantime, input={other}"),
            score(_meantime_cases(folder, form), f"meantime, input={form}"),
        ]
    if (folder / "dates.json").exists():
        return [score(_fixture_cases(folder), f"fixtures {folder.name}")]
    return [score(_gold_cases(folder, articles or folder.parent / "articles"), "gold")]


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser(
        TASK,
        help="publication-date accuracy and answered-precision",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--articles", type=Path, help="articles of a gold folder")
    parser.add_argument(
        "--input",
        choices=("page", "story"),
        default="page",
        help="MEANTIME: the page as printed (title, date line, story) or the story without "
        "its date line; both are printed, this one gives the summary line (default page)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.folder.exists():
        print(skipped_line(TASK, f"{args.folder} not found"))
        return 0
    tallies = evaluate(args.folder, args.articles, args.input)
    for tally in tallies:
        print("\n".join(tally.lines()))
    last = tallies[-1]
    print(
        summary_line(TASK, [("accuracy", last.accuracy), ("precision", last.precision)], last.total)
    )
    return 0
