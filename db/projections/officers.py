"""Officer accounts."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns
from db.projections.lww import set_fields, wins

owns("officers")
MUTABLE = ("full_name", "role", "password_hash", "active", "must_change_password")


@handles("officer.created")
def created(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute(
        "INSERT INTO officers (id, username, full_name, role, password_hash, active, "
        "must_change_password, created_at) VALUES (?,?,?,?,?,1,?,?)",
        (e.entity_id, p["username"], p["full_name"], p["role"], p["password_hash"],
         int(p.get("must_change_password", 0)), e.recorded_at))
    for name in MUTABLE:
        # must_change_password came later: an account created without it has no
        # version for it, as in databases made before it existed.
        if name != "must_change_password" or name in p:
            wins(conn, e, name)


@handles("login.failed")
@handles("login.reset")
def login_attempt(conn: sqlite3.Connection, e: Event) -> None:
    """Nothing to project: the log itself is the record of failed logins, and the
    lockout is read from it (counter_app/services/logins.py)."""


@handles("officer.updated")
def updated(conn: sqlite3.Connection, e: Event) -> None:
    set_fields(conn, "officers", e, e.payload, MUTABLE)
