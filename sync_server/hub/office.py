"""The office hub's numbers on paper besides tickets (docs/OFFICE.md): dossier-code leases
and tracking-book lines.

Both are decisions like the queue's (``queue.run_decision``): one transaction holding the
office's read model, caught up first, the outcome recorded as the hub's events so it
survives a restart of the server and reaches every PC.

- **Code leases.** A device asks for a block of the daily sequence of dossier codes of
  (agency, day); the hub lends the next ``size`` numbers after every block lent and every
  code already minted below ``lease_limit`` (codes minted before the office used leases
  included), as ``code_lease.granted``. The top fifth of the sequence is never lent: it is
  the devices' island blocks (``domain.codes.island_block``).
- **Book lines.** Every dossier of the office recorded without a line (office mode) gets
  the next line of its year's book, in the order the receipts reached the hub (receipt
  time, then code), as ``dossier.book_line_assigned``. A line once given never changes.
"""

from __future__ import annotations

from datetime import date

import psycopg

from counter_app.domain.codes import lease_limit
from counter_app.domain.events import NewEvent
from counter_app.errors import UserInputError
from sync_server.hub.queue import run_decision
from sync_server.protocol import Device, Refused

LEASE_DEFAULT, LEASE_MAX = 20, 200
SYSTEM = "system"


def lease_codes(conn: psycopg.Connection, device: Device, body: dict) -> dict:
    agency, day = _text(body, "agency", 64), _text(body, "day", 10)
    try:
        date.fromisoformat(day)
    except ValueError:
        raise Refused(400, "bad_request", "Ngày (day) phải có dạng YYYY-MM-DD.") from None
    max_seq, size = body.get("max_seq"), body.get("size", LEASE_DEFAULT)
    if type(max_seq) is not int or not 9 <= max_seq < 10**9:
        raise Refused(400, "bad_request", "max_seq phải là số nguyên (ví dụ 9999).")
    if type(size) is not int or not 1 <= size <= LEASE_MAX:
        raise Refused(400, "bad_request", f"size phải từ 1 đến {LEASE_MAX}.")
    limit = lease_limit(max_seq)

    def decide(target, _today):
        last = target.execute(
            "SELECT max(seq_end) FROM code_leases WHERE agency = ? AND day = ?",
            (agency, day)).fetchone()[0] or 0
        minted = target.execute(
            "SELECT max(seq) FROM dossier_codes WHERE agency = ? AND day = ? AND seq <= ?",
            (agency, day, limit)).fetchone()[0] or 0
        start = max(last, minted) + 1
        if start > limit:
            raise UserInputError(f"Đã cấp hết số thứ tự mã hồ sơ ngày {day} (tới {limit}); "
                                 "các máy dùng số dự phòng riêng.")
        end = min(start + size - 1, limit)
        lease_id = f"{agency}/{day}/{start}"
        return lease_id, [NewEvent("code_lease", lease_id, "code_lease.granted",
                                   {"agency": agency, "day": day, "start": start, "end": end,
                                    "device": device.id})]

    def answer(target, lease_id):
        row = target.execute("SELECT seq_start, seq_end FROM code_leases WHERE id = ?",
                             (lease_id,)).fetchone()
        return {"lease": {"id": lease_id, "start": row[0], "end": row[1]}}
    return run_decision(conn, device, body, decide, answer, "codes", SYSTEM)


def assign_lines(conn: psycopg.Connection, device: Device, body: dict) -> dict:
    def decide(target, _today):
        rows = target.execute(
            "SELECT id, book_year, book_number FROM dossiers WHERE book_line IS NULL "
            "AND book_year IS NOT NULL ORDER BY received_at, code, id").fetchall()
        last: dict[int, int] = {}
        drafts = []
        for dossier_id, year, number in rows:
            if year not in last:
                last[year] = target.execute(
                    "SELECT coalesce(max(book_line), 0) FROM dossiers WHERE book_year = ?",
                    (year,)).fetchone()[0]
            last[year] += 1
            drafts.append(NewEvent("dossier", dossier_id, "dossier.book_line_assigned",
                                   {"book_year": year, "book_number": number,
                                    "book_line": last[year]}))
        return None, drafts
    return run_decision(conn, device, body, decide, lambda _t, _k: {}, "book", SYSTEM)


def _text(body: dict, key: str, limit: int) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        raise Refused(400, "bad_request", f"Thiếu hoặc sai trường {key}.")
    return value
