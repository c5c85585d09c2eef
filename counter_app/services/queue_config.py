"""Queue configuration shared by the office: services, priority categories, policy."""

from __future__ import annotations

import json
import sqlite3

from counter_app.domain import queue as rules
from counter_app.domain.events import NewEvent
from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services import queue_decide
from counter_app.services.core import Core, guarded

# Local practice, not law (shared/domain.md §8): editable by the administrator.
DEFAULT_PRIORITIES = [
    ("NCT", "Người cao tuổi (từ 60 tuổi)"),
    ("PNMT", "Phụ nữ mang thai"),
    ("NKT", "Người khuyết tật"),
    ("NCC", "Người có công với cách mạng"),
]


def _service(row: sqlite3.Row) -> dict:
    s = dict(row)
    s["counters"] = json.loads(s["counters"])
    s["field_codes"] = json.loads(s["field_codes"])
    return s


@guarded
def list_services(core: Core) -> list[dict]:
    rows = core.conn.execute("SELECT * FROM services WHERE active = 1 ORDER BY position, prefix")
    return [_service(r) for r in rows]


@guarded
def find_service(core: Core, key: str) -> dict:
    """A service by code, prefix letter or name (accents ignored)."""
    return queue_decide.find_service(core.conn, key)


@guarded
def update_service(core: Core, key: str, **changes) -> dict:
    """Change a service's queue settings (number range, cap, counters, fields, order)."""
    service = find_service(core, key)
    merged = {**service, **changes}
    _validate_service(merged)
    payload = {k: v for k, v in changes.items() if service.get(k) != v}
    if payload:
        core.record([NewEvent("service", service["id"], "service.updated", payload)])
    row = core.conn.execute("SELECT * FROM services WHERE id = ?", (service["id"],)).fetchone()
    return _service(row)


def _validate_service(s: dict) -> None:
    if not 1 <= s["number_start"] <= s["number_end"] <= 9999:
        raise UserInputError("Dãy số phải nằm trong 1–9999 và số đầu không lớn hơn số cuối.")
    if s["daily_cap"] is not None and s["daily_cap"] < 1:
        raise UserInputError("Giới hạn số phiếu mỗi ngày phải từ 1 trở lên (hoặc để trống).")
    if any(not isinstance(c, int) or c < 1 for c in s["counters"]):
        raise UserInputError("Danh sách quầy phục vụ phải là các số quầy nguyên dương.")


def services_for_counter(conn: sqlite3.Connection, counter: int) -> list[str]:
    """Ids of the services a counter serves (services/queue_decide.py)."""
    return queue_decide.services_for_counter(conn, counter)


@guarded
def list_priorities(core: Core) -> list[dict]:
    rows = core.conn.execute(
        "SELECT code, label FROM priority_categories WHERE active = 1 ORDER BY rowid")
    return [dict(r) for r in rows]


@guarded
def find_priority(core: Core, code: str) -> dict:
    return queue_decide.find_priority(core.conn, code)


@guarded
def define_priority(core: Core, code: str, label: str, active: bool = True) -> None:
    code, label = code.strip().upper(), clean(label)
    if not code or not label:
        raise UserInputError("Hãy nhập mã và tên đối tượng ưu tiên.")
    core.record([NewEvent("priority", code, "priority.defined",
                          {"label": label, "active": active})])


def setting(conn: sqlite3.Connection, key: str, default):
    return queue_decide.setting(conn, key, default)


@guarded
def set_setting(core: Core, key: str, value) -> None:
    core.record([NewEvent("setting", key, "setting.set", {"value": value})])


def policy(conn: sqlite3.Connection) -> rules.Policy:
    return queue_decide.policy(conn)


@guarded
def current_policy(core: Core) -> rules.Policy:
    """The office's rule for taking priority tickets (the settings screen shows it)."""
    return policy(core.conn)


@guarded
def set_policy(core: Core, mode: str, every: int = 3) -> None:
    rules.Policy(mode, every)  # validates, with a Vietnamese message
    set_setting(core, "queue.priority_policy", mode)
    set_setting(core, "queue.priority_every", every)


@guarded
def seed_defaults(core: Core) -> None:
    for code, label in DEFAULT_PRIORITIES:
        define_priority(core, code, label)
