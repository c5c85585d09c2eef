"""A psycopg connection that projection handlers can use as they use SQLite.

The handlers in ``db.projections`` are the one definition of how an event changes
dossiers, tickets and form sets. They are written in the SQL both databases speak
(``ON CONFLICT``, ``excluded``, ``coalesce``, ``CASE``); what differs is the driver's
surface, bridged here and nowhere else:

- placeholders: SQLite's ``?`` becomes psycopg's ``%s`` (and a literal ``%`` is doubled),
  outside quoted strings and identifiers only;
- parameters: Python ``bool`` is bound as 0/1, as SQLite stores it (PostgreSQL would
  refuse a boolean in an integer column);
- rows: indexable by position and by column name, like ``sqlite3.Row``;
- ``cursor()``: the DB-API surface the reports' ``counter_app.reports.sql.rows`` uses, so
  the reports run on the read model with their own SQL (sync_server/reports).

A handler that used a SQLite-only function would fail here, in the tests that compare
the server's read model with a client's projection.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Sequence

import psycopg


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s``; ``%`` doubled; quotes respected."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def _bind(params: Sequence[Any] | None) -> tuple:
    return tuple(int(v) if isinstance(v, bool) else v for v in (params or ()))


class Row(tuple):
    """A result row: ``row[0]`` and ``row["name"]`` both work, as with ``sqlite3.Row``."""

    _index: dict[str, int]

    def __new__(cls, values: Iterable[Any], index: dict[str, int]) -> "Row":
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: psycopg.Cursor):
    index = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class ProjectionConnection:
    """What a projection handler calls on its connection, over a psycopg connection that
    is already inside the caller's transaction (and on the office's search path)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] | None = ()) -> psycopg.Cursor:
        cursor = self._conn.cursor(row_factory=_row_factory)
        cursor.execute(translate(sql), _bind(params))
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        cursor = self._conn.cursor(row_factory=_row_factory)
        cursor.executemany(translate(sql), [_bind(r) for r in rows])
        return cursor

    def cursor(self) -> "_Cursor":
        return _Cursor(self._conn.cursor())

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE


class _Cursor:
    """A DB-API cursor taking SQLite's ``?`` placeholders (``execute``, ``fetchall``,
    ``close``): what ``counter_app.reports.sql.rows`` calls."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] | None = ()) -> "_Cursor":
        self._cursor.execute(translate(sql), _bind(params))
        return self

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall()

    def close(self) -> None:
        self._cursor.close()
