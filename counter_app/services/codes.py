"""Allocating dossier codes: unique per office, never reused, even after a crash.

A code is allocated inside the same write transaction (BEGIN IMMEDIATE) as the
event that uses it, so a crash either keeps both or neither; it is printed
only after the commit. Each device draws from its own block of the daily
sequence, so two counters working offline never mint the same code: a PC alone from
its configured block (``codes.block_start``–``block_end``); a PC in office mode from
the blocks the office hub lent it (``code_leases``, topped up in the background by the
sync worker: ``counter_app.sync.office``), or, holding no lease with room, from its
island tag's block of the sequence's top fifth, which the hub never lends
(``domain.codes.island_block``; docs/OFFICE.md).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.codes import CodeFormat, island_block
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
    event = allocate_from(conn, fmt, agency, day, [block], after)
    if event is None:
        start, end = block
        raise UserInputError(
            f"Đã dùng hết khối số thứ tự {start}–{end} của máy này trong ngày {day:%d/%m/%Y}. "
            "Hãy báo quản trị viên mở rộng khối số (codes.block_end).")
    return event


def allocate_from(conn: sqlite3.Connection, fmt: CodeFormat, agency: str, day: date,
                  blocks: list[tuple[int, int]], after: int = 0) -> NewEvent | None:
    """The next free code in the first of ``blocks`` (in order) with room, or None."""
    for start, end in blocks:
        if end <= after:
            continue
        low = max(start, after + 1)
        row = conn.execute(
            "SELECT max(seq) FROM dossier_codes WHERE agency = ? AND day = ? "
            "AND seq BETWEEN ? AND ?", (agency, day.isoformat(), low, end)).fetchone()
        seq = (row[0] or low - 1) + 1
        if seq <= end:
            code = fmt.format(agency, day, seq)
            return NewEvent("dossier_code", code, "code.allocated",
                            {"agency": agency, "day": day.isoformat(), "seq": seq})
    return None


def leased_blocks(conn: sqlite3.Connection, device_id: str, agency: str,
                  day: date) -> list[tuple[int, int]]:
    """The blocks the office hub lent this device for (agency, day), in order."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT seq_start, seq_end FROM code_leases WHERE device_id = ? AND agency = ? "
        "AND day = ? ORDER BY seq_start", (device_id, agency, day.isoformat()))]


def lease_room(conn: sqlite3.Connection, device_id: str, agency: str, day: date) -> int:
    """How many codes this device can still mint from its leases for (agency, day)."""
    room = 0
    for start, end in leased_blocks(conn, device_id, agency, day):
        used = conn.execute("SELECT max(seq) FROM dossier_codes WHERE agency = ? AND day = ? "
                            "AND seq BETWEEN ? AND ?",
                            (agency, day.isoformat(), start, end)).fetchone()[0]
        room += end - (used or start - 1)
    return room


def _office_mode(core: Core):
    """This PC's office hub settings when codes come from the hub's leases, else None."""
    from counter_app.sync.hub import hub_for    # sync builds on the services
    hub = hub_for(core)
    return hub.cfg if hub else None


@guarded
def island_prefix(core: Core) -> str:
    """What goes before a slip's or an apology's own number on this PC: nothing for a PC
    alone; in office mode its island tag and a dash ("K-07/2026/HDHS"), since those numbers are
    counted on each PC and printed at once — the tag, unique to the PC in its office,
    keeps two PCs from printing the same number (docs/OFFICE.md)."""
    office = _office_mode(core)
    return f"{office.island_tag}-" if office is not None and office.island_tag else ""


@guarded
def allocator(core: Core, received: datetime):
    """A function ``conn → NewEvent`` bound to this office, device and receipt day;
    called again in the same command it gives the next code."""
    fmt = code_format(core)
    agency = agency_code(core)
    day = received.astimezone(LOCAL_TZ).date() if received.tzinfo else received.date()
    office = _office_mode(core)
    block = (core.config.codes.block_start, core.config.codes.block_end)
    if office is None:
        fmt.check_block(*block)
    taken: list[int] = []

    def make(conn: sqlite3.Connection) -> NewEvent:
        after = taken[-1] if taken else 0
        if office is None:
            event = allocate(conn, fmt, agency, day, block, after)
        else:
            event = _office_code(conn, core, fmt, agency, day, office.island_tag, after)
        taken.append(event.payload["seq"])
        return event
    return make


def _office_code(conn: sqlite3.Connection, core: Core, fmt: CodeFormat, agency: str, day: date,
                 tag: str, after: int) -> NewEvent:
    """A code from the hub's leases, else from this PC's island block; never waits for
    the network (the sync worker asks the hub for more in the background)."""
    event = allocate_from(conn, fmt, agency, day,
                          leased_blocks(conn, core.device_id, agency, day), after)
    if event is not None:
        return event
    island = island_block(fmt.max_seq, tag)
    event = allocate_from(conn, fmt, agency, day, [island], after) if island else None
    if event is None:
        raise UserInputError(
            "Máy này chưa được máy chủ điều phối cấp khối mã hồ sơ cho ngày "
            f"{day:%d/%m/%Y} và không còn số dự phòng riêng. Hãy kiểm tra kết nối tới máy "
            "chủ đồng bộ rồi bấm “Đồng bộ ngay”.")
    return event


@guarded
def new_code(core: Core, received: datetime | None = None) -> str:
    """Allocate and record one code on its own (intake allocates inside its command)."""
    received = received or core.clock.now_utc()
    make = allocator(core, received)
    (event,) = core.record(lambda conn: [make(conn)])
    return event.entity_id
