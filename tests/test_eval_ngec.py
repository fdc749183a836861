"""``dateline eval ngec`` on a team-written miniature in the NGEC synthetic-stories format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.evaluate import ngec

CSV = Path(__file__).parent / "fixtures" / "eval" / "ngec_stories.csv"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The fixture CSV zipped under the set's file name, as the set ships it."""
    with zipfile.ZipFile(tmp_path / ngec.STORIES, "w") as archive:
        archive.write(CSV, ngec.STORIES.removesuffix(".zip"))
    return tmp_path


def _event(at: int, kind: str, mode: str | None = None, status: str = "occurred") -> dict:
    return {"type": kind, "mode": mode, "status": status, "trigger": {"start": at}}


def test_load_builds_the_text_the_readme_prescribes(folder: Path) -> None:
    stories = ngec.load(folder)
    assert [s.label for s in stories] == ["ASSAULT", "CONSULT", "PROTEST", "CONCEDE"]
    first = stories[0]
    assert first.text.startswith("Valdoria Rebels Attack Army Post\n\nRebel fighters")  # stripped
    assert first.mode == "firearms"
    assert stories[1].headline == "Valdoria and Ostrica Ministers Meet"  # a third newline
    assert stories[2].mode is None
    lead = first.text[: first.lead_end]
    assert lead.endswith("officials said.") and "fighting lasted" not in lead
    assert ngec.normal_mode("PRIMATIVE") == "primitive" and ngec.normal_mode("SIEZE") == "seize"


def test_known_output_gives_known_scores(folder: Path) -> None:
    stories = ngec.load(folder)
    late = stories[0].lead_end + 5  # after the first paragraph
    records = [
        # the lead's first event is the labelled one (a later lead event is not); mode matches
        {
            "events": [
                _event(late, "CONSULT"),
                _event(60, "PROTEST"),
                _event(40, "ASSAULT", "firearms"),
            ]
        },
        # the lead's event is AGREE, the labelled CONSULT comes only later; mode not given
        {"events": [_event(5, "AGREE"), _event(stories[1].lead_end + 2, "CONSULT", "meeting")]},
        # a negated protest is no protest; nothing else
        {"events": [_event(3, "PROTEST", status="negated")]},
        # the record names its main event, which is the labelled type
        {
            "document": {"main_event": "m"},
            "events": [_event(1, "AGREE"), {**_event(9, "CONCEDE"), "id": "m"}],
        },
    ]
    scorer = ngec.score(stories, records)
    main_share, any_share = scorer.total(scorer.main), scorer.total(scorer.any)
    assert (main_share.right, any_share.right, main_share.n) == (2, 3, 4)
    assert scorer.summary() == "events-ngec: main 0.500, any 0.750 (n=4)"
    assert scorer.mode_total().cell() == "0.500 (1/2)"  # visit was never emitted
    assert scorer.mode_total(emittable_only=True).cell() == "1.000 (1/1)"
    assert scorer.confusion.cells[("CONSULT", "AGREE")] == 1
    assert scorer.confusion.cells[("PROTEST", "-")] == 1
    report = scorer.report(errors=3)
    assert "CONSULT/visit" in report and "(never emitted)" in report


def test_sample_is_stratified_by_type(folder: Path, capsys) -> None:
    assert main(["eval", "ngec", str(folder), "--sample", "2", "--seed", "4"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^events-ngec: main (\d\.\d{3}), any (\d\.\d{3}) \(n=2\)$", last)


def test_skips_cleanly_without_the_data(tmp_path: Path, capsys) -> None:
    assert main(["eval", "ngec", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("events-ngec: skipped (")
