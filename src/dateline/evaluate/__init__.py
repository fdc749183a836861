"""``dateline eval``: measure each extraction layer against public gold data.

Each task lives in its own module exposing ``add_parser(subparsers)``; gold data is read from
wherever the user points (``../shared/data`` in development) and never copied into the project.
"""

from __future__ import annotations

import argparse
import importlib

TASKS = ("quotes", "geo", "time", "events", "dedup", "published")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="score an extraction layer on gold data")
    tasks = parser.add_subparsers(dest="task", metavar="TASK", required=True)
    for task in TASKS:
        importlib.import_module(f"dateline.evaluate.{task}").add_parser(tasks)
