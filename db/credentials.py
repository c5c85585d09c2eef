"""Officers' password hashes, kept beside the event log where they can be replaced.

Rules (docs/SECURITY.md, "Password hashes"):
- ``credentials`` holds ``(officer_id, digest) → password_hash``; the officer's
  current one is the row whose digest the log's newest password event names
  (``officers.credential``, a projection). It is not a projection: a rebuild from
  the log leaves it alone (the log no longer has the hashes to rebuild it from).
- ``shared`` says the sync server has the row (or it came from there); a row set
  here waits with 0 until the server accepted it. Rows the log no longer names (an
  older password) are deleted: nothing older is kept.
- Older versions wrote the hash into the events themselves. ``scrub`` replaces it in
  every such event the sync server already has (any other device's, this device's
  acknowledged ones) by its digest, and records what it did as a chained event of
  this device, ``log.scrubbed`` ``{"events": {event id: hash of the scrubbed
  event}}``. The scrubbed event keeps its original ``hash``, so the links of its
  device's chain hold; ``db check`` accepts its content when a ``log.scrubbed``
  event in the log vouches for exactly that content (db/chain.py). An event is
  scrubbed only if it still matches its own hash: an edit is never laundered.
  This device's events not yet pushed keep the hash until the server has them
  (then they are scrubbed): pushed content must match the hash the server checks.
  On a device the server has nothing of (none acknowledged) there is no other copy
  of its chain: its own
  events are scrubbed at once and its chain recomputed from the first of them
  (``_rechain``), the ids listed in the ``log.scrubbed`` record.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

from counter_app.domain.credentials import LEGACY_FIELD, PASSWORD_EVENTS, digest, redact
from counter_app.domain.events import CHAINED_FIELDS, SYSTEM_OFFICER, Event, NewEvent, \
    chain_hash, dump_payload
from db import event_store, projections

SCRUBBED = "log.scrubbed"
MAX_HASH = 512      # an argon2 hash is about 100 characters; anything longer is not one


def store(conn: sqlite3.Connection, officer_id: str, password_hash: str,
          shared: bool = False, replace: bool = False) -> str:
    """Keep a hash (inside the caller's transaction); returns its digest. ``replace``
    (a password set on this PC, its event recorded in the same transaction): the
    officer's other hashes go."""
    key = digest(password_hash)
    if replace:
        conn.execute("DELETE FROM credentials WHERE officer_id = ? AND digest <> ?",
                     (officer_id, key))
    conn.execute(
        "INSERT INTO credentials (officer_id, digest, password_hash, shared) VALUES (?,?,?,?) "
        "ON CONFLICT (officer_id, digest) DO UPDATE SET shared = "
        "CASE WHEN excluded.shared > credentials.shared THEN excluded.shared "
        "ELSE credentials.shared END", (officer_id, key, password_hash, int(shared)))
    return key


def current_hash(conn: sqlite3.Connection, officer_id: str) -> str | None:
    """The officer's hash the log names now; None when it has not reached this PC."""
    row = conn.execute(
        "SELECT c.password_hash FROM officers o JOIN credentials c ON c.officer_id = o.id "
        "AND c.digest = o.credential WHERE o.id = ?", (officer_id,)).fetchone()
    return row[0] if row else None


def unshared(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute("SELECT officer_id, digest, password_hash FROM credentials "
                        "WHERE shared = 0 ORDER BY officer_id, digest")
    return [{"officer_id": r[0], "digest": r[1], "password_hash": r[2]} for r in rows]


def mark_shared(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> None:
    conn.executemany("UPDATE credentials SET shared = 1 WHERE officer_id = ? AND digest = ?",
                     list(pairs))


def new_rows(conn: sqlite3.Connection, rows: Any) -> list[tuple[str, str]]:
    """(officer id, hash) of the rows the server handed out (``/v1/status``) that this PC
    does not hold as shared yet, each checked against its digest (read only)."""
    found = []
    for row in rows if isinstance(rows, list) else ():
        if not isinstance(row, dict):
            continue
        officer, key, value = row.get("officer_id"), row.get("digest"), row.get("password_hash")
        if all(isinstance(v, str) and v for v in (officer, key, value)) \
                and len(value) <= MAX_HASH and digest(value) == key \
                and conn.execute("SELECT 1 FROM credentials WHERE officer_id = ? AND digest = ? "
                                 "AND shared = 1", (officer, key)).fetchone() is None:
            found.append((officer, value))
    return found


def receive(conn: sqlite3.Connection, rows: Any) -> int:
    """Keep the new hashes the server handed out; returns how many."""
    fresh = new_rows(conn, rows)
    for officer, value in fresh:
        store(conn, officer, value, shared=True)
    return len(fresh)


# A row the log does not name now: an older password, or one whose event is not here yet.
_STALE = ("digest <> coalesce((SELECT credential FROM officers "
          "WHERE officers.id = credentials.officer_id), '')")


def prune(conn: sqlite3.Connection) -> None:
    """Forget hashes the log does not name now (older passwords; a hash received before
    its event comes again with the next sync)."""
    conn.execute(f"DELETE FROM credentials WHERE {_STALE}")


def tidy_due(conn: sqlite3.Connection) -> bool:
    """Whether ``scrub`` or ``prune`` has anything to do (read only, cheap): a sync need
    not take the write lock for nothing."""
    legacy = conn.execute(
        f"SELECT 1 FROM events WHERE entity = 'officer' AND type IN "
        f"({', '.join('?' * len(PASSWORD_EVENTS))}) AND instr(payload, ?) > 0 LIMIT 1",
        (*PASSWORD_EVENTS, f'"{LEGACY_FIELD}"')).fetchone()
    return legacy is not None or conn.execute(
        f"SELECT 1 FROM credentials WHERE {_STALE} LIMIT 1").fetchone() is not None


def capture_legacy(conn: sqlite3.Connection, event: Event) -> None:
    """Keep the hash a pulled event of an older version carries (until scrubbed)."""
    if event.type in PASSWORD_EVENTS and isinstance(event.payload.get(LEGACY_FIELD), str):
        store(conn, event.entity_id, event.payload[LEGACY_FIELD], shared=True)


def scrub(conn: sqlite3.Connection, now_ms: int) -> int:
    """Replace the hashes older versions wrote into events the server already has (see
    the module's rules); inside the caller's write transaction. Returns how many."""
    own = conn.execute("SELECT device_id, push_acked_seq FROM device_state WHERE id = 1"
                       ).fetchone()
    if own is None:
        return 0
    # The server has none of this device's events: nothing acknowledged. (The one
    # exception, a first push stored whose answer was lost, lasts until the next
    # /v1/status records the server's ack; a chain recomputed in that moment is then
    # refused by the server as changed — "đăng ký lại", docs/SECURITY.md.)
    rechained = _rechain(conn, own[0]) if own[1] == 0 else []
    rows = conn.execute(
        f"SELECT pos, {', '.join(CHAINED_FIELDS)}, prev_hash, hash FROM events "
        f"WHERE type IN ({', '.join('?' * len(PASSWORD_EVENTS))}) AND instr(payload, ?) > 0 "
        "AND (device_id <> ? OR device_seq <= ?) ORDER BY pos",
        (*PASSWORD_EVENTS, f'"{LEGACY_FIELD}"', own[0], own[1])).fetchall()
    vouches: dict[str, str] = {}
    for row in rows:
        event = dict(zip(CHAINED_FIELDS, tuple(row)[1:-2]))
        prev_hash, stored = row[-2], row[-1]
        event["payload"] = json.loads(event["payload"])
        if LEGACY_FIELD not in event["payload"] or chain_hash(event, prev_hash) != stored:
            continue        # edited after it was recorded: left for db check to report
        if isinstance(event["payload"][LEGACY_FIELD], str):
            store(conn, event["entity_id"], event["payload"][LEGACY_FIELD], shared=True)
        event["payload"] = redact(event["payload"])
        vouches[event["id"]] = chain_hash(event, prev_hash)
        conn.execute("UPDATE events SET payload = ? WHERE pos = ?",
                     (dump_payload(event["payload"]), row[0]))
    if vouches or rechained:
        record = {"events": vouches}
        if rechained:
            record["rechained"] = rechained
        for recorded in event_store.append(conn, now_ms, SYSTEM_OFFICER, [
                NewEvent("log", own[0], SCRUBBED, record)]):
            projections.apply(conn, recorded)
        prune(conn)
    return len(vouches) + len(rechained)


def _rechain(conn: sqlite3.Connection, device: str) -> list[str]:
    """On a device that has never synced, no copy of its chain exists anywhere else: its
    own events that carry a hash are scrubbed and its chain is computed again from the
    first of them on (each later link too; ``device_state.last_hash`` follows), so they
    need no vouching. Returns the ids scrubbed (listed in the ``log.scrubbed`` record)."""
    first = conn.execute(
        f"SELECT min(device_seq) FROM events WHERE device_id = ? AND type IN "
        f"({', '.join('?' * len(PASSWORD_EVENTS))}) AND instr(payload, ?) > 0",
        (device, *PASSWORD_EVENTS, f'"{LEGACY_FIELD}"')).fetchone()[0]
    if first is None:
        return []
    before = conn.execute("SELECT hash FROM events WHERE device_id = ? AND device_seq = ?",
                          (device, first - 1)).fetchone()
    prev, scrubbed, after = (before[0] if before else ""), [], first - 1
    while True:     # in slices, not updating under an open read
        rows = conn.execute(
            f"SELECT pos, {', '.join(CHAINED_FIELDS)} FROM events WHERE device_id = ? "
            "AND device_seq > ? ORDER BY device_seq LIMIT 5000", (device, after)).fetchall()
        if not rows:
            break
        updates = []
        for row in rows:
            event = dict(zip(CHAINED_FIELDS, tuple(row)[1:]))
            payload = json.loads(event["payload"])
            if event["type"] in PASSWORD_EVENTS and LEGACY_FIELD in payload:
                if isinstance(payload[LEGACY_FIELD], str):
                    store(conn, event["entity_id"], payload[LEGACY_FIELD])
                payload = redact(payload)
                scrubbed.append(event["id"])
            event["payload"] = payload
            link = chain_hash(event, prev)
            updates.append((dump_payload(payload), prev, link, row[0]))
            prev, after = link, event["device_seq"]
        conn.executemany("UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE pos = ?",
                         updates)
    conn.execute("UPDATE device_state SET last_hash = ? WHERE id = 1", (prev,))
    return scrubbed


def vouches(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every scrubbed event's vouched-for hash(es), from the ``log.scrubbed`` events."""
    found: dict[str, set[str]] = {}
    for (text,) in conn.execute("SELECT payload FROM events WHERE type = ?", (SCRUBBED,)):
        try:
            listed = json.loads(text).get("events")
        except (ValueError, AttributeError):
            continue
        for event_id, value in (listed.items() if isinstance(listed, dict) else ()):
            if isinstance(value, str):
                found.setdefault(event_id, set()).add(value)
    return found
