"""Streaming CSV and JSONL for the export endpoints.

Rows are written as they come from the store, so an export of a large corpus never sits in
memory; a CSV's columns are the first row's keys, and list values are joined with "; " so a
spreadsheet shows one event per line. Text cells a spreadsheet would run as a formula are
neutralised as in every CSV dateline writes (``store.export.formula_safe``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from dateline.store.export import formula_safe

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
_BATCH = 500


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return formula_safe(value)


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """CSV text in chunks of a few hundred rows, header from the first row."""
    buffer = io.StringIO()
    writer: csv.DictWriter | None = None
    for n, row in enumerate(rows, 1):
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        if n % _BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """One JSON object per line."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(row, ensure_ascii=False))
        if len(lines) >= _BATCH:
            yield ("\n".join(lines) + "\n").encode()
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode()


def export_rows(rows: Iterable[dict[str, Any]], fmt: str) -> Iterator[bytes]:
    return csv_chunks(rows) if fmt == "csv" else jsonl_chunks(rows)
