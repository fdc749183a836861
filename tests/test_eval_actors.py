"""``dateline eval actors`` on a team-written miniature in the ngec-actors TSV format."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dateline.cli import main
from dateline.evaluate import actors

FILE = Path(__file__).parent / "fixtures" / "eval" / "actor_resolution_cases.tsv"


def _coded(case: actors.ActorCase, item: dict | None, kind: str = "entities") -> dict:
    """A record coding the case's actor as ``item``, plus a distractor outside the actor."""
    text = case.sentence
    distractor = {
        "id": "x",
        "name": "Tuesday",
        "sector": "MIL",
        "mentions": [{"start": text.index("Tuesday"), "end": text.index("Tuesday") + 7}],
    }
    record: dict = {"document": {"text": text}, "entities": [distractor], "places": []}
    if item is not None:
        record[kind].append({"id": "a", "mentions": [{"start": 0, "end": len(case.text)}], **item})
    return record


def test_load_reads_expectations() -> None:
    cases = {c.case_id: c for c in actors.load(FILE)}
    assert "case-06" not in cases  # query_wiki rows are not scored
    assert cases["case-01"].published == date(2020, 1, 1)
    assert cases["case-02"].published is None  # "today"
    assert cases["case-02"].sectors == set() and cases["case-02"].country == "CHL"
    assert cases["case-03"].country == "" and cases["case-03"].sectors == {"COP", "PRM"}
    assert cases["case-04"].expect_none and cases["case-04"].country is None
    assert cases["case-05"].published == date(2015, 5, 10)
    assert cases["case-07"].sentence == "The navy said on Tuesday that the talks would continue."
    assert cases["case-05"].sentence.endswith(" The talks concern Mexican.")


def test_known_output_gives_known_scores() -> None:
    cases = actors.load(FILE)
    by_id = {c.case_id: c for c in cases}
    items = {
        "case-01": ({"name": "Alma Reyes", "country": "ESP", "sector": "GOV"}, "entities"),
        "case-02": ({"name": "Chile", "country": "CL"}, "places"),
        "case-03": ({"name": "riot police", "sector": "COP"}, "entities"),
        "case-04": ({"name": "Biscuit", "sector": "CVL"}, "entities"),
        "case-05": ({"name": "Tomas Ruiz", "country": "MEX", "sector": "GOV"}, "entities"),
        "case-07": (None, "entities"),
    }
    coded = {key: _coded(by_id[key], item, kind) for key, (item, kind) in items.items()}
    scorer = actors.score(cases, [coded[c.case_id] for c in cases])
    country, sector = scorer.main()
    # active rows 1-4: the country is wrong on 1 (ESP); 2 is read from the place's alpha-2;
    # 4 expected nothing and got a sector; the distractor is never the coded actor
    assert (country.right, country.n) == (3, 4)
    assert (sector.right, sector.n) == (3, 4)
    assert scorer.none.value == 0.0
    assert scorer.summary() == "actors: country 0.750, sector 0.750 (n=4)"
    assert scorer.country["xfail"].value == 1.0 and scorer.sector["xfail"].value == 0.0
    assert scorer.sector["shadowed"].value == 0.0
    report = scorer.report(errors=10)
    assert "xfail rows:" in report and "case-04" in report


def test_cli_runs_the_pipeline_and_ends_with_the_summary(capsys) -> None:
    assert main(["eval", "actors", str(FILE.parent)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^actors: country (\d\.\d{3}|n/a), sector (\d\.\d{3}|n/a) \(n=4\)$", last)


def test_skips_cleanly_without_the_data(tmp_path: Path, capsys) -> None:
    assert main(["eval", "actors", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("actors: skipped (")
