"""``dateline serve``: the HTTP API and the web page over one database."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

from dateline.errors import Errors
from dateline.runner import DEFAULT_SETTINGS
from dateline.server.extraction import DEFAULT_MAX_BODY_BYTES

TOKEN_ENV = "DATELINE_WRITE_TOKEN"


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the HTTP API and the web page",
        description="Serve the JSON API (docs at /docs) and the web page (/) for one database. "
        f"Read-only unless a write token is given (--write-token-file FILE, or ${TOKEN_ENV}).",
    )
    parser.add_argument("--db", default="dateline.db", help="SQLite path or postgresql:// URL")
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests naming this host (repeatable; '*.example.org' for a domain, "
        "'*' for any). Default: the bound address and localhost; other names get 400, which "
        "stops DNS-rebinding pages from reading a local server",
    )
    parser.add_argument(
        "--write-token-file",
        metavar="FILE",
        help="enable POST /ingest for clients sending 'Authorization: Bearer TOKEN', with TOKEN "
        f"read from FILE (or set ${TOKEN_ENV}); nothing prints it",
    )
    parser.add_argument(
        "--write-token",
        default=None,
        help=f"the token on the command line (visible to other users in ps: prefer "
        f"--write-token-file or ${TOKEN_ENV})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="extraction processes for /extract and /ingest, each with its own pipeline "
        "(~1 GB); reads never wait for them (default: %(default)s; 0: in the server process)",
    )
    parser.add_argument(
        "--queue",
        type=int,
        default=8,
        help="extraction jobs that may wait for a worker; beyond it 503 + Retry-After "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=DEFAULT_SETTINGS.seconds_per_10k,
        metavar="SECONDS",
        help="seconds an article may take per 10,000 characters, as for extract (at least "
        f"{DEFAULT_SETTINGS.min_seconds:g} s; 0 = no limit; default "
        f"{DEFAULT_SETTINGS.seconds_per_10k:g}); past it the request gets 422",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        help="largest accepted /extract or /ingest body (default: %(default)s); larger gets 413",
    )
    parser.set_defaults(func=run_serve)


def write_token(args: argparse.Namespace, environ: Mapping[str, str]) -> str | None:
    """The write token from ``--write-token-file``, ``--write-token`` or the environment (in
    that order; a file and a command-line token together are an error). ``ValueError`` with a
    one-line reason that never contains the token."""
    if args.write_token_file and args.write_token:
        raise ValueError(Errors.D506.format(reason="give --write-token-file or --write-token"))
    if args.write_token_file:
        path = args.write_token_file
        try:
            file_token = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            reason = f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}"
            raise ValueError(Errors.D506.format(reason=reason)) from None
        if not file_token:
            raise ValueError(Errors.D506.format(reason=f"{path} is empty"))
        if os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            print(
                f"dateline: warning: {path} can be read by other users (chmod 600 {path})",
                file=sys.stderr,
            )
        return file_token
    token = args.write_token or environ.get(TOKEN_ENV, "").strip() or None
    if args.write_token:
        print(
            f"dateline: warning: a token on the command line is visible in ps; use "
            f"--write-token-file or ${TOKEN_ENV}",
            file=sys.stderr,
        )
    return token


def run_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from dateline.commands import settings_from
        from dateline.server.app import create_app
        from dateline.server.security import default_hosts
    except ImportError as exc:
        print(
            f"dateline serve needs the 'serve' extra: pip install 'dateline[serve]' ({exc})",
            file=sys.stderr,
        )
        return 2
    try:
        token = write_token(args, os.environ)
    except ValueError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 2
    if args.workers < 0 or args.queue < 0:
        print("dateline: --workers and --queue must be 0 or more", file=sys.stderr)
        return 2
    hosts = default_hosts(args.host) + [h.lower() for h in args.allow_host]
    app = create_app(
        args.db,
        write_token=token,
        max_body_bytes=args.max_body_bytes,
        allowed_hosts=hosts,
        workers=args.workers,
        queue_limit=args.queue,
        settings=settings_from(args),
        warm=True,
    )
    print(startup_message(args, token is not None, hosts), file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0


def startup_message(args: argparse.Namespace, writable: bool, hosts: list[str]) -> str:
    """What ``serve`` prints when it starts (never the token itself)."""
    mode = "read-write (POST /ingest with the token)" if writable else "read-only"
    where = f"{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}"
    workers = f"{args.workers} extraction worker(s)" if args.workers else "in-process extraction"
    return (
        f"dateline: serving {args.db} ({mode}, {workers}, queue {args.queue})\n"
        f"  web page: http://{where}/\n"
        f"  API docs: http://{where}/docs\n"
        f"  answers Host: {', '.join(hosts)} (more with --allow-host)"
    )
