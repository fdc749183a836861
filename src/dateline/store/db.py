"""One small interface over SQLite (the default) and PostgreSQL (``postgresql://`` URLs).

Everything else in the store writes portable SQL with ``?`` placeholders and calls
:meth:`Store.execute` / :meth:`Store.query`; the :class:`Dialect` rewrites the few things that
differ (placeholders, auto-increment keys, float type). Keeping the surface this small is what
lets PostgreSQL ride along for free while SQLite stays the product's heart, as in Datasette.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DB = "dateline.db"


@dataclass(frozen=True)
class Dialect:
    """The SQL differences between the supported databases."""

    name: str
    pk: str  # auto-increment integer primary key column type
    float: str
    bigint: str  # 64-bit integers (content-derived canonical ids)
    placeholder: str
    begin: str  # opens a write transaction (SQLite takes the write lock up front)

    def sql(self, statement: str) -> str:
        """Rewrite portable SQL (``?`` marks, ``{pk}``/``{float}`` types) for this backend."""
        statement = (
            statement.replace("{pk}", self.pk)
            .replace("{float}", self.float)
            .replace("{bigint}", self.bigint)
        )
        if self.placeholder != "?":
            statement = statement.replace("%", "%%").replace("?", self.placeholder)
        return statement


SQLITE = Dialect("sqlite", "INTEGER PRIMARY KEY", "REAL", "INTEGER", "?", "BEGIN IMMEDIATE")
POSTGRES = Dialect(
    "postgresql", "BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION", "BIGINT", "%s", "BEGIN"
)


class Store:
    """A database connection plus its dialect, with explicit, short transactions.

    The connection runs in autocommit mode; :meth:`transaction` opens one ``BEGIN ... COMMIT``
    so that each article is written atomically and a killed process loses nothing committed.
    """

    def __init__(self, conn: Any, dialect: Dialect, url: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self.url = url
        self._depth = 0

    # -- statements -------------------------------------------------------------------------
    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return the cursor."""
        cur = self.conn.cursor()
        cur.execute(self.dialect.sql(statement), tuple(params))
        return cur

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cur = self.conn.cursor()
            cur.executemany(self.dialect.sql(statement), [tuple(r) for r in rows])

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as plain dicts keyed by column name."""
        cur = self.execute(statement, params)
        if cur.description is None:
            return []
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(statement, params).fetchone()
        return None if row is None else row[0]

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row and return its new integer id."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", list(row.values())
        )
        return int(cur.fetchone()[0])

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows sharing the first row's columns (no ids returned)."""
        if not rows:
            return
        columns = list(rows[0])
        marks = ", ".join("?" for _ in columns)
        self.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            [[r.get(c) for c in columns] for r in rows],
        )

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing block; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.execute(self.dialect.begin)
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self.execute("COMMIT")

    def _rollback(self) -> None:
        """Roll back, unless the database already did: SQLite ends the transaction itself
        on some errors (a full disk), and a second ROLLBACK would hide the real error."""
        try:
            self.execute("ROLLBACK")
        except Exception:
            if getattr(self.conn, "in_transaction", False):
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_disk_full(exc: BaseException) -> bool:
    """True for the database's "no space left" error (SQLite's SQLITE_FULL, PostgreSQL's
    53100 disk_full), which no retry of the same write can fix."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "database or disk is full" in str(exc)
    return getattr(exc, "sqlstate", None) == "53100"


def store_error(store: Store, exc: BaseException) -> Exception:
    """The one-line catalogue error for a write that failed for want of space (else the
    exception itself: a bug, not the environment)."""
    from dateline.errors import Errors, StoreError

    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if is_disk_full(exc):
        return StoreError(Errors.D301.format(db=store.url, detail=detail))
    return (
        exc
        if isinstance(exc, Exception)
        else StoreError(Errors.D302.format(db=store.url, detail=detail))
    )


def _connect_sqlite(path: str) -> Store:
    if path != ":memory:":
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
    # WAL: readers never block the ingest writer, and a commit survives kill -9 of the writer.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return Store(conn, SQLITE, path)


def _connect_postgres(url: str) -> Store:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError(
            "PostgreSQL support needs psycopg: pip install 'dateline[postgres]'"
        ) from exc
    conn = psycopg.connect(url, autocommit=True)
    return Store(conn, POSTGRES, url)


def connect(db: str = DEFAULT_DB) -> Store:
    """Open a store without touching its schema (see ``schema.open_store`` for that)."""
    if db.startswith(("postgresql://", "postgres://")):
        return _connect_postgres(db)
    if db.startswith("sqlite:///"):
        db = db[len("sqlite:///") :]
    return _connect_sqlite(db)


IN_LIST_SIZE = 500  # ids per "IN (...)" query: under SQLite's old 999-variable limit


def id_chunks(ids: Iterable[Any], size: int = IN_LIST_SIZE) -> Iterator[tuple[list[Any], str]]:
    """``ids`` sorted and cut into query-sized lists, each with its ``?, ?, ...`` placeholders,
    for ``... IN ({marks})`` queries over any number of ids."""
    ordered = sorted(ids)
    for i in range(0, len(ordered), size):
        chunk = ordered[i : i + size]
        yield chunk, ", ".join("?" for _ in chunk)
