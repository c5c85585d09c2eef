"""Printing queue tickets: what goes on the paper, where it goes, and the record.

Printing talks to a device and can take seconds (a timeout), so the GUI runs
``print_ticket`` on a printer thread, between two quick database steps:
``content_for`` before and ``record_result`` after. ``issue_and_print``
does all three in a row for the command line. ``unprinted_tickets`` lists what
a counter can print again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from counter_app.domain.clock import to_local
from counter_app.domain.office_names import unit_name
from counter_app.services import queue
from counter_app.services.core import Core, guarded
from printing.service import PrintResult, print_ticket
from printing.status import PrinterStatus
from printing.ticket import TicketContent

QR_PREFIX = "SOTHUTU"
PRINTING_GRACE = timedelta(seconds=30)   # a ticket this young may still be on its way out


def qr_text(ticket: dict) -> str:
    """What the ticket's QR holds, so a counter scanner can call this very ticket."""
    return f"{QR_PREFIX}|{ticket['day']}|{ticket['number']}|{ticket['id']}"


@guarded
def printer_url(core: Core) -> str:
    """The configured ticket printer, else a file beside the data (no printer yet)."""
    url = core.config.printer.ticket_url.strip()
    if url:
        return url
    folder = Path(core.config.printer.output_dir) if core.config.printer.output_dir \
        else core.db_path.parent / "printer-output"
    return f"file:{folder / 'ticket-printer.escpos'}"


@guarded
def content_for(core: Core, ticket_id: str, reprint: bool = False) -> TicketContent:
    t = queue.get_ticket(core, ticket_id)
    issued = to_local(datetime.fromisoformat(t["issued_at"].replace("Z", "+00:00")))
    office = core.config.office
    return TicketContent(
        # The centre that issues the number, under the commune it belongs to.
        agency_name=unit_name(office.unit_name, office.name).upper(),
        parent_name=office.name, number=t["number"], service_name=t["service_name"],
        waiting_ahead=t["waiting_ahead"], issued_at=issued, priority_label=t["priority_label"],
        qr_text=qr_text(t), reprint=reprint)


@guarded
def print_now(core: Core, ticket_id: str, url: str | None = None,
              reprint: bool = False) -> PrintResult:
    """Print a recorded ticket and record how it went (command line, tests)."""
    result = print_ticket(content_for(core, ticket_id, reprint), url or printer_url(core),
                          core.config.printer.ticket_width_dots)
    record_result(core, ticket_id, result)
    return result


def printer_flags(status: PrinterStatus | None) -> dict | None:
    """The status bits worth recording (None: the printer's status was unknown)."""
    if status is None:
        return None
    return {"online": status.online, "cover_open": status.cover_open,
            "paper_out": status.paper_out, "paper_near_end": status.paper_near_end,
            "printer_error": status.error}


@guarded
def record_result(core: Core, ticket_id: str, result: PrintResult) -> None:
    """Record how the paper went, with the reason kind and the printer's status flags."""
    queue.record_print(core, ticket_id, result.ok, result.error, result.error_code,
                       printer_flags(result.status))


@guarded
def unprinted_tickets(core: Core) -> list[dict]:
    """Today's open tickets whose paper did not come out (a failed print, or none
    recorded after ``PRINTING_GRACE``), oldest first, for "In lại"."""
    young = (core.clock.now_utc() - PRINTING_GRACE).strftime("%Y-%m-%dT%H:%M:%S")
    rows = core.conn.execute(
        "SELECT t.id, t.number, s.name AS service_name, t.print_error, t.issued_at "
        "FROM tickets t JOIN services s ON s.id = t.service_id "
        "WHERE t.day = ? AND t.printed = 0 AND t.status IN ('waiting', 'called', 'serving') "
        "AND (t.print_error IS NOT NULL OR t.issued_at < ?) ORDER BY t.issue_order",
        (queue.today(core).isoformat(), young))
    return [dict(r) for r in rows]


@guarded
def issue_and_print(core: Core, service: str, priority: str | None = None,
                    url: str | None = None, print_it: bool = True) -> tuple[dict, PrintResult | None]:
    """Take a number, then print it; the ticket stands even if the paper does not come."""
    ticket = queue.issue_ticket(core, service, priority)
    result = print_now(core, ticket["id"], url) if print_it else None
    return queue.get_ticket(core, ticket["id"]), result
