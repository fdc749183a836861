"""``dateline eval``: measure each extraction layer against public gold data.

Each task lives in its own module exposing ``add_parser(subparsers)``; gold data is read from
wherever the user points (``../shared/data`` in development) and never copied into the project.
Every task ends with one summary line (:mod:`.summary`), or ``TASK: skipped (reason)`` when its
data is absent. Counting is shared (:mod:`.scoring`); the event-set tasks score the output
contract (:mod:`.records`) and share their command line and run (:mod:`.task`), so
``bench/keyword_baseline.py`` is scored by the same code.

======================  ===================================  ==================================
command                 set                                  summary line
======================  ===================================  ==================================
``eval events``/plover  plover-gsr (322 sentences)           events-plover: type, actor, target
``eval ngec``           ngec-synthetic (4,500 stories)       events-ngec: main, any
``eval police``         india-police-events (1,257 docs)     events-police: KILL, ARREST, FORCE
``eval cameo``          conflibert-cameo (386 test)          events-cameo: class, spans
``eval satp``           conflibert-satp (233 test)           events-satp: macro
``eval actors``         ngec-actors (307 active rows)        actors: country, sector
``eval quotes``         polnear-dev (84 articles)            quotes-polnear: F1, speaker
``eval time``           timebank-aquaint (256 docs)          time: value, relaxed
======================  ===================================  ==================================

While iterating, the event-set tasks take ``--sample N --seed S`` (stratified by type or
label, so every type stays in) or ``--limit N``, and ``--errors [N]`` lists what was scored
wrong; run the whole set before reporting a figure.
"""

from __future__ import annotations

import argparse
import importlib

TASKS = (
    "quotes",
    "geo",
    "time",
    "events",
    "dedup",
    "published",
    "ngec",
    "police",
    "cameo",
    "satp",
    "actors",
    "muc4",
)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="score an extraction layer on gold data")
    tasks = parser.add_subparsers(dest="task", metavar="TASK", required=True)
    for task in TASKS:
        importlib.import_module(f"dateline.evaluate.{task}").add_parser(tasks)
