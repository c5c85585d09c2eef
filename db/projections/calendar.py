"""Administrator overrides of the working-day calendar (one row per date)."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns
from db.projections.lww import wins

owns("calendar_days")


@handles("calendar.day_set")
def day_set(conn: sqlite3.Connection, e: Event) -> None:
    if wins(conn, e, "override"):
        conn.execute(
            "INSERT INTO calendar_days (day, kind, reason) VALUES (?,?,?) ON CONFLICT (day) "
            "DO UPDATE SET kind = excluded.kind, reason = excluded.reason",
            (e.entity_id, e.payload["kind"], e.payload["reason"]))


@handles("calendar.day_cleared")
def day_cleared(conn: sqlite3.Connection, e: Event) -> None:
    if wins(conn, e, "override"):
        conn.execute("DELETE FROM calendar_days WHERE day = ?", (e.entity_id,))
