"""``bench/audit.py``: judgments kept across runs, so that a rerun on changed code only asks the
judge about new or changed items (rows here are invented; no article text)."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit", ROOT / "bench" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _event(audit, eid: str, start: int, kind: str, date: str) -> dict:
    trigger = {"start": start, "end": start + 5, "text": "fired"}
    system = {"type": kind, "trigger": "fired", "actors": ["Harbour police"], "date": date}
    return {
        "kind": "event",
        "set": "invented",
        "article": "a1",
        "id": eid,
        "key": audit.event_key("a1", {"trigger": trigger, "type": kind}),
        "system": system,
        "judge": {"real": None, "duplicate_of": None, "right": dict.fromkeys(audit.EVENT_FIELDS)},
    }


def _sheet(audit) -> list[dict]:
    quote = {
        "kind": "quote",
        "set": "invented",
        "article": "a1",
        "id": "q1",
        "key": "a1|quote|40:60",
        "system": {"speaker": "Mara Oskan", "cue": "said"},
        "judge": {"speaker_right": None, "right_speaker": None},
    }
    article = {"kind": "article", "set": "invented", "article": "a1", "key": "a1|article"}
    return [
        _event(audit, "ev1", 10, "ASSAULT", "2024-03-01"),
        _event(audit, "ev2", 90, "ASSAULT", "2024-03-01"),
        quote,
        article | {"missed": None},
    ]


def _judge(rows: list[dict]) -> None:
    first, second, quote, article = rows
    first["judge"] = {
        "real": True,
        "duplicate_of": None,
        "right": {"type": True, "actors": True, "date": False},
    }
    second["judge"] = {"real": True, "duplicate_of": "ev1", "right": {}}
    quote["judge"] = {"speaker_right": True, "right_speaker": None}
    article["missed"] = ["the crowd stoned the station"]


def _kept(audit, tmp_path: Path) -> dict:
    rows = _sheet(audit)
    _judge(rows)
    sheet, judgments = tmp_path / "sheet.jsonl", tmp_path / "judgments.jsonl"
    sheet.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    audit.keep(sheet, judgments)
    return audit.load_judgments(judgments)


def test_unchanged_output_keeps_every_judgment(audit, tmp_path: Path) -> None:
    rows = _sheet(audit)
    counts = audit.carry_over(rows, _kept(audit, tmp_path))
    assert counts == {"full": 3, "articles": 1}
    assert rows[0]["judge"]["right"]["date"] is False
    assert rows[1]["judge"]["duplicate_of"] == "ev1"
    assert rows[3]["missed"] == ["the crowd stoned the station"]
    assert not any(audit._pending(r) for r in rows)


def test_changed_field_is_asked_again_and_the_rest_kept(audit, tmp_path: Path) -> None:
    rows = _sheet(audit)
    rows[0]["system"]["date"] = "2024-02-28"
    audit.carry_over(rows, _kept(audit, tmp_path))
    assert rows[0]["rejudge"] == ["date"]
    assert rows[0]["judge"]["right"]["type"] is True and "date" not in rows[0]["judge"]["right"]
    assert audit._pending(rows[0])
    rows[0]["judge"]["right"]["date"] = None  # the judge says the field does not apply
    assert not audit._pending(rows[0])
    assert rows[3]["rejudge"] == ["missed"]  # an article with a changed item is reviewed


def test_ids_that_move_keep_the_duplicate_link_and_a_lost_original_reopens_it(
    audit, tmp_path: Path
) -> None:
    kept = _kept(audit, tmp_path)
    moved = _sheet(audit)
    moved[0]["id"], moved[1]["id"] = "ev7", "ev8"  # an earlier event appeared: ids shift
    audit.carry_over(moved, kept)
    assert moved[1]["judge"]["duplicate_of"] == "ev7"
    lost = copy.deepcopy(_sheet(audit))[1:]  # the event it repeated is no longer emitted
    audit.carry_over(lost, kept)
    assert lost[0]["carried"] == "new" and audit._pending(lost[0])


def test_a_changed_speaker_or_type_is_a_new_item(audit, tmp_path: Path) -> None:
    kept = _kept(audit, tmp_path)
    rows = _sheet(audit)
    rows[2]["system"]["speaker"] = "Harbour police"
    retyped = _event(audit, "ev1", 10, "COERCE", "2024-03-01")  # same span, new type: new key
    rows[0] = retyped
    audit.carry_over(rows, kept)
    assert audit._pending(rows[2]) and audit._pending(rows[0])


def test_an_article_that_lost_an_event_is_reviewed_for_misses(audit, tmp_path: Path) -> None:
    kept = _kept(audit, tmp_path)
    rows = _sheet(audit)
    del rows[1]  # the second event is no longer emitted; everything else is unchanged
    audit.carry_over(rows, kept)
    assert rows[0]["carried"] == "full" and rows[1]["carried"] == "full"
    assert rows[-1]["rejudge"] == ["missed"]
