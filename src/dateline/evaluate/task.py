"""What every event-set evaluator shares: its command line, its run, and its skip.

A set's module provides ``TASK`` (the summary line's name), ``load(path, args)`` (the gold
items; raises :class:`DataMissing` when the set is not there), ``stratum(item)`` (what a
``--sample`` keeps in proportion), ``articles(items)`` (what dateline reads) and
``score(items, records)`` (a scorer with ``report(errors)`` and ``summary()``). :func:`run`
wires them together, so all of them select, run, print and skip the same way, and
``bench/keyword_baseline.py`` calls the very same ``load``/``score`` on its own records.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from dateline.evaluate.records import Record, pipeline_records
from dateline.evaluate.scoring import choose
from dateline.evaluate.summary import skipped_line
from dateline.model import Article

DEFAULT_ERRORS = 40


class DataMissing(Exception):
    """The set (or the file a loader needs) is not where the user pointed."""


class BadData(Exception):
    """The set is there but cannot be read as given (the message says why)."""


class Scorer(Protocol):
    def report(self, errors: int = 0) -> str: ...

    def summary(self) -> str: ...


def add_task(
    tasks: argparse._SubParsersAction,
    name: str,
    help: str,
    run: Callable[[argparse.Namespace], int],
    path_help: str,
    aliases: Sequence[str] = (),
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A ``dateline eval NAME PATH`` parser with the options every set takes."""
    parser = tasks.add_parser(
        name,
        help=help,
        description=description or help,
        aliases=list(aliases),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", help=path_help)
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="the first N items")
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        metavar="N",
        help="N items drawn at random, each stratum (type or label) kept in proportion",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )
    parser.add_argument(
        "--errors",
        type=int,
        nargs="?",
        const=DEFAULT_ERRORS,
        default=0,
        metavar="N",
        help=f"list the first N items scored wrong (default {DEFAULT_ERRORS})",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace, module: ModuleType) -> int:
    """Load, select, run dateline, score and print; a missing set prints the skipped line."""
    started = time.perf_counter()
    try:
        items = module.load(Path(args.path), args)
    except DataMissing as missing:
        print(skipped_line(module.TASK, str(missing)))
        return 0
    except BadData as bad:
        print(f"dateline eval {module.TASK}: {bad}")
        return 2
    items = choose(items, args.limit, args.sample, args.seed, module.stratum)
    if not items:
        print(skipped_line(module.TASK, f"no items in {args.path}"))
        return 0
    records = list(pipeline_records(module.articles(items), module.TASK, args.jobs))
    print(score_and_report(module, items, records, args.errors), flush=True)
    print(f"({len(items)} items in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


def score_and_report(
    module: ModuleType, items: Sequence[Any], records: Sequence[Record], errors: int = 0
) -> str:
    """The full report of ``records`` against ``items``, ending with the summary line."""
    scorer: Scorer = module.score(items, records)
    return f"{scorer.report(errors)}\n{scorer.summary()}"


def articles_of(texts: Sequence[tuple[str, str]], published: Sequence[Any] = ()) -> list[Article]:
    """Articles from (source, text) pairs, with publication dates where given (metadata)."""
    out = []
    for i, (source, text) in enumerate(texts):
        day = published[i] if i < len(published) else None
        basis = "metadata" if day else "none"
        out.append(Article(text=text, source=source, published=day, published_basis=basis))
    return out
