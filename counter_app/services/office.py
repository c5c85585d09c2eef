"""The office's counters and queue services."""

from __future__ import annotations

from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded


@guarded
def define_counter(core: Core, number: int, name: str) -> str:
    if number < 1:
        raise UserInputError("Số quầy phải là số nguyên dương.")
    counter_id = new_id()

    def decide(conn):
        if conn.execute("SELECT 1 FROM counters WHERE number = ? AND active = 1",
                        (number,)).fetchone():
            raise UserInputError(f"Quầy số {number} đã có.")
        return [NewEvent("counter", counter_id, "counter.defined",
                         {"number": number, "name": name.strip() or f"Quầy {number}"})]
    core.record(decide)
    return counter_id


@guarded
def define_service(core: Core, code: str, name: str, prefix: str) -> str:
    prefix = prefix.strip().upper()
    if len(prefix) != 1 or not prefix.isalpha() or not prefix.isascii():
        raise UserInputError("Ký hiệu của dịch vụ phải là một chữ cái A–Z.")
    service_id = new_id()

    def decide(conn):
        if conn.execute("SELECT 1 FROM services WHERE (code = ? OR prefix = ?) AND active = 1",
                        (code, prefix)).fetchone():
            raise UserInputError(f"Mã dịch vụ {code!r} hoặc ký hiệu {prefix!r} đã được dùng.")
        return [NewEvent("service", service_id, "service.defined",
                         {"code": code, "name": name.strip(), "prefix": prefix})]
    core.record(decide)
    return service_id


@guarded
def list_counters(core: Core) -> list[dict]:
    rows = core.conn.execute("SELECT * FROM counters WHERE active = 1 ORDER BY number")
    return [dict(r) for r in rows]


@guarded
def list_services(core: Core) -> list[dict]:
    rows = core.conn.execute("SELECT * FROM services WHERE active = 1 ORDER BY prefix")
    return [dict(r) for r in rows]
