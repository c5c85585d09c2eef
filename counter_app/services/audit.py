"""The audit view (Nhật ký hoạt động, ``counter-app audit``): who did what, when, on which
PC and at which counter, read from the event log itself — every change of the office is
an event there, signed into its device's hash chain — with that chain's check beside it.

Filters: the officer (user name), the dossier (its code or a part of it: the dossier's
events and its code's allocation), the local dates (both ends included) and the action
(an event type, named in Vietnamese by ``counter_app.domain.event_labels``). Rows come
newest first. What is shown of an event's content is chosen field by field: a password
hash or an ID number in a payload never reaches the screen or the spreadsheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app.domain.clock import to_local
from counter_app.domain.event_labels import EVENT_LABELS, event_label
from counter_app.domain.events import PUBLIC_ACTOR, SYSTEM_OFFICER
from counter_app.domain.statuses import Status
from counter_app.errors import UserInputError
from counter_app.reports.period import Period, bound
from counter_app.services.core import Core, guarded
from counter_app.services.reports import save_file
from db import chain

DEFAULT_LIMIT = 500           # rows shown on screen; the total is counted in full
EXPORT_LIMIT = 200_000        # rows in one spreadsheet
ACTORS = {SYSTEM_OFFICER: "Hệ thống", PUBLIC_ACTOR: "Người dân (ki-ốt, màn hình đánh giá)"}
# Payload fields worth a line in the "details" column, in this order, with their names.
DETAILS = (("reason", "Lý do"), ("to_counter", "Sang quầy"), ("to_agency", "Chuyển đến"),
           ("level", "Mức đánh giá"), ("key", "Cài đặt"), ("kind", "Loại"),
           ("day", "Ngày"), ("locked", "Khóa đăng nhập"))
_SELECT = ("SELECT e.device_id, e.device_seq, e.officer_id, e.entity, e.entity_id, e.type, "
           "e.payload, e.recorded_at FROM events e")


@dataclass(frozen=True)
class AuditFilter:
    officer: str | None = None       # user name
    dossier: str | None = None       # a dossier code or a part of it
    start: date | None = None
    end: date | None = None
    action: str | None = None        # an event type

    def describe(self) -> str:
        """The filter in words, for the spreadsheet's heading."""
        parts = []
        if self.officer:
            parts.append(f"cán bộ {self.officer}")
        if self.dossier:
            parts.append(f"hồ sơ {self.dossier}")
        if self.start or self.end:
            parts.append(f"từ {_day(self.start) or '…'} đến {_day(self.end) or '…'}")
        if self.action:
            parts.append(f"thao tác “{event_label(self.action)}”")
        return "Lọc theo " + ", ".join(parts) if parts else "Tất cả sự kiện"


def _day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def action_choices() -> list[tuple[str, str]]:
    """(event type, Vietnamese label) for the action filter, by label."""
    return sorted(EVENT_LABELS.items(), key=lambda item: item[1])


def _where(core: Core, f: AuditFilter) -> tuple[str, list] | None:
    """The WHERE clause and its parameters; None when nothing can match (no such dossier)."""
    clauses, params = [], []
    if f.officer:
        row = core.conn.execute("SELECT id FROM officers WHERE username = ?",
                                (f.officer.strip().lower(),)).fetchone()
        if row is None:
            raise UserInputError(f"Không có cán bộ nào tên đăng nhập “{f.officer}”.")
        clauses.append("e.officer_id = ?")
        params.append(row[0])
    if f.dossier and f.dossier.strip():
        found = core.conn.execute("SELECT id, code FROM dossiers WHERE code LIKE ? ESCAPE '\\'",
                                  ("%" + _like(f.dossier.strip()) + "%",)).fetchall()
        if not found:
            return None
        ids, codes = [r[0] for r in found], [r[1] for r in found]
        clauses.append(f"((e.entity = 'dossier' AND e.entity_id IN ({_marks(ids)})) OR "
                       f"(e.entity = 'dossier_code' AND e.entity_id IN ({_marks(codes)})))")
        params += ids + codes
    if f.start and f.end:
        Period(f.start, f.end)                 # refuses an end before the start
    if f.start:
        clauses.append("e.recorded_at >= ?")
        params.append(bound(f.start))
    if f.end:
        clauses.append("e.recorded_at < ?")
        params.append(bound(f.end + timedelta(days=1)))
    if f.action:
        clauses.append("e.type = ?")
        params.append(f.action)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _query(core: Core, f: AuditFilter, limit: int) -> tuple[list[dict], int]:
    where = _where(core, f)
    if where is None:
        return [], 0
    clause, params = where
    total = core.conn.execute(f"SELECT count(*) FROM events e{clause}", params).fetchone()[0]
    rows = core.conn.execute(f"{_SELECT}{clause} ORDER BY e.recorded_at DESC, e.pos DESC "
                             "LIMIT ?", [*params, limit]).fetchall()
    return _describe(core, rows), total


@guarded
def search(core: Core, f: AuditFilter, limit: int = DEFAULT_LIMIT) -> dict:
    """``{"rows", "total", "limit"}``: the newest ``limit`` events matching ``f``."""
    if not 1 <= limit <= EXPORT_LIMIT:
        raise UserInputError(f"Số dòng phải từ 1 đến {EXPORT_LIMIT:,}.".replace(",", "."))
    rows, total = _query(core, f, limit)
    return {"rows": rows, "total": total, "limit": limit}


@guarded
def officers(core: Core) -> list[dict]:
    """Everyone whose actions the log may name (disabled accounts too): the officer
    filter's choices, by name."""
    return [{"username": r[0], "full_name": r[1], "active": bool(r[2])}
            for r in core.conn.execute("SELECT username, full_name, active FROM officers "
                                       "ORDER BY full_name, username")]


@guarded
def chain_status(core: Core) -> dict:
    """The hash chains' check (``db check`` reads the same), in one read transaction so
    events written meanwhile are not seen half-way; plus a sentence for the leader."""
    began = not core.conn.in_transaction
    if began:
        core.conn.execute("BEGIN")
    try:
        report = chain.verify(core.conn)
    finally:
        if began:
            core.conn.execute("COMMIT")
    return {**report.as_dict(), "summary": report.summary}


@guarded
def export(core: Core, f: AuditFilter, path: Path, chain_summary: str | None = None) -> dict:
    """Write the events matching ``f`` (up to ``EXPORT_LIMIT``) to an XLSX file; the
    chain's state heads the sheet (checked now unless the caller has just checked it)."""
    from printing.reports import audit_xlsx          # openpyxl only when a file is asked
    rows, total = _query(core, f, EXPORT_LIMIT)
    if chain_summary is None:
        chain_summary = chain_status(core)["summary"]
    now = to_local(core.clock.now_utc())
    heading = [core.config.office.name or "Bộ phận Một cửa", "NHẬT KÝ HOẠT ĐỘNG",
               f"{f.describe()} — {total} sự kiện"
               + (f" (ghi {len(rows)} sự kiện mới nhất)" if total > len(rows) else ""),
               f"Kiểm tra chuỗi mã băm: {chain_summary}",
               f"Lập lúc {now:%H:%M ngày %d/%m/%Y}"]
    save_file(path, audit_xlsx.render(heading, rows))
    return {"path": str(path), "rows": len(rows), "total": total}


def _describe(core: Core, rows: list) -> list[dict]:
    """Each event as the audit view shows it: names instead of ids."""
    names = {r[0]: (r[1], r[2]) for r in core.conn.execute(
        "SELECT id, username, full_name FROM officers")}
    objects = _object_names(core, rows)
    own = core.device_id
    own_counter = core.config.device.counter_number
    out = []
    for device_id, seq, officer_id, entity, entity_id, kind, payload_text, recorded in rows:
        payload = _payload(payload_text)
        username, full_name = names.get(officer_id, ("", ACTORS.get(officer_id, officer_id)))
        counter = payload.get("counter")
        if counter is None and device_id == own:
            counter = own_counter
        out.append({
            "recorded_at": recorded, "time": _local(recorded),
            "officer_id": officer_id, "username": username, "officer": full_name,
            "type": kind, "action": _action(kind, payload),
            "object": objects.get((entity, entity_id)) or _object(entity, entity_id, payload),
            "details": _details(kind, payload),
            "device_id": device_id, "device_seq": seq, "this_device": device_id == own,
            "counter": counter if isinstance(counter, int) else None})
    return out


def _payload(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _local(recorded: str) -> str:
    moment = datetime.fromisoformat(recorded.replace("Z", "+00:00"))
    return f"{to_local(moment):%d/%m/%Y %H:%M:%S}"


def _action(kind: str, payload: dict) -> str:
    """The event's label; a dossier's change of status says which ("Hồ sơ: Đã trả kết
    quả"), short enough for the table's column."""
    if kind == "dossier.status_changed" and payload.get("status") in set(Status):
        return f"Hồ sơ: {Status(payload['status']).label}"
    return event_label(kind)


def _object_names(core: Core, rows: list) -> dict[tuple[str, str], str]:
    """(entity, id) → what people call it: a dossier's code, a ticket's number, a user name."""
    wanted: dict[str, set[str]] = {}
    for row in rows:
        wanted.setdefault(row[3], set()).add(row[4])
    queries = {"dossier": "SELECT id, code FROM dossiers",
               "ticket": "SELECT id, number || ' (' || day || ')' FROM tickets",
               "officer": "SELECT id, username FROM officers",
               "service": "SELECT id, name FROM services",
               "counter": "SELECT id, name FROM counters"}
    out = {}
    for entity, query in queries.items():
        ids = sorted(wanted.get(entity, ()))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for key, name in core.conn.execute(f"{query} WHERE id IN ({_marks(chunk)})", chunk):
                out[(entity, key)] = str(name)
    return out


def _object(entity: str, entity_id: str, payload: dict) -> str:
    if entity == "citizen":
        return payload.get("full_name") or "Công dân"
    if entity == "rating":
        return "Lượt đánh giá"
    return payload.get("code") or payload.get("number") or entity_id


def _details(kind: str, payload: dict) -> str:
    parts = []
    for key, name in DETAILS:
        if key == "day" and not kind.startswith("calendar."):
            continue            # a code's or a ticket's day is in its name already
        value = payload.get(key)
        if value not in (None, "", [], {}):
            parts.append(f"{name}: {'có' if value is True else value}")
    handover = payload.get("handover")
    if isinstance(handover, dict) and handover.get("to_agency"):
        parts.append(f"Chuyển đến: {handover['to_agency']}")
    changed = payload.get("set")
    if isinstance(changed, dict) and changed.get("reason"):
        parts.append(f"Lý do: {changed['reason']}")
    return "; ".join(parts)
