"""What the sync worker does for office mode after each sync (docs/OFFICE.md), in the
background so that no officer ever waits on the network for it:

- **Code leases.** When this PC can mint fewer than ``LOW_WATER`` more dossier codes today
  from the blocks the hub lent it, it asks the hub for another block (``codes/lease``).
  Until one arrives, intake draws from this PC's island block (services/codes.py).
- **Book lines.** When this PC holds dossiers without a tracking-book line (recorded in
  office mode, where the hub gives the lines), it asks the hub to give them
  (``book/assign``); the answer's events give every such dossier of the office its line.
- **Conflicts.** A step of this PC that lost to another PC's earlier step on the same
  dossier or form set (db/projections/steps.py) is told once, in Vietnamese, through the
  status report the status bar shows.

The hub's answers carry its events; they are stored like pulled events
(``inbound.apply_pulled``), the one path for other devices' events.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable

from counter_app.domain.clock import to_local, utc_iso
from counter_app.domain.codes import CodeFormat
from counter_app.services import codes
from counter_app.services.core import Core
from counter_app.sync import inbound, state
from counter_app.sync.transport import Refused, SyncFailure, Transport

log = logging.getLogger(__name__)
LEASE_SIZE = 20         # codes a block holds: a counter's hour or two of intakes
LOW_WATER = 5           # ask for the next block when fewer than this are left
_TOLD_KEEP = 200        # conflict ids remembered as told (the newest)


def after_sync(core: Core, t: Transport, pull: Callable[[], Any]) -> dict[str, Any]:
    """Top up the code lease, ask for book lines, note lost steps; never raises for the
    network (the next sync tries again). ``pull``: pull again, for the hub's earlier
    events its answer's events may wait for (the pull fence can hold them a moment)."""
    done: dict[str, Any] = {}
    try:
        done["leased"] = _top_up_lease(core, t)
        done["lines"] = _ask_lines(core, t)
        if done["leased"] or done["lines"]:
            pull()
    except (SyncFailure, Refused) as exc:
        log.info("office hub not asked this time: %s", exc)
        done["error"] = str(exc)
    done["conflicts"] = note_conflicts(core)
    return done


def _top_up_lease(core: Core, t: Transport) -> int:
    agency = core.config.office.code.strip()
    if not agency:
        return 0
    fmt = CodeFormat(core.config.codes.template)
    day = to_local(core.clock.now_utc()).date()
    if codes.lease_room(core.conn, core.device_id, agency, day) >= LOW_WATER:
        return 0
    if core.conn.execute(
            "SELECT 1 FROM sync_quarantine WHERE type = 'code_lease.granted' AND waiting = 1 "
            "AND json_extract(event, '$.payload.device') = ?", (core.device_id,)).fetchone():
        # Lent already; it waits for the hub's earlier events, which a pull brings.
        return 0
    answer = t.office("codes/lease", {"agency": agency, "day": day.isoformat(),
                                      "max_seq": fmt.max_seq, "size": LEASE_SIZE,
                                      "hlc": _last_hlc(core)})
    _store(core, answer)
    lease = answer.get("lease") or {}
    return int(lease.get("end", 0)) - int(lease.get("start", 1)) + 1


def _ask_lines(core: Core, t: Transport) -> int:
    waiting = core.conn.execute("SELECT count(*) FROM dossiers WHERE book_line IS NULL "
                                "AND book_year IS NOT NULL").fetchone()[0]
    if not waiting:
        return 0
    answer = t.office("book/assign", {"hlc": _last_hlc(core)})
    _store(core, answer)
    return len(answer.get("events") or ())


def _store(core: Core, answer: dict) -> None:
    events = answer.get("events")
    if not isinstance(events, list):
        raise Refused("Máy chủ điều phối trả lời không đúng giao thức.")
    inbound.apply_pulled(core.conn, events, None, core.clock.now_ms())


def _last_hlc(core: Core) -> str | None:
    row = core.conn.execute("SELECT hlc FROM device_state WHERE id = 1").fetchone()
    return row[0] if row and row[0] else None


def note_conflicts(core: Core) -> int:
    """Put this PC's newly lost steps in the status report (``conflict_notice``);
    returns how many were new."""
    report = state.load(core.db_path)
    told = set(report.get("conflicts_told") or ())
    rows = core.conn.execute(
        "SELECT c.event_id, c.entity, c.entity_id, c.at, c.officer_id, d.code, f.dossier_code "
        "FROM step_conflicts c LEFT JOIN dossiers d ON c.entity = 'dossier' AND d.id = c.entity_id "
        "LEFT JOIN form_sets f ON c.entity = 'form_set' AND f.id = c.entity_id "
        "WHERE c.device_id = ? ORDER BY c.at", (core.device_id,)).fetchall()
    new = [r for r in rows if r[0] not in told]
    if not new:
        return 0
    report["conflict_notice"] = {"message": conflict_message(new[-1], len(new)),
                                 "at": utc_iso(core.clock.now_ms())}
    report["conflicts_told"] = ([r[0] for r in rows] + sorted(told))[-_TOLD_KEEP:]
    try:
        state.write(core.db_path, report)
    except OSError:
        pass
    return len(new)


def conflict_message(row, count: int) -> str:
    """What the losing officer reads (status bar, ``sync status``)."""
    _id, entity, _eid, at, _officer, code, set_code = row
    when = _local(at)
    if entity == "form_set":
        text = (f"Bộ biểu mẫu dùng lúc {when} đã được quầy khác dùng trước cho hồ sơ "
                f"{set_code or '(khác)'}: hồ sơ của bạn không giữ bộ biểu mẫu này.")
    else:
        text = (f"Thao tác lúc {when} trên hồ sơ {code or ''} không được ghi nhận: máy khác "
                "đã thao tác trên hồ sơ này trước. Hãy mở lại hồ sơ để xem lịch sử.")
    return text if count == 1 else f"{text} (và {count - 1} thao tác khác)"


def _local(iso: str) -> str:
    try:
        return to_local(datetime.fromisoformat(iso.replace("Z", "+00:00"))).strftime("%H:%M")
    except ValueError:
        return iso
