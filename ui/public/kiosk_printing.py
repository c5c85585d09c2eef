"""The kiosk's printer thread: tickets printed off the GUI and database threads.

A printer can take seconds to answer (or time out), so ``print_ticket`` runs on
a single thread of its own, one ticket after another in tap order, and its
``PrintResult`` comes back to the GUI thread through a queued signal.
``print_ticket`` never raises for a printer problem; anything else is turned
into a failed result here, so the kiosk always learns how the paper went.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

from printing.service import INTERNAL_ERROR, PrintResult, print_ticket
from printing.ticket import TicketContent
from ui.qt import QObject, Qt, Signal

log = logging.getLogger(__name__)

THREAD_NAME = "kiosk-printer"
PRINT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class PrintJob:
    ticket_id: str
    content: TicketContent
    url: str
    width_dots: int


PrintFunction = Callable[[TicketContent, str, int, float], PrintResult]


class TicketPrinter(QObject):
    """``submit(job)``; ``printed(job, result)`` arrives later on the GUI thread."""

    printed = Signal(object, object)   # PrintJob, PrintResult
    _relay = Signal(object, object)    # from the printer thread, queued to the GUI thread

    def __init__(self, print_fn: PrintFunction = print_ticket,
                 timeout: float = PRINT_TIMEOUT_S, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._print = print_fn
        self._timeout = timeout
        self._executor: ThreadPoolExecutor | None = None
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(self, job: PrintJob) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._executor.submit(self._run, job)

    def _run(self, job: PrintJob) -> None:
        try:
            result = self._print(job.content, job.url, job.width_dots, self._timeout)
        except Exception:
            log.exception("printing ticket %s failed unexpectedly", job.ticket_id)
            result = PrintResult(False, INTERNAL_ERROR, 0, "internal")
        self._relay.emit(job, result)

    def _deliver(self, job: PrintJob, result: PrintResult) -> None:
        self.printed.emit(job, result)

    def shutdown(self) -> None:
        """Let a ticket being printed finish (its paper is on the way), then stop."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
