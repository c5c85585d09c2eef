"""Print a queue ticket and say how it went: the one call the queue service makes.

``print_ticket`` never raises for a printer problem: it returns a
:class:`PrintResult` whose ``error`` is a Vietnamese reason the kiosk or the
counter can show. The ticket itself is recorded by the caller whether or not
it printed (shared/architecture.md §4), and can be printed again by calling
``print_ticket`` with the same content (``reprint=True`` marks the paper).
Logs carry the printer address, sizes, timings and reasons, never ticket text.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.clock import LOCAL_TZ
from printing.errors import PrintError
from printing.escpos_bytes import ticket_bytes
from printing.status import PrinterStatus
from printing.ticket import TicketContent, render_ticket
from printing.transports import open_transport

log = logging.getLogger(__name__)

INTERNAL_ERROR = ("Không in được phiếu do lỗi của phần mềm; chi tiết đã được ghi vào tệp nhật "
                  "ký. Hãy báo cho quản trị viên.")


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    error: str | None = None         # Vietnamese reason when not ok
    bytes_sent: int = 0
    error_code: str | None = None    # PrintError.code: paper_out, timeout, unreachable, …
    warning: str | None = None       # printed, but e.g. the paper is nearly out
    status: PrinterStatus | None = None  # what the printer answered; None: unknown
    status_asked: bool = False       # the link asked (DLE EOT): None then means no answer


def print_ticket(content: TicketContent, url: str, width_dots: int,
                 timeout: float = 5.0) -> PrintResult:
    """Render, encode and send one ticket to the printer at ``url``."""
    try:
        data = ticket_bytes(render_ticket(content, width_dots))
    except PrintError as exc:
        return _failed(url, exc)
    except Exception:
        log.exception("ticket rendering failed")
        return PrintResult(False, INTERNAL_ERROR, 0, "internal")
    return send_bytes(data, url, timeout)


def send_bytes(data: bytes, url: str, timeout: float = 5.0) -> PrintResult:
    """Check the printer's status where the link allows it, then send ``data``.

    A printer that reports paper out, cover open or an error gets nothing, so
    the ticket is not half-printed into a jammed printer. A printer whose status
    is unknown (a one-way link, no answer to DLE EOT, a chattering line) gets the
    ticket: an unknown status is not a failure.
    """
    t0, sent, warning, status, asked = time.perf_counter(), 0, None, None, False
    try:
        with open_transport(url, timeout) as transport:
            asked = transport.asks_status
            status = transport.status()
            if status is not None:
                problem = status.problem()
                if problem is not None:
                    raise problem
                warning = status.warning
            transport.write(data)
            sent = len(data)
    except PrintError as exc:
        return _failed(url, exc, sent, status)
    except Exception:
        log.exception("printing to %s failed unexpectedly", url)
        return PrintResult(False, INTERNAL_ERROR, sent, "internal")
    log.info("ticket printed to %s: %d bytes in %.0f ms%s%s", url, sent,
             (time.perf_counter() - t0) * 1000, " (paper near end)" if warning else "",
             " (status unknown)" if status is None else "")
    return PrintResult(True, None, sent, None, warning, status, asked)


def _failed(url: str, exc: PrintError, sent: int = 0,
            status: PrinterStatus | None = None) -> PrintResult:
    log.warning("ticket not printed to %s: %s: %s", url, exc.code, exc)
    return PrintResult(False, str(exc), sent, exc.code, status=status)


def sample_ticket(agency_name: str = "", parent_name: str = "",
                  now: datetime | None = None) -> TicketContent:
    """A test ticket that shows whether the font, the diacritics, the QR and the cut work."""
    now = now or datetime.now(LOCAL_TZ)
    return TicketContent(
        agency_name=agency_name or "QUẦY MỘT CỬA", parent_name=parent_name,
        title="PHIẾU IN THỬ", number="A000",
        service_name="Kiểm tra chữ có dấu: Ắ Ặ Ẫ Ở Ữ Ỹ Đ – ắ ặ ẫ ở ữ ỹ đ",
        waiting_ahead=0, issued_at=now, qr_text=f"IN THU {now:%Y-%m-%d %H:%M:%S}",
        footer="Nếu các chữ có dấu in rõ và phiếu được cắt, máy in đã sẵn sàng.")
