"""The queue: issue tickets at the kiosk, call and serve them at the counters.

Every action is one command (events + projections in one transaction). The
number is allocated inside the write transaction, so two kiosks on one
database can never hand out the same number, and after a restart the day
continues where it stopped.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from counter_app.domain import queue as rules
from counter_app.domain.clock import to_local
from counter_app.domain.events import PUBLIC_ACTOR, NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.queue import TicketStatus
from counter_app.errors import NotFound, UserInputError
from counter_app.services import queue_config
from counter_app.services.core import Core, guarded



@guarded
def today(core: Core) -> date:
    return to_local(core.clock.now_utc()).date()


@guarded
def issue_ticket(core: Core, service_key: str, priority_code: str | None = None) -> dict:
    """Take a number (kiosk or counter). Returns the ticket with ``waiting_ahead``."""
    service = queue_config.find_service(core, service_key)
    priority = queue_config.find_priority(core, priority_code) if priority_code else None
    day = today(core)
    ticket_id = new_id()

    def decide(conn: sqlite3.Connection):
        last, issued = conn.execute(
            "SELECT max(seq), count(*) FROM tickets WHERE day = ? AND prefix = ?",
            (day.isoformat(), service["prefix"])).fetchone()
        seq = rules.next_seq(last, service["number_start"], service["number_end"], issued,
                             service["daily_cap"], service["name"])
        payload = {"day": day.isoformat(), "service_id": service["id"],
                   "prefix": service["prefix"], "seq": seq,
                   "number": rules.format_number(service["prefix"], seq),
                   "priority_code": priority["code"] if priority else None,
                   "priority_label": priority["label"] if priority else None}
        return [NewEvent("ticket", ticket_id, "ticket.issued", payload)]

    core.record(decide, actor=core.officer.id if core.officer else PUBLIC_ACTOR)
    return get_ticket(core, ticket_id)


@guarded
def get_ticket(core: Core, ticket_id: str) -> dict:
    row = core.conn.execute(
        "SELECT t.*, s.name AS service_name, s.code AS service_code FROM tickets t "
        "JOIN services s ON s.id = t.service_id WHERE t.id = ?", (ticket_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy phiếu số thứ tự.")
    ticket = dict(row)
    ticket["waiting_ahead"] = _waiting_ahead(core.conn, ticket)
    ticket["status_label"] = TicketStatus(ticket["status"]).label
    return ticket


def _waiting_ahead(conn: sqlite3.Connection, t: dict) -> int:
    """How many of the service's waiting tickets will be called before ``t``, by the
    office's priority policy (a priority ticket is not told the whole line's length)."""
    if t["status"] != TicketStatus.WAITING:
        return 0
    rows = conn.execute(
        "SELECT id, number, priority_code, issue_order, for_counter FROM tickets "
        "WHERE day = ? AND service_id = ? AND status = 'waiting'", (t["day"], t["service_id"]))
    waiting = [_as_waiting(r) for r in rows]
    return rules.served_before(_as_waiting(t), waiting, queue_config.policy(conn),
                               _normal_since_priority(conn, t["day"]))


def _as_waiting(r) -> rules.Waiting:
    return rules.Waiting(r["id"], r["number"], r["priority_code"] is not None,
                         r["issue_order"], r["for_counter"])


@guarded
def find_today(core: Core, number: str) -> dict:
    """Today's ticket with this number (e.g. "A025"), case-insensitive."""
    row = core.conn.execute("SELECT id FROM tickets WHERE day = ? AND number = ? COLLATE NOCASE",
                            (today(core).isoformat(), number.strip())).fetchone()
    if row is None:
        raise NotFound(f"Hôm nay không có phiếu số {number.strip().upper()}.")
    return get_ticket(core, row["id"])


@guarded
def call_next(core: Core, counter: int) -> dict | None:
    """Call the next waiting ticket for ``counter``, finishing what it was serving.

    None if nobody waits; then nothing changes (the current ticket stays open)."""
    holder: dict = {}

    def decide(conn: sqlite3.Connection):
        day = today(core).isoformat()
        pick = _pick(conn, day, counter)
        if pick is None:
            return []
        holder["id"] = pick.id
        return [*_finish_current(conn, day, counter),
                _action_event(pick.id, "ticket.call", {"counter": counter})]

    core.record(decide)
    return get_ticket(core, holder["id"]) if holder else None


def _pick(conn: sqlite3.Connection, day: str, counter: int) -> rules.Waiting | None:
    services = queue_config.services_for_counter(conn, counter)
    marks = ",".join("?" * len(services)) or "NULL"
    rows = conn.execute(
        f"SELECT id, number, priority_code, issue_order, for_counter FROM tickets "
        f"WHERE day = ? AND status = 'waiting' AND (for_counter = ? OR "
        f"(for_counter IS NULL AND service_id IN ({marks})))", (day, counter, *services))
    waiting = [_as_waiting(r) for r in rows]
    return rules.choose_next(waiting, queue_config.policy(conn),
                             _normal_since_priority(conn, day), counter)


@guarded
def peek_next(core: Core, counter: int) -> str | None:
    """The number ``call_next`` would call now (for the counter's list), or None."""
    pick = _pick(core.conn, today(core).isoformat(), counter)
    return pick.number if pick else None


def _finish_current(conn: sqlite3.Connection, day: str, counter: int) -> list[NewEvent]:
    """Calling the next number ends whatever this counter was doing."""
    rows = conn.execute("SELECT id FROM tickets WHERE day = ? AND counter = ? AND "
                        "status IN ('called', 'serving')", (day, counter))
    return [_action_event(r["id"], "ticket.finish", {"counter": counter}) for r in rows]


def _normal_since_priority(conn: sqlite3.Connection, day: str) -> int:
    """Normal tickets called today since the last priority one (for every_n)."""
    rows = conn.execute(
        "SELECT t.priority_code FROM ticket_calls c JOIN tickets t ON t.id = c.ticket_id "
        "WHERE t.day = ? AND c.recall = 0 ORDER BY c.hlc DESC", (day,))
    n = 0
    for r in rows:
        if r["priority_code"] is not None:
            break
        n += 1
    return n


def _action_event(ticket_id: str, type_: str, payload: dict) -> NewEvent:
    return NewEvent("ticket", ticket_id, type_, payload)


@guarded
def act(core: Core, ticket_id: str, action: str, counter: int | None = None,
        **extra) -> dict:
    """Apply a lifecycle action (call, recall, start, finish, no_show, cancel, requeue)."""

    def decide(conn: sqlite3.Connection):
        row = conn.execute("SELECT number, status, counter FROM tickets WHERE id = ?",
                           (ticket_id,)).fetchone()
        if row is None:
            raise NotFound("Không tìm thấy phiếu số thứ tự.")
        rules.check_action(action, row["number"], TicketStatus(row["status"]))
        held = row["counter"] if row["status"] in ("called", "serving") else None
        if held is not None and counter is not None and held != counter and action != "call":
            raise UserInputError(f"Số {row['number']} đang ở quầy {held}, không phải quầy {counter}.")
        payload = {"counter": counter if counter is not None else row["counter"], **extra}
        before = _finish_current(conn, today(core).isoformat(), counter) \
            if action == "call" and counter is not None else []
        return [*before, _action_event(ticket_id, f"ticket.{action}", payload)]

    core.record(decide)
    return get_ticket(core, ticket_id)


@guarded
def call_number(core: Core, counter: int, number: str) -> dict:
    """Call a specific number (a citizen who came back after a no-show, a lost
    ticket), whatever service it is for: the officer overrides the order."""
    return act(core, find_today(core, number)["id"], "call", counter)


@guarded
def transfer(core: Core, ticket_id: str, to_service: str | None = None,
             to_counter: int | None = None) -> dict:
    """Send a ticket to another service's queue or to one counter, keeping its number."""
    if not to_service and to_counter is None:
        raise UserInputError("Hãy chọn dịch vụ hoặc quầy nhận chuyển.")
    service_id = queue_config.find_service(core, to_service)["id"] if to_service else None
    if service_id is not None and service_id == get_ticket(core, ticket_id)["service_id"] \
            and to_counter is None:
        raise UserInputError("Phiếu đã thuộc dịch vụ này; hãy chọn dịch vụ hoặc quầy khác.")
    if to_counter is not None and not core.conn.execute(
            "SELECT 1 FROM counters WHERE number = ? AND active = 1", (to_counter,)).fetchone():
        raise UserInputError(f"Không có quầy số {to_counter}.")
    return act(core, ticket_id, "transfer", to_service_id=service_id, to_counter=to_counter)


@guarded
def current_at(core: Core, counter: int) -> dict | None:
    """The ticket a counter has called or is serving now, if any."""
    row = core.conn.execute(
        "SELECT id FROM tickets WHERE day = ? AND counter = ? AND status IN ('called', 'serving') "
        "ORDER BY called_at DESC LIMIT 1", (today(core).isoformat(), counter)).fetchone()
    return get_ticket(core, row["id"]) if row else None


@guarded
def record_print(core: Core, ticket_id: str, ok: bool, error: str | None,
                 kind: str | None = None, printer: dict | None = None) -> None:
    """Remember whether the paper came out, so an unprinted ticket can be reprinted,
    and how the printer was (``kind``: why it failed; ``printer``: its status flags,
    None when unknown), so the counters can warn staff (printer_alerts)."""
    payload = {"ok": ok, "error": error, "kind": kind, "printer": printer}
    core.record([_action_event(ticket_id, "ticket.printed", payload)],
                actor=core.officer.id if core.officer else PUBLIC_ACTOR)


@guarded
def waiting(core: Core, counter: int | None = None) -> list[dict]:
    """Today's waiting tickets in issue order (for ``counter``: only what it serves)."""
    rows = core.conn.execute(
        "SELECT t.id, t.number, t.service_id, s.code AS service_code, s.name AS service_name, "
        "t.priority_code, t.priority_label, t.issued_at, t.issue_order, t.for_counter, "
        "t.transfers FROM tickets t "
        "JOIN services s ON s.id = t.service_id WHERE t.day = ? AND t.status = 'waiting' "
        "ORDER BY t.issue_order", (today(core).isoformat(),))
    tickets = [dict(r) for r in rows]
    if counter is None:
        return tickets
    served = set(queue_config.services_for_counter(core.conn, counter))
    return [t for t in tickets if t["for_counter"] == counter
            or (t["for_counter"] is None and t["service_id"] in served)]
