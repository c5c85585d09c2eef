"""Applying pulled events: the client's inbound side of sync (shared/architecture.md §3).

Rules:
- A batch is applied in ONE transaction together with the new pull cursor: a crash
  keeps both or neither, so a batch is never half-applied nor applied twice.
- Every pulled event goes through the same ``projections.apply`` as a local one and is
  stored in ``events`` with its own device id, sequence, HLC and time; our HLC moves
  past it (``hlc.receive``) so our later events sort after what we have seen.
- Events already in the log, and events of this device, are skipped (idempotent).
- Pulled events are untrusted: a malformed one, one whose hash does not match, one
  that arrives before its device's previous event or before the event creating its
  entity, one too far in the future, and one a projection refuses (raises) are kept in
  the quarantine (``sync_quarantine``) with the reason — never in the log — and retried
  in HLC order after every batch until nothing more applies. One bad event never stops
  the batch, the cursor or the app: each is applied under its own SAVEPOINT, so a
  failure undoes only that event's partial writes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

from counter_app.domain.clock import utc_iso
from counter_app.domain.event_kinds import needs_creator
from counter_app.domain.events import CHAINED_FIELDS, Event, dump_payload
from counter_app.sync.wire import RefusedEvent, check_wire
from db import event_store, projections
from db.connection import write_transaction

# SQLite failures that say the database itself is in trouble (disk full, I/O, locked):
# those abort the whole batch (nothing is saved, the pull is retried), they are not the
# event's fault and must not put it in quarantine.
_STORAGE_ERRORS = {"SQLITE_FULL", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED",
                   "SQLITE_READONLY", "SQLITE_CORRUPT", "SQLITE_NOMEM", "SQLITE_CANTOPEN",
                   "SQLITE_NOTADB", "SQLITE_INTERRUPT"}


@dataclass
class InboundReport:
    """What one batch did (event ids)."""

    applied: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)    # applied from the quarantine
    quarantined: list[str] = field(default_factory=list)
    skipped: int = 0
    cursor: str | None = None

    def as_dict(self) -> dict:
        return {"applied": len(self.applied), "released": len(self.released),
                "quarantined": len(self.quarantined), "skipped": self.skipped,
                "cursor": self.cursor}


def apply_pulled(conn: sqlite3.Connection, events: Iterable[Any], cursor: str | None,
                 now_ms: int) -> InboundReport:
    """Apply one pulled batch (wire dicts) and save ``cursor``, all in one transaction."""
    report = InboundReport(cursor=cursor)
    with write_transaction(conn):
        own = event_store.device_id(conn)
        for raw in events:
            _take(conn, raw, own, now_ms, report)
        retry_quarantine(conn, now_ms, report)
        if cursor is not None:
            conn.execute("UPDATE device_state SET pull_cursor = ? WHERE id = 1", (cursor,))
    return report


def pull_cursor(conn: sqlite3.Connection) -> str:
    """Where the next pull starts ("0": from the beginning)."""
    row = conn.execute("SELECT pull_cursor FROM device_state WHERE id = 1").fetchone()
    return (row[0] if row else None) or "0"


def _take(conn: sqlite3.Connection, raw: Any, own: str, now_ms: int,
          report: InboundReport) -> None:
    try:
        wire = check_wire(raw)
    except RefusedEvent as exc:
        report.quarantined.append(_quarantine(conn, raw, None, exc, now_ms))
        return
    if wire["device_id"] == own or event_store.has_event(conn, wire["id"]):
        report.skipped += 1
        return
    try:
        _apply_one(conn, wire, now_ms)
    except RefusedEvent as exc:
        report.quarantined.append(_quarantine(conn, raw, wire, exc, now_ms))
        return
    # A copy that waited in the quarantine is now in the log.
    conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (wire["id"],))
    report.applied.append(wire["id"])


def _apply_one(conn: sqlite3.Connection, wire: dict, now_ms: int) -> None:
    """Store and project one checked event, or raise ``RefusedEvent`` having undone
    everything it wrote."""
    _check_ready(conn, wire)
    conn.execute("SAVEPOINT inbound_event")
    try:
        event_store.insert_foreign(conn, [wire])
        event_store.receive_clock(conn, wire["hlc"], now_ms)
        projections.apply(conn, Event(**{k: wire[k] for k in CHAINED_FIELDS}))
    except Exception as exc:
        conn.execute("ROLLBACK TO inbound_event")
        conn.execute("RELEASE inbound_event")
        if isinstance(exc, MemoryError) or (
                isinstance(exc, sqlite3.Error)
                and getattr(exc, "sqlite_errorname", "") in _STORAGE_ERRORS):
            raise
        raise RefusedEvent(f"Không áp dụng được: {type(exc).__name__}: {str(exc)[:300]}") from exc
    conn.execute("RELEASE inbound_event")


def _check_ready(conn: sqlite3.Connection, wire: dict) -> None:
    """An event applies only after its device's previous event and after the event
    that creates its entity (they may come later, in another batch or pull)."""
    seq = wire["device_seq"]
    if seq > 1 and not event_store.has_seq(conn, wire["device_id"], seq - 1):
        raise RefusedEvent(f"Chờ sự kiện số {seq - 1} của máy {wire['device_id']}.",
                           waiting=True)
    creators = needs_creator(wire["entity"], wire["type"])
    if creators and not event_store.has_any(conn, wire["entity"], wire["entity_id"], creators):
        raise RefusedEvent(f"Chờ sự kiện tạo {wire['entity']} {wire['entity_id']} "
                           f"({', '.join(sorted(creators))}).", waiting=True)


def retry_quarantine(conn: sqlite3.Connection, now_ms: int,
                     report: InboundReport | None = None) -> list[str]:
    """Try every quarantined event again, oldest HLC first, until a pass applies none;
    returns the ids applied. Call inside the write transaction."""
    report = report or InboundReport()
    progress = True
    while progress:
        progress = False
        rows = conn.execute("SELECT event_id, event FROM sync_quarantine "
                            "ORDER BY hlc, device_id, event_id").fetchall()
        for row in rows:
            if _retry_one(conn, row["event_id"], json.loads(row["event"]), now_ms):
                report.released.append(row["event_id"])
                progress = True
    return report.released


def _retry_one(conn: sqlite3.Connection, key: str, raw: Any, now_ms: int) -> bool:
    try:
        wire = check_wire(raw)
    except RefusedEvent:
        return False      # malformed stays malformed: kept for the administrator
    if event_store.has_event(conn, wire["id"]):
        conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (key,))
        return False
    try:
        _apply_one(conn, wire, now_ms)
    except RefusedEvent as exc:
        conn.execute("UPDATE sync_quarantine SET reason = ?, waiting = ?, "
                     "attempts = attempts + 1, last_seen = ? WHERE event_id = ?",
                     (exc.reason, int(exc.waiting), utc_iso(now_ms), key))
        return False
    conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (key,))
    return True


def _quarantine(conn: sqlite3.Connection, raw: Any, wire: dict | None, exc: RefusedEvent,
                now_ms: int) -> str:
    """Keep (or count again) a refused event; returns its key in the quarantine."""
    text = dump_payload(raw)
    key = wire["id"] if wire else _malformed_key(raw, text)
    at = utc_iso(now_ms)
    conn.execute(
        "INSERT INTO sync_quarantine (event_id, hlc, device_id, type, event, reason, waiting, "
        "attempts, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,1,?,?) "
        "ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason, "
        "waiting = excluded.waiting, attempts = attempts + 1, last_seen = excluded.last_seen",
        (key, wire["hlc"] if wire else "", wire["device_id"] if wire else "",
         wire["type"] if wire else "", text, exc.reason, int(exc.waiting), at, at))
    return key


def _malformed_key(raw: Any, text: str) -> str:
    """An event too broken to trust its id is keyed by its content."""
    ident = raw.get("id") if isinstance(raw, dict) else None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return f"malformed:{ident[:64]}:{digest}" if isinstance(ident, str) else f"malformed:{digest}"


def quarantine_list(conn: sqlite3.Connection) -> list[dict]:
    """The quarantine, oldest first, for the administrator (``sync quarantine``)."""
    rows = conn.execute(
        "SELECT event_id, hlc, device_id, type, reason, waiting, attempts, first_seen, "
        "last_seen, event FROM sync_quarantine ORDER BY first_seen, hlc, event_id")
    return [{**{k: r[k] for k in r.keys() if k not in ("event", "waiting")},
             "waiting": bool(r["waiting"]), "event": json.loads(r["event"])} for r in rows]
