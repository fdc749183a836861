"""``dateline extract``: read articles in any common form and write the contract's JSON.

Every input that cannot be read or processed gets a one-line error naming it and the reason;
the rest still run, and the exit code says some failed. Articles stream through the one runner
(:mod:`dateline.runner`) as they are read, so memory stays flat over a directory of any size.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import chain, islice
from typing import IO, Any

from dateline.errors import ItemFailure
from dateline.model import Article
from dateline.read import read_paths
from dateline.runner import DEFAULT_SETTINGS, Settings, extract_records

FORMATS = ("json", "jsonl", "table")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract entities, places, times, quotes, events and commitments from articles",
        description="Read articles (.txt, .html, .json/.jsonl records, directories, or - for "
        "stdin) and write one JSON object per article in dateline's output contract.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date for every input (anchors relative dates)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="json (one input), jsonl (default for several inputs) or table",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )
    add_time_budget(parser)
    parser.set_defaults(func=run_extract)


def add_time_budget(parser: argparse.ArgumentParser) -> None:
    """``--time-budget`` for every command that runs articles (extract, ingest)."""
    parser.add_argument(
        "--time-budget",
        type=float,
        default=DEFAULT_SETTINGS.seconds_per_10k,
        metavar="SECONDS",
        help="CPU seconds an article may take per 10,000 characters (at least "
        f"{DEFAULT_SETTINGS.min_seconds:g} s; 0 = no limit; default "
        f"{DEFAULT_SETTINGS.seconds_per_10k:g})",
    )


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def error(source: str, reason: str) -> None:
    print(f"dateline: error: {source}: {reason}", file=sys.stderr)


def warn(source: str, reason: str) -> None:
    print(f"dateline: warning: {source}: {reason}", file=sys.stderr)


def articles_from(
    paths: Iterable[str], published: date | None, failures: list[str]
) -> Iterator[Article]:
    """Readable articles, one at a time, reporting unreadable ones as they come."""
    for item in read_paths(paths):
        if isinstance(item, ItemFailure):
            error(item.source, item.reason)
            failures.append(item.source)
            continue
        if published is not None:
            item.published, item.published_basis = published, "metadata"
            item.published_confidence = 1.0
        yield item


def settings_from(args: argparse.Namespace) -> Settings:
    budget = getattr(args, "time_budget", DEFAULT_SETTINGS.seconds_per_10k)
    return replace(DEFAULT_SETTINGS, seconds_per_10k=budget if budget and budget > 0 else None)


def run_extract(args: argparse.Namespace) -> int:
    failures: list[str] = []
    stream = articles_from(args.paths, args.published, failures)
    first = list(islice(stream, 2))  # enough to choose between one JSON object and JSON lines
    fmt = args.format or ("json" if len(first) <= 1 else "jsonl")
    if fmt == "json" and len(first) > 1:
        fmt = "jsonl"  # several inputs: one object per line
    written = 0
    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        results = extract_records(
            chain(first, stream), jobs=args.jobs, settings=settings_from(args)
        )
        for article, record, failure in _with_progress(results, len(first)):
            for notice in article.warnings:
                warn(article.source, notice)
            if failure is not None:
                error(article.source, failure.reason)
                failures.append(article.source)
                continue
            write_record(out, record, fmt)
            written += 1
    finally:
        if args.output:
            out.close()
    if failures:
        print(f"dateline: {len(failures)} input(s) failed", file=sys.stderr)
    return 1 if failures or not written else 0


def _with_progress(items: Iterator[Any], seen: int) -> Iterator[Any]:
    """A progress bar on long work, only when a person is watching the terminal."""
    if seen < 2 or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, unit="article", file=sys.stderr)


def write_record(out: IO[str], record: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        json.dump(record, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.write(format_table(record) + "\n")


def _name_of(record: dict[str, Any], ref: str | None) -> str:
    """A readable name for an entity or place id."""
    if not ref:
        return "-"
    for item in record.get("entities", []) + record.get("places", []):
        if item.get("id") == ref:
            return str(item.get("name"))
    return ref


def format_table(record: dict[str, Any]) -> str:
    """A readable summary of one article for people at a terminal."""
    doc = record["document"]
    text = doc["text"]
    lines = [
        "=" * 78,
        f"{doc.get('title') or doc.get('source')}",
        f"outlet: {doc.get('outlet') or '-'}"
        f"   authors: {', '.join(doc.get('authors') or []) or '-'}"
        f"   published: {doc.get('published') or '-'} ({doc.get('published_basis')})",
        "-" * 78,
    ]
    people = [e for e in record.get("entities", []) if e["type"] == "PERSON"]
    if people:
        lines.append("PEOPLE")
        for e in people:
            role = f" — {'; '.join(e['roles'])}" if e.get("roles") else ""
            lines.append(
                f"  {e['name']}{role}" + (f" [{e['country']}]" if e.get("country") else "")
            )
    orgs = [e for e in record.get("entities", []) if e["type"] != "PERSON"]
    if orgs:
        lines.append("ORGANIZATIONS AND GROUPS")
        lines.append("  " + ", ".join(e["name"] for e in orgs))
    if record.get("places"):
        lines.append("PLACES")
        for p in record["places"]:
            where = ", ".join(x for x in (p.get("admin1"), p.get("country")) if x)
            lines.append(f"  {p['name']} ({p.get('feature')}{', ' + where if where else ''})")
    if record.get("events"):
        lines.append("EVENTS")
        for ev in record["events"]:
            date_value = (ev.get("date") or {}).get("value") or "?"
            actors = ", ".join(_name_of(record, a) for a in ev.get("actors", [])) or "-"
            targets = ", ".join(_name_of(record, t) for t in ev.get("targets", [])) or "-"
            parties = f"{actors} → {targets}"
            if ev.get("actors") and sorted(ev["actors"]) == sorted(ev.get("targets") or []):
                parties = f"{actors} ↔ each other"  # each party is the other's target
            dead = ev.get("fatalities")
            extra = f", {dead['value']:g} killed" if dead else ""
            lines.append(
                f"  {date_value} {ev['type']}/{ev.get('mode') or '-'} {parties}"
                f" at {_name_of(record, ev.get('place'))} [{ev['status']}{extra}]"
                f"  «{ev['trigger']['text']}»"
            )
    if record.get("quotes"):
        lines.append("QUOTES")
        for q in record["quotes"]:
            said = text[q["start"] : q["end"]].replace("\n", " ")
            said = said if len(said) < 90 else said[:87] + "..."
            speaker = _name_of(record, q.get("speaker")) if q.get("speaker") else "(unknown)"
            lines.append(f"  {speaker}: “{said}” ({q['kind']}, {q.get('channel') or '-'})")
    if record.get("commitments"):
        lines.append("COMMITMENTS")
        for c in record["commitments"]:
            lines.append(
                f"  {_name_of(record, c.get('party'))}: {c['text']} (by {c.get('deadline') or '?'})"
            )
    return "\n".join(lines)
