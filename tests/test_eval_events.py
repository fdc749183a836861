"""`dateline eval events` on a tiny file in the PLOVER GSR format, written for this test."""

from __future__ import annotations

import json

import pytest

from dateline.cli import main

RECORDS = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "doc"},
    {
        "id": "T-1",
        "event": "FIGHT",
        "eventText": "attacked",
        "text": "Rebels attacked an army base near the border on Monday.",
        "source": [{"actorText": "Rebels"}],
        "target": [{"actorText": "army base"}],
    },
    {
        "id": "T-2",
        "event": "DEMAND",
        "eventText": "urged",
        "text": "The minister urged the rebels to lay down their arms.",
        "source": [{"actorText": "minister"}],
        "target": [{"actorText": "rebels"}],
    },
    {
        "id": "T-3",
        "event": "CONSULT",
        "eventText": "met",
        "text": "The weather was mild and the market stayed open.",
        "source": [{"actorText": "nobody"}],
    },
]


def test_eval_events_reports_accuracy_and_confusion(tmp_path, capsys):
    path = tmp_path / "gsr.txt"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    assert main(["eval", "events", str(path)]) == 0
    out = capsys.readouterr().out
    assert "records        3" in out
    # FIGHT is read as ASSAULT and DEMAND as REQUEST; the third sentence has no event.
    assert "type accuracy  0.667  (2/3)" in out
    assert "actor match    0.667  (2/3)" in out
    assert "ASSAULT" in out and "REQUEST" in out


def test_eval_events_skips_a_missing_file(tmp_path, capsys):
    assert main(["eval", "events", str(tmp_path / "absent.txt")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_eval_events_takes_the_folder_as_distributed(tmp_path, capsys):
    (tmp_path / "gsr.txt").write_text(json.dumps(RECORDS), encoding="utf-8")
    (tmp_path / "README.md").write_text("about the set", encoding="utf-8")
    assert main(["eval", "events", str(tmp_path)]) == 0
    assert "records        3" in capsys.readouterr().out


def test_eval_events_refuses_an_ambiguous_folder(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(json.dumps(RECORDS), encoding="utf-8")
    assert main(["eval", "events", str(tmp_path)]) == 2
    assert "2 .txt files" in capsys.readouterr().out


def test_plover_is_the_same_task_and_ends_with_its_summary(tmp_path, capsys):
    path = tmp_path / "gsr.txt"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    assert main(["eval", "plover", str(path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("events-plover: type 0.667, actor 0.667, target ")
    assert lines[-1].endswith("(n=3)")
    assert any(line.startswith("extra events per sentence") for line in lines)


def _record(text: str, *events: dict) -> dict:
    return {"document": {"text": text}, "entities": [], "places": [], "events": list(events)}


def test_scorer_on_known_records_counts_extra_events():
    from dateline.evaluate import events as plover

    golds = plover.load_records(RECORDS)
    first, second, third = (g.text for g in golds)
    records = [
        # the trigger in the gold words is chosen over the earlier PROTEST; one extra event
        _record(
            first,
            {"type": "PROTEST", "trigger": {"start": 0, "text": "Rebels"}, "actors": ["Rebels"]},
            {"type": "ASSAULT", "trigger": {"start": 7, "text": "attacked"}, "actors": ["rebel"]},
        ),
        # a planned demand is still REQUEST; actor given as a bare name that matches
        _record(
            second,
            {
                "type": "REQUEST",
                "status": "planned",
                "trigger": {"start": 13, "text": "urged"},
                "actors": ["The minister"],
                "targets": [],
            },
        ),  # fmt: skip
        # three events in a sentence the gold codes as CONSULT: two extra, none CONSULT
        _record(third, *({"type": "AGREE", "trigger": {"start": i}} for i in range(3))),
    ]
    scorer = plover.score(golds, records)
    assert scorer.confusion.accuracy() == pytest.approx(2 / 3)
    assert scorer.actor.cell() == "0.333 (1/3)"  # "rebel" shares no word with "Rebels"
    assert scorer.extra_per_sentence() == pytest.approx(1.0)  # (1 + 0 + 2) / 3
    assert scorer.summary() == "events-plover: type 0.667, actor 0.333, target 0.000 (n=3)"
