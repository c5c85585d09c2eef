"""Office-wide queue settings: priority categories and key/value settings."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event, dump_payload
from db.projections import handles, owns
from db.projections.lww import wins

owns("priority_categories", "office_settings")


@handles("priority.defined")
def priority_defined(conn: sqlite3.Connection, e: Event) -> None:
    if wins(conn, e, "record"):
        conn.execute(
            "INSERT INTO priority_categories (code, label, active) VALUES (?,?,?) "
            "ON CONFLICT (code) DO UPDATE SET label = excluded.label, active = excluded.active",
            (e.entity_id, e.payload["label"], int(e.payload.get("active", True))))


@handles("setting.set")
def setting_set(conn: sqlite3.Connection, e: Event) -> None:
    if wins(conn, e, "value"):
        conn.execute(
            "INSERT INTO office_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (e.entity_id, dump_payload(e.payload["value"])))
