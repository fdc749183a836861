"""`dateline eval time` (placeholder until the time evaluation lands)."""

from __future__ import annotations

import argparse
import sys


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser("time", help="evaluate time (not yet available)")
    parser.add_argument("path")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("dateline eval time: not implemented yet", file=sys.stderr)
    return 2
