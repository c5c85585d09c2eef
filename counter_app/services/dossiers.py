"""Dossiers after intake: find them, follow them, move them to the next step."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from decimal import Decimal

from counter_app.domain import limits, office_names, statuses
from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.domain.events import NewEvent
from counter_app.domain.statuses import Status
from counter_app.domain.text import clean, fold
from counter_app.errors import NotFound, UserInputError
from counter_app.services import calendar, codes
from counter_app.services.core import Core, guarded
from db import event_store

SEARCH_LIMIT = 50


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _row(row: sqlite3.Row) -> dict:
    d = dict(row)
    for key in ("fees", "documents", "missing"):
        d[key] = json.loads(d[key])
    d["status_label"] = Status(d["status"]).label
    d["channel_label"] = statuses.Channel(d["channel"]).label
    for key in ("received_at", "due_at", "resolved_at", "returned_at", "transferred_at",
                "counted_from"):
        moment = parse_utc(d[key])
        d[key + "_local"] = to_local(moment).strftime("%Y-%m-%dT%H:%M") if moment else None
    return d


@guarded
def get(core: Core, dossier_id: str) -> dict:
    row = core.conn.execute("SELECT * FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return _row(row)


@guarded
def by_code(core: Core, code: str) -> dict:
    code = clean(code)      # a scan may carry control characters, even lone surrogates
    row = core.conn.execute("SELECT * FROM dossiers WHERE code = ?", (code,)).fetchone()
    if row is None and code:
        # An online dossier's receipt carries the portal's code (NĐ 309/2026 Điều 17(3)):
        # scanning it at the return desk must find the dossier. Only a code that names
        # one dossier is taken (a scan on a miss only, so no index is needed for it).
        rows = core.conn.execute("SELECT * FROM dossiers WHERE portal_code = ? LIMIT 2",
                                 (code,)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFound(f"Không có hồ sơ mã {code}.")
    return _row(row)


@guarded
def detail(core: Core, code: str) -> dict:
    """The dossier with its history (every event), hand-overs and attached files."""
    d = by_code(core, code)
    # A step another PC's earlier step won over stays in the history, marked (OFFICE.md).
    lost = {r[0] for r in core.conn.execute(
        "SELECT event_id FROM step_conflicts WHERE entity = 'dossier' AND entity_id = ?",
        (d["id"],))}
    # Fee corrections: the newest by the office's clock stands (db/projections/dossiers.py);
    # an older one, made before it or on another PC meanwhile, is marked as replaced.
    fees_by = core.conn.execute(
        "SELECT event_id FROM field_versions WHERE entity = 'dossier' AND entity_id = ? "
        "AND field = 'fees'", (d["id"],)).fetchone()
    d["history"] = [{"type": e.type, "at": e.recorded_at, "officer_id": e.officer_id,
                     "payload": e.payload, "rejected": e.id in lost,
                     "replaced": e.type == "dossier.fees_corrected" and fees_by is not None
                     and e.id != fees_by[0]}
                    for e in event_store.events_for(core.conn, "dossier", d["id"])]
    d["handovers"] = [dict(r) for r in core.conn.execute(
        "SELECT * FROM dossier_handovers WHERE dossier_id = ? ORDER BY at", (d["id"],))]
    d["files"] = [dict(r) for r in core.conn.execute(
        "SELECT * FROM dossier_files WHERE dossier_id = ? ORDER BY added_at", (d["id"],))]
    helper = core.conn.execute("SELECT full_name FROM officers WHERE id = ?",
                               (d.get("citizen_not_write_by"),)).fetchone()
    d["citizen_not_write_by_name"] = helper[0] if helper else None
    d["linked"] = linked_codes(core, d)
    return d


@guarded
def linked_codes(core: Core, d: dict) -> list[str]:
    """The other dossiers received with this one as a linked group (liên thông)."""
    if not d.get("group_id"):
        return []
    rows = core.conn.execute("SELECT code FROM dossiers WHERE group_id = ? AND id != ? "
                             "ORDER BY book_line, code", (d["group_id"], d["id"]))
    return [r[0] for r in rows]


@guarded
def search(core: Core, text: str = "", *, status: int | None = None, field: str | None = None,
           channel: int | None = None, due_today: bool = False, overdue: bool = False,
           limit: int = SEARCH_LIMIT) -> list[dict]:
    """Newest first. ``text`` matches code, name, ID number, phone, procedure,
    accents and case ignored ("nguyen van a" finds "Nguyễn Văn A"). Any text is
    accepted: what the index cannot take (NUL, lone surrogates, quotes) is dropped."""
    where, args, source = [], [], "dossiers d"
    words = fold(text[:limits.SEARCH]).replace('"', " ").split()
    if words:
        # Walk the full-text index newest first and stop at ``limit`` matches,
        # instead of collecting every "nguyen" in a million dossiers.
        source = ("(SELECT rowid AS r FROM dossier_search WHERE dossier_search MATCH ? "
                  "ORDER BY rowid DESC) s CROSS JOIN dossiers d ON d.rowid = s.r")
        args.append(_match(words))
    if status is not None:
        where.append("d.status = ?")
        args.append(status)
    if field:
        where.append("d.field_code = ?")
        args.append(field)
    if channel is not None:
        where.append("d.channel = ?")
        args.append(channel)
    open_statuses = ",".join(str(int(s)) for s in (Status.RECEIVED, Status.PROCESSING,
                                                    Status.SUPPLEMENT, Status.FINANCIAL))
    now = core.clock.now_utc()
    if due_today:
        day = to_local(now).date()
        start = datetime.combine(day, datetime.min.time(), LOCAL_TZ)
        end = datetime.combine(day, datetime.max.time(), LOCAL_TZ)
        where.append(f"d.status IN ({open_statuses}) AND d.due_at BETWEEN ? AND ?")
        args += [_utc(start), _utc(end)]
    if overdue:
        where.append(f"d.status IN ({open_statuses}) AND d.due_at < ?")
        args.append(_utc(now))
    sql = f"SELECT d.* FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
    order = "" if words else " ORDER BY d.rowid DESC"
    rows = core.conn.execute(f"{sql}{order} LIMIT ?", (*args, limit)).fetchall()
    if not rows and len(words) > 1:
        # Nothing with whole words: try every word as a prefix ("ng v an").
        args[0] = _match(words, all_prefix=True)
        rows = core.conn.execute(f"{sql}{order} LIMIT ?", (*args, limit)).fetchall()
    return [_row(r) for r in rows]


def _match(words: list[str], all_prefix: bool = False) -> str:
    """An FTS5 query: whole words, the last one as a prefix (still being typed).
    Whole words keep "nguyen van a" fast in a million dossiers."""
    terms = [f'"{w}"' + ("*" if all_prefix or i == len(words) - 1 else "")
             for i, w in enumerate(words)]
    return " ".join(terms)


def is_overdue(d: dict, now: datetime) -> bool:
    due = parse_utc(d["due_at"])
    return bool(due and d["status"] in (2, 4, 5, 6) and due < now)


def _change(core: Core, code: str, new: Status, set_cols: dict | None = None,
            handover: dict | None = None, supplement: bool = False, **extra) -> dict:
    d = by_code(core, code)

    def decide(conn: sqlite3.Connection):
        current = conn.execute("SELECT status, last_step FROM dossiers WHERE id = ?",
                               (d["id"],)).fetchone()
        # A dossier in processing may pass through several hands (one row each on form 05).
        if not (handover and current[0] == new == Status.PROCESSING):
            statuses.check_transition(current[0], new)
        # The step this one follows: of two PCs acting at once, the earlier step is kept
        # and the other recorded as rejected (db/projections/steps.py, docs/OFFICE.md).
        payload = {"status": int(new), "set": set_cols or {}, "based_on": current[1] or "",
                   **extra}
        if handover:
            payload["handover"] = handover
        if supplement:
            payload["supplement"] = True
        return [NewEvent("dossier", d["id"], "dossier.status_changed", payload)]

    core.record(decide)
    return by_code(core, code)


def _officer_name(core: Core) -> str:
    return core.officer.full_name if core.officer else "Hệ thống"


@guarded
def transfer(core: Core, code: str, to_agency: str, receiver: str = "", note: str = "") -> dict:
    """Hand the dossier to the deciding department (form 05 records it)."""
    to_agency = limits.check("Cơ quan, bộ phận nhận", clean(to_agency), limits.AGENCY)
    if not to_agency:
        raise UserInputError("Hãy ghi cơ quan, bộ phận nhận hồ sơ.")
    now = _utc(core.clock.now_utc())
    o = core.config.office
    handover = {"from_agency": office_names.unit_name(o.unit_name, o.name),
                "to_agency": to_agency, "at": now, "giver": _officer_name(core),
                "receiver": limits.check("Người nhận", clean(receiver), limits.NAME),
                "note": limits.check("Ghi chú", clean(note), limits.NOTE)}
    first = by_code(core, code)["transferred_at"] or now
    return _change(core, code, Status.PROCESSING, {"transferred_at": first}, handover=handover)


@guarded
def request_supplement(core: Core, code: str, reason: str, missing: list[dict]) -> dict:
    from counter_app.services.intake import clean_missing   # intake reads dossiers back
    reason, missing = _reason(reason), clean_missing(missing)
    if not reason or not missing:
        raise UserInputError("Hãy ghi lý do và liệt kê đủ giấy tờ cần bổ sung (một lần).")
    return _change(core, code, Status.SUPPLEMENT, {"reason": reason, "missing": missing},
                   supplement=True)


def _reason(text: str) -> str:
    """A reason as recorded: cleaned, within ``limits.REASON``."""
    return limits.check("Lý do", clean(text), limits.REASON)


@guarded
def supplement_received(core: Core, code: str) -> dict:
    """The citizen brought what was missing: the time limit starts again from now."""
    d = by_code(core, code)
    due = calendar.due(core, core.clock.now_utc(), Decimal(str(d["processing_days"])),
                       bool(d["same_day"]))
    return _change(core, code, Status.PROCESSING, {"due_at": _utc(due), "missing": [],
                                                   "reason": ""})


@guarded
def resolve(core: Core, code: str) -> dict:
    return _change(core, code, Status.RESOLVED, {"resolved_at": _utc(core.clock.now_utc())})


@guarded
def return_result(core: Core, code: str, collected_by: str = "") -> dict:
    """Hand the result over; records who collected it (default: the applicant)."""
    d = by_code(core, code)
    who = limits.check("Người nhận kết quả", clean(collected_by), limits.NAME) or \
        d["applicant_name"]
    return _change(core, code, Status.RETURNED, {"returned_at": _utc(core.clock.now_utc()),
                                                 "returned_to": who})


@guarded
def withdraw(core: Core, code: str, reason: str) -> dict:
    if not _reason(reason):
        raise UserInputError("Hãy ghi lý do công dân rút hồ sơ.")
    return _change(core, code, Status.WITHDRAWN, {"reason": _reason(reason)})


@guarded
def stop(core: Core, code: str, reason: str) -> dict:
    if not _reason(reason):
        raise UserInputError("Hãy ghi lý do dừng xử lý.")
    return _change(core, code, Status.STOPPED, {"reason": _reason(reason)})


@guarded
def apologize(core: Core, code: str, reason: str, new_due: datetime | date) -> dict:
    """Form 04: a new return date, at most once per dossier. A date without a time means
    the office's closing time that day (not midnight). The new date must be after now;
    when the old one has already passed the result carries a warning (``warnings``):
    the apology should have come before the dossier was late (NĐ 61/2018 Điều 19(9))."""
    d = by_code(core, code)
    if not isinstance(new_due, datetime):
        new_due = datetime.combine(new_due, calendar.schedule(core).closing)
    new_due = new_due if new_due.tzinfo else new_due.replace(tzinfo=LOCAL_TZ)
    if not _reason(reason):
        raise UserInputError("Hãy ghi lý do chậm trả kết quả.")
    if d["status"] in [int(s) for s in statuses.FINAL] or d["status"] == Status.RESOLVED:
        raise UserInputError("Hồ sơ đã giải quyết xong hoặc đã kết thúc: không cần phiếu xin lỗi.")
    now = core.clock.now_utc()
    if new_due <= now:
        raise UserInputError(f"Ngày hẹn trả mới ({to_local(new_due):%H:%M %d/%m/%Y}) đã qua: "
                             "hãy hẹn một thời điểm sau bây giờ.")
    old_due = parse_utc(d["due_at"])
    if old_due and new_due <= old_due:
        raise UserInputError("Ngày hẹn trả mới phải sau ngày hẹn cũ.")
    warnings = [f"Hạn cũ ({to_local(old_due):%H:%M %d/%m/%Y}) đã qua: hồ sơ đã trễ hạn "
                "trước khi có phiếu xin lỗi."] if old_due and old_due < now else []

    prefix = codes.island_prefix(core)

    def decide(conn: sqlite3.Connection):
        row = conn.execute("SELECT apology_number, last_step FROM dossiers WHERE id = ?",
                           (d["id"],)).fetchone()
        if row[0]:
            raise UserInputError(f"Hồ sơ {code} đã có phiếu xin lỗi số {row[0]}; "
                                 "mỗi hồ sơ chỉ được hẹn lại một lần.")
        year = to_local(core.clock.now_utc()).year
        # Counted on this PC; in office mode among its own, behind its island tag.
        count = conn.execute("SELECT count(*) FROM dossiers WHERE apology_number GLOB ?",
                             (f"{prefix}[0-9]*/{year}/PXL",)).fetchone()[0]
        return [NewEvent("dossier", d["id"], "dossier.apologized",
                         {"number": f"{prefix}{count + 1:02d}/{year}/PXL",
                          "reason": clean(reason),
                          "old_due": d["due_at"], "new_due": _utc(new_due),
                          "based_on": row[1] or ""})]

    core.record(decide)
    return by_code(core, code) | {"warnings": warnings}


@guarded
def looks_like_code(core: Core, text: str) -> bool:
    return codes.code_format(core).matches(text)


OPEN_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL)
DUE_LIST_LIMIT = 100


@guarded
def due_today_and_overdue(core: Core, limit: int = DUE_LIST_LIMIT) -> dict:
    """Open dossiers due by the end of today (Hà Nội) — the overdue ones included — the
    most overdue first: ``{"now", "total", "dossiers"}`` with at most ``limit`` rows,
    each row as ``search`` gives it plus ``late_minutes`` (above 0: overdue by that
    much; 0 or less: still due today). The database holds one office's dossiers, so a
    counter officer or a leader sees their own office's."""
    now = core.clock.now_utc()
    end = datetime.combine(to_local(now).date(), datetime.max.time(), LOCAL_TZ)
    where = (f"status IN ({','.join(str(int(s)) for s in OPEN_STATUSES)}) "
             "AND due_at IS NOT NULL AND due_at <= ?")
    total = core.conn.execute(f"SELECT count(*) FROM dossiers WHERE {where}",
                              (_utc(end),)).fetchone()[0]
    rows = core.conn.execute(f"SELECT * FROM dossiers WHERE {where} ORDER BY due_at, code "
                             "LIMIT ?", (_utc(end), limit)).fetchall()
    found = [_row(r) for r in rows]
    for d in found:
        d["late_minutes"] = int((now - parse_utc(d["due_at"])).total_seconds() // 60)
    return {"now": now, "total": total, "dossiers": found}
