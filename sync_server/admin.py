"""What the administrator does from the command line: offices, enrollment codes, devices,
revocation, and the lists of quarantined events and chain breaks."""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg.rows import dict_row

from sync_server import auth
from sync_server.errors import ServerError
from sync_server.protocol import ENROLL_CODE_HOURS

_OFFICE_CODE = re.compile(r"[A-Za-z0-9._-]{1,40}")


def add_office(conn: psycopg.Connection, code: str, name: str, agency: str | None) -> dict:
    if not _OFFICE_CODE.fullmatch(code):
        raise ServerError(f"Mã đơn vị {code!r} không hợp lệ: chỉ chữ, số, dấu . _ - "
                          "(tối đa 40 ký tự).")
    if not name.strip():
        raise ServerError("Tên đơn vị không được để trống.")
    with conn.transaction():
        if conn.execute("SELECT 1 FROM offices WHERE code = %s", (code,)).fetchone():
            raise ServerError(f"Đơn vị {code} đã có.")
        conn.execute("INSERT INTO offices (code, name, agency) VALUES (%s, %s, %s)",
                     (code, name.strip(), agency))
    return {"code": code, "name": name.strip(), "agency": agency}


def enroll_code(conn: psycopg.Connection, office: str, hours: int = ENROLL_CODE_HOURS) -> dict:
    """A new one-time code for ``office``; only its hash is stored, so it is shown once."""
    if not 1 <= hours <= 24 * 30:
        raise ServerError("Thời hạn mã đăng ký phải từ 1 đến 720 giờ.")
    require_office(conn, office)
    code = auth.new_code()
    expires = conn.execute(
        "INSERT INTO enroll_codes (code_hash, office, expires_at) "
        "VALUES (%s, %s, now() + make_interval(hours => %s)) RETURNING expires_at",
        (auth.digest(code), office, hours)).fetchone()[0]
    return {"code": code, "office": office, "expires_at": expires.isoformat()}


_DEVICES = """
SELECT d.id, d.office, d.label, d.enrolled_at, d.revoked_at, d.replaced_by, d.acked_seq,
       d.last_push_at, d.last_pull_at,
       (SELECT count(*) FROM events e WHERE e.office = d.office AND e.device_id <> d.id
           AND e.quarantined IS NULL
           AND (e.xid, e.pos) > (coalesce((SELECT xid FROM events WHERE pos = d.pull_cursor),
                                          '0'::xid8), d.pull_cursor)) AS pending_pull,
       (SELECT count(*) FROM events e WHERE e.device_id = d.id
           AND e.quarantined IS NOT NULL) AS quarantined,
       (SELECT count(*) FROM chain_breaks b WHERE b.device = d.id) AS chain_breaks
  FROM devices d
 WHERE %(office)s::text IS NULL OR d.office = %(office)s
 ORDER BY d.office, d.enrolled_at, d.id
"""


def devices(conn: psycopg.Connection, office: str | None) -> list[dict]:
    """Every device with its last sync, what it has not pulled yet, and its problems."""
    return _office_rows(conn, office, _DEVICES)


def revoke(conn: psycopg.Connection, device: str) -> dict:
    row = conn.execute("UPDATE devices SET revoked_at = coalesce(revoked_at, now()) "
                       "WHERE id = %s RETURNING office, revoked_at", (device,)).fetchone()
    if row is None:
        raise ServerError(f"Không có thiết bị {device}.")
    return {"device_id": device, "office": row[0], "revoked_at": row[1].isoformat()}


def quarantine(conn: psycopg.Connection, office: str | None) -> list[dict]:
    """Events stored but held back from every pull because they break a rule."""
    return _office_rows(conn, office, (
        "SELECT id, office, device_id, device_seq, type, entity, entity_id, recorded_at, "
        "received_at, quarantined AS reason FROM events WHERE quarantined IS NOT NULL "
        "AND (%(office)s::text IS NULL OR office = %(office)s) ORDER BY pos"))


def chain_breaks(conn: psycopg.Connection, office: str | None) -> list[dict]:
    """Pushes refused because a device's hash chain was broken (an edited or lost event)."""
    return _office_rows(conn, office, (
        "SELECT b.device, d.office, b.seq, b.reason, b.at FROM chain_breaks b "
        "JOIN devices d ON d.id = b.device "
        "WHERE %(office)s::text IS NULL OR d.office = %(office)s ORDER BY b.id"))


def _office_rows(conn: psycopg.Connection, office: str | None, sql: str) -> list[dict]:
    """Rows of a listing filtered by ``%(office)s`` (None: every office), JSON-ready."""
    if office:
        require_office(conn, office)
    with conn.cursor(row_factory=dict_row) as cur:
        return [_jsonable(r) for r in cur.execute(sql, {"office": office})]


def require_office(conn: psycopg.Connection, office: str) -> None:
    if not conn.execute("SELECT 1 FROM offices WHERE code = %s", (office,)).fetchone():
        raise ServerError(f"Không có đơn vị {office}. Thêm bằng: counter-sync-server office add.")


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
