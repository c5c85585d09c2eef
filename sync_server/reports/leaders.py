"""Leaders: who may read reports across offices over HTTP, and which offices.

A leader's token is a bearer secret like a device's (256 random bits, only its SHA-256
kept, compared in constant time) but lives in its own table: a device's secret opens
no report, and a leader's token opens nothing but the reports (``protocol.authenticate``
looks in ``devices`` only). An administrator creates and revokes leaders from the
command line (``counter-sync-server leader add|list|revoke``); the token is shown once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from sync_server import auth
from sync_server.errors import ServerError
from sync_server.protocol import Refused

_LEADER_ID = re.compile(r"[A-Za-z0-9._@-]{1,60}")


@dataclass(frozen=True)
class Leader:
    id: str
    name: str
    all_offices: bool
    offices: frozenset[str]

    def may_read(self, office: str) -> bool:
        return self.all_offices or office in self.offices


def add(conn: psycopg.Connection, leader_id: str, name: str, offices: list[str] | None) -> dict:
    """A new leader for ``offices`` (None: every office, now and later); returns the
    token, which is not kept and cannot be shown again."""
    if not _LEADER_ID.fullmatch(leader_id):
        raise ServerError(f"Mã lãnh đạo {leader_id!r} không hợp lệ: chỉ chữ, số, dấu . _ @ - "
                          "(tối đa 60 ký tự).")
    if not name.strip():
        raise ServerError("Tên lãnh đạo (hoặc cơ quan) không được để trống.")
    if offices is not None and not offices:
        raise ServerError("Cần ít nhất một đơn vị (--offices A,B) hoặc --all.")
    token = auth.new_secret()
    with conn.transaction():
        if conn.execute("SELECT 1 FROM leaders WHERE id = %s", (leader_id,)).fetchone():
            raise ServerError(f"Đã có lãnh đạo {leader_id}.")
        if offices:
            known = {r[0] for r in conn.execute(
                "SELECT code FROM offices WHERE code = ANY(%s)", (offices,))}
            missing = [o for o in offices if o not in known]
            if missing:
                raise ServerError(f"Không có đơn vị {', '.join(missing)}.")
        conn.execute("INSERT INTO leaders (id, name, token_hash, all_offices) "
                     "VALUES (%s, %s, %s, %s)",
                     (leader_id, name.strip(), auth.digest(token), offices is None))
        for office in sorted(set(offices or ())):
            conn.execute("INSERT INTO leader_offices (leader, office) VALUES (%s, %s)",
                         (leader_id, office))
    return {"id": leader_id, "name": name.strip(), "token": token,
            "offices": "all" if offices is None else sorted(set(offices))}


def listing(conn: psycopg.Connection) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT l.id, l.name, l.all_offices, l.created_at, l.revoked_at, l.last_used_at, "
            "coalesce(array_agg(o.office ORDER BY o.office) FILTER (WHERE o.office IS NOT NULL),"
            " '{}') AS offices FROM leaders l LEFT JOIN leader_offices o ON o.leader = l.id "
            "GROUP BY l.id ORDER BY l.id").fetchall()
    out = []
    for r in rows:
        every = r.pop("all_offices")
        out.append({**r, "offices": "all" if every else r["offices"],
                    **{k: r[k].isoformat() if r[k] else None
                       for k in ("created_at", "revoked_at", "last_used_at")}})
    return out


def revoke(conn: psycopg.Connection, leader_id: str) -> dict:
    row = conn.execute("UPDATE leaders SET revoked_at = coalesce(revoked_at, now()) "
                       "WHERE id = %s RETURNING revoked_at", (leader_id,)).fetchone()
    if row is None:
        raise ServerError(f"Không có lãnh đạo {leader_id}.")
    return {"id": leader_id, "revoked_at": row[0].isoformat()}


def authenticate(conn: psycopg.Connection, token: str | None) -> Leader:
    """The leader a bearer token belongs to. 401 when missing or unknown; 403 for a
    device's secret (a counter PC does not read other offices' reports) and for a
    revoked leader."""
    if not token:
        raise Refused(401, "unauthorized", "Thiếu mã truy cập của lãnh đạo.")
    hashed = auth.digest(token)
    row = conn.execute("SELECT id, name, token_hash, all_offices, revoked_at FROM leaders "
                       "WHERE token_hash = %s", (hashed,)).fetchone()
    if row is None or not auth.same_digest(row[2], token):
        if conn.execute("SELECT 1 FROM devices WHERE secret_hash = %s", (hashed,)).fetchone():
            raise Refused(403, "forbidden", "Mã bí mật của thiết bị không dùng để xem báo "
                          "cáo; báo cáo nhiều đơn vị cần mã truy cập của lãnh đạo.")
        raise Refused(401, "unauthorized", "Mã truy cập của lãnh đạo không đúng.")
    if row[4] is not None:
        raise Refused(403, "revoked", "Mã truy cập của lãnh đạo này đã bị thu hồi.")
    offices = frozenset(r[0] for r in conn.execute(
        "SELECT office FROM leader_offices WHERE leader = %s", (row[0],)))
    conn.execute("UPDATE leaders SET last_used_at = now() WHERE id = %s", (row[0],))
    return Leader(row[0], row[1], row[3], offices)


def scope(conn: psycopg.Connection, leader: Leader, asked: list[str] | None) -> list[str]:
    """The offices a leader's report covers: those asked for, every one of them in the
    leader's scope (403 naming the others), or without ``asked`` all in scope."""
    if asked:
        outside = [o for o in asked if not leader.may_read(o)]
        if outside:
            raise Refused(403, "out_of_scope", f"Không có quyền xem báo cáo của đơn vị "
                          f"{', '.join(outside)}.", offices=outside)
        return asked
    if leader.all_offices:
        return [r[0] for r in conn.execute("SELECT code FROM offices ORDER BY code")]
    return sorted(leader.offices)
