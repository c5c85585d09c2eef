"""The ticket printer on the queue page: the staff alert and "In lại" for unprinted tickets.

What the kiosks' printers answered reaches this counter through the database
(``printer_alerts``), whichever PC the kiosk runs on; the panel reads it with
the page's refresh and shows nothing when all is well. "In lại" prints the
ticket on this counter's ticket printer, on the printer thread (a printer can
take seconds), and records the outcome like the kiosk does; the technical
reason of a failure is shown here, to staff, never at the kiosk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from counter_app.services import printer_alerts, ticket_printing
from counter_app.services.core import Core
from counter_app.services.printer_alerts import PrinterAlert
from printing.service import PrintResult
from ui.public.kiosk_printing import PrintJob, TicketPrinter
from ui.qt import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
                   Signal)

MAX_ROWS = 6          # more than this and the printer, not the tickets, needs attention
ROWS_SHOWN = 2        # at 1366×768 more rows would push the waiting list off the page

STYLE = """
QFrame#printerAlert[level="error"] { background: #fdecea; border: 1px solid #e0a19b;
    border-radius: 6px; }
QFrame#printerAlert[level="warning"] { background: #fff6db; border: 1px solid #e5cf85;
    border-radius: 6px; }
"""


@dataclass(frozen=True)
class PrinterPanelState:
    alerts: tuple[PrinterAlert, ...]
    unprinted: tuple[dict, ...]


def read_printer_panel(core: Core) -> PrinterPanelState:
    return PrinterPanelState(tuple(printer_alerts.ticket_printer_alerts(core)),
                             tuple(ticket_printing.unprinted_tickets(core)))


def reprint_job(core: Core, ticket_id: str) -> PrintJob:
    return PrintJob(ticket_id, ticket_printing.content_for(core, ticket_id, reprint=True),
                    ticket_printing.printer_url(core), core.config.printer.ticket_width_dots)


class TicketPrinterPanel(QFrame):
    """Alerts, then one row per unprinted ticket with "In lại"; hidden when empty.

    ``note(text, is_error)`` tells the page how a reprint went."""

    note = Signal(str, bool)

    def __init__(self, worker, printer: TicketPrinter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.printer = printer or TicketPrinter(parent=self)
        self.printer.printed.connect(self._printed)
        self.state = PrinterPanelState((), ())
        self.reprint_buttons: dict[str, QPushButton] = {}
        self.alert_labels: list[QLabel] = []
        self.setStyleSheet(STYLE)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)
        self.hide()

    def refresh(self) -> None:
        self._worker.run_op(read_printer_panel, self.show_state, lambda exc: None, owner=self)

    def show_state(self, state: PrinterPanelState) -> None:
        if state == self.state:
            return      # most polls change nothing: leave the widgets alone
        self.state = state
        while self._column.count():
            item = self._column.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.alert_labels = [self._add_alert(a) for a in state.alerts]
        rows = QWidget()
        rows_column = QVBoxLayout(rows)
        rows_column.setContentsMargins(0, 0, 0, 0)
        self.reprint_buttons = {t["id"]: self._add_ticket(rows_column, t)
                                for t in state.unprinted[:MAX_ROWS]}
        if self.reprint_buttons:
            self._column.addWidget(self._scrolled(rows, len(self.reprint_buttons)))
        self.setVisible(bool(state.alerts or state.unprinted))

    def _scrolled(self, rows: QWidget, count: int) -> QScrollArea:
        """The ticket rows, ``ROWS_SHOWN`` of them in view and the rest a scroll away."""
        area = QScrollArea()
        area.setObjectName("unprintedTickets")
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(rows)
        shown = min(count, ROWS_SHOWN)
        row_height = rows.layout().itemAt(0).widget().sizeHint().height()
        spacing = rows.layout().spacing()
        area.setFixedHeight(shown * row_height + (shown - 1) * spacing + (count > shown) * 4)
        return area

    def _add_alert(self, alert: PrinterAlert) -> QLabel:
        box = QFrame()
        box.setObjectName("printerAlert")
        box.setProperty("level", alert.level)
        text = QLabel(alert.message)
        text.setWordWrap(True)
        text.setToolTip(alert.detail)
        QHBoxLayout(box).addWidget(text)
        self._column.addWidget(box)
        return text

    def _add_ticket(self, column: QVBoxLayout, ticket: dict) -> QPushButton:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Phiếu {number} ({service}) chưa in được").format(
            number=ticket["number"], service=ticket["service_name"]))
        label.setToolTip(ticket["print_error"] or "")
        button = QPushButton(self.tr("In lại"))
        button.clicked.connect(partial(self.reprint, ticket["id"]))
        line.addWidget(label, 1)
        line.addWidget(button)
        column.addWidget(row)
        return button

    def reprint(self, ticket_id: str, *_checked) -> None:
        if ticket_id in self.reprint_buttons:
            self.reprint_buttons[ticket_id].setEnabled(False)
        self._worker.run_op(partial(reprint_job, ticket_id=ticket_id), self.printer.submit,
                            lambda exc: self.note.emit(str(exc), True), owner=self)

    def _printed(self, job: PrintJob, result: PrintResult) -> None:
        self._worker.run_op(partial(ticket_printing.record_result, ticket_id=job.ticket_id,
                                    result=result), lambda _: self.refresh(), owner=self)
        if result.ok:
            self.note.emit(self.tr("Đã in lại phiếu {number}.").format(
                number=job.content.number), False)
        else:
            self.note.emit(self.tr("Không in lại được phiếu {number}: {reason}").format(
                number=job.content.number, reason=result.error), True)

    def dispose(self) -> None:
        self.printer.shutdown()
