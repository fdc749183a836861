"""The summary line format that scripts read from every ``dateline eval`` task."""

from __future__ import annotations

import re

from dateline.evaluate.summary import ratio, skipped_line, summary_line

LINE = re.compile(r"^[a-z0-9-]+: (?:[a-z0-9_-]+ (?:\d\.\d{3}|n/a)(?:, |(?= \())){1,} \(n=\d+\)$")


def test_summary_line_reads_back() -> None:
    line = summary_line("events-plover", [("type", 0.7891), ("actor", None)], 322)
    assert line == "events-plover: type 0.789, actor n/a (n=322)"
    assert LINE.match(line)


def test_skipped_line_and_ratio() -> None:
    assert skipped_line("geo", "GWN.xml not found") == "geo: skipped (GWN.xml not found)"
    assert ratio(1, 4) == 0.25 and ratio(3, 0) is None
