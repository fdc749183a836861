"""The ``dateline`` command line: one sub-command per job, each defined in its own module.

Each module in ``COMMAND_MODULES`` exposes ``add_commands(subparsers)`` and attaches a
``func(args) -> int`` to the parsers it adds, so the CLI grows without this file changing.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "dateline.commands",  # extract
    "dateline.evaluate",  # eval quotes|geo|time|events|dedup
    "dateline.store.commands",  # ingest, events, quotes, export
    "dateline.server.commands",  # serve
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Sourced event data from news articles.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_commands(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
