"""The table the CLI prints for a record: a reciprocal act reads as one, not as each party
acting on itself. Records here are written for the test."""

from __future__ import annotations

from dateline.commands import format_table


def _record(actors: list[str], targets: list[str]) -> dict:
    text = "Kestria and Morvania signed an accord."
    return {
        "document": {"text": text, "title": None},
        "entities": [
            {"id": "e1", "name": "Kestria", "type": "GPE"},
            {"id": "e2", "name": "Morvania", "type": "GPE"},
        ],
        "places": [],
        "events": [
            {
                "type": "AGREE",
                "mode": None,
                "actors": actors,
                "targets": targets,
                "place": None,
                "date": None,
                "status": "occurred",
                "fatalities": None,
                "trigger": {"start": 30, "end": 36, "text": "accord"},
            }
        ],
        "quotes": [],
        "commitments": [],
    }


def test_a_reciprocal_act_is_shown_as_one():
    table = format_table(_record(["e1", "e2"], ["e2", "e1"]))
    assert "Kestria, Morvania ↔ each other" in table


def test_a_directed_act_keeps_its_arrow():  # control
    table = format_table(_record(["e1"], ["e2"]))
    assert "Kestria → Morvania" in table
