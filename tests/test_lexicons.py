"""The one lexicon loader: comments, headers, typed columns, and errors that name the line."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pytest

from dateline import lexicons
from dateline.errors import LexiconError

LEXICON_DIR = resources.files("dateline.lexicons")


@dataclass(frozen=True)
class _Row:
    word: str
    value: float
    note: str | None = None
    tags: frozenset[str] = frozenset()
    flag: bool = False


@pytest.fixture
def lexicon_file():
    """Write a throwaway lexicon into the package folder (the loader reads only there)."""
    made: list[str] = []

    def write(name: str, text: str) -> str:
        path = LEXICON_DIR.joinpath(name)
        path.write_text(text, encoding="utf-8")  # type: ignore[union-attr]
        made.append(name)
        return name

    yield write
    for name in made:
        LEXICON_DIR.joinpath(name).unlink()  # type: ignore[union-attr]


def test_typed_rows_skip_comments_and_blank_lines(lexicon_file) -> None:
    name = lexicon_file(
        "_test_typed.csv",
        "# a comment, with a comma\nword,value,note,tags,flag\n\nfew, 3 ,,a|b c,yes\n"
        "  # indented comment\nmany,100.5,vague,x,0\n",
    )
    rows = lexicons.table(name, _Row)
    assert rows == (
        _Row("few", 3.0, None, frozenset({"a", "b c"}), True),
        _Row("many", 100.5, "vague", frozenset({"x"}), False),
    )


def test_missing_optional_columns_take_their_defaults(lexicon_file) -> None:
    name = lexicon_file("_test_short.csv", "word,value\ndozen,12\n")
    assert lexicons.table(name, _Row) == (_Row("dozen", 12.0),)


def test_a_bad_cell_names_file_line_and_column(lexicon_file) -> None:
    name = lexicon_file("_test_bad.csv", "# header next\nword,value\nfew,lots\n")
    with pytest.raises(LexiconError, match=r"\[D012\].*_test_bad.csv, line 3.*'value'"):
        lexicons.table(name, _Row)


def test_a_header_that_does_not_fit_the_row_type_is_refused(lexicon_file) -> None:
    name = lexicon_file("_test_header.csv", "word,amount\nfew,3\n")
    with pytest.raises(LexiconError, match=r"\[D011\]"):
        lexicons.table(name, _Row)


def test_a_row_with_too_many_cells_is_refused(lexicon_file) -> None:
    name = lexicon_file("_test_cells.csv", "word,value\nfew,3,extra\n")
    with pytest.raises(LexiconError, match=r"\[D013\].*line 2"):
        lexicons.rows(name)


def test_word_lists_fold_and_skip_comments(lexicon_file) -> None:
    name = lexicon_file("_test_words.txt", "# titles\nMr.\n\n  Dr. \n")
    assert lexicons.words(name) == frozenset({"mr.", "dr."})
    assert lexicons.lines(name) == ("Mr.", "Dr.")


def test_a_missing_lexicon_is_a_catalogue_error() -> None:
    with pytest.raises(LexiconError, match=r"\[D010\]"):
        lexicons.rows("no_such_lexicon.csv")


def test_every_shipped_csv_lexicon_reads_with_a_consistent_header() -> None:
    names = [p.name for p in LEXICON_DIR.iterdir() if p.name.endswith(".csv")]  # type: ignore[union-attr]
    assert names
    for name in names:
        columns = lexicons.header(name)
        assert columns and all(columns), name
        for row in lexicons.rows(name):
            assert set(row) == set(columns), name


def test_the_role_table_gives_each_word_one_row() -> None:
    """Two rows for one word would let the later silently win (rows merged from branches)."""
    words = [row["word"] for row in lexicons.rows("roles.csv")]
    assert len(words) > 100
    assert sorted(w for w in set(words) if words.count(w) > 1) == []
