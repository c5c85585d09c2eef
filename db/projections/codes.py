"""Dossier codes handed out (each exactly once), and the blocks of codes the office hub
lent to each device (docs/OFFICE.md)."""

from __future__ import annotations

import logging
import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns

log = logging.getLogger(__name__)
owns("dossier_codes", "code_leases")


@handles("code.allocated")
def allocated(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    cur = conn.execute(
        "INSERT INTO dossier_codes (code, agency, day, seq, device_id, allocated_at) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
        (e.entity_id, p["agency"], p["day"], p["seq"], e.device_id, e.recorded_at))
    if cur.rowcount == 0:
        # Only possible if two devices were given overlapping blocks: keep the
        # first, and leave the event in the log for the administrator to see.
        log.error("dossier code %s allocated twice (device %s): check code blocks",
                  e.entity_id, e.device_id)


@handles("code_lease.granted")
def lease_granted(conn: sqlite3.Connection, e: Event) -> None:
    """The hub lent ``device`` the sequence numbers ``start``–``end`` of (agency, day)."""
    p = e.payload
    if not (isinstance(p["start"], int) and isinstance(p["end"], int)
            and 1 <= p["start"] <= p["end"]):
        raise ValueError(f"code_lease.granted with a bad block {p['start']!r}–{p['end']!r}")
    conn.execute(
        "INSERT INTO code_leases (id, agency, day, seq_start, seq_end, device_id, leased_at) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
        (e.entity_id, p["agency"], p["day"], p["start"], p["end"], p["device"], e.recorded_at))
