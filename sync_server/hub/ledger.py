"""The hub's own events: it records its decisions as a device of the office.

The hub of office X is the device ``hub-X`` in ``devices`` (created on first use, with a
secret nobody knows: it never pushes over HTTP). Its events carry their own gap-free
``device_seq``, an HLC that moves past the asking device's (so the decision sorts after
what that device had seen), and the hash chain every device's events carry: clients pull
and verify them like any other device's.
"""

from __future__ import annotations

import secrets
from typing import Iterable

import psycopg

from counter_app.domain import hlc as hlc_mod
from counter_app.domain.clock import utc_iso
from counter_app.domain.events import NewEvent, chain_hash, GENESIS
from counter_app.domain.ids import new_id
from sync_server import auth, protocol
from sync_server.read_model.projector import HUB_PREFIX


def hub_device(office: str) -> str:
    return HUB_PREFIX + office


def ensure_device(conn: psycopg.Connection, office: str) -> str:
    device = hub_device(office)
    conn.execute(
        "INSERT INTO devices (id, office, label, secret_hash, island_tag) "
        "VALUES (%s, %s, %s, %s, '-') ON CONFLICT (id) DO NOTHING",
        (device, office, "Máy chủ điều phối (hub)", auth.digest(secrets.token_urlsafe(32))))
    return device


def append(conn: psycopg.Connection, office: str, officer_id: str, drafts: Iterable[NewEvent],
           seen_hlc: str | None, now_ms: int) -> list[dict]:
    """Record ``drafts`` as the hub's next events (inside the caller's transaction)."""
    device = ensure_device(conn, office)
    acked, last_hash = conn.execute(
        "SELECT acked_seq, last_hash FROM devices WHERE id = %s FOR UPDATE", (device,)).fetchone()
    row = conn.execute("SELECT hlc FROM events WHERE device_id = %s AND device_seq = %s",
                       (device, acked)).fetchone()
    clock = hlc_mod.HLC.decode(row[0]) if row else None
    if seen_hlc:
        try:
            clock = hlc_mod.receive(clock, hlc_mod.HLC.decode(seen_hlc), now_ms, device)
        except (ValueError, hlc_mod.ClockSkewError):
            pass        # a device clock far ahead must not drag the hub's along
    prev, seq, events = last_hash or GENESIS, acked, []
    for draft in drafts:
        clock = hlc_mod.tick(clock, now_ms, device)
        seq += 1
        event = {"id": new_id(), "device_id": device, "device_seq": seq,
                 "hlc": clock.encode(), "officer_id": officer_id, "entity": draft.entity,
                 "entity_id": draft.entity_id, "type": draft.type,
                 "schema_version": draft.schema_version, "payload": draft.payload,
                 "recorded_at": utc_iso(now_ms), "prev_hash": prev}
        event["hash"] = prev = chain_hash(event, prev)
        events.append(event)
    if events:
        protocol.insert_events(conn, protocol.Device(device, office), events)
        conn.execute("UPDATE devices SET acked_seq = %s, last_hash = %s, last_push_at = now() "
                     "WHERE id = %s", (seq, prev, device))
    return events
