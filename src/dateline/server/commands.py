"""``dateline serve``: the HTTP API and the web page over one database."""

from __future__ import annotations

import argparse
import sys

from dateline.server.extraction import DEFAULT_MAX_BODY_BYTES


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the HTTP API and the web page",
        description="Serve the JSON API (docs at /docs) and the web page (/) for one database. "
        "Read-only unless --write-token is given.",
    )
    parser.add_argument("--db", default="dateline.db", help="SQLite path or postgresql:// URL")
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    parser.add_argument(
        "--write-token",
        default=None,
        help="enable POST /ingest for clients sending 'Authorization: Bearer TOKEN'",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        help="largest accepted /extract or /ingest body (default: %(default)s); larger gets 413",
    )
    parser.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from dateline.server.app import create_app
    except ImportError as exc:
        print(
            f"dateline serve needs the 'serve' extra: pip install 'dateline[serve]' ({exc})",
            file=sys.stderr,
        )
        return 2
    app = create_app(args.db, write_token=args.write_token, max_body_bytes=args.max_body_bytes)
    mode = "read-write (POST /ingest with the token)" if args.write_token else "read-only"
    print(
        f"dateline: serving {args.db} ({mode})\n"
        f"  web page: http://{args.host}:{args.port}/\n"
        f"  API docs: http://{args.host}:{args.port}/docs",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
