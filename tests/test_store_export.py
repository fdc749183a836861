"""Exports read back with pandas in the right dtypes; the query API filters and pages."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dateline.cli import main
from dateline.store import open_store
from dateline.store.export import ACLED_COLUMNS, PLOVER_COLUMNS
from dateline.store.query import get_article, list_events, list_quotes
from dateline.store.resolve import resolve
from dateline.store.synthetic import contract_doc, entity, event, place
from dateline.store.write import write_document

QUOTE = "We will rebuild the bridge"


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "x.db")
    text = f'"{QUOTE}," said Amina Bello. Gunmen attacked a market in Zaria.'
    with open_store(path) as store, store.transaction():
        for i, (day, town, lat, lon, killed) in enumerate(
            [
                ("2025-03-14", "Zaria", 11.11, 7.72, 3),
                ("2025-04-02", "Goma", -1.68, 29.22, None),
                ("2025-05-20", "Mopti", 14.49, -4.2, 7),
            ]
        ):
            country = {"Zaria": "NG", "Goma": "CD", "Mopti": "ML"}[town]
            write_document(
                store,
                contract_doc(
                    f"{text} Report {i}.",
                    published=day,
                    title=f"Story {i}",
                    outlet="w.example",
                    entities=[
                        entity("e1", "Amina Bello"),
                        entity("e2", "Red Valley Movement", "ORG", sector="REB"),
                    ],
                    places=[place("p1", town, country, lat, lon)],
                    events=[
                        event(
                            "v1",
                            "ASSAULT" if i != 1 else "PROTEST",
                            day,
                            actors=["e2"],
                            targets=["e1"],
                            where="p1",
                            fatalities=killed,
                        )
                    ],
                    quotes=[
                        {
                            "id": "q1",
                            "text": QUOTE,
                            "start": 1,
                            "end": 1 + len(QUOTE),
                            "kind": "direct",
                            "speaker": "e1",
                            "speaker_name": "Amina Bello",
                            "cue": "said",
                            "channel": None,
                            "date": None,
                        }
                    ],
                ),
            )
    with open_store(path) as store:
        resolve(store)
    return path


@pytest.mark.parametrize("schema", ["dateline", "acled", "plover"])
def test_csv_and_parquet_load_with_the_right_dtypes(db, tmp_path, schema):
    csv_path, pq_path = tmp_path / "e.csv", tmp_path / "e.parquet"
    assert (
        main(["export", "--db", db, "--schema", schema, "--format", "csv", "-o", str(csv_path)])
        == 0
    )
    assert (
        main(["export", "--db", db, "--schema", schema, "--format", "parquet", "-o", str(pq_path)])
        == 0
    )
    frame_csv, frame_pq = pd.read_csv(csv_path), pd.read_parquet(pq_path)
    assert list(frame_csv.columns) == list(frame_pq.columns)
    assert len(frame_csv) == len(frame_pq) == 3
    dead = {"dateline": "fatalities_best", "acled": "fatalities", "plover": "dead"}[schema]
    for frame in (frame_csv, frame_pq):
        assert pd.api.types.is_float_dtype(frame["latitude"])
        assert pd.api.types.is_numeric_dtype(frame[dead])
        assert sorted(frame[dead].dropna().tolist()) == [3, 7]
    assert pd.api.types.is_datetime64_any_dtype(frame_pq["event_date"])
    assert pd.to_datetime(frame_csv["event_date"]).dt.year.tolist() == [2025] * 3
    if schema == "acled":
        assert [c for c, _ in ACLED_COLUMNS][:3] == ["event_id_cnty", "event_id", "event_date"]
        assert frame_csv["country"].tolist() == ["Nigeria", "DR Congo", "Mali"]
        assert frame_csv["iso3"].tolist() == ["NGA", "COD", "MLI"]
        assert frame_csv["actor1"].tolist() == ["Red Valley Movement"] * 3
    if schema == "plover":
        assert list(frame_csv.columns) == [c for c, _ in PLOVER_COLUMNS]
        assert frame_csv["actor_sector"].tolist() == ["REB"] * 3


def test_jsonl_export_and_events_filters(db, tmp_path, capsys):
    out = tmp_path / "e.jsonl"
    assert (
        main(
            [
                "events",
                "--db",
                db,
                "--country",
                "Nigeria",
                "--type",
                "assault",
                "--format",
                "jsonl",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["location"] for r in rows] == ["Zaria"]
    assert rows[0]["iso3"] == "NGA" and rows[0]["actors"] == ["Red Valley Movement"]
    capsys.readouterr()
    assert main(["events", "--db", db, "--since", "2025-04-01", "--until", "2025-04-30"]) == 0
    table = capsys.readouterr().out
    assert "Goma" in table and "Zaria" not in table
    assert main(["events", "--db", db, "--country", "Atlantis"]) == 2
    missing = tmp_path / "missing.db"
    assert main(["export", "--db", str(missing)]) == 2
    assert not missing.exists()  # reading never creates an empty store by accident


def test_query_api_pages_with_a_cursor(db):
    with open_store(db) as store:
        first, cursor = list_events(store, {}, limit=2)
        rest, end = list_events(store, {}, limit=2, cursor=cursor)
        assert len(first) == 2 and len(rest) == 1 and end is None
        assert {r["id"] for r in first}.isdisjoint({r["id"] for r in rest})
        assert len(list_events(store, {"place": "mopt"})[0]) == 1
        with pytest.raises(ValueError, match="unknown filter"):
            list_events(store, {"colour": "red"})
        quotes, _ = list_quotes(store, {"speaker": "bello"})
        assert len(quotes) == 3 and quotes[0]["text"] == QUOTE
        article = get_article(store, quotes[0]["article_id"])
        doc = article["doc"]
        assert doc["document"]["text"][quotes[0]["start_char"] : quotes[0]["end_char"]] == QUOTE
        mentions, _ = list_events(store, {"article_id": article["id"]}, canonical=False)
        assert len(mentions) == 1 and mentions[0]["article_id"] == article["id"]


# -- CSV formula injection (OWASP): every CSV writer, read back --------------------------------
def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    """No cell a spreadsheet would evaluate: text never starts with a formula character
    (numbers such as a negative longitude stay numbers)."""
    from tests.fixtures.formula_corpus import FORMULA_STARTS

    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert _is_number(cell), f"formula-like cell written as is: {cell!r}"


@pytest.mark.parametrize(
    "command",
    [
        ["quotes"],
        ["events"],
        ["events", "--mentions"],
        ["export", "--schema", "dateline"],
        ["export", "--schema", "acled"],
        ["export", "--schema", "plover"],
    ],
)
def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path, command):
    import csv

    from tests.fixtures import formula_corpus as f

    db = f.build_formula_db(str(tmp_path / "formula.db"))
    out = tmp_path / "out.csv"
    assert main([*command, "--db", db, "--format", "csv", "-o", str(out)]) == 0
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) >= 2
    assert_no_formula_cells(rows)
    cells = {cell for row in rows[1:] for cell in row}
    if command[0] == "quotes":
        expected = [f.HYPERLINK, f.SPEAKER, f.TITLE]
    elif command == ["events", "--mentions"]:
        expected = [f.PLACE]
    else:
        expected = [f.PLACE, f.ACTOR, f.TARGET]
    if command[0] == "export" and command[-1] != "plover":  # notes: the evidence sentence
        expected.append(f.DDE + " said the fighters")
    for payload in expected:
        neutral = "'" + payload
        assert any(c == neutral or c.startswith(neutral) for c in cells), (payload, cells)
    if command[0] != "quotes":  # coordinates are still numbers: -1.68 is not a formula
        assert "-1.68" in cells or "-1.68" in {c.split(";")[0] for c in cells}


def test_neutralised_csv_reads_back_in_pandas_with_numbers_intact(tmp_path):
    from tests.fixtures import formula_corpus as f

    db = f.build_formula_db(str(tmp_path / "formula.db"))
    out = tmp_path / "e.csv"
    assert main(["export", "--db", db, "--format", "csv", "-o", str(out)]) == 0
    frame = pd.read_csv(out, keep_default_na=False)
    assert frame["location"].tolist() == ["'" + f.PLACE]
    assert frame["actor1"].tolist() == ["'" + f.ACTOR]
    assert pd.api.types.is_float_dtype(frame["latitude"])
    assert frame["latitude"].tolist() == [-1.68]
    assert frame["fatalities_best"].tolist() == [4]
