"""Citizens known from earlier visits ("một lần khai, nhiều lần dùng")."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns
from db.projections.lww import set_fields

owns("citizens")
FIELDS = ("id_number", "old_id_number", "full_name", "birth_date", "gender", "address",
          "phone", "email", "issue_date")


@handles("citizen.registered")
def registered(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute(
        "INSERT INTO citizens (id, full_name, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING", (e.entity_id, p["full_name"], e.recorded_at))
    set_fields(conn, "citizens", e, p, FIELDS)


@handles("citizen.updated")
def updated(conn: sqlite3.Connection, e: Event) -> None:
    set_fields(conn, "citizens", e, e.payload, FIELDS)


