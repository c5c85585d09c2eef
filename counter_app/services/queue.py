"""The queue: issue tickets at the kiosk, call and serve them at the counters.

Every action is one command (events + projections in one transaction). The
number is allocated inside the write transaction, so two kiosks on one
database can never hand out the same number, and after a restart the day
continues where it stopped.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from counter_app.domain.clock import to_local
from counter_app.domain.events import PUBLIC_ACTOR
from counter_app.domain.ids import new_id
from counter_app.domain.queue import TicketStatus
from counter_app.errors import NotFound, UserInputError
from counter_app.services import queue_config, queue_decide
from counter_app.services.core import Core, guarded
from counter_app.sync.hub import HubUnavailable, hub_for
from db import event_store


@guarded
def today(core: Core) -> date:
    return to_local(core.clock.now_utc()).date()


@guarded
def issue_ticket(core: Core, service_key: str, priority_code: str | None = None) -> dict:
    """Take a number (kiosk or counter). Returns the ticket with ``waiting_ahead``.

    An enrolled PC asks its office hub, the one issuer of the office's numbers; with the
    hub out of reach it issues one alone, marked with its island tag (docs/OFFICE.md)."""
    actor = core.officer.id if core.officer else PUBLIC_ACTOR
    tag = ""
    hub = hub_for(core)
    if hub is not None:
        try:
            return _from_hub(core, hub.ask("issue", {"service": service_key,
                                                     "priority": priority_code,
                                                     "officer_id": actor}))
        except HubUnavailable:
            tag = hub.island_tag
    service = queue_config.find_service(core, service_key)
    priority = queue_config.find_priority(core, priority_code) if priority_code else None
    day = today(core)
    ticket_id = new_id()

    def decide(conn: sqlite3.Connection):
        return queue_decide.issue(conn, day.isoformat(), service, priority, ticket_id, tag)

    core.record(decide, actor=actor)
    return get_ticket(core, ticket_id)


def _from_hub(core: Core, answer: dict) -> dict | None:
    """The hub's ticket as this PC now holds it, once the hub's events are applied here;
    until then (they wait for the hub's earlier events, which the next pull brings) as
    the hub sent it."""
    ticket = answer.get("ticket")
    if not isinstance(ticket, dict):
        return None
    if all(event_store.has_event(core.conn, e["id"]) for e in answer["events"]):
        try:
            return get_ticket(core, ticket["id"])
        except NotFound:
            pass
    return {**ticket, "status_label": TicketStatus(ticket["status"]).label}


@guarded
def get_ticket(core: Core, ticket_id: str) -> dict:
    row = core.conn.execute(
        "SELECT t.*, s.name AS service_name, s.code AS service_code FROM tickets t "
        "JOIN services s ON s.id = t.service_id WHERE t.id = ?", (ticket_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy phiếu số thứ tự.")
    ticket = dict(row)
    ticket["waiting_ahead"] = queue_decide.waiting_ahead(core.conn, ticket)
    ticket["status_label"] = TicketStatus(ticket["status"]).label
    return ticket


@guarded
def find_today(core: Core, number: str) -> dict:
    """Today's ticket with this number (e.g. "A025"), case-insensitive."""
    return get_ticket(core, queue_decide.find_number(core.conn, today(core).isoformat(), number))


@guarded
def call_next(core: Core, counter: int) -> dict | None:
    """Call the next waiting ticket for ``counter``, finishing what it was serving.

    None if nobody waits; then nothing changes (the current ticket stays open)."""
    # After the permission check (@guarded): the hub acts for whoever this Core may act as.
    hub = hub_for(core)
    if hub is not None:
        try:
            return _from_hub(core, hub.ask("call-next", {"counter": counter,
                                                         "officer_id": core.officer_id}))
        except HubUnavailable:
            pass
    holder: dict = {}

    def decide(conn: sqlite3.Connection):
        picked, events = queue_decide.call_next(conn, today(core).isoformat(), counter)
        if picked:
            holder["id"] = picked
        return events

    core.record(decide)
    return get_ticket(core, holder["id"]) if holder else None


@guarded
def peek_next(core: Core, counter: int) -> str | None:
    """The number ``call_next`` would call now (for the counter's list), or None."""
    pick = queue_decide.pick_next(core.conn, today(core).isoformat(), counter)
    return pick.number if pick else None


@guarded
def act(core: Core, ticket_id: str, action: str, counter: int | None = None,
        **extra) -> dict:
    """Apply a lifecycle action (call, recall, start, finish, no_show, cancel, requeue)."""
    hub = hub_for(core)
    if hub is not None:
        try:
            return _from_hub(core, hub.ask("act", {
                "ticket_id": ticket_id, "action": action, "counter": counter,
                "officer_id": core.officer_id, **extra}))
        except HubUnavailable:
            pass

    def decide(conn: sqlite3.Connection):
        return queue_decide.act(conn, today(core).isoformat(), ticket_id, action, counter, extra)

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
    core.record([queue_decide.action_event(ticket_id, "ticket.printed", payload)],
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
    served = set(queue_decide.services_for_counter(core.conn, counter))
    return [t for t in tickets if t["for_counter"] == counter
            or (t["for_counter"] is None and t["service_id"] in served)]
