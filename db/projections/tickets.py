"""Queue tickets and the calls the display board announces."""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event
from db.projections import handles, owns

owns("tickets", "ticket_calls", "printer_status")


@handles("ticket.issued")
def issued(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute(
        "INSERT INTO tickets (id, day, service_id, prefix, seq, number, priority_code, "
        "priority_label, status, issued_at, issue_order, kiosk_device) "
        "VALUES (?,?,?,?,?,?,?,?,'waiting',?,?,?)",
        (e.entity_id, p["day"], p["service_id"], p["prefix"], p["seq"], p["number"],
         p.get("priority_code"), p.get("priority_label"), e.recorded_at, e.hlc, e.device_id))


def _call(conn: sqlite3.Connection, e: Event, recall: bool) -> None:
    counter = e.payload.get("counter")
    conn.execute(
        "UPDATE tickets SET status = 'called', counter = ?, officer_id = ?, "
        "called_at = ?, first_called_at = coalesce(first_called_at, ?), "
        "call_count = call_count + 1, for_counter = NULL WHERE id = ?",
        (counter, e.officer_id, e.recorded_at, e.recorded_at, e.entity_id))
    number = conn.execute("SELECT number FROM tickets WHERE id = ?", (e.entity_id,)).fetchone()
    conn.execute(
        "INSERT INTO ticket_calls (event_id, ticket_id, number, counter, called_at, hlc, recall) "
        "VALUES (?,?,?,?,?,?,?)",
        (e.id, e.entity_id, number[0] if number else "?", counter, e.recorded_at, e.hlc,
         int(recall)))


@handles("ticket.call")
def called(conn: sqlite3.Connection, e: Event) -> None:
    _call(conn, e, recall=False)


@handles("ticket.recall")
def recalled(conn: sqlite3.Connection, e: Event) -> None:
    _call(conn, e, recall=True)


@handles("ticket.start")
def started(conn: sqlite3.Connection, e: Event) -> None:
    conn.execute("UPDATE tickets SET status = 'serving', started_at = ?, officer_id = ? "
                 "WHERE id = ?", (e.recorded_at, e.officer_id, e.entity_id))


def _end(status: str):
    def handler(conn: sqlite3.Connection, e: Event) -> None:
        conn.execute("UPDATE tickets SET status = ?, finished_at = ? WHERE id = ?",
                     (status, e.recorded_at, e.entity_id))
    return handler


handles("ticket.finish")(_end("done"))
handles("ticket.no_show")(_end("no_show"))
handles("ticket.cancel")(_end("cancelled"))


@handles("ticket.requeue")
def requeued(conn: sqlite3.Connection, e: Event) -> None:
    conn.execute("UPDATE tickets SET status = 'waiting', counter = NULL, finished_at = NULL "
                 "WHERE id = ?", (e.entity_id,))


@handles("ticket.transfer")
def transferred(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    conn.execute(
        "UPDATE tickets SET status = 'waiting', counter = NULL, started_at = NULL, "
        "service_id = coalesce(?, service_id), for_counter = ?, transfers = transfers + 1 "
        "WHERE id = ?", (p.get("to_service_id"), p.get("to_counter"), e.entity_id))


@handles("ticket.printed")
def printed(conn: sqlite3.Connection, e: Event) -> None:
    # Once printed stays printed (a later failed reprint does not undo it). Written
    # without SQLite's two-argument max() so PostgreSQL runs it too (the server's read
    # model applies these same handlers: sync_server/read_model).
    conn.execute("UPDATE tickets SET printed = CASE WHEN ? = 1 THEN 1 ELSE printed END, "
                 "print_error = ? WHERE id = ?",
                 (int(e.payload["ok"]), None if e.payload["ok"] else e.payload.get("error"),
                  e.entity_id))
    _printer_outcome(conn, e)


PRINTER_FLAGS = ("online", "cover_open", "paper_out", "paper_near_end", "printer_error")


def _printer_outcome(conn: sqlite3.Connection, e: Event) -> None:
    """The device's printer state is its latest print (by HLC, so a late-synced
    older event does not hide a newer outcome)."""
    p = e.payload
    flags = p.get("printer") or {}
    conn.execute(
        f"INSERT INTO printer_status (device_id, ok, kind, error, {', '.join(PRINTER_FLAGS)}, "
        f"ticket_id, recorded_at, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
        f"ON CONFLICT (device_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in (
            "ok", "kind", "error", *PRINTER_FLAGS, "ticket_id", "recorded_at", "hlc"))
        + " WHERE excluded.hlc > printer_status.hlc",
        (e.device_id, int(p["ok"]), p.get("kind"), None if p["ok"] else p.get("error"),
         *(None if flags.get(f) is None else int(flags[f]) for f in PRINTER_FLAGS),
         e.entity_id, e.recorded_at, e.hlc))
