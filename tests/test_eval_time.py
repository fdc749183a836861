"""``dateline eval time``: its summary line, from known counts and from a team-written file."""

from __future__ import annotations

import re
from pathlib import Path

from dateline.cli import main
from dateline.evaluate.time import Counts, summary

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>team-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-06-09">June 9, 2021</TIMEX3></DCT>
<TEXT>
The council of Varrow met on <TIMEX3 tid="t1" type="DATE" value="2021-06-08">Tuesday</TIMEX3>
and will vote <TIMEX3 tid="t2" type="DATE" value="2021-06">later this month</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_summary_from_known_counts() -> None:
    counts = Counts(gold=4, system=5, relaxed=3, strict=2, type_ok=3, value_ok=2)
    # value F1 = 2*2 / (4 + 5); relaxed F1 = 2*3 / (4 + 5)
    assert summary(counts) == "time: value 0.444, relaxed 0.667 (n=4)"
    assert summary(Counts()) == "time: value n/a, relaxed n/a (n=0)"


def test_cli_ends_with_the_summary_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "team.tml").write_text(TML, encoding="utf-8")
    assert main(["eval", "time", str(tmp_path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^time: value \d\.\d{3}, relaxed \d\.\d{3} \(n=2\)$", last), last


def test_skips_with_the_summary_line(tmp_path: Path, capsys) -> None:
    assert main(["eval", "time", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.startswith("time: skipped (")
