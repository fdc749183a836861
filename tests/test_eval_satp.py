"""``dateline eval satp`` on a team-written miniature in the ConfliBERT SATP format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.evaluate import satp

FOLDER = Path(__file__).parent / "fixtures" / "eval" / "satp"


def _records(narratives: list[satp.Narrative]) -> list[dict]:
    """Known output: 1 an armed assault (right); 2 a bombing read as a mode-less attack (one
    false armed assault, one missed bombing); 3 the abduction found, the shooting only planned;
    4 nothing."""

    def record(*events: dict) -> dict:
        return {"events": [{"trigger": {"start": i}, **e} for i, e in enumerate(events)]}

    return [
        record({"type": "ASSAULT", "mode": "firearms", "acled_sub_event_type": "Armed clash"}),
        record({"type": "ASSAULT", "acled_sub_event_type": "Attack"}),
        record(
            {
                "type": "COERCE",
                "mode": "abduct",
                "acled_sub_event_type": "Abduction/forced disappearance",
            },
            {"type": "ASSAULT", "mode": "firearms", "status": "planned"},
        ),  # fmt: skip
        record(),
    ]


def test_load_reads_the_four_columns() -> None:
    narratives = satp.load(FOLDER)
    assert [sorted(n.labels) for n in narratives] == [
        ["armed assault"],
        ["bombing"],
        ["armed assault", "kidnapping"],
        ["other"],
    ]


def test_known_output_gives_known_scores() -> None:
    narratives = satp.load(FOLDER)
    scorer = satp.score(narratives, _records(narratives))
    t = scorer.labels.tallies
    assert (t["armed assault"].tp, t["armed assault"].fp, t["armed assault"].fn) == (1, 1, 1)
    assert (t["bombing"].tp, t["bombing"].fn) == (0, 1)
    assert t["kidnapping"].f1 == 1.0
    assert scorer.summary() == "events-satp: macro 0.500 (n=4)"
    assert "gold label (rows)" in scorer.report()


@pytest.mark.parametrize(
    ("event", "labels"),
    [
        ({"type": "ASSAULT", "mode": "explosives"}, {"bombing"}),
        ({"acled_event_type": "Explosions/Remote violence"}, {"bombing"}),
        ({"acled_sub_event_type": "Grenade"}, {"bombing"}),
        ({"type": "ASSAULT", "mode": "beat", "acled_sub_event_type": "Attack"}, set()),
        ({"type": "ASSAULT", "acled_sub_event_type": "Attack"}, {"armed assault"}),
        ({"type": "ASSAULT", "mode": "abduct"}, {"kidnapping"}),
        ({"type": "ASSAULT", "mode": "firearms", "status": "negated"}, set()),
        ({"type": "PROTEST", "acled_sub_event_type": "Peaceful protest"}, set()),
    ],
)
def test_label_mapping(event: dict, labels: set[str]) -> None:
    assert satp.labels_of(event) == labels


def test_cli_runs_the_pipeline_and_ends_with_the_summary(capsys, tmp_path: Path) -> None:
    assert main(["eval", "satp", str(FOLDER)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^events-satp: macro (\d\.\d{3}|n/a) \(n=4\)$", last)
    assert main(["eval", "satp", str(FOLDER), "--split", "dev"]) == 0
    assert capsys.readouterr().out.startswith("events-satp: skipped (")
