"""Citizens' ratings: one row per ``rating.recorded`` (from the rating screen or a paper
survey), against the ticket, the dossier and the officer who served."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event, dump_payload
from db.projections import handles, owns

owns("ratings")


@handles("rating.recorded")
def recorded(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute(
        "INSERT INTO ratings (id, ticket_id, dossier_id, officer_id, counter, level, "
        "satisfied, reasons, comment, source, rated_at, recorded_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (e.entity_id, p.get("ticket_id"), p.get("dossier_id"), p.get("officer_id"),
         p.get("counter"), p["level"], int(bool(p["satisfied"])),
         dump_payload(list(p.get("reasons") or [])), p.get("comment", ""), p["source"],
         p.get("rated_at") or e.recorded_at, e.officer_id))
