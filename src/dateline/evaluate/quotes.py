"""`dateline eval quotes` (placeholder until the quotes evaluation lands)."""

from __future__ import annotations

import argparse
import sys


def add_parser(tasks: argparse._SubParsersAction) -> None:
    parser = tasks.add_parser("quotes", help="evaluate quotes (not yet available)")
    parser.add_argument("path")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("dateline eval quotes: not implemented yet", file=sys.stderr)
    return 2
