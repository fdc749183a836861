"""``dateline ingest`` runs articles as ``dateline extract`` does: the same time budget flag
(the D141 message names it), each failure told on its own line as it fails, the failed layer
kept as the failure's stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.cli import main
from dateline.store import ingest as ingest_module
from dateline.store.schema import open_store

TEXT = "Police in the hill town of Barrow detained four students on Friday, the mayor said."


@pytest.mark.parametrize(("flag", "expected"), [(["--time-budget", "0"], None), ([], 5.0)])
def test_time_budget_reaches_the_runner(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, flag: list[str], expected: float | None
) -> None:
    seen = []

    def capture(articles, **options):
        seen.append(options["settings"].seconds_per_10k)
        for _ in articles:
            yield None, ingest_module.StagedReason("[D141] stopped after 1.0 s")

    monkeypatch.setattr(ingest_module, "extract_stream", capture)
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "store.db")
    assert main(["ingest", str(tmp_path / "story.txt"), "--db", db, "--no-progress", *flag]) == 1
    assert seen == [expected]


def test_each_failure_is_told_once_on_its_own_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(articles, **options):
        for _ in articles:
            reason = ingest_module.StagedReason("[D140] layer 'dateline_events' failed: X")
            reason.stage = "dateline_events"
            yield None, reason

    monkeypatch.setattr(ingest_module, "extract_stream", failing)
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "store.db")
    assert main(["ingest", str(tmp_path), "--db", db, "--no-progress"]) == 1
    lines = capsys.readouterr().err.splitlines()
    told = [line for line in lines if Path(tmp_path).as_posix() in line]
    assert told == [
        f"dateline: error: {tmp_path / 'empty.txt'}: [D100] empty input",
        f"dateline: error: {tmp_path / 'story.txt'}: [D140] layer 'dateline_events' failed: X",
    ]
    with open_store(db) as store:
        stages = {Path(r["source"]).name: r["stage"] for r in store.query("SELECT * FROM failed")}
    assert stages == {"empty.txt": "read", "story.txt": "dateline_events"}
