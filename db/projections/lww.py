"""Last-writer-wins per field, decided on the HLC, for mutable fields."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event


def wins(conn: sqlite3.Connection, event: Event, field: str) -> bool:
    """True (and remember it) if ``event`` is the newest writer of ``field``."""
    row = conn.execute(
        "SELECT hlc FROM field_versions WHERE entity = ? AND entity_id = ? AND field = ?",
        (event.entity, event.entity_id, field)).fetchone()
    if row is not None and row[0] >= event.hlc:
        return False
    conn.execute(
        "INSERT INTO field_versions (entity, entity_id, field, hlc, event_id) VALUES (?,?,?,?,?) "
        "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, "
        "event_id = excluded.event_id",
        (event.entity, event.entity_id, field, event.hlc, event.id))
    return True


def set_fields(conn: sqlite3.Connection, table: str, event: Event, fields: dict,
               allowed: tuple[str, ...]) -> None:
    """Write each field of ``fields`` named in ``allowed`` (the table's mutable
    columns, fixed in code) to ``table`` row ``event.entity_id`` if it wins. Other
    keys are ignored: a column name never comes from an event (pulled events are
    untrusted input)."""
    for name, value in fields.items():
        if name not in allowed:
            continue
        if wins(conn, event, name):
            conn.execute(f"UPDATE {table} SET {name} = ? WHERE id = ?", (value, event.entity_id))
