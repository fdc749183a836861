"""Store commands: ``dateline ingest``, ``resolve``, ``events``, ``quotes``, ``commitments``,
``disputes`` and ``export``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dateline.store.db import DEFAULT_DB


def add_time_budget(parser: argparse.ArgumentParser) -> None:
    """``--time-budget``, as ``dateline extract`` has it (its D141 message names the flag)."""
    from dateline.commands import add_time_budget as add

    add(parser)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=DEFAULT_DB,
        help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})",
    )


def _add_output(parser: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    parser.add_argument("--format", choices=formats, default=default, help=f"default: {default}")
    parser.add_argument("-o", "--output", help="write to FILE (default: stdout)")


def _add_event_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", help="PLOVER event type(s), comma-separated (ASSAULT,PROTEST)")
    parser.add_argument("--country", help="country name or ISO code where the event happened")
    parser.add_argument("--place", help="location or admin1 name contains")
    parser.add_argument("--actor", help="actor or target name (any spelling variant) contains")
    parser.add_argument("--since", help="first event date, YYYY-MM-DD")
    parser.add_argument("--until", help="last event date, YYYY-MM-DD")
    parser.add_argument("--status", choices=("occurred", "planned", "hypothetical", "negated"))


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    from dateline.store.export import FORMATS, SCHEMAS

    p = subparsers.add_parser(
        "ingest",
        help="extract articles into the store (idempotent, resumable)",
        description="Read files, directories, JSON/JSONL, HTML or '-' (stdin), extract each "
        "new article and commit it on its own; already stored articles are skipped by content "
        "hash. Exit status 1 when any item failed (see the failed table).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    _add_db(p)
    p.add_argument("-j", "--jobs", type=int, default=1, help="extraction processes (default 1)")
    p.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local processes (default) or a Ray Data pipeline (pip install 'dateline[ray]')",
    )
    p.add_argument(
        "--address",
        metavar="auto|ray://HOST:PORT",
        help="with --engine ray: the cluster to join (default: a private local Ray)",
    )
    p.add_argument(
        "--no-resolve", action="store_true", help="skip cross-article resolution at the end"
    )
    add_time_budget(p)
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: when stderr is a terminal)",
    )
    p.set_defaults(func=run_ingest)

    p = subparsers.add_parser(
        "resolve",
        help="bring cross-article resolution up to date (--rebuild: from scratch)",
        description="Resolve the stored articles not resolved yet (ingest does this at its "
        "end). --rebuild clears stories, canonical actors and canonical events and resolves "
        "every article again; it gives the same tables as the incremental path. Run it "
        "after deleting articles from the store.",
    )
    _add_db(p)
    p.add_argument("--rebuild", action="store_true", help="start over from the stored articles")
    p.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="with --rebuild: score the article pairs per publication window on Ray "
        "(a partitioned backfill; same result)",
    )
    p.add_argument("--address", metavar="auto|ray://HOST:PORT", help="the Ray cluster to join")
    p.add_argument("--window-days", type=int, default=30, help="backfill partition (days)")
    p.set_defaults(func=run_resolve)

    p = subparsers.add_parser("events", help="list events from the store")
    _add_db(p)
    _add_event_filters(p)
    p.add_argument(
        "--mentions",
        action="store_true",
        help="one row per article mention instead of per real event",
    )
    p.add_argument("--limit", type=int, help="at most N rows")
    _add_output(p, FORMATS, "table")
    p.set_defaults(func=run_events)

    p = subparsers.add_parser("quotes", help="list quotes (who said what) from the store")
    _add_db(p)
    p.add_argument("--speaker", help="speaker name (any spelling variant) contains")
    p.add_argument("--since", help="first date, YYYY-MM-DD")
    p.add_argument("--until", help="last date, YYYY-MM-DD")
    p.add_argument("--limit", type=int, help="at most N rows")
    _add_output(p, FORMATS, "table")
    p.set_defaults(func=run_quotes)

    p = subparsers.add_parser(
        "commitments",
        help="list commitments with their status (open|met|broken|expired|unclear)",
        description="Each stored pledge checked against the later stored events: met, broken, "
        "expired (its deadline passed with nothing reported), open, or unclear, with the "
        "events that justify it. 'Today' is the latest publication date in the store.",
    )
    _add_db(p)
    p.add_argument("--status", choices=("open", "met", "broken", "expired", "unclear"))
    p.add_argument("--kind", help="pledge kind (ceasefire, withdraw, release, meet, ...)")
    p.add_argument("--party", help="party name contains")
    p.add_argument("--limit", type=int, help="at most N rows")
    _add_output(p, FORMATS, "table")
    p.set_defaults(func=run_commitments)

    p = subparsers.add_parser(
        "disputes",
        help="list contested claims: one row per claim, side by side per disputed fact",
        description="Where sources disagree on a fact of one event (a toll, who attacked, "
        "where, when, whether it happened), each claim with who made it and where.",
    )
    _add_db(p)
    p.add_argument("--fact", choices=("fatalities", "injured", "actor", "place", "date", "status"))
    p.add_argument(
        "--kind",
        choices=("contested", "revised"),
        help="contested: different claimants; revised: one claimant's figures changed",
    )
    p.add_argument("--scope", choices=("across", "within"), help="across articles or within one")
    p.add_argument("--limit", type=int, help="at most N rows")
    _add_output(p, FORMATS, "table")
    p.set_defaults(func=run_disputes)

    p = subparsers.add_parser("export", help="export canonical events (dateline|acled|plover)")
    _add_db(p)
    p.add_argument("--schema", choices=SCHEMAS, default="dateline", help="default: dateline")
    _add_event_filters(p)
    _add_output(p, ("csv", "jsonl", "parquet"), "csv")
    p.set_defaults(func=run_export)


def _open(db: str, create: bool = False) -> Any:
    """Open the store; reading commands refuse a SQLite file that does not exist yet."""
    from pathlib import Path

    from dateline.store.schema import open_store

    is_url = db.startswith(("postgresql://", "postgres://"))
    if not create and not is_url and db != ":memory:" and not Path(db).exists():
        raise ValueError(f"no store at {db}: run 'dateline ingest PATH --db {db}' first")
    return open_store(db)


def _fail(message: str) -> int:
    print(f"dateline: {message}", file=sys.stderr)
    return 2


def run_ingest(args: argparse.Namespace) -> int:
    from dateline.commands import settings_from
    from dateline.errors import StoreError
    from dateline.store.ingest import ingest, read_inputs

    if args.jobs < 1:
        return _fail("-j must be at least 1")
    try:
        with _open(args.db, create=True) as store:
            report = ingest(
                store,
                read_inputs(args.paths),
                jobs=args.jobs,
                progress=args.progress,
                resolve=not args.no_resolve,
                engine=args.engine,
                address=args.address,
                on_failure=_tell_failure,
                settings=settings_from(args),
            )
    except StoreError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    print(report.summary(list_failures=False), file=sys.stderr)
    return 1 if report.failed else 0


def _tell_failure(source: str, reason: str) -> None:
    """Each failed item on its own line as it fails, as ``dateline extract`` tells them."""
    print(f"dateline: error: {source}: {reason}", file=sys.stderr, flush=True)


def run_resolve(args: argparse.Namespace) -> int:
    from dateline.errors import StoreError
    from dateline.store.db import is_disk_full, store_error
    from dateline.store.resolve import resolve

    try:
        with _open(args.db) as store:
            try:
                if args.engine == "ray":
                    from dateline.store.resolve.backfill import backfill

                    counts = backfill(
                        store, "ray", args.address, window_days=args.window_days
                    ).counts
                else:
                    counts = resolve(store, rebuild=args.rebuild)
            except Exception as exc:
                if is_disk_full(exc):
                    raise store_error(store, exc) from None
                raise
    except (StoreError, ValueError) as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    print(
        "resolved: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()),
        file=sys.stderr,
    )
    return 0


def _event_filters(args: argparse.Namespace) -> dict[str, Any]:
    keys = ("type", "country", "place", "actor", "since", "until", "status")
    return {k: getattr(args, k) for k in keys if getattr(args, k, None)}


def _limited(rows: Any, limit: int | None) -> Any:
    if limit is None:
        yield from rows
        return
    for i, row in enumerate(rows):
        if i >= limit:
            return
        yield row


def _emit(
    columns: Any,
    rows: Any,
    args: argparse.Namespace,
    view: str = "events",
    table: list[str] | None = None,
) -> int:
    from dateline.store.export import table_columns, write

    if args.format == "table":
        if table is None:
            columns = table_columns(columns, view)
        else:
            kinds = dict(columns)
            columns = [(name, kinds[name]) for name in table]
    n = write(columns, _limited(rows, getattr(args, "limit", None)), args.format, args.output)
    if args.output and args.output != "-":
        print(f"wrote {n} rows to {args.output}", file=sys.stderr)
    return 0


def run_events(args: argparse.Namespace) -> int:
    from dateline.store.export import event_rows

    try:
        with _open(args.db) as store:
            columns, rows = event_rows(
                store, "dateline", _event_filters(args), mentions=args.mentions
            )
            return _emit(columns, rows, args, "mentions" if args.mentions else "events")
    except ValueError as exc:
        return _fail(str(exc))


def run_quotes(args: argparse.Namespace) -> int:
    from dateline.store.export import quote_rows

    filters = {k: getattr(args, k) for k in ("speaker", "since", "until") if getattr(args, k)}
    try:
        with _open(args.db) as store:
            columns, rows = quote_rows(store, filters)
            return _emit(columns, rows, args, "quotes")
    except ValueError as exc:
        return _fail(str(exc))


def run_export(args: argparse.Namespace) -> int:
    from dateline.store.export import event_rows

    try:
        with _open(args.db) as store:
            columns, rows = event_rows(store, args.schema, _event_filters(args))
            return _emit(columns, rows, args)
    except ValueError as exc:
        return _fail(str(exc))


def run_commitments(args: argparse.Namespace) -> int:
    from dateline.store.monitor import COMMITMENT_COLUMNS, COMMITMENT_TABLE_COLUMNS, commitment_rows

    filters = {k: getattr(args, k) for k in ("status", "kind", "party") if getattr(args, k)}
    try:
        with _open(args.db) as store:
            _catch_up(store)
            rows = commitment_rows(store, filters)
            return _emit(COMMITMENT_COLUMNS, rows, args, table=COMMITMENT_TABLE_COLUMNS)
    except ValueError as exc:
        return _fail(str(exc))


def run_disputes(args: argparse.Namespace) -> int:
    from dateline.store.disputes import CLAIM_COLUMNS, TABLE_COLUMNS, claim_rows

    filters = {k: getattr(args, k) for k in ("fact", "kind", "scope") if getattr(args, k)}
    try:
        with _open(args.db) as store:
            _catch_up(store)
            return _emit(CLAIM_COLUMNS, claim_rows(store, filters), args, table=TABLE_COLUMNS)
    except ValueError as exc:
        return _fail(str(exc))


def _catch_up(store: Any) -> None:
    """A store upgraded to monitoring gets its statuses and disputes on first reading."""
    from dateline.store.monitor import catch_up

    with store.transaction():
        catch_up(store)
