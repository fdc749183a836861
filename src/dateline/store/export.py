"""Exports: canonical events as dateline, ACLED-style or PLOVER-style tables, quotes, in
table / CSV / JSONL / Parquet.

Column names are snake_case and typed once here (``int``, ``float``, ``str``, ``date``), so a
pandas or R user loads a file without cleaning: dates are ISO strings in CSV/JSONL and
timestamps in Parquet, counts are integers, coordinates floats, and lists are joined with
``"; "`` in CSV/Parquet (JSON lists in JSONL).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

from dateline import countries
from dateline.store.db import Store
from dateline.store.query import list_events, list_quotes

Column = tuple[str, str]  # (name, kind: int | float | str | date | list)

DATELINE_COLUMNS: list[Column] = [
    ("event_id", "int"),
    ("event_key", "str"),
    ("event_date", "date"),
    ("date_earliest", "date"),
    ("date_latest", "date"),
    ("time_precision", "int"),
    ("type", "str"),
    ("mode", "str"),
    ("status", "str"),
    ("actor1", "str"),
    ("actor1_country", "str"),
    ("actor1_sector", "str"),
    ("actor2", "str"),
    ("actor2_country", "str"),
    ("actor2_sector", "str"),
    ("actors", "list"),
    ("targets", "list"),
    ("country", "str"),
    ("iso3", "str"),
    ("admin1", "str"),
    ("location", "str"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("geo_precision", "int"),
    ("fatalities_low", "int"),
    ("fatalities_best", "int"),
    ("fatalities_high", "int"),
    ("acled_event_type", "str"),
    ("acled_sub_event_type", "str"),
    ("cameo_root", "str"),
    ("n_sources", "int"),
    ("n_mentions", "int"),
    ("sources", "list"),
    ("story_id", "int"),
    ("notes", "str"),
]
ACLED_COLUMNS: list[Column] = [
    ("event_id_cnty", "str"),
    ("event_id", "int"),
    ("event_date", "date"),
    ("year", "int"),
    ("time_precision", "int"),
    ("event_type", "str"),
    ("sub_event_type", "str"),
    ("actor1", "str"),
    ("actor2", "str"),
    ("country", "str"),
    ("iso3", "str"),
    ("admin1", "str"),
    ("location", "str"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("geo_precision", "int"),
    ("fatalities", "int"),
    ("fatalities_low", "int"),
    ("fatalities_high", "int"),
    ("notes", "str"),
    ("source", "str"),
    ("n_sources", "int"),
    ("plover_type", "str"),
]
PLOVER_COLUMNS: list[Column] = [
    ("event_id", "int"),
    ("event_key", "str"),
    ("event_date", "date"),
    ("event_type", "str"),
    ("mode", "str"),
    ("context", "str"),
    ("status", "str"),
    ("actor", "str"),
    ("actor_country", "str"),
    ("actor_sector", "str"),
    ("recipient", "str"),
    ("recipient_country", "str"),
    ("recipient_sector", "str"),
    ("location", "str"),
    ("admin1", "str"),
    ("country", "str"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("geo_precision", "int"),
    ("time_precision", "int"),
    ("dead", "int"),
    ("dead_low", "int"),
    ("dead_high", "int"),
    ("n_sources", "int"),
    ("source", "str"),
    ("text", "str"),
]
MENTION_COLUMNS: list[Column] = [
    ("event_id", "int"),
    ("article_id", "int"),
    ("event_date", "date"),
    ("type", "str"),
    ("mode", "str"),
    ("status", "str"),
    ("country", "str"),
    ("admin1", "str"),
    ("location", "str"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("fatalities", "int"),
    ("fatalities_qualifier", "str"),
    ("trigger_text", "str"),
    ("trigger_start", "int"),
    ("trigger_end", "int"),
    ("sentence_start", "int"),
    ("sentence_end", "int"),
    ("acled_event_type", "str"),
    ("acled_sub_event_type", "str"),
    ("geo_precision", "int"),
    ("time_precision", "int"),
]
QUOTE_COLUMNS: list[Column] = [
    ("quote_id", "int"),
    ("article_id", "int"),
    ("date", "date"),
    ("speaker", "str"),
    ("speaker_actor_id", "int"),
    ("text", "str"),
    ("kind", "str"),
    ("cue", "str"),
    ("channel", "str"),
    ("start_char", "int"),
    ("end_char", "int"),
    ("title", "str"),
    ("outlet", "str"),
    ("url", "str"),
]
# The few columns that fit a terminal, for ``--format table``.
TABLE_COLUMNS = {
    "events": [
        "event_id",
        "event_date",
        "type",
        "status",
        "iso3",
        "location",
        "actor1",
        "actor2",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "n_sources",
    ],
    "mentions": [
        "event_id",
        "article_id",
        "event_date",
        "type",
        "status",
        "country",
        "location",
        "fatalities",
        "trigger_text",
    ],
    "quotes": ["quote_id", "date", "speaker", "text", "outlet"],
}
FORMATS = ("table", "csv", "jsonl", "parquet")


def table_columns(columns: list[Column], view: str) -> list[Column]:
    """The terminal subset of ``columns`` for a view (events, mentions, quotes)."""
    wanted = TABLE_COLUMNS[view]
    kinds = dict(columns)
    return [(name, kinds[name]) for name in wanted if name in kinds]


SCHEMAS = ("dateline", "acled", "plover")


def _country_name(code: str | None) -> str | None:
    found = countries.by_code(code) if code else None
    return found.name if found else code


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value in (None, "") else [str(value)]


def dateline_row(e: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: e.get(name) for name, _ in DATELINE_COLUMNS},
        "event_id": e["id"],
        "event_key": e.get("key"),
        "country": _country_name(e.get("country")),
        "iso3": e.get("country"),
    }


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    """ACLED's column names; ``fatalities`` is the best estimate (low/high alongside)."""
    when = e.get("event_date")
    return {
        "event_id_cnty": f"{e.get('country') or 'XXX'}{e['id']}",
        "event_id": e["id"],
        "event_date": when,
        "year": int(when[:4]) if when else None,
        "time_precision": e.get("time_precision"),
        "event_type": e.get("acled_event_type"),
        "sub_event_type": e.get("acled_sub_event_type"),
        "actor1": e.get("actor1"),
        "actor2": e.get("actor2"),
        "country": _country_name(e.get("country")),
        "iso3": e.get("country"),
        "admin1": e.get("admin1"),
        "location": e.get("location"),
        "latitude": e.get("latitude"),
        "longitude": e.get("longitude"),
        "geo_precision": e.get("geo_precision"),
        "fatalities": e.get("fatalities_best"),
        "fatalities_low": e.get("fatalities_low"),
        "fatalities_high": e.get("fatalities_high"),
        "notes": e.get("notes"),
        "source": "; ".join(_list(e.get("sources"))),
        "n_sources": e.get("n_sources"),
        "plover_type": e.get("type"),
    }


def plover_row(e: dict[str, Any]) -> dict[str, Any]:
    """PLOVER's actor/recipient naming; ``context`` is left empty (not extracted yet)."""
    return {
        "event_id": e["id"],
        "event_key": e.get("key"),
        "event_date": e.get("event_date"),
        "event_type": e.get("type"),
        "mode": e.get("mode"),
        "context": None,
        "status": e.get("status"),
        "actor": e.get("actor1"),
        "actor_country": e.get("actor1_country"),
        "actor_sector": e.get("actor1_sector"),
        "recipient": e.get("actor2"),
        "recipient_country": e.get("actor2_country"),
        "recipient_sector": e.get("actor2_sector"),
        "location": e.get("location"),
        "admin1": e.get("admin1"),
        "country": e.get("country"),
        "latitude": e.get("latitude"),
        "longitude": e.get("longitude"),
        "geo_precision": e.get("geo_precision"),
        "time_precision": e.get("time_precision"),
        "dead": e.get("fatalities_best"),
        "dead_low": e.get("fatalities_low"),
        "dead_high": e.get("fatalities_high"),
        "n_sources": e.get("n_sources"),
        "source": "; ".join(_list(e.get("sources"))),
        "text": e.get("notes"),
    }


def mention_row(e: dict[str, Any]) -> dict[str, Any]:
    return {**{name: e.get(name) for name, _ in MENTION_COLUMNS}, "event_id": e["id"]}


def quote_row(q: dict[str, Any]) -> dict[str, Any]:
    return {**{name: q.get(name) for name, _ in QUOTE_COLUMNS}, "quote_id": q["id"]}


SCHEMA_ROWS: dict[str, tuple[list[Column], Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "dateline": (DATELINE_COLUMNS, dateline_row),
    "acled": (ACLED_COLUMNS, acled_row),
    "plover": (PLOVER_COLUMNS, plover_row),
}


def iter_all(
    fetch: Callable[..., tuple[list[dict[str, Any]], str | None]],
    store: Store,
    filters: dict[str, Any],
    **kwargs: Any,
) -> Iterator[dict[str, Any]]:
    """Every row of a paged ``list_*`` function."""
    cursor: str | None = None
    while True:
        rows, cursor = fetch(store, filters, limit=5000, cursor=cursor, **kwargs)
        yield from rows
        if not cursor:
            return


def event_rows(
    store: Store,
    schema: str = "dateline",
    filters: dict[str, Any] | None = None,
    mentions: bool = False,
) -> tuple[list[Column], Iterator[dict[str, Any]]]:
    """(columns, rows) for canonical events in ``schema``, or per-article mentions."""
    if mentions:
        rows = iter_all(list_events, store, filters or {}, canonical=False)
        return MENTION_COLUMNS, (mention_row(r) for r in rows)
    columns, convert = SCHEMA_ROWS[schema]
    rows = iter_all(list_events, store, filters or {})
    return columns, (convert(r) for r in rows)


def quote_rows(
    store: Store, filters: dict[str, Any] | None = None
) -> tuple[list[Column], Iterator[dict[str, Any]]]:
    return QUOTE_COLUMNS, (quote_row(r) for r in iter_all(list_quotes, store, filters or {}))


# --------------------------------------------------------------------------- typing values
def typed(value: Any, kind: str) -> Any:
    """One value in its column's kind (None stays None)."""
    if value is None or value == "":
        return [] if kind == "list" else None
    if kind == "int":
        return int(round(float(value)))
    if kind == "float":
        return float(value)
    if kind == "list":
        return _list(value)
    if kind == "date":
        return str(value)[:10]
    return str(value)


def _flat(value: Any, kind: str) -> Any:
    return "; ".join(value) if kind == "list" else value


# OWASP's rule for CSV injection: a cell that starts with one of these is run as a formula by
# Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and
# article text reaches these cells (titles, quotes, names), so such a cell gets a leading
# apostrophe, which every spreadsheet shows as text. Numbers are written as numbers (a
# negative longitude is not a formula). JSONL and Parquet keep values exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet will evaluate: text starting with a formula
    character gets ``'`` in front; anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --------------------------------------------------------------------------- writers
def write_csv(columns: list[Column], rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """RFC 4180 CSV: CRLF line ends, so that a cell holding a bare carriage return is quoted
    (with ``\n`` ends Python's writer left it bare, and a reader then started a new row there,
    one whose first cell the article chose), and formula cells neutralised."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    n = 0
    for row in rows:
        values = [_flat(typed(row.get(name), kind), kind) for name, kind in columns]
        writer.writerow(["" if v is None else formula_safe(v) for v in values])
        n += 1
    return n


def write_jsonl(columns: list[Column], rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        record = {name: typed(row.get(name), kind) for name, kind in columns}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(
    columns: list[Column], rows: Iterable[dict[str, Any]], out: IO[str], max_width: int = 28
) -> int:
    """A readable fixed-width table for the terminal (long cells are cut)."""
    records = [[_cell(_flat(typed(r.get(n), k), k), max_width) for n, k in columns] for r in rows]
    names = [n for n, _ in columns]
    widths = [max([len(n)] + [len(r[i]) for r in records]) for i, n in enumerate(names)]
    out.write("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip() + "\n")
    for r in records:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")
    return len(records)


def write_parquet(columns: list[Column], rows: Iterable[dict[str, Any]], path: str) -> int:
    """Parquet with an explicit schema: int64, float64, string, timestamp[ms] for dates."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - optional extra
        raise RuntimeError("Parquet needs pyarrow: pip install 'dateline[export]'") from exc
    kinds = {
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "list": pa.string(),
        "date": pa.timestamp("ms"),
    }
    data: dict[str, list[Any]] = {name: [] for name, _ in columns}
    n = 0
    for row in rows:
        for name, kind in columns:
            value = _flat(typed(row.get(name), kind), kind)
            if kind == "date" and value is not None:
                try:
                    value = datetime.combine(date.fromisoformat(value), datetime.min.time())
                except ValueError:
                    value = None
            data[name].append(value)
        n += 1
    schema = pa.schema([(name, kinds[kind]) for name, kind in columns])
    pq.write_table(pa.table(data, schema=schema), path)
    return n


def write(
    columns: list[Column], rows: Iterable[dict[str, Any]], fmt: str, output: str | None
) -> int:
    """Write rows in ``fmt`` to ``output`` (a path, or stdout when None/'-')."""
    if fmt == "parquet":
        if not output or output == "-":
            raise ValueError("parquet output needs a file: -o FILE.parquet")
        return write_parquet(columns, rows, output)
    writers = {"csv": write_csv, "jsonl": write_jsonl, "table": write_table}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if not output or output == "-":
        return writers[fmt](columns, rows, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        return writers[fmt](columns, rows, handle)
