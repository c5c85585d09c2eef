"""Applying pulled events: the client's inbound side of sync (shared/architecture.md §3).

Rules:
- A batch is applied in ONE transaction together with the new pull cursor: a crash
  keeps both or neither, so a batch is never half-applied nor applied twice.
- Every pulled event goes through the same ``projections.apply`` as a local one and is
  stored in ``events`` with its own device id, sequence, HLC and time; our HLC moves
  past it (``hlc.receive``) so our later events sort after what we have seen.
- Events already in the log, and events of this device, are skipped (idempotent);
  except this device's own events the log lacks, pulled after a restore from a backup:
  the one that continues this device's chain is taken back (``_adopt_own``).
- Pulled events are untrusted. Each is first checked for its chain link
  (``wire.check_link``: its own hash matches its fields) and placed in its device's
  chain (``_settle``): its ``prev_hash`` must be the stored hash of the same device's
  ``seq - 1`` — a different one is a forged or altered chain, refused (not waited for).
  A password event whose hash was scrubbed (by its device or the sync server) passes
  only when a ``log.scrubbed`` record in the log vouches for its content; before the
  record has arrived it waits (``waiting``) and applies once it has (docs/SECURITY.md).
- Events that cannot apply are kept in the quarantine (``sync_quarantine``) with the
  reason and a state — never in the log: ``waiting`` (its device's previous event or
  the event creating its entity is not here yet; retried), ``refused`` (our checks or a
  projection refused it; retried), ``server`` (the server quarantined it and handed it
  out flagged ``"quarantined": reason``; never applied, never retried), ``invalid``
  (malformed, altered or forged: no trustworthy link; never retried).
- A ``refused`` or ``server`` event holds its place in its device's chain: that
  device's next event applies after it, and ``db check`` verifies it in place of a log
  row (db/chain.py). So one refused event never holds back its device's later events.
- Retries run in HLC order after every batch until a pass changes nothing. One bad
  event never stops the batch, the cursor or the app: each is applied under its own
  SAVEPOINT, so a failure undoes only that event's partial writes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

from counter_app.domain.clock import utc_iso
from counter_app.domain.event_kinds import needs_creator
from counter_app.domain.events import CHAINED_FIELDS, GENESIS, Event, dump_payload
from counter_app.sync.wire import RefusedEvent, check_link, check_wire, server_flag
from db import chain, credentials, event_store, projections
from db.chain import HELD_STATES
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
        link = check_link(raw, _vouched(conn))
    except RefusedEvent as exc:
        if not exc.waiting:
            report.quarantined.append(_hold(conn, raw, None, "invalid", exc.reason, now_ms))
        elif raw["device_id"] == own or event_store.has_event(conn, raw["id"]):
            report.skipped += 1         # ours, or a copy we already hold (unscrubbed)
        else:
            # A scrubbed password event before the record vouching for it: it waits
            # (its place not held) and applies once the record has arrived.
            report.quarantined.append(_hold(conn, raw, _claimed_link(raw), "waiting",
                                            exc.reason, now_ms))
        return
    if link["device_id"] == own:
        if _adopt_own(conn, raw, link, now_ms):
            report.applied.append(link["id"])
        else:
            report.skipped += 1
        return
    if event_store.has_event(conn, link["id"]):
        report.skipped += 1
        return
    outcome = _settle(conn, raw, link, now_ms)
    if outcome is None:
        # A copy that waited in the quarantine is now in the log.
        conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (link["id"],))
        report.applied.append(link["id"])
    else:
        report.quarantined.append(_hold(conn, raw, link, *outcome, now_ms))


def _adopt_own(conn: sqlite3.Connection, raw: Any, link: dict, now_ms: int) -> bool:
    """Take back one of this device's own events that the log lacks: after a restore
    from a backup, the server has what this PC recorded after the backup. Only the
    event that continues this device's chain exactly (the next ``device_seq``, linked
    to ``last_hash``) is taken; it moves ``next_seq``, ``last_hash`` and the push
    acknowledgement on, so the device's next own event follows the server's last.
    Anything else of our own (already here, or not continuing the chain) is skipped."""
    state = conn.execute("SELECT next_seq, last_hash, push_acked_seq FROM device_state "
                         "WHERE id = 1").fetchone()
    if link["device_seq"] != state[0] or link["prev_hash"] != (state[1] or GENESIS):
        return False
    if server_flag(raw) is not None or event_store.has_event(conn, link["id"]):
        return False
    try:
        _apply_one(conn, check_wire(raw, _vouched(conn)), now_ms)
    except RefusedEvent:
        return False
    conn.execute("UPDATE device_state SET next_seq = ?, last_hash = ?, push_acked_seq = ? "
                 "WHERE id = 1", (link["device_seq"] + 1, link["hash"],
                                  max(state[2], link["device_seq"])))
    return True


def _settle(conn: sqlite3.Connection, raw: Any, link: dict,
            now_ms: int) -> tuple[str, str] | None:
    """Apply one event whose own hash is sound, or say why not: ``(state, reason)``.

    In this order: its (device, seq) place must not be held by another event, and its
    ``prev_hash`` must be the hash of what holds the place before it (the log or a
    held refused event) — else ``invalid``, a forged or altered chain, never retried;
    that place empty → ``waiting``. A link verified, the event holds its place even if
    refused: flagged by the server → ``server``; refused by our checks or projections →
    ``refused``; its entity's creating event not here yet → ``waiting``."""
    device, seq = link["device_id"], link["device_seq"]
    taken = chain.link_at(conn, device, seq)
    if taken is not None and taken != (link["id"], link["hash"]):
        return "invalid", (f"Máy {device} đã có một sự kiện khác mang số {seq}: sự kiện này "
                           "bị giả mạo hoặc bị sửa.")
    before = chain.link_at(conn, device, seq - 1) if seq > 1 else ("", GENESIS)
    if before is None:
        return "waiting", f"Chờ sự kiện số {seq - 1} của máy {device}."
    if link["prev_hash"] != before[1]:
        return "invalid", (f"Sự kiện số {seq} của máy {device} không nối với sự kiện số "
                           f"{seq - 1} đã có (prev_hash khác): chuỗi bị giả mạo hoặc bị sửa.")
    flag = server_flag(raw)
    if flag is not None:
        return "server", f"Máy chủ đã cách ly sự kiện này: {flag}"
    try:
        _apply_one(conn, check_wire(raw, _vouched(conn)), now_ms)
    except RefusedEvent as exc:
        return ("waiting" if exc.waiting else "refused"), exc.reason
    return None


def _vouched(conn: sqlite3.Connection):
    """Whether a ``log.scrubbed`` record in the log vouches for a scrubbed event's content
    (read when asked: a record applied earlier in the same batch counts)."""
    return lambda event_id, computed: computed in credentials.vouches(conn).get(event_id, ())


def _claimed_link(raw: dict) -> dict:
    """The chain identity a waiting event claims (its identity fields were checked; its
    hash is verified when it applies)."""
    return {k: raw[k] for k in ("id", "device_id", "device_seq", "prev_hash", "hash")}


def _apply_one(conn: sqlite3.Connection, wire: dict, now_ms: int) -> None:
    """Store and project one checked event, or raise ``RefusedEvent`` having undone
    everything it wrote."""
    _check_creator(conn, wire)
    conn.execute("SAVEPOINT inbound_event")
    try:
        event_store.insert_foreign(conn, [wire])
        event_store.receive_clock(conn, wire["hlc"], now_ms)
        event = Event(**{k: wire[k] for k in CHAINED_FIELDS})
        projections.apply(conn, event)
        credentials.capture_legacy(conn, event)    # an older version's event: its hash
    except Exception as exc:
        conn.execute("ROLLBACK TO inbound_event")
        conn.execute("RELEASE inbound_event")
        if isinstance(exc, MemoryError) or (
                isinstance(exc, sqlite3.Error)
                and getattr(exc, "sqlite_errorname", "") in _STORAGE_ERRORS):
            raise
        raise RefusedEvent(f"Không áp dụng được: {type(exc).__name__}: {str(exc)[:300]}") from exc
    conn.execute("RELEASE inbound_event")


def _check_creator(conn: sqlite3.Connection, wire: dict) -> None:
    """An update applies only after the event that creates its entity (it may come
    later, from another device, in another batch or pull)."""
    creators = needs_creator(wire["entity"], wire["type"])
    if creators and not event_store.has_any(conn, wire["entity"], wire["entity_id"], creators):
        raise RefusedEvent(f"Chờ sự kiện tạo {wire['entity']} {wire['entity_id']} "
                           f"({', '.join(sorted(creators))}).", waiting=True)


def retry_quarantine(conn: sqlite3.Connection, now_ms: int,
                     report: InboundReport | None = None) -> list[str]:
    """Try every ``waiting`` and ``refused`` event again, oldest HLC first, until a pass
    applies none and places none in its chain; returns the ids applied. ``server`` and
    ``invalid`` events are never retried. Call inside the write transaction."""
    report = report or InboundReport()
    progress = True
    while progress:
        progress = False
        rows = conn.execute("SELECT event_id, state, event FROM sync_quarantine "
                            "WHERE state IN ('waiting', 'refused') "
                            "ORDER BY hlc, device_id, device_seq, event_id").fetchall()
        for row in rows:
            outcome = _retry_one(conn, row["event_id"], row["state"],
                                 json.loads(row["event"]), now_ms)
            if outcome is None:
                report.released.append(row["event_id"])
            # A waiting event now holding its place lets its device's next one go.
            progress = progress or outcome is None or (
                row["state"] == "waiting" and outcome in HELD_STATES)
    return report.released


def _retry_one(conn: sqlite3.Connection, key: str, state: str, raw: Any,
               now_ms: int) -> str | None:
    """The held event's state after one more try (None: applied, or already in the log)."""
    try:
        link = check_link(raw, _vouched(conn))
    except RefusedEvent as exc:
        if exc.waiting:         # a scrubbed event still without its vouching record
            return state
        _hold(conn, raw, None, "invalid", exc.reason, now_ms, key=key)
        return "invalid"
    if event_store.has_event(conn, link["id"]):
        conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (key,))
        return "applied"
    outcome = _settle(conn, raw, link, now_ms)
    if outcome is None:
        conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (key,))
        return None
    _hold(conn, raw, link, *outcome, now_ms)
    return _state_of(conn, key)


def _state_of(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT state FROM sync_quarantine WHERE event_id = ?", (key,)).fetchone()
    return row[0] if row else None


def _hold(conn: sqlite3.Connection, raw: Any, link: dict | None, state: str, reason: str,
          now_ms: int, key: str | None = None) -> str:
    """Keep (or count again) a refused event; returns its key in the quarantine.

    An event that holds its chain place (``refused``, ``server``) keeps it: its
    device's later events may already be applied after it, so a later judgement of
    ``waiting`` or ``invalid`` only counts the attempt."""
    text = dump_payload(raw)
    key = key or (link["id"] if link else _malformed_key(raw, text))
    at = utc_iso(now_ms)
    if _state_of(conn, key) in HELD_STATES and state not in HELD_STATES:
        conn.execute("UPDATE sync_quarantine SET attempts = attempts + 1, last_seen = ? "
                     "WHERE event_id = ?", (at, key))
        return key
    fields = raw if link else {}
    conn.execute(
        "INSERT INTO sync_quarantine (event_id, hlc, device_id, type, event, reason, waiting, "
        "attempts, first_seen, last_seen, state, device_seq, prev_hash, hash) "
        "VALUES (?,?,?,?,?,?,?,1,?,?,?,?,?,?) ON CONFLICT (event_id) DO UPDATE SET "
        "hlc = excluded.hlc, device_id = excluded.device_id, type = excluded.type, "
        "event = excluded.event, reason = excluded.reason, waiting = excluded.waiting, "
        "attempts = attempts + 1, last_seen = excluded.last_seen, state = excluded.state, "
        "device_seq = excluded.device_seq, prev_hash = excluded.prev_hash, hash = excluded.hash",
        (key, _text(fields.get("hlc")), link["device_id"] if link else "",
         _text(fields.get("type")), text, reason, int(state == "waiting"), at, at, state,
         link["device_seq"] if link else None, link["prev_hash"] if link else None,
         link["hash"] if link else None))
    return key


def _text(value: Any) -> str:
    return value[:200] if isinstance(value, str) else ""


def _malformed_key(raw: Any, text: str) -> str:
    """An event too broken to trust its id is keyed by its content."""
    ident = raw.get("id") if isinstance(raw, dict) else None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return f"malformed:{ident[:64]}:{digest}" if isinstance(ident, str) else f"malformed:{digest}"


def quarantine_list(conn: sqlite3.Connection) -> list[dict]:
    """The quarantine, oldest first, for the administrator (``sync quarantine``)."""
    rows = conn.execute(
        "SELECT event_id, hlc, device_id, device_seq, type, state, reason, waiting, attempts, "
        "first_seen, last_seen, event FROM sync_quarantine ORDER BY first_seen, hlc, event_id")
    return [{**{k: r[k] for k in r.keys() if k not in ("event", "waiting")},
             "waiting": bool(r["waiting"]), "event": json.loads(r["event"])} for r in rows]
