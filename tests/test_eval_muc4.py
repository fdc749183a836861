"""``dateline eval muc4`` on a team-written miniature in the ConfliBERT MUC-4 format."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from dateline.cli import main
from dateline.evaluate import muc4

FOLDER = Path(__file__).parent / "fixtures" / "eval" / "muc4"


def _records(docs: list[muc4.MucDoc]) -> list[dict]:
    """Known output: doc 1 finds the rebels (by head word) and the weapon (by mode), names the
    place as the target and misses the victim; doc 2 (no filler) has a violent false alarm."""
    one, two = docs[0].text, docs[1].text
    at = one.index("REBELS")
    return [
        {
            "document": {"text": one},
            "entities": [
                {"id": "e1", "name": "Rebels", "mentions": [{"start": at, "end": at + 6}]},
                {"id": "e2", "name": "Red Dawn", "mentions": []},
            ],
            "places": [{"id": "p1", "name": "Vella", "mentions": []}],
            "events": [
                {"type": "ASSAULT", "mode": "heavy-weapons", "actors": ["e1"], "targets": ["p1"]},
                {"type": "CONSULT", "actors": ["e2"], "targets": []},  # not violent: ignored
            ],
        },
        {
            "document": {"text": two},
            "entities": [{"id": "m", "name": "farm minister", "mentions": []}],
            "events": [{"type": "COERCE", "actors": ["m"], "targets": []}],
        },
    ]


def test_known_output_gives_known_scores() -> None:
    docs = muc4.load(FOLDER)
    scorer = muc4.score(docs, _records(docs))
    recall = {muc4.ROLES[r][0]: s.cell() for r, s in scorer.recall.items()}
    assert recall == {
        "perp-ind": "1.000 (1/1)",
        "perp-org": "0.000 (0/1)",  # "FRONT" is not the head of "Red Dawn"
        "target": "0.000 (0/1)",
        "victim": "0.000 (0/1)",
        "weapon": "1.000 (1/1)",  # MORTARS reads as heavy-weapons
    }
    assert scorer.false_alarm.cell() == "1.000 (1/1)"
    assert scorer.summary() == (
        "actors-muc4: perp-ind 1.000, perp-org 0.000, target 0.000, victim 0.000, "
        "weapon 1.000 (n=2)"
    )


def test_lower_case_option() -> None:
    docs = muc4.load(FOLDER, argparse.Namespace(split="test", case="lower"))
    assert docs[0].text.startswith("urban rebels")


def test_cli_runs_the_pipeline_and_ends_with_the_summary(capsys, tmp_path: Path) -> None:
    assert main(["eval", "muc4", str(FOLDER)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^actors-muc4: perp-ind \S+, perp-org \S+, target \S+, victim \S+, "
                    r"weapon \S+ \(n=2\)$", last)  # fmt: skip
    assert main(["eval", "muc4", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("actors-muc4: skipped (")
