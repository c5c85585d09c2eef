"""Re-enrolling this PC under a new device id (docs/SYNC.md, "Re-enrolling a restored PC").

Why: a PC restored from a backup (``restore --offline``) that recorded new work before
its first sync holds, under its device id, events the server never saw at sequence
numbers where the server already has other events of this device (pushed after the
backup was taken). Pushing them would fork the chain; the sync refuses ("đăng ký lại").

How (``reenroll``), with the device's own secret, no new code needed:
1. The server gives a new device id and secret and retires the old id (it keeps every
   event it has, and takes no more pushes from it: sync_server/reenroll.py). Its answer
   lists the ids it holds for the old id from this PC's last acknowledged seq on.
2. Where the two histories part is the first seq whose event id differs (``fork``).
   The events before it are on the server already: they stay as they are, now
   another device's events in this PC's log. This PC's events from the fork on
   (never on the server) are re-issued under the new id, in their order, from seq 1,
   their chain recomputed (``_reissue``). Everything else stays: event ids, HLCs,
   times, officers and payloads — so dossier codes, ticket numbers and every id a
   payload names are the ones printed on paper.
3. The projections are rebuilt (rows that name the recording device now name the new
   one), the pull cursor moves back to before the old id's events this PC lacks, and
   all of it commits in one transaction; then the config takes the new secret.
4. A sync follows: the old id's events the server has come in as another device's,
   the re-issued ones go out under the new id. Nothing is lost, nothing doubled.
Repeated after a lost answer or a crash, step 1 gives the same new id again (a fresh
secret) and a database already moved to it only saves the config.
"""

from __future__ import annotations

import json
import sqlite3

from counter_app import config as config_mod
from counter_app.domain.events import CHAINED_FIELDS, GENESIS, chain_hash
from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded
from counter_app.sync import client
from counter_app.sync.transport import NotEnrolled, Refused, Transport
from db import commands
from db.connection import write_transaction


@guarded
def reenroll(core: Core, label: str | None = None, *, transport=None) -> dict:
    """Give this PC a new device id from the sync server and re-issue its events the
    server never had under it (see the module's rules); then sync once."""
    cfg = config_mod.load(core.config_path)
    if not (cfg.sync.server_url and cfg.sync.device_secret):
        raise NotEnrolled("Máy này chưa đăng ký với máy chủ đồng bộ: hãy dùng “Đăng ký máy "
                          "chủ đồng bộ” (counter-app sync enroll) thay vì đăng ký lại.")
    old = core.device_id
    state = core.conn.execute("SELECT next_seq, push_acked_seq, pull_cursor FROM device_state "
                              "WHERE id = 1").fetchone()
    with Transport(cfg.sync.server_url, cfg.sync.device_secret, transport=transport) as t:
        if not _needed(core.conn, old, t):
            raise UserInputError("Máy này không cần đăng ký lại: máy chủ và máy này có cùng "
                                 "lịch sử sự kiện. Hãy bấm “Đồng bộ ngay”.")
        answer = t.reenroll({"label": label or cfg.device.name or None,
                             "from_seq": state[1] + 1, "to_seq": max(state[0] - 1, state[1] + 1),
                             "cursor": state[2] or "0"})
    new, replaced = answer.get("device_id"), answer.get("replaces")
    if not (isinstance(new, str) and new and isinstance(answer.get("secret"), str)
            and isinstance(replaced, dict) and isinstance(replaced.get("ids"), list)):
        raise Refused(f"Máy chủ {cfg.sync.server_url} trả lời không đúng giao thức đồng bộ.")
    moved = kept = 0
    if old != new:
        if replaced.get("device_id") != old:
            raise Refused("Máy chủ trả lời về một thiết bị khác; chưa có gì thay đổi.")
        with write_transaction(core.conn):
            kept = fork(core.conn, old, replaced["from_seq"], replaced["ids"])
            moved = _reissue(core.conn, old, new, kept)
            core.conn.execute("UPDATE device_state SET pull_cursor = ? WHERE id = 1",
                              (str(answer.get("cursor") or "0"),))
            commands.replay(core.conn)
    tag = answer.get("island_tag")
    cfg.sync.device_secret = answer["secret"]
    cfg.sync.island_tag = tag if isinstance(tag, str) else ""
    config_mod.save(cfg, core.config_path)
    core.config = cfg
    summary = client.sync_once(core, transport=transport)
    return {"old_device": old, "device": new, "kept_on_server": kept, "reissued": moved,
            "sync": summary.as_dict(), "code_clashes": code_clashes(core.conn)}


def _needed(conn: sqlite3.Connection, device: str, t: Transport) -> bool:
    """Whether this PC's history and the server's differ under this device id (or the
    server already replaced the id: a re-enrollment to finish). A PC merely behind the
    server (restored, nothing recorded since) needs none, its sync takes its events back,
    but cannot be told apart from here; re-enrolled anyway, it re-issues nothing."""
    try:
        where = t.status()
    except Refused as exc:
        if exc.detail.get("error") == "replaced":
            return True
        raise
    acked = where.get("acked_seq")
    if where.get("device_id") != device or not isinstance(acked, int) or acked == 0:
        return where.get("device_id") != device
    mine = conn.execute("SELECT hash FROM events WHERE device_id = ? AND device_seq = ?",
                        (device, acked)).fetchone()
    # Behind the server (restored): the sync refused to go on, or the administrator
    # would not ask; the ids the server lists decide what is re-issued (maybe nothing).
    return mine is None or mine[0] != where.get("last_hash")


def fork(conn: sqlite3.Connection, device: str, from_seq: int, server_ids: list) -> int:
    """The last seq of ``device`` where this log and the server's copy hold the same
    event (the server listed its ids from ``from_seq`` on); from the next one on the
    two histories differ."""
    local = dict(conn.execute("SELECT device_seq, id FROM events WHERE device_id = ? AND "
                              "device_seq >= ?", (device, from_seq)).fetchall())
    last = from_seq - 1
    for offset, event_id in enumerate(server_ids):
        if local.get(from_seq + offset) != event_id:
            break
        last = from_seq + offset
    return last


def _reissue(conn: sqlite3.Connection, old: str, new: str, after: int) -> int:
    """This PC's events of ``old`` after ``after`` become ``new``'s events 1, 2, … (the
    same events, relinked); ``device_state`` follows. Returns how many."""
    rows = conn.execute(f"SELECT pos, {', '.join(CHAINED_FIELDS)} FROM events "
                        "WHERE device_id = ? AND device_seq > ? ORDER BY device_seq",
                        (old, after)).fetchall()
    prev, updates = GENESIS, []
    for seq, row in enumerate(rows, start=1):
        event = dict(zip(CHAINED_FIELDS, tuple(row)[1:]))
        event.update(device_id=new, device_seq=seq, payload=json.loads(event["payload"]))
        link = chain_hash(event, prev)
        updates.append((new, seq, prev, link, row[0]))
        prev = link
    # Out of the way first: (device_id, device_seq) is unique.
    conn.execute("UPDATE events SET device_seq = -device_seq WHERE device_id = ? AND "
                 "device_seq > ?", (old, after))
    conn.executemany("UPDATE events SET device_id = ?, device_seq = ?, prev_hash = ?, hash = ? "
                     "WHERE pos = ?", updates)
    conn.execute("UPDATE device_state SET device_id = ?, next_seq = ?, last_hash = ?, "
                 "push_acked_seq = 0 WHERE id = 1", (new, len(rows) + 1, prev))
    return len(rows)


def code_clashes(conn: sqlite3.Connection) -> list[str]:
    """Dossier codes minted twice in the office's log: the restored PC handed out, before
    it synced, a code the lost history had also handed out (both are on paper; the
    administrator settles them, docs/quan-tri.md)."""
    return [r[0] for r in conn.execute(
        "SELECT entity_id FROM events WHERE type = 'code.allocated' GROUP BY entity_id "
        "HAVING count(DISTINCT id) > 1 ORDER BY entity_id")]

