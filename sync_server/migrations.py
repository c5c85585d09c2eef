"""The server's schema migrations: the SQL files in ``sql/``, applied in name order.

Each pending file runs in one transaction together with its row in ``schema_migrations``,
so a failed migration leaves nothing behind and ``migrate`` can simply be run again.
An advisory lock keeps two ``migrate`` runs from racing.
"""

from __future__ import annotations

from importlib import resources

import psycopg

_LOCK = 0x5359_4E43  # "SYNC": the advisory lock that serialises migrate runs


def scripts() -> list[tuple[str, str]]:
    """(name, sql) of every migration shipped with the server, in the order they apply."""
    folder = resources.files("sync_server") / "sql"
    return sorted((f.name, f.read_text(encoding="utf-8"))
                  for f in folder.iterdir() if f.name.endswith(".sql"))


def applied(conn: psycopg.Connection) -> list[str]:
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def pending(conn: psycopg.Connection) -> list[str]:
    done = set(applied(conn))
    return [name for name, _ in scripts() if name not in done]


def migrate(conn: psycopg.Connection) -> list[str]:
    """Apply the pending migrations; returns their names (empty when up to date)."""
    done: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
    for name, sql in scripts():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = %s",
                            (name,)).fetchone():
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
            done.append(name)
    return done
