"""Printing queue tickets: what goes on the paper, where it goes, and the record.

Printing talks to a device and can take seconds (a timeout), so the GUI runs
``print_ticket`` on a printer thread, between two quick database steps:
``content_for`` before and ``queue.record_print`` after. ``issue_and_print``
does all three in a row for the command line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from counter_app.domain.clock import to_local
from counter_app.services import queue
from counter_app.services.core import Core
from printing.service import PrintResult, print_ticket
from printing.ticket import TicketContent

QR_PREFIX = "SOTHUTU"


def qr_text(ticket: dict) -> str:
    """What the ticket's QR holds, so a counter scanner can call this very ticket."""
    return f"{QR_PREFIX}|{ticket['day']}|{ticket['number']}|{ticket['id']}"


def printer_url(core: Core) -> str:
    """The configured ticket printer, else a file beside the data (no printer yet)."""
    url = core.config.printer.ticket_url.strip()
    if url:
        return url
    folder = Path(core.config.printer.output_dir) if core.config.printer.output_dir \
        else core.db_path.parent / "printer-output"
    return f"file:{folder / 'ticket-printer.escpos'}"


def content_for(core: Core, ticket_id: str, reprint: bool = False) -> TicketContent:
    t = queue.get_ticket(core, ticket_id)
    issued = to_local(datetime.fromisoformat(t["issued_at"].replace("Z", "+00:00")))
    office = core.config.office
    return TicketContent(
        agency_name=office.name or "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        parent_name=office.parent_name, number=t["number"], service_name=t["service_name"],
        waiting_ahead=t["waiting_ahead"], issued_at=issued, priority_label=t["priority_label"],
        qr_text=qr_text(t), reprint=reprint)


def print_now(core: Core, ticket_id: str, url: str | None = None,
              reprint: bool = False) -> PrintResult:
    """Print a recorded ticket and record how it went (command line, tests)."""
    result = print_ticket(content_for(core, ticket_id, reprint), url or printer_url(core),
                          core.config.printer.ticket_width_dots)
    queue.record_print(core, ticket_id, result.ok, result.error)
    return result


def issue_and_print(core: Core, service: str, priority: str | None = None,
                    url: str | None = None, print_it: bool = True) -> tuple[dict, PrintResult | None]:
    """Take a number, then print it; the ticket stands even if the paper does not come."""
    ticket = queue.issue_ticket(core, service, priority)
    result = print_now(core, ticket["id"], url) if print_it else None
    return queue.get_ticket(core, ticket["id"]), result
