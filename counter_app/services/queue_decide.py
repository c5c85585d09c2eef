"""The queue's decisions, as functions of a connection: which number to issue, which
ticket a counter calls next, whether an action is allowed — each returning the events
that record it.

They are the one definition of the queue, run in two places: on a PC alone, inside its
SQLite write transaction (services/queue.py), and on the office hub, inside a
PostgreSQL transaction on the office's read model (sync_server/hub), where every PC of
the office asks. The SQL is the dialect both databases speak (db/projections); the
rules themselves (numbering, priority order) are counter_app/domain/queue.py.
"""

from __future__ import annotations

import json
from typing import Any

from counter_app.domain import queue as rules
from counter_app.domain.events import NewEvent
from counter_app.domain.queue import TicketStatus
from counter_app.domain.text import fold
from counter_app.errors import NotFound, UserInputError


def services(conn: Any) -> list[dict]:
    """The active services in their display order."""
    rows = conn.execute("SELECT * FROM services WHERE active = 1 ORDER BY position, prefix")
    out = []
    for row in rows:
        service = {k: row[k] for k in row.keys()}
        service["counters"] = json.loads(service["counters"])
        service["field_codes"] = json.loads(service["field_codes"])
        out.append(service)
    return out


def find_service(conn: Any, key: str) -> dict:
    """A service by code, prefix letter or name (accents ignored)."""
    key = (key or "").strip()
    found = services(conn)
    for s in found:
        if key.upper() in (s["code"].upper(), s["prefix"]) or fold(key) == fold(s["name"]):
            return s
    names = ", ".join(f"{s['prefix']} ({s['code']})" for s in found)
    raise NotFound(f"Không có dịch vụ “{key}”. Các dịch vụ: {names}.")


def priorities(conn: Any) -> list[dict]:
    rows = conn.execute("SELECT code, label FROM priority_categories WHERE active = 1 "
                        "ORDER BY code")
    return [{"code": r[0], "label": r[1]} for r in rows]


def find_priority(conn: Any, code: str) -> dict:
    found = priorities(conn)
    for p in found:
        if fold(code) in (fold(p["code"]), fold(p["label"])):
            return p
    codes = ", ".join(f"{p['code']} ({p['label']})" for p in found)
    raise NotFound(f"Không có đối tượng ưu tiên “{code}”. Các đối tượng: {codes}.")


def issue(conn: Any, day: str, service: dict, priority: dict | None, ticket_id: str,
          tag: str = "") -> list[NewEvent]:
    """The next number of ``service`` today. ``tag`` marks numbers a device issues alone,
    while the hub is out of reach (island mode): "A" + "K" → "AK005", a series of its own
    that can never collide with the hub's "A005" (docs/OFFICE.md)."""
    prefix = service["prefix"] + tag
    last, issued = conn.execute(
        "SELECT max(seq), count(*) FROM tickets WHERE day = ? AND prefix = ?",
        (day, prefix)).fetchone()
    seq = rules.next_seq(last, service["number_start"], service["number_end"], issued,
                         service["daily_cap"], service["name"])
    payload = {"day": day, "service_id": service["id"], "prefix": prefix, "seq": seq,
               "number": rules.format_number(prefix, seq),
               "priority_code": priority["code"] if priority else None,
               "priority_label": priority["label"] if priority else None}
    return [NewEvent("ticket", ticket_id, "ticket.issued", payload)]


def call_next(conn: Any, day: str, counter: int) -> tuple[str | None, list[NewEvent]]:
    """(the ticket called, the events) — (None, []) when nobody waits for ``counter``."""
    pick = pick_next(conn, day, counter)
    if pick is None:
        return None, []
    return pick.id, [*finish_current(conn, day, counter),
                     action_event(pick.id, "ticket.call", {"counter": counter})]


def pick_next(conn: Any, day: str, counter: int) -> rules.Waiting | None:
    served = services_for_counter(conn, counter)
    marks = ",".join("?" * len(served)) or "NULL"
    rows = conn.execute(
        f"SELECT id, number, priority_code, issue_order, for_counter FROM tickets "
        f"WHERE day = ? AND status = 'waiting' AND (for_counter = ? OR "
        f"(for_counter IS NULL AND service_id IN ({marks})))", (day, counter, *served))
    waiting = [as_waiting(r) for r in rows]
    return rules.choose_next(waiting, policy(conn), normal_since_priority(conn, day), counter)


def act(conn: Any, day: str, ticket_id: str, action: str, counter: int | None,
        extra: dict) -> list[NewEvent]:
    """A lifecycle action (call, recall, start, finish, no_show, cancel, requeue,
    transfer) on one ticket, checked against its status and the counter holding it."""
    row = conn.execute("SELECT number, status, counter FROM tickets WHERE id = ?",
                       (ticket_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy phiếu số thứ tự.")
    rules.check_action(action, row["number"], TicketStatus(row["status"]))
    held = row["counter"] if row["status"] in ("called", "serving") else None
    if held is not None and counter is not None and held != counter and action != "call":
        raise UserInputError(f"Số {row['number']} đang ở quầy {held}, không phải quầy {counter}.")
    payload = {"counter": counter if counter is not None else row["counter"], **extra}
    before = finish_current(conn, day, counter) if action == "call" and counter is not None \
        else []
    return [*before, action_event(ticket_id, f"ticket.{action}", payload)]


def undo_lost(conn: Any, action: str, answer: dict, counter: int | None
              ) -> tuple[str, list[NewEvent]]:
    """Undo a hub decision whose answer never reached the PC that asked (it decided alone
    instead; docs/OFFICE.md, "Lost answers"): (outcome, the undoing events).

    - a number issued that nobody holds → cancelled, if still waiting (a counter that
      called it since finds nobody and marks a no-show, as for any absent citizen);
    - a call nobody heard → the ticket back to the waiting list with its number and its
      place (``issue_order`` is untouched), if it is still called at that counter and
      nobody called it since (the PC alone may have called the same ticket: then it was
      heard);
    - an action on a given ticket → kept: the PC took it alone too on the same ticket,
      or was told it could not and the officer sees the ticket as it is."""
    ticket = (answer or {}).get("ticket") or {}
    ticket_id = ticket.get("id")
    row = conn.execute("SELECT status, counter FROM tickets WHERE id = ?",
                       (ticket_id,)).fetchone() if ticket_id else None
    if row is None or action not in ("issue", "call-next"):
        return "kept", []
    why = {"reason": "answer_lost", "counter": counter}
    if action == "issue":
        if row["status"] != TicketStatus.WAITING:
            return "kept", []
        return "cancelled", [action_event(ticket_id, "ticket.cancel", why)]
    call = next((e for e in answer.get("events") or () if e.get("type") == "ticket.call"
                 and e.get("entity_id") == ticket_id), None)
    if call is None or row["status"] != TicketStatus.CALLED or row["counter"] != counter:
        return "kept", []
    later = conn.execute(
        "SELECT count(*) FROM ticket_calls WHERE ticket_id = ? AND event_id <> ? AND "
        "(hlc > ? OR called_at >= ?)",
        (ticket_id, call["id"], call["hlc"], call["recorded_at"])).fetchone()[0]
    if later:
        return "kept", []
    return "requeued", [action_event(ticket_id, "ticket.requeue", why)]


def waiting_ahead(conn: Any, t: dict) -> int:
    """How many of the service's waiting tickets will be called before ``t``, by the
    office's priority policy (a priority ticket is not told the whole line's length)."""
    if t["status"] != TicketStatus.WAITING:
        return 0
    rows = conn.execute(
        "SELECT id, number, priority_code, issue_order, for_counter FROM tickets "
        "WHERE day = ? AND service_id = ? AND status = 'waiting'", (t["day"], t["service_id"]))
    waiting = [as_waiting(r) for r in rows]
    return rules.served_before(as_waiting(t), waiting, policy(conn),
                               normal_since_priority(conn, t["day"]))


def find_number(conn: Any, day: str, number: str) -> str:
    """The id of today's ticket with this number (e.g. "a025"), any letter case."""
    row = conn.execute("SELECT id FROM tickets WHERE day = ? AND upper(number) = upper(?)",
                       (day, number.strip())).fetchone()
    if row is None:
        raise NotFound(f"Hôm nay không có phiếu số {number.strip().upper()}.")
    return row[0]


def finish_current(conn: Any, day: str, counter: int) -> list[NewEvent]:
    """Calling the next number ends whatever this counter was doing."""
    rows = conn.execute("SELECT id FROM tickets WHERE day = ? AND counter = ? AND "
                        "status IN ('called', 'serving') ORDER BY id", (day, counter))
    return [action_event(r[0], "ticket.finish", {"counter": counter}) for r in rows]


def normal_since_priority(conn: Any, day: str) -> int:
    """Normal tickets called today since the last priority one (for every_n)."""
    rows = conn.execute(
        "SELECT t.priority_code FROM ticket_calls c JOIN tickets t ON t.id = c.ticket_id "
        "WHERE t.day = ? AND c.recall = 0 ORDER BY c.hlc DESC", (day,))
    n = 0
    for r in rows:
        if r[0] is not None:
            break
        n += 1
    return n


def services_for_counter(conn: Any, counter: int) -> list[str]:
    """Ids of the services a counter serves; a service with no counters listed is served by all."""
    rows = conn.execute("SELECT id, counters FROM services WHERE active = 1 ORDER BY id")
    return [r[0] for r in rows if not json.loads(r[1]) or counter in json.loads(r[1])]


def setting(conn: Any, key: str, default):
    row = conn.execute("SELECT value FROM office_settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def policy(conn: Any) -> rules.Policy:
    return rules.Policy(setting(conn, "queue.priority_policy", "strict"),
                        int(setting(conn, "queue.priority_every", 3)))


def as_waiting(r) -> rules.Waiting:
    return rules.Waiting(r["id"], r["number"], r["priority_code"] is not None,
                         r["issue_order"], r["for_counter"])


def action_event(ticket_id: str, type_: str, payload: dict) -> NewEvent:
    return NewEvent("ticket", ticket_id, type_, payload)
