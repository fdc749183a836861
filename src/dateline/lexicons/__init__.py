"""Vocabulary files and the one loader that reads them.

Code holds the linguistics; these files hold the words. Every file follows one convention:

* ``*.csv``: lines starting with ``#`` are comments (documentation of the columns and the
  sources); blank lines are skipped; the first other line is the header; cells are stripped.
* ``*.txt``: one entry per line, ``#`` comments and blank lines skipped.

:func:`table` reads a CSV into typed rows: the caller names a frozen dataclass, whose fields
must be the header's columns (in any order; a field with a default may be missing from the
file). A field's annotation types its column: ``str``; ``str | None`` (empty → None); ``int``,
``float``, ``bool`` (``1/0/yes/no/true/false``), each optionally ``| None``; and
``frozenset[str]`` or ``tuple[str, ...]`` (a cell split on ``|`` when it holds one, else on
spaces). A malformed file is
a :class:`~dateline.errors.LexiconError` naming the file, line and column. Results are cached:
each file is parsed once per process, however many components read it.
"""

from __future__ import annotations

import csv
import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from dateline.errors import Errors, LexiconError

T = TypeVar("T")
TRUE = {"1", "yes", "true", "y"}
FALSE = {"0", "no", "false", "n", ""}


@cache
def _lines(name: str) -> tuple[tuple[int, str], ...]:
    """(line number, line) of a lexicon file without comments and blank lines."""
    path = resources.files(__name__).joinpath(name)
    if not path.is_file():
        raise LexiconError(Errors.D010.format(name=name))
    text = path.read_text(encoding="utf-8")
    return tuple(
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    )


def words(name: str, fold: Callable[[str], str] = str.casefold) -> frozenset[str]:
    """The entries of a ``.txt`` word list (folded with ``fold``, casefold by default)."""
    return _words(name, fold)


@cache
def _words(name: str, fold: Callable[[str], str]) -> frozenset[str]:
    return frozenset(fold(line.strip()) for _, line in _lines(name))


def lines(name: str) -> tuple[str, ...]:
    """The entries of a ``.txt`` file as written, in file order (patterns, ordered lists)."""
    return tuple(line.strip() for _, line in _lines(name))


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """A CSV's rows as dicts of stripped strings, in file order."""
    numbered = _lines(name)
    if not numbered:
        return ()
    reader = csv.reader([line for _, line in numbered])
    header = [cell.strip() for cell in next(reader)]
    out = []
    for (number, _), cells in zip(numbered[1:], reader, strict=True):
        if len(cells) != len(header):
            raise LexiconError(
                Errors.D013.format(name=name, line=number, count=len(cells), expected=len(header))
            )
        out.append({key: cell.strip() for key, cell in zip(header, cells, strict=True)})
    return tuple(out)


def header(name: str) -> tuple[str, ...]:
    """The column names of a CSV lexicon."""
    numbered = _lines(name)
    if not numbered:
        return ()
    return tuple(cell.strip() for cell in next(csv.reader([numbered[0][1]])))


def table(name: str, row_type: type[T]) -> tuple[T, ...]:
    """A CSV's rows as instances of the dataclass ``row_type``, typed by its annotations."""
    return _table(name, row_type)  # type: ignore[arg-type]


@cache
def _table(name: str, row_type: type) -> tuple[Any, ...]:
    fields = {f.name: f for f in dataclasses.fields(row_type)}
    hints = typing.get_type_hints(row_type)
    columns = header(name)
    required = {
        n
        for n, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    if not set(columns) <= set(fields) or not required <= set(columns):
        raise LexiconError(
            Errors.D011.format(name=name, found=list(columns), expected=list(fields))
        )
    numbers = [number for number, _ in _lines(name)[1:]]
    out = []
    for number, row in zip(numbers, rows(name), strict=True):
        values = {}
        for column, cell in row.items():
            try:
                values[column] = _convert(cell, hints[column])
            except ValueError as exc:
                raise LexiconError(
                    Errors.D012.format(name=name, line=number, column=column, reason=exc)
                ) from None
        out.append(row_type(**values))
    return tuple(out)


def _convert(cell: str, hint: Any) -> Any:
    """A cell converted to the type a dataclass field declares."""
    optional = False
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(parts) < len(typing.get_args(hint))
        hint = parts[0]
        origin = typing.get_origin(hint)
    if optional and cell == "":
        return None
    if origin in (frozenset, tuple):
        pieces = cell.split("|") if "|" in cell else cell.split()
        items = [item.strip() for item in pieces if item.strip()]
        return frozenset(items) if origin is frozenset else tuple(items)
    if hint is bool:
        lowered = cell.lower()
        if lowered not in TRUE | FALSE:
            raise ValueError(f"not a yes/no value: {cell!r}")
        return lowered in TRUE
    if hint in (int, float):
        try:
            return hint(cell)
        except ValueError:
            raise ValueError(f"not a number: {cell!r}") from None
    return cell
