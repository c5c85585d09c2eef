"""The sync protocol's server side (docs/SYNC.md): enroll, authenticate, push, pull.

Each function takes a psycopg connection from the pool and runs its own transaction.
Refusals are ``Refused(status, error, message, **extra)``; the HTTP layer turns them
into ``{"error", "message", ...}`` bodies.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import psycopg

from counter_app.domain.codes import TAG_LETTERS
from counter_app.domain.events import GENESIS, chain_hash
from sync_server import auth, wire
from sync_server.hub import notify

MAX_BATCH = 500
HUB_DEVICE_PREFIX = "hub-"      # the office hub's own device (sync_server/hub/ledger.py)
MAX_PULL = 1000
ENROLL_CODE_HOURS = 24


class Refused(Exception):
    def __init__(self, status: int, error: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, {"error": error, "message": message, **extra}


@dataclass(frozen=True)
class Device:
    id: str
    office: str


def authenticate(conn: psycopg.Connection, secret: str | None) -> Device:
    """The device a bearer secret belongs to: 401 when unknown, 403 when revoked."""
    if not secret:
        raise Refused(401, "unauthorized", "Thiếu mã bí mật của thiết bị.")
    row = conn.execute("SELECT id, office, secret_hash, revoked_at, replaced_by FROM devices "
                       "WHERE secret_hash = %s", (auth.digest(secret),)).fetchone()
    if row is None or not auth.same_digest(row[2], secret):
        raise Refused(401, "unauthorized", "Mã bí mật của thiết bị không đúng.")
    if row[3] is not None:
        raise Refused(403, "revoked", "Thiết bị này đã bị thu hồi quyền đồng bộ.")
    if row[4] is not None:
        # Re-enrolled under a new id (sync_server/reenroll.py): it may push no more.
        raise Refused(403, "replaced", f"Thiết bị này đã được đăng ký lại với mã thiết bị "
                      f"{row[4]}; máy phải dùng mã mới.")
    return Device(row[0], row[1])


def enroll(conn: psycopg.Connection, code: Any, device_id: Any, label: Any) -> dict:
    """Exchange a one-time code for a device secret (returned once, kept only hashed)."""
    if not (isinstance(code, str) and isinstance(device_id, str) and device_id
            and len(device_id) <= wire.MAX_TEXT and isinstance(label, str | None)):
        raise Refused(400, "bad_request", "Yêu cầu đăng ký thiếu mã, mã thiết bị hoặc tên.")
    if device_id.startswith(HUB_DEVICE_PREFIX):
        # The office hub writes as "hub-<office>" (sync_server/hub/ledger.py): no device
        # may enroll under that name and push as the hub.
        raise Refused(400, "bad_request", "Mã thiết bị không được bắt đầu bằng “hub-”.")
    secret = auth.new_secret()
    with conn.transaction():
        row = conn.execute(
            "SELECT office FROM enroll_codes WHERE code_hash = %s AND used_at IS NULL "
            "AND expires_at > now() FOR UPDATE", (auth.digest(auth.normalise_code(code)),)
        ).fetchone()
        if row is None:
            raise Refused(403, "bad_code", "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn.")
        if conn.execute("SELECT 1 FROM devices WHERE id = %s", (device_id,)).fetchone():
            raise Refused(409, "already_enrolled",
                          "Thiết bị này đã được đăng ký; hãy thu hồi nó trước khi đăng ký lại.")
        # Serialise enrollments of one office while its island tags are handed out.
        conn.execute("SELECT 1 FROM offices WHERE code = %s FOR UPDATE", (row[0],))
        tag = island_tag([r[0] for r in conn.execute(
            "SELECT island_tag FROM devices WHERE office = %s", (row[0],))])
        conn.execute("INSERT INTO devices (id, office, label, secret_hash, island_tag) "
                     "VALUES (%s,%s,%s,%s,%s)",
                     (device_id, row[0], (label or "")[:wire.MAX_TEXT], auth.digest(secret), tag))
        conn.execute("UPDATE enroll_codes SET used_at = now(), used_by = %s WHERE code_hash = %s",
                     (device_id, auth.digest(auth.normalise_code(code))))
        now = _now(conn)
    return {"device_id": device_id, "office": row[0], "secret": secret, "server_time": now,
            "island_tag": tag}


# Letters that read plainly after a service letter on a ticket ("AK005") and are not
# easily taken for a digit (no I, O) — then K2, L2… for very large offices. The order
# also gives each tag its block of dossier codes (domain.codes.island_block).
_TAG_LETTERS = TAG_LETTERS


def island_tag(taken: list[str | None]) -> str:
    """The first island tag no device of the office has (docs/OFFICE.md)."""
    used = set(taken)
    for round_ in range(1, 100):
        for letter in _TAG_LETTERS:
            tag = letter if round_ == 1 else f"{letter}{round_}"
            if tag not in used:
                return tag
    raise Refused(409, "too_many_devices", "Đơn vị đã có quá nhiều thiết bị.")


def status(conn: psycopg.Connection, device: Device) -> dict:
    acked, last_hash, tag = conn.execute(
        "SELECT acked_seq, last_hash, island_tag FROM devices WHERE id = %s",
        (device.id,)).fetchone()
    hashes = [{"officer_id": r[0], "digest": r[1], "password_hash": r[2]} for r in conn.execute(
        "SELECT officer_id, digest, password_hash FROM credentials WHERE office = %s "
        "ORDER BY officer_id", (device.office,))]
    return {"device_id": device.id, "office": device.office, "acked_seq": acked,
            "last_hash": last_hash, "server_time": _now(conn), "island_tag": tag,
            "credentials": hashes}


# The event of the office that set a credential: the newest password event of the officer
# naming its digest (an older version's events carry the hash itself).
_CREDENTIAL_EVENT = """
SELECT max(hlc) FROM events
 WHERE office = %s AND entity = 'officer' AND entity_id = %s AND quarantined IS NULL
   AND type IN ('officer.created', 'officer.updated')
   AND (payload->>'credential' = %s
        OR encode(sha256(convert_to(payload->>'password_hash', 'UTF8')), 'hex') = %s)
"""


def credentials(conn: psycopg.Connection, device: Device, items: Any) -> dict:
    """Keep the password hashes a device sends, each only if an event of the office names
    it and it is newer than the one kept (an older password replaces nothing).
    Returns the digests accepted (kept, or known and older: the device need not send
    them again)."""
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise Refused(400, "bad_request", "Thân yêu cầu phải có danh sách credentials.")
    accepted = []
    with conn.transaction():
        for item in items:
            values = [item.get(k) if isinstance(item, dict) else None
                      for k in ("officer_id", "digest", "password_hash")]
            if not all(isinstance(v, str) and v and len(v) <= 512 for v in values) or \
                    hashlib.sha256(values[2].encode("utf-8")).hexdigest() != values[1]:
                raise Refused(400, "bad_credential", "Dữ liệu mật khẩu gửi lên không hợp lệ.")
            officer, digest, value = values
            hlc = conn.execute(_CREDENTIAL_EVENT, (device.office, officer, digest,
                                                   digest)).fetchone()[0]
            if hlc is None:
                continue        # its event is not here (yet): sent again with the next push
            conn.execute(
                "INSERT INTO credentials (office, officer_id, digest, password_hash, hlc) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (office, officer_id) DO UPDATE SET "
                "digest = excluded.digest, password_hash = excluded.password_hash, "
                "hlc = excluded.hlc WHERE credentials.hlc < excluded.hlc",
                (device.office, officer, digest, value, hlc))
            accepted.append(digest)
    return {"accepted": accepted}


def push(conn: psycopg.Connection, device: Device, events: Any) -> dict:
    """Store a batch of the device's events: idempotent, gap-free, chain-checked.

    Rules (docs/SYNC.md §push): the batch is the caller's own events, ascending and
    contiguous; events at or below ``acked_seq`` are already stored and only compared;
    the first new one must be ``acked_seq + 1`` (else 409 gap); each new one must chain
    to its predecessor (else 422 at that seq: what precedes it is kept, the break is
    recorded); events that break a rule are stored quarantined and acknowledged.
    """
    _check_batch(device, events)
    with conn.transaction():
        acked, last_hash = conn.execute(
            "SELECT acked_seq, last_hash FROM devices WHERE id = %s FOR UPDATE",
            (device.id,)).fetchone()
        new = [e for e in events if e["device_seq"] > acked]
        if new and new[0]["device_seq"] != acked + 1:
            raise Refused(409, "gap", f"Thiếu sự kiện: máy chủ cần số thứ tự {acked + 1} trước.",
                          expected_seq=acked + 1)
        broken = _changed_since_ack(conn, device, [e for e in events if e["device_seq"] <= acked])
        good, broken = ([], broken) if broken else _chained_prefix(new, last_hash)
        insert_events(conn, device, good)
        conn.execute("UPDATE devices SET acked_seq = %s, last_hash = %s, last_push_at = now() "
                     "WHERE id = %s", (good[-1]["device_seq"] if good else acked,
                                       good[-1]["hash"] if good else last_hash, device.id))
        if good:
            notify.send(conn, device.office, "events", device.id)  # on commit: streams pull
        if broken:
            # Kept with the prefix before it: the administrator sees it in `chain-breaks`.
            conn.execute("INSERT INTO chain_breaks (device, seq, reason) VALUES (%s, %s, %s)",
                         (device.id, *broken))
        quarantined = [r[0] for r in conn.execute(
            "SELECT id FROM events WHERE id = ANY(%s) AND quarantined IS NOT NULL "
            "ORDER BY device_seq", ([e["id"] for e in events],))]
    if broken:
        raise Refused(422, "chain", f"Chuỗi băm của thiết bị bị đứt tại sự kiện số {broken[0]}: "
                      f"{broken[1]}.", seq=broken[0])
    return {"acked_seq": good[-1]["device_seq"] if good else acked, "quarantined": quarantined}


def _check_batch(device: Device, events: Any) -> None:
    if not isinstance(events, list):
        raise Refused(400, "bad_request", "Thân yêu cầu phải có danh sách events.")
    if len(events) > MAX_BATCH:
        raise Refused(413, "too_large", f"Mỗi lần gửi tối đa {MAX_BATCH} sự kiện.")
    for event in events:
        problem = wire.shape_error(event)
        if problem:
            raise Refused(400, "bad_event", f"Sự kiện không hợp lệ: {problem}.")
        if event["device_id"] != device.id:
            raise Refused(403, "foreign_event",
                          "Thiết bị chỉ được gửi sự kiện do chính nó ghi.")
    seqs = [e["device_seq"] for e in events]
    if seqs and seqs != list(range(seqs[0], seqs[0] + len(seqs))):
        raise Refused(400, "not_contiguous",
                      "Các sự kiện trong một lần gửi phải liên tiếp theo số thứ tự tăng dần.")


def _changed_since_ack(conn: psycopg.Connection, device: Device,
                      known: list[dict]) -> tuple[int, str] | None:
    """(seq, reason) of the first re-sent event that is not the one stored (another id or
    hash): the device's log changed after the server acknowledged it. None when all match."""
    if not known:
        return None
    stored = dict(conn.execute(
        "SELECT device_seq, id || ' ' || hash FROM events WHERE device_id = %s "
        "AND device_seq BETWEEN %s AND %s",
        (device.id, known[0]["device_seq"], known[-1]["device_seq"])).fetchall())
    for event in known:
        if stored.get(event["device_seq"]) != f"{event['id']} {event['hash']}":
            return event["device_seq"], "sự kiện gửi lại khác với bản máy chủ đã nhận"
    return None


def _chained_prefix(new: list[dict], last_hash: str) -> tuple[list[dict], tuple | None]:
    """The events that chain correctly from ``last_hash``, and (seq, reason) of the first
    that does not (None when all do). The link is ``chain_hash``, the one definition."""
    prev = last_hash or GENESIS
    for i, event in enumerate(new):
        if event["prev_hash"] != prev:
            return new[:i], (event["device_seq"], "prev_hash không khớp với sự kiện trước")
        if chain_hash(event, prev) != event["hash"]:
            return new[:i], (event["device_seq"], "hash không khớp với nội dung sự kiện")
        prev = event["hash"]
    return new, None


# One statement per batch: the columns travel as arrays (binary: text arrays would be
# escaped character by character) and are unnested on the server, in the batch's order.
# executemany sent one statement per row (docs/PERFORMANCE.md, sync).
_INSERT = """
INSERT INTO events (id, device_id, device_seq, hlc, officer_id, entity, entity_id, type,
                    schema_version, payload, recorded_at, prev_hash, hash, office, quarantined)
SELECT id, device_id, device_seq, hlc, officer_id, entity, entity_id, type, schema_version,
       payload::jsonb, recorded_at, prev_hash, hash, %s, quarantined
  FROM unnest(%b::text[], %b::text[], %b::bigint[], %b::text[], %b::text[], %b::text[],
              %b::text[], %b::text[], %b::integer[], %b::text[], %b::text[], %b::text[],
              %b::text[], %b::text[]) WITH ORDINALITY
       AS b(id, device_id, device_seq, hlc, officer_id, entity, entity_id, type,
            schema_version, payload, recorded_at, prev_hash, hash, quarantined, n)
 ORDER BY n
ON CONFLICT DO NOTHING
"""
_ARRAYS = ("id", "device_id", "device_seq", "hlc", "officer_id", "entity", "entity_id", "type",
           "schema_version", "payload", "recorded_at", "prev_hash", "hash")


def insert_events(conn: psycopg.Connection, device: Device, events: list[dict]) -> None:
    """Insert new events, each with its quarantine reason (NULL when it breaks no rule)."""
    if not events:
        return
    columns = [[e[name] for e in events] for name in _ARRAYS]
    columns[_ARRAYS.index("payload")] = [json.dumps(e["payload"], ensure_ascii=False)
                                         for e in events]
    conn.execute(_INSERT, (device.office, *columns, [wire.rule_breach(e) for e in events]))
    stored = conn.execute("SELECT count(*) FROM events WHERE device_id = %s AND device_seq "
                          "BETWEEN %s AND %s", (device.id, events[0]["device_seq"],
                                                events[-1]["device_seq"])).fetchone()[0]
    if stored != len(events):
        # ON CONFLICT skipped a row although its seq is new: its id is another event's.
        raise Refused(409, "id_taken", "Mã sự kiện đã được một sự kiện khác dùng.")


_PULL = """
WITH after AS (SELECT coalesce((SELECT xid FROM events WHERE pos = %(cursor)s), '0'::xid8) AS xid)
SELECT e.pos, e.quarantined, e.id, e.device_id, e.device_seq, e.hlc, e.officer_id, e.entity,
       e.entity_id, e.type, e.schema_version, e.payload, e.recorded_at, e.prev_hash, e.hash
  FROM events e, after
 WHERE e.office = %(office)s
   AND (e.xid, e.pos) > (after.xid, %(cursor)s)
   AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY e.xid, e.pos
 LIMIT %(limit)s
"""


def pull(conn: psycopg.Connection, device: Device, cursor: str, limit: str) -> dict:
    """The office's events after ``cursor``, in (transaction id, pos) order.

    Why this order and this fence: ``pos`` is handed out at insert time but transactions
    commit out of order, so "pos > cursor" would skip a row whose transaction commits
    after a later row was read. Only rows of transactions older than the oldest one still
    running (``xid < pg_snapshot_xmin``) are handed out: that set never grows behind the
    cursor. The cursor is the ``pos`` of the last row scanned; its ``xid`` is looked up.
    Quarantined rows are handed out too, flagged ``"quarantined": reason``: a client
    never applies them but verifies and keeps them in its device's chain, so the
    device's later events still apply and ``db check`` sees no gap (docs/SYNC.md).
    """
    try:
        after, count = int(cursor), int(limit)
    except ValueError:
        raise Refused(400, "bad_request", "cursor và limit phải là số nguyên.") from None
    if after < 0 or not 1 <= count <= MAX_PULL:
        raise Refused(400, "bad_request", f"limit phải từ 1 đến {MAX_PULL}; cursor không âm.")
    with conn.transaction():
        if after and not conn.execute("SELECT 1 FROM events WHERE pos = %s",
                                      (after,)).fetchone():
            raise Refused(400, "bad_cursor", "Con trỏ đồng bộ không hợp lệ.")
        rows, new_cursor, more = office_events_after(conn, device.office, after, count)
        conn.execute("UPDATE devices SET last_pull_at = now(), pull_cursor = %s WHERE id = %s",
                     (new_cursor, device.id))
    events = [{**dict(zip(wire.FIELDS, r[2:])), **({"quarantined": r[1]} if r[1] else {})}
              for r in rows]
    return {"events": events, "cursor": str(new_cursor), "more": more}


def office_events_after(conn: psycopg.Connection, office: str, cursor: int,
                        limit: int) -> tuple[list[tuple], int, bool]:
    """Up to ``limit`` rows ``(pos, quarantined, *wire.FIELDS)`` of ``office`` after
    ``cursor``, fenced and ordered as ``pull`` explains; with the new cursor and whether
    more rows wait. The one reading of an office's stream: a device's pull and the
    server's own read model (sync_server/read_model) both walk it. Call inside a
    transaction."""
    rows = conn.execute(_PULL, {"cursor": cursor, "office": office,
                                "limit": limit + 1}).fetchall()
    more, rows = len(rows) > limit, rows[:limit]
    return rows, (rows[-1][0] if rows else cursor), more


def _now(conn: psycopg.Connection) -> str:
    return conn.execute(
        "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    ).fetchone()[0]
