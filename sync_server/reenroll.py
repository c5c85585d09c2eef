"""Re-enrolling a PC under a new device id (docs/SYNC.md, "Re-enrolling a restored PC").

A PC restored from a backup that then recorded new events before it synced has two
different histories under one device id: the server's (what it pushed after the
backup) and its own. Neither may be dropped, and no sequence number may carry two
events. So the device asks, with its own secret, for a new identity:

- the server creates a new device of the same office (a new id, a new secret, its own
  island tag) and marks the old one ``replaced_by`` it: the old device keeps every
  event the server has (they stay in the office's stream) and may push no more;
- the answer lists the ids the server holds for the old device from ``from_seq`` to
  ``to_seq`` (the PC compares them with its own to find where the histories part), and
  a pull cursor at or before the first of those events, so the PC pulls them again, now
  as another device's;
- asked again before the new device has pushed anything (the answer was lost), the same
  new device is given a fresh secret: the request can be repeated without harm.
"""

from __future__ import annotations


import psycopg

from counter_app.domain.ids import new_id
from sync_server import auth, wire
from sync_server.protocol import Refused, _now, island_tag

MAX_IDS = 100_000       # events the old device may differ by (a day's work is far fewer)


def reenroll(conn: psycopg.Connection, secret: str | None, body: dict) -> dict:
    from_seq, to_seq, cursor = body.get("from_seq"), body.get("to_seq"), body.get("cursor", "0")
    label = body.get("label")
    if type(from_seq) is not int or type(to_seq) is not int or not 1 <= from_seq \
            or to_seq - from_seq > MAX_IDS or not isinstance(label, str | None) \
            or not (isinstance(cursor, str) and cursor.isdigit()):
        raise Refused(400, "bad_request", "Yêu cầu đăng ký lại thiếu from_seq, to_seq hoặc "
                      "cursor, hoặc khoảng sự kiện quá lớn.")
    if not secret:
        raise Refused(401, "unauthorized", "Thiếu mã bí mật của thiết bị.")
    new_secret = auth.new_secret()
    with conn.transaction():
        old = conn.execute(
            "SELECT id, office, label, revoked_at, replaced_by FROM devices "
            "WHERE secret_hash = %s FOR UPDATE", (auth.digest(secret),)).fetchone()
        if old is None:
            raise Refused(401, "unauthorized", "Mã bí mật của thiết bị không đúng.")
        if old[3] is not None:
            raise Refused(403, "revoked", "Thiết bị này đã bị thu hồi quyền đồng bộ.")
        device, office = old[0], old[1]
        if old[4] is not None:
            new = old[4]
            pushed = conn.execute("SELECT acked_seq FROM devices WHERE id = %s FOR UPDATE",
                                  (new,)).fetchone()[0]
            if pushed:
                raise Refused(409, "already_reenrolled",
                              f"Máy đã được đăng ký lại với mã thiết bị {new} và đã đồng bộ "
                              "bằng mã đó.")
            conn.execute("UPDATE devices SET secret_hash = %s WHERE id = %s",
                         (auth.digest(new_secret), new))
        else:
            new = new_id()
            conn.execute("SELECT 1 FROM offices WHERE code = %s FOR UPDATE", (office,))
            tag = island_tag([r[0] for r in conn.execute(
                "SELECT island_tag FROM devices WHERE office = %s", (office,))])
            conn.execute("INSERT INTO devices (id, office, label, secret_hash, island_tag) "
                         "VALUES (%s,%s,%s,%s,%s)",
                         (new, office, (label or old[2] or "")[:wire.MAX_TEXT],
                          auth.digest(new_secret), tag))
            conn.execute("UPDATE devices SET replaced_by = %s WHERE id = %s", (new, device))
        acked, last_hash, tag = conn.execute(
            "SELECT o.acked_seq, o.last_hash, n.island_tag FROM devices o, devices n "
            "WHERE o.id = %s AND n.id = %s", (device, new)).fetchone()
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM events WHERE device_id = %s AND device_seq BETWEEN %s AND %s "
            "ORDER BY device_seq", (device, from_seq, to_seq))]
        resume = _resume_cursor(conn, office, device, from_seq, int(cursor))
        now = _now(conn)
    return {"device_id": new, "office": office, "secret": new_secret, "island_tag": tag,
            "server_time": now, "cursor": str(resume),
            "replaces": {"device_id": device, "acked_seq": acked, "last_hash": last_hash,
                         "from_seq": from_seq, "ids": ids}}


def _resume_cursor(conn: psycopg.Connection, office: str, device: str, from_seq: int,
                   cursor: int) -> int:
    """A pull cursor at or before both ``cursor`` and the old device's first event from
    ``from_seq`` on, in the stream's (xid, pos) order (protocol.pull)."""
    first = conn.execute("SELECT xid, pos FROM events WHERE device_id = %s AND device_seq >= %s "
                         "ORDER BY xid, pos LIMIT 1", (device, from_seq)).fetchone()
    if first is None:
        return cursor
    before = conn.execute(
        "SELECT pos FROM events WHERE office = %s AND (xid, pos) < (%s, %s) "
        "ORDER BY xid DESC, pos DESC LIMIT 1", (office, first[0], first[1])).fetchone()
    if before is None or cursor == 0:
        return 0
    row = conn.execute("SELECT pos FROM events WHERE pos = ANY(%s) ORDER BY xid, pos LIMIT 1",
                       ([before[0], cursor],)).fetchone()
    return row[0] if row else before[0]

