"""The office's one queue, decided on the hub (docs/OFFICE.md).

Each request runs in one PostgreSQL transaction that holds the office's read model
(``projector.lock``: requests of one office take turns, so two counters never call the
same ticket and two kiosks never issue the same number), first applies whatever of the
office's stream the model has not seen, then runs the same decision a PC alone runs
(``counter_app.services.queue_decide``) on the read model, records the outcome as the
hub's events (``ledger``), applies them, and tells listeners (``notify``). The answer
carries the ticket as the model now holds it and the events, which the asking PC stores
as pulled events.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import psycopg

from counter_app.domain.clock import to_local
from counter_app.domain.events import PUBLIC_ACTOR
from counter_app.domain.ids import new_id
from counter_app.errors import CounterError, NotFound
from counter_app.services import queue_decide
from sync_server.hub import ledger, notify, requests
from sync_server.protocol import Device, Refused
from sync_server.read_model import projector
from sync_server.read_model.dialect import ProjectionConnection

ACTIONS = {"call", "recall", "start", "finish", "no_show", "cancel", "requeue", "transfer"}
_CATCH_UP_BATCHES = 50


def issue(conn: psycopg.Connection, device: Device, body: dict) -> dict:
    service, priority = _text(body, "service"), body.get("priority")

    def decide(target, day):
        found = queue_decide.find_service(target, service)
        prio = queue_decide.find_priority(target, priority) if priority else None
        ticket_id = new_id()
        return ticket_id, queue_decide.issue(target, day, found, prio, ticket_id)
    return _run(conn, device, body, "issue", decide, actor_default=PUBLIC_ACTOR)


def call_next(conn: psycopg.Connection, device: Device, body: dict) -> dict:
    counter = _counter(body)
    return _run(conn, device, body, "call-next",
                lambda target, day: queue_decide.call_next(target, day, counter))


def act(conn: psycopg.Connection, device: Device, body: dict) -> dict:
    action, counter = _text(body, "action"), _counter(body, required=False)
    if action not in ACTIONS:
        raise Refused(400, "bad_request", f"Thao tác không hợp lệ: {action!r}.")
    extra = {k: body[k] for k in ("to_service_id", "to_counter") if k in body}

    def decide(target, day):
        ticket_id = body.get("ticket_id") or queue_decide.find_number(
            target, day, _text(body, "number"))
        return ticket_id, queue_decide.act(target, day, ticket_id, action, counter, extra)
    return _run(conn, device, body, "act", decide)


def _run(conn: psycopg.Connection, device: Device, body: dict, action: str, decide,
         actor_default: str | None = None) -> dict:
    def answer(target, ticket_id):
        return {"ticket": _ticket(target, ticket_id) if ticket_id else None}
    return run_decision(conn, device, body, decide, answer, "queue", actor_default,
                        action=action)


def run_decision(conn: psycopg.Connection, device: Device, body: dict, decide, answer,
                 kind: str, actor_default: str | None = None,
                 action: str | None = None) -> dict:
    """One decision of the office hub: ``decide(target, day) → (key, drafts)`` on the
    office's read model, caught up and locked; the drafts recorded as the hub's events
    and applied; ``answer(target, key)`` → the fields of the reply besides the events.

    With ``action`` (the queue's decisions) the request's id is remembered with the
    answer: a retry gets the same answer and decides nothing again, and an answer the PC
    never heard can be undone (``settle``)."""
    office = device.office
    officer = body.get("officer_id") or actor_default
    if not isinstance(officer, str) or not 0 < len(officer) <= 64:
        raise Refused(400, "bad_request", "Thiếu người thực hiện (officer_id).")
    rid = requests.request_id(body) if action else None
    now_ms = int(time.time() * 1000)
    day = to_local(datetime.fromtimestamp(now_ms / 1000, timezone.utc)).date().isoformat()
    name, _ = projector.ensure(conn, office)
    with conn.transaction():
        target = _caught_up(conn, office, name)
        if action:
            answered = requests.recorded(conn, office, rid)
            if answered is not None:
                return answered         # a retry: the same answer, nothing decided again
        with projector.search_path(conn, name):
            try:
                key, drafts = decide(target, day)
            except NotFound as exc:
                raise Refused(404, "not_found", str(exc)) from None
            except CounterError as exc:
                raise Refused(409, "refused", str(exc)) from None
        events = _record(conn, office, name, target, officer, drafts, body.get("hlc"), now_ms)
        with projector.search_path(conn, name):
            reply = {**answer(target, key), "events": events, "day": day}
        if action:
            requests.record(conn, office, rid, device, action, officer, body.get("counter"),
                            reply)
        if events:
            notify.send(conn, office, kind, device.id)
    return reply


def settle(conn: psycopg.Connection, device: Device, body: dict) -> dict:
    """Undo the decisions whose answers ``device`` never heard (it decided alone
    instead): ``{"settled": {request_id: outcome}, "events": [the hub's undoing events]}``.
    Outcomes: ``cancelled`` (the number nobody holds), ``requeued`` (the call nobody
    heard), ``kept`` (acted on since, or an action the PC took alone too),
    ``never_decided``, ``not_yours``."""
    office, ids = device.office, requests.ids_to_settle(body)
    now_ms = int(time.time() * 1000)
    name, _ = projector.ensure(conn, office)
    settled, events = {}, []
    with conn.transaction():
        target = _caught_up(conn, office, name)
        for rid in ids:
            lost = requests.take(conn, office, rid, device)
            if "answer" not in lost:
                settled[rid] = lost["outcome"]
                continue
            with projector.search_path(conn, name):
                outcome, drafts = queue_decide.undo_lost(target, lost["action"], lost["answer"],
                                                         lost["counter"])
            events += _record(conn, office, name, target, lost["officer_id"] or PUBLIC_ACTOR,
                              drafts, body.get("hlc"), now_ms)
            requests.mark_settled(conn, office, rid, outcome)
            settled[rid] = outcome
        if events:
            notify.send(conn, office, "queue", device.id)
    return {"settled": settled, "events": events}


def _caught_up(conn: psycopg.Connection, office: str, name: str) -> ProjectionConnection:
    """Hold the office's read model for this transaction, with the office's stream
    applied up to now (island-mode work pushed since, say)."""
    projector.lock(conn, office)
    report = projector.RefreshReport(office)
    for _ in range(_CATCH_UP_BATCHES):
        if not projector.advance(conn, office, name, projector.BATCH, report):
            break
    return ProjectionConnection(conn)


def _record(conn: psycopg.Connection, office: str, name: str, target: ProjectionConnection,
            officer: str, drafts, seen_hlc: str | None, now_ms: int) -> list[dict]:
    """The decision as the hub's events, applied to the read model."""
    events = ledger.append(conn, office, officer, drafts, seen_hlc, now_ms)
    with projector.search_path(conn, name):
        for event in events:
            projector.apply_own(conn, target, event)
    return events


def _ticket(target: ProjectionConnection, ticket_id: str) -> dict | None:
    row = target.execute(
        "SELECT t.*, s.name AS service_name, s.code AS service_code FROM tickets t "
        "JOIN services s ON s.id = t.service_id WHERE t.id = ?", (ticket_id,)).fetchone()
    if row is None:
        return None
    ticket = {k: row[k] for k in row.keys()}
    ticket["waiting_ahead"] = queue_decide.waiting_ahead(target, ticket)
    return ticket


def waiting(conn: psycopg.Connection, device: Device, _body: Any = None) -> dict:
    """Today's queue of the office as the hub holds it: who waits, who is being served."""
    office = device.office
    name, _ = projector.ensure(conn, office)
    day = to_local(datetime.now(timezone.utc)).date().isoformat()
    with conn.transaction():
        with projector.search_path(conn, name):
            target = ProjectionConnection(conn)
            rows = target.execute(
                "SELECT id, number, service_id, status, counter, priority_code, issue_order, "
                "for_counter, called_at FROM tickets WHERE day = ? AND status IN "
                "('waiting', 'called', 'serving') ORDER BY issue_order", (day,)).fetchall()
    tickets = [{k: r[k] for k in r.keys()} for r in rows]
    return {"day": day, "waiting": [t for t in tickets if t["status"] == "waiting"],
            "serving": [t for t in tickets if t["status"] != "waiting"]}


def _text(body: dict, key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise Refused(400, "bad_request", f"Thiếu hoặc sai trường {key}.")
    return value


def _counter(body: dict, required: bool = True) -> int | None:
    value = body.get("counter")
    if value is None and not required:
        return None
    if type(value) is not int or not 1 <= value <= 999:
        raise Refused(400, "bad_request", "Số quầy (counter) phải là số nguyên từ 1 đến 999.")
    return value
