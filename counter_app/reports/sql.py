"""Running the reports' portable SQL over any DB-API connection.

The statements are written with ``?`` placeholders and only what SQLite and PostgreSQL
both understand (``coalesce``, ``CASE``, text comparison, ``count``/``sum``); a
PostgreSQL driver (paramstyle ``format``/``pyformat``) gets ``%s`` instead.
``scope`` narrows every table to equal values of extra columns — the server's read
model keeps many offices in one table and passes ``{"office_id": …}``.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Sequence

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


def paramstyle(conn: Any) -> str:
    module = sys.modules.get(type(conn).__module__.split(".")[0])
    return getattr(module, "paramstyle", "qmark")


def scope_clause(alias: str, scope: dict[str, Any] | None) -> tuple[str, list]:
    """`` AND alias.col = ?`` for each scope column (names checked: never from input)."""
    if not scope:
        return "", []
    for column in scope:
        if not _IDENTIFIER.match(column):
            raise ValueError(f"bad scope column {column!r}")
    return "".join(f" AND {alias}.{c} = ?" for c in scope), list(scope.values())


def bind(sql: str, values: dict[str, Any]) -> tuple[str, list]:
    """``:name`` placeholders → ``?`` with the values in order (both drivers take
    positional parameters; a name may appear many times)."""
    params: list = []

    def take(match: re.Match) -> str:
        params.append(values[match.group(1)])
        return "?"
    return _NAMED.sub(take, sql), params


def rows(conn: Any, sql: str, params: Sequence = ()) -> list[tuple]:
    if paramstyle(conn) in ("format", "pyformat"):
        sql = sql.replace("%", "%%").replace("?", "%s")
    cur = conn.cursor()
    try:
        cur.execute(sql, tuple(params))
        found = cur.fetchall()
        # Tuples already (psycopg, plain sqlite3): not copied, a report reads many rows.
        return found if not found or type(found[0]) is tuple else [tuple(r) for r in found]
    finally:
        cur.close()


def names(conn: Any, table: str, key: str, label: str,
          scope: dict[str, Any] | None = None) -> dict[str, str]:
    """key → display name from a catalogue table (fields, procedures, officers, …)."""
    clause, params = scope_clause("t", scope)
    return {str(k): v for k, v in rows(
        conn, f"SELECT t.{key}, t.{label} FROM {table} t WHERE 1 = 1{clause}", params)}
