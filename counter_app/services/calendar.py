"""The office calendar: public holidays + overrides stored as events; due dates."""

from __future__ import annotations

from datetime import date, datetime, time

from counter_app.domain import vn_holidays
from counter_app.domain.calendar import Override, Schedule, WorkCalendar, parse_sessions
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.events import NewEvent
from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded

KINDS = {"off": "ngày nghỉ", "work": "ngày làm việc"}


@guarded
def schedule(core: Core) -> Schedule:
    c = core.config.calendar
    return Schedule(parse_sessions(c.sessions), time.fromisoformat(c.same_day_cutoff),
                    c.due_rule)


@guarded
def load(core: Core) -> WorkCalendar:
    """The calendar as this office sees it now."""
    rows = core.conn.execute("SELECT day, kind, reason FROM calendar_days")
    overrides = {date.fromisoformat(r["day"]): Override(r["kind"], r["reason"]) for r in rows}
    return WorkCalendar(vn_holidays.days_off, vn_holidays.swapped_working_days, overrides,
                        schedule(core))


@guarded
def set_day(core: Core, day: date, kind: str, reason: str) -> None:
    """Declare ``day`` an extra day off or a make-up working day, with a reason."""
    if kind not in KINDS:
        raise UserInputError("Loại ngày phải là 'off' (nghỉ) hoặc 'work' (làm việc).")
    reason = clean(reason)
    if not reason:
        raise UserInputError("Hãy ghi lý do (ví dụ: số công văn thông báo nghỉ bù).")
    cal = load(core)
    cal.overrides.pop(day, None)
    if cal.is_working_day(day) == (kind == "work"):
        raise UserInputError(
            f"Ngày {day:%d/%m/%Y} vốn đã là {KINDS[kind]}; không cần khai báo thêm.")
    core.record([NewEvent("calendar_day", day.isoformat(), "calendar.day_set",
                          {"kind": kind, "reason": reason})])


@guarded
def clear_day(core: Core, day: date) -> None:
    """Remove an override: the day follows the public calendar again."""

    def decide(conn):
        if not conn.execute("SELECT 1 FROM calendar_days WHERE day = ?",
                            (day.isoformat(),)).fetchone():
            raise UserInputError(f"Ngày {day:%d/%m/%Y} không có khai báo riêng để xóa.")
        return [NewEvent("calendar_day", day.isoformat(), "calendar.day_cleared", {})]
    core.record(decide)


@guarded
def year_exceptions(core: Core, year: int) -> list[dict]:
    """Every day of ``year`` that differs from a plain Monday–Friday week, with why."""
    cal = load(core)
    out = []
    d = date(year, 1, 1)
    while d.year == year:
        working, reason = cal.day_info(d)
        weekday_working = d.weekday() < 5
        if working != weekday_working:
            source = "override" if d in cal.overrides else "holidays"
            out.append({"date": d.isoformat(), "kind": "work" if working else "off",
                        "reason": reason, "source": source})
        d = date.fromordinal(d.toordinal() + 1)
    return out


@guarded
def due(core: Core, received: datetime, days, same_day: bool = False) -> datetime:
    """Appointment moment in local time for a dossier received at ``received``."""
    if received.tzinfo is None:
        received = received.replace(tzinfo=LOCAL_TZ)
    return load(core).due(received.astimezone(LOCAL_TZ), days, same_day)
