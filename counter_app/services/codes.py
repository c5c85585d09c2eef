"""Allocating dossier codes: unique per office, never reused, even after a crash.

A code is allocated inside the same write transaction (BEGIN IMMEDIATE) as the
event that uses it, so a crash either keeps both or neither; it is printed
only after the commit. Each device draws from its own block of the daily
sequence (configuration now, the office hub later), so two counters working
offline never mint the same code.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.codes import CodeFormat
from counter_app.domain.events import NewEvent
from counter_app.errors import ConfigError, UserInputError
from counter_app.services.core import Core, guarded


@guarded
def code_format(core: Core) -> CodeFormat:
    return CodeFormat(core.config.codes.template)


@guarded
def agency_code(core: Core) -> str:
    code = core.config.office.code.strip()
    if not code:
        raise ConfigError("Chưa cấu hình mã định danh cơ quan (office.code): "
                          "không thể cấp mã hồ sơ.")
    return code


def allocate(conn: sqlite3.Connection, fmt: CodeFormat, agency: str, day: date,
             block: tuple[int, int], after: int = 0) -> NewEvent:
    """The ``code.allocated`` event for the next free code; call inside a command.
    ``after``: the last sequence already taken in this command (its events are not
    projected yet), so one command can allocate several codes (a linked group)."""
    start, end = block
    row = conn.execute(
        "SELECT max(seq) FROM dossier_codes WHERE agency = ? AND day = ? AND seq BETWEEN ? AND ?",
        (agency, day.isoformat(), start, end)).fetchone()
    seq = max(row[0] or start - 1, after) + 1
    if seq > end:
        raise UserInputError(
            f"Đã dùng hết khối số thứ tự {start}–{end} của máy này trong ngày {day:%d/%m/%Y}. "
            "Hãy báo quản trị viên mở rộng khối số (codes.block_end).")
    code = fmt.format(agency, day, seq)
    return NewEvent("dossier_code", code, "code.allocated",
                    {"agency": agency, "day": day.isoformat(), "seq": seq})


@guarded
def allocator(core: Core, received: datetime):
    """A function ``conn → NewEvent`` bound to this office, device and receipt day;
    called again in the same command it gives the next code."""
    fmt = code_format(core)
    agency = agency_code(core)
    day = received.astimezone(LOCAL_TZ).date() if received.tzinfo else received.date()
    block = (core.config.codes.block_start, core.config.codes.block_end)
    fmt.check_block(*block)
    taken: list[int] = []

    def make(conn: sqlite3.Connection) -> NewEvent:
        event = allocate(conn, fmt, agency, day, block, taken[-1] if taken else 0)
        taken.append(event.payload["seq"])
        return event
    return make


@guarded
def new_code(core: Core, received: datetime | None = None) -> str:
    """Allocate and record one code on its own (intake allocates inside its command)."""
    received = received or core.clock.now_utc()
    make = allocator(core, received)
    (event,) = core.record(lambda conn: [make(conn)])
    return event.entity_id
