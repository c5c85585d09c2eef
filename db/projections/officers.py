"""Officer accounts.

A password event names its hash by digest (``credential``); the hash itself is kept in
``credentials``, beside the log (db/credentials.py). An event of an older version
carries the hash (``password_hash``): its digest is projected the same way."""

from __future__ import annotations

import sqlite3

from counter_app.domain.credentials import LEGACY_FIELD, digest
from counter_app.domain.events import Event
from db.projections import handles, owns
from db.projections.lww import set_fields, wins

owns("officers")
MUTABLE = ("full_name", "role", "credential", "active", "must_change_password")


def _fields(payload: dict) -> dict:
    """The payload with an older version's hash turned into its digest."""
    if LEGACY_FIELD not in payload:
        return payload
    fields = {k: v for k, v in payload.items() if k != LEGACY_FIELD}
    fields["credential"] = digest(str(payload[LEGACY_FIELD]))
    return fields


@handles("officer.created")
def created(conn: sqlite3.Connection, e: Event) -> None:
    p = _fields(e.payload)
    conn.execute(
        "INSERT INTO officers (id, username, full_name, role, credential, active, "
        "must_change_password, created_at) VALUES (?,?,?,?,?,1,?,?)",
        (e.entity_id, p["username"], p["full_name"], p["role"], p["credential"],
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


@handles("log.scrubbed")
def scrubbed(conn: sqlite3.Connection, e: Event) -> None:
    """Nothing to project: the record that password hashes were scrubbed from older
    events, read by the chain check (db/chain.py, db/credentials.py)."""


@handles("officer.updated")
def updated(conn: sqlite3.Connection, e: Event) -> None:
    set_fields(conn, "officers", e, _fields(e.payload), MUTABLE)
