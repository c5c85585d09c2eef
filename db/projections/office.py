"""The office's counters and queue services (their full shape comes with the queue)."""

from __future__ import annotations

import json
import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns
from db.projections.lww import set_fields, wins

owns("counters", "services")


@handles("counter.defined")
def counter_defined(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute("INSERT INTO counters (id, number, name, active) VALUES (?,?,?,1)",
                 (e.entity_id, p["number"], p["name"]))
    for name in ("number", "name", "active"):
        wins(conn, e, name)


COUNTER_FIELDS = ("number", "name", "active")


@handles("counter.updated")
def counter_updated(conn: sqlite3.Connection, e: Event) -> None:
    set_fields(conn, "counters", e, e.payload, COUNTER_FIELDS)


@handles("service.defined")
def service_defined(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute("INSERT INTO services (id, code, name, prefix, active) VALUES (?,?,?,?,1)",
                 (e.entity_id, p["code"], p["name"], p["prefix"]))
    for name in ("code", "name", "prefix", "active"):
        wins(conn, e, name)


SERVICE_FIELDS = ("code", "name", "prefix", "active", "number_start", "number_end",
                  "daily_cap", "counters", "field_codes", "position")


@handles("service.updated")
def service_updated(conn: sqlite3.Connection, e: Event) -> None:
    set_fields(conn, "services", e, {
        k: json.dumps(v) if isinstance(v, list) else v
        for k, v in e.payload.items()}, SERVICE_FIELDS)
