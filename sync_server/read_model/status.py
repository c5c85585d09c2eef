"""How far each office's read model has come, for ``counter-sync-server read-model``."""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from sync_server.read_model import schema


def status(conn: psycopg.Connection, office: str | None = None) -> list[dict]:
    """One row per office (with or without a read model yet): the cursor, the events
    applied, held back and still to read, and whether it was built by these rules."""
    current = schema.fingerprint()
    offices = conn.cursor(row_factory=dict_row).execute(
        "SELECT o.code AS office, r.schema_name, r.fingerprint, r.cursor, r.applied, "
        "r.built_at, r.refreshed_at FROM offices o LEFT JOIN read_models r ON r.office = o.code "
        "WHERE %(office)s::text IS NULL OR o.code = %(office)s ORDER BY o.code",
        {"office": office}).fetchall()
    out = []
    for row in offices:
        cursor = row["cursor"] or 0
        pending = conn.execute(
            "SELECT count(*) FROM events e WHERE e.office = %s AND (e.xid, e.pos) > "
            "(coalesce((SELECT xid FROM events WHERE pos = %s), '0'::xid8), %s)",
            (row["office"], cursor, cursor)).fetchone()[0]
        held: dict[str, int] = {}
        if row["schema_name"] and row["fingerprint"]:
            held = dict(conn.execute(sql.SQL(
                "SELECT state, count(*) FROM {}.rm_held GROUP BY state").format(
                    sql.Identifier(row["schema_name"]))).fetchall())
        out.append({
            "office": row["office"], "schema": row["schema_name"],
            "current": row["fingerprint"] == current, "cursor": cursor,
            "applied": row["applied"] or 0, "pending": pending,
            "waiting": held.get("waiting", 0), "refused": held.get("refused", 0),
            "built_at": _iso(row["built_at"]), "refreshed_at": _iso(row["refreshed_at"])})
    return out


def held(conn: psycopg.Connection, office: str) -> list[dict]:
    """The office's held events with their reasons, oldest HLC first."""
    from sync_server.read_model.projector import schema_name
    rows = conn.cursor(row_factory=dict_row).execute(sql.SQL(
        "SELECT h.pos, h.event_id, e.device_id, e.device_seq, e.type, h.hlc, h.state, h.reason, "
        "h.attempts, h.first_seen, h.last_seen FROM {}.rm_held h JOIN events e ON e.pos = h.pos "
        "ORDER BY h.hlc, h.pos").format(sql.Identifier(schema_name(office)))).fetchall()
    return [{**r, "first_seen": _iso(r["first_seen"]), "last_seen": _iso(r["last_seen"])}
            for r in rows]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
