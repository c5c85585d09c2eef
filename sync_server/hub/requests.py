"""Hub requests by id, and settling the ones whose answer was lost (docs/OFFICE.md,
"Lost answers").

Every queue request carries an id the PC made (``request_id``). The hub records, in the
transaction of the decision, the answer it gave (``hub_requests``): the same id again gets
that answer and decides nothing new. When the answer never reached the PC (the network
cut mid-answer, or the hub slower than the PC's read timeout), the PC decided alone and
later reports the id (``POST /v1/hub/queue/settle``); the hub then undoes its own
decision as decisions of its own — the number nobody holds is cancelled, the call nobody
heard goes back to the waiting list — so the office's queue holds only what a PC acted on.
An id reported before its request arrived is recorded as settled, and that request, if it
comes at last, decides nothing.
"""

from __future__ import annotations

import json

import psycopg
from psycopg.types.json import Jsonb

from sync_server.protocol import Device, Refused

MAX_SETTLE = 200


def request_id(body: dict) -> str | None:
    """The request's id; None from a PC older than request ids (not idempotent then)."""
    value = body.get("request_id")
    if value is None:
        return None
    if not isinstance(value, str) or not 8 <= len(value) <= 64:
        raise Refused(400, "bad_request", "Mã yêu cầu (request_id) không hợp lệ.")
    return value


def recorded(conn: psycopg.Connection, office: str, rid: str | None) -> dict | None:
    """The answer already given to ``rid`` (a retry), or None when it is new. Called in
    the decision's transaction, holding the office's lock."""
    if rid is None:
        return None
    row = conn.execute("SELECT answer FROM hub_requests WHERE office = %s AND request_id = %s",
                       (office, rid)).fetchone()
    if row is None:
        return None
    if row[0] is None:
        raise Refused(409, "settled", "Yêu cầu này đã được máy gửi báo là không nhận được trả "
                      "lời và đã tự xử lý; máy chủ không quyết định lại.")
    return row[0]


def record(conn: psycopg.Connection, office: str, rid: str | None, device: Device,
           action: str, officer: str, counter: int | None, answer: dict) -> None:
    if rid is None:
        return
    stored = json.loads(json.dumps(answer, default=str))
    conn.execute(
        "INSERT INTO hub_requests (office, request_id, device_id, action, officer_id, counter, "
        "answer) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (office, rid, device.id, action, officer, counter, Jsonb(stored)))


def ids_to_settle(body: dict) -> list[str]:
    ids = body.get("request_ids")
    if not isinstance(ids, list) or len(ids) > MAX_SETTLE or not all(
            isinstance(i, str) and 8 <= len(i) <= 64 for i in ids):
        raise Refused(400, "bad_request", f"request_ids phải là danh sách (tối đa {MAX_SETTLE}) "
                      "mã yêu cầu.")
    return list(dict.fromkeys(ids))


def take(conn: psycopg.Connection, office: str, rid: str, device: Device) -> dict | None:
    """The unsettled decision ``device`` asked for under ``rid``, locked for settling, or
    None (never decided: recorded as settled so a late request decides nothing; already
    settled; another device's id, which it cannot settle)."""
    row = conn.execute(
        "SELECT device_id, action, officer_id, counter, answer, settled_at, outcome "
        "FROM hub_requests WHERE office = %s AND request_id = %s FOR UPDATE",
        (office, rid)).fetchone()
    if row is None:
        conn.execute("INSERT INTO hub_requests (office, request_id, device_id, action, "
                     "settled_at, outcome) VALUES (%s, %s, %s, 'unknown', now(), "
                     "'never_decided')", (office, rid, device.id))
        return {"outcome": "never_decided"}
    device_id, action, officer, counter, answer, settled_at, outcome = row
    if device_id != device.id:
        return {"outcome": "not_yours"}
    if settled_at is not None:
        return {"outcome": outcome}
    return {"action": action, "officer_id": officer, "counter": counter, "answer": answer}


def mark_settled(conn: psycopg.Connection, office: str, rid: str, outcome: str) -> None:
    conn.execute("UPDATE hub_requests SET settled_at = now(), outcome = %s "
                 "WHERE office = %s AND request_id = %s", (outcome, office, rid))
