"""The event log: append with gap-free per-device sequence and a never-backwards HLC."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import Iterable, Iterator

from counter_app.domain import hlc as hlc_mod
from counter_app.domain.clock import utc_iso
from counter_app.domain.events import CHAINED_FIELDS, Event, NewEvent, chain_hash, dump_payload
from counter_app.domain.ids import new_id
from counter_app.errors import DatabaseError

_COLUMNS = ("id, device_id, device_seq, hlc, officer_id, entity, entity_id, type, "
            "schema_version, payload, recorded_at, prev_hash, hash")
_INSERT = f"INSERT INTO events ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"


def init_device(conn: sqlite3.Connection, device_id: str, now_ms: int) -> None:
    """Give a new database its device identity (once)."""
    conn.execute(
        "INSERT INTO device_state (id, device_id, next_seq, created_at) VALUES (1, ?, 1, ?)",
        (device_id, utc_iso(now_ms)))


def device_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT device_id FROM device_state WHERE id = 1").fetchone()
    if row is None:
        raise DatabaseError("Cơ sở dữ liệu chưa được khởi tạo cho máy này (thiếu định danh thiết bị).")
    return row[0]


def append(conn: sqlite3.Connection, now_ms: int, officer_id: str,
           drafts: Iterable[NewEvent]) -> list[Event]:
    """Insert events; the caller holds the write transaction (BEGIN IMMEDIATE).

    Each event is linked into this device's hash chain: its ``prev_hash`` is the
    hash of the device's previous event (``device_state.last_hash``), and
    ``last_hash`` moves on in the same transaction, so a rollback undoes both.
    """
    if not conn.in_transaction:
        raise DatabaseError("Lỗi nội bộ: ghi sự kiện ngoài giao dịch.")
    state = conn.execute(
        "SELECT device_id, next_seq, hlc, last_hash FROM device_state WHERE id = 1").fetchone()
    if state is None:
        raise DatabaseError("Cơ sở dữ liệu chưa được khởi tạo cho máy này (thiếu định danh thiết bị).")
    device, seq = state["device_id"], state["next_seq"]
    clock = hlc_mod.HLC.decode(state["hlc"]) if state["hlc"] else None
    recorded_at = utc_iso(now_ms)
    events = []
    last_hash = state["last_hash"]
    for draft in drafts:
        clock = hlc_mod.tick(clock, now_ms, device)
        event = Event(
            id=new_id(), device_id=device, device_seq=seq, hlc=clock.encode(),
            officer_id=officer_id, entity=draft.entity, entity_id=draft.entity_id,
            type=draft.type, schema_version=draft.schema_version,
            payload=draft.payload, recorded_at=recorded_at)
        event = replace(event, prev_hash=last_hash, hash=chain_hash(event, last_hash))
        events.append(event)
        last_hash = event.hash
        seq += 1
    conn.executemany(_INSERT, [_row(e) for e in events])
    conn.execute("UPDATE device_state SET next_seq = ?, hlc = ?, last_hash = ? WHERE id = 1",
                 (seq, clock.encode() if clock else state["hlc"], last_hash))
    return events


# The columns a pulled event is stored with, exactly as its device recorded them: its
# chain links too, kept verbatim (``db check`` verifies each device's chain).
_FOREIGN_COLUMNS = CHAINED_FIELDS + ("prev_hash", "hash")


def insert_foreign(conn: sqlite3.Connection, events: Iterable[dict]) -> None:
    """Store events of other devices (pulled, already checked) with their own
    ``device_id``, ``device_seq``, ``hlc`` and ``recorded_at``: the one insert path for
    pulled events. The caller holds the write transaction; ``payload`` is the decoded
    JSON object, stored as canonical text like a local event's."""
    if not conn.in_transaction:
        raise DatabaseError("Lỗi nội bộ: ghi sự kiện ngoài giao dịch.")
    conn.executemany(
        f"INSERT INTO events ({', '.join(_FOREIGN_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_FOREIGN_COLUMNS))})",
        [tuple(dump_payload(e[c]) if c == "payload" else e[c] for c in _FOREIGN_COLUMNS)
         for e in events])


def has_event(conn: sqlite3.Connection, event_id: str) -> bool:
    return conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None


def has_seq(conn: sqlite3.Connection, device: str, seq: int) -> bool:
    return conn.execute("SELECT 1 FROM events WHERE device_id = ? AND device_seq = ?",
                        (device, seq)).fetchone() is not None


def has_any(conn: sqlite3.Connection, entity: str, entity_id: str, types: Iterable[str]) -> bool:
    """True if the log holds an event of one of ``types`` for the entity."""
    types = tuple(types)
    return conn.execute(
        f"SELECT 1 FROM events WHERE entity = ? AND entity_id = ? AND type IN "
        f"({', '.join('?' * len(types))}) LIMIT 1", (entity, entity_id, *types)).fetchone() is not None


def receive_clock(conn: sqlite3.Connection, remote_hlc: str, now_ms: int) -> None:
    """Advance this device's HLC past a pulled event's, so later local events sort
    after everything seen (``hlc.receive``; a clock too far ahead raises
    ``ClockSkewError``)."""
    state = conn.execute("SELECT device_id, hlc FROM device_state WHERE id = 1").fetchone()
    last = hlc_mod.HLC.decode(state["hlc"]) if state["hlc"] else None
    merged = hlc_mod.receive(last, hlc_mod.HLC.decode(remote_hlc), now_ms, state["device_id"])
    conn.execute("UPDATE device_state SET hlc = ? WHERE id = 1", (merged.encode(),))


def _row(e: Event) -> tuple:
    return (e.id, e.device_id, e.device_seq, e.hlc, e.officer_id, e.entity, e.entity_id,
            e.type, e.schema_version, dump_payload(e.payload), e.recorded_at, e.prev_hash, e.hash)


def from_row(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"], device_id=row["device_id"], device_seq=row["device_seq"],
        hlc=row["hlc"], officer_id=row["officer_id"], entity=row["entity"],
        entity_id=row["entity_id"], type=row["type"], schema_version=row["schema_version"],
        payload=json.loads(row["payload"]), recorded_at=row["recorded_at"],
        prev_hash=row["prev_hash"], hash=row["hash"])


def all_events(conn: sqlite3.Connection) -> Iterator[Event]:
    """Every event in the order it was applied to this database."""
    for row in conn.execute(f"SELECT {_COLUMNS} FROM events ORDER BY pos"):
        yield from_row(row)


def events_for(conn: sqlite3.Connection, entity: str, entity_id: str) -> list[Event]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE entity = ? AND entity_id = ? ORDER BY pos",
        (entity, entity_id))
    return [from_row(r) for r in rows]


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM events").fetchone()[0]


def pending_sync(conn: sqlite3.Connection) -> int:
    """Local events not yet acknowledged by the sync server."""
    row = conn.execute("SELECT device_id, push_acked_seq FROM device_state WHERE id = 1").fetchone()
    if row is None:
        return 0
    return conn.execute(
        "SELECT count(*) FROM events WHERE device_id = ? AND device_seq > ?",
        (row["device_id"], row["push_acked_seq"])).fetchone()[0]


def own_events_after(conn: sqlite3.Connection, seq: int, limit: int) -> list[Event]:
    """This device's events above ``seq``, in ``device_seq`` order (what a push sends)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE device_id = "
        "(SELECT device_id FROM device_state WHERE id = 1) AND device_seq > ? "
        "ORDER BY device_seq LIMIT ?", (seq, limit))
    return [from_row(r) for r in rows]


def push_acked_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT push_acked_seq FROM device_state WHERE id = 1").fetchone()
    return row[0] if row else 0
