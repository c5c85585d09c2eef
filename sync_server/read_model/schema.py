"""The read model's tables, translated from the client's own SQLite schema.

The server does not keep a second description of dossiers, tickets or form sets: it
builds the client's schema in memory with the client's migrations (``db.migrations``)
and translates each projection table (``db.projections.TABLES``) column by column
into PostgreSQL — names, order, NOT NULL, literal defaults, primary keys and indexes.
A column the client adds in a new migration appears here with no change to the server.

``fingerprint`` names the rules an office's read model was built by: the translated
schema and the source of the projection modules. When it changes (a new app version
with a new column or a changed rule), the read model is dropped and rebuilt from the
event log, which is the truth (projector.ensure).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from functools import lru_cache
from importlib import resources

from sqlite_utils import Database

from db import projections
from db.migrations import MIGRATIONS

# SQLite's declared types in the client schema, and what they become. A type not in
# this map fails loudly (a test builds every table), never silently as text.
# Text compares byte by byte, as in SQLite (binary collation): UTC times stored as ISO
# text must order as text, which a locale collation that skips punctuation does not do.
_TYPES = {"TEXT": 'text COLLATE "C"', "INTEGER": "bigint", "REAL": "double precision",
          "NUMERIC": "numeric", "BLOB": "bytea"}
# Defaults the client schema uses: numbers and quoted strings only.
_LITERAL = re.compile(r"-?\d+(\.\d+)?|'([^']|'')*'")

# The read model's own bookkeeping, beside the client's tables: the events applied
# (what ``has_any`` asks of the client's log) and the events held back.
BOOKKEEPING = (
    "CREATE TABLE rm_applied (id text PRIMARY KEY, entity text NOT NULL, "
    "entity_id text NOT NULL, type text NOT NULL)",
    "CREATE INDEX rm_applied_entity ON rm_applied (entity, entity_id)",
    "CREATE TABLE rm_held (pos bigint PRIMARY KEY, event_id text NOT NULL, "
    "hlc text NOT NULL, state text NOT NULL, reason text NOT NULL, "
    "attempts integer NOT NULL DEFAULT 1, first_seen timestamptz NOT NULL DEFAULT now(), "
    "last_seen timestamptz NOT NULL DEFAULT now())",
    "CREATE INDEX rm_held_hlc ON rm_held (hlc, pos)",
)


def client_schema() -> sqlite3.Connection:
    """A new in-memory database with every client migration applied."""
    conn = sqlite3.connect(":memory:")
    MIGRATIONS.apply(Database(conn))
    return conn


@lru_cache(maxsize=1)
def tables() -> tuple[str, ...]:
    """The projection tables the read model holds (every table ``apply`` writes)."""
    return tuple(projections.TABLES)


@lru_cache(maxsize=1)
def statements() -> tuple[str, ...]:
    """CREATE TABLE and CREATE INDEX statements for one office's schema (unqualified:
    they run with the office's schema first on the search path)."""
    conn = client_schema()
    try:
        out: list[str] = []
        for table in tables():
            out.extend(_table(conn, table))
        return tuple(out) + BOOKKEEPING
    finally:
        conn.close()


def _table(conn: sqlite3.Connection, table: str) -> list[str]:
    columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
    if not columns:
        raise ValueError(f"projection table {table} is not in the client schema")
    defs, keys = [], []
    for _cid, name, declared, notnull, default, pk in columns:
        kind = _TYPES.get(declared.upper())
        if kind is None:
            raise ValueError(f"{table}.{name}: SQLite type {declared!r} has no translation")
        text = f"{name} {kind}"
        if notnull:
            text += " NOT NULL"
        if default is not None:
            if not _LITERAL.fullmatch(default):
                raise ValueError(f"{table}.{name}: default {default!r} is not a literal")
            text += f" DEFAULT {default}"
        defs.append(text)
        if pk:
            keys.append((pk, name))
    if keys:
        defs.append(f"PRIMARY KEY ({', '.join(n for _, n in sorted(keys))})")
    out = [f"CREATE TABLE {table} ({', '.join(defs)})"]
    for seq, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
        if origin == "pk" or partial:
            continue
        cols = [r[2] for r in conn.execute(f"PRAGMA index_info({name})")]
        if None in cols:      # an index on an expression: not part of the rules
            continue
        out.append(f"CREATE {'UNIQUE ' if unique else ''}INDEX {table}_{seq} "
                   f"ON {table} ({', '.join(cols)})")
    return out


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What an office's read model was built by: the schema and the projection rules."""
    digest = hashlib.sha256()
    for statement in statements():
        digest.update(statement.encode("utf-8") + b"\n")
    for source in sorted(_rule_sources()):
        digest.update(source)
    return digest.hexdigest()[:32]


def _rule_sources() -> list[bytes]:
    """The projection modules' source (and the domain rules they call)."""
    folders = [resources.files("db.projections")]
    out = []
    for folder in folders:
        out += [f.read_bytes() for f in folder.iterdir() if f.name.endswith(".py")]
    domain = resources.files("counter_app.domain")
    out += [(domain / name).read_bytes() for name in ("event_kinds.py", "events.py")]
    return out
