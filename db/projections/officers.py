"""Officer accounts."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns
from db.projections.lww import set_fields, wins

owns("officers")
MUTABLE = ("full_name", "role", "password_hash", "active")


@handles("officer.created")
def created(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute(
        "INSERT INTO officers (id, username, full_name, role, password_hash, active, created_at) "
        "VALUES (?,?,?,?,?,1,?)",
        (e.entity_id, p["username"], p["full_name"], p["role"], p["password_hash"],
         e.recorded_at))
    for name in MUTABLE:
        wins(conn, e, name)


@handles("officer.updated")
def updated(conn: sqlite3.Connection, e: Event) -> None:
    set_fields(conn, "officers", e, {k: v for k, v in e.payload.items() if k in MUTABLE})
