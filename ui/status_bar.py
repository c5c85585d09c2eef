"""The main window's status bar: who, which counter, sync state, changes waiting to sync,
and an alert while a ticket printer (the kiosk's, possibly on another PC) is in trouble —
the officer may be on any page, not only the queue page that lists the details."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.services.core import Core, Officer
from counter_app.services.printer_alerts import ERROR, PrinterAlert, ticket_printer_alerts
from db import event_store
from ui.formatting import counter_label
from ui.qt import QLabel, QObject, QStatusBar, QTimer
from ui.session import SessionInfo
from ui.worker import DbWorker

PENDING_REFRESH_MS = 5_000


@dataclass(frozen=True)
class StatusView:
    pending: int
    printer_alerts: list[PrinterAlert]


def read_status(core: Core) -> StatusView:
    return StatusView(event_store.pending_sync(core.conn), ticket_printer_alerts(core))


class StatusPanel(QObject):
    """Permanent labels on a ``QStatusBar``; the pending count is polled via the worker."""

    def __init__(self, bar: QStatusBar, worker: DbWorker, info: SessionInfo,
                 officer: Officer) -> None:
        super().__init__(bar)
        self._worker = worker
        self._in_flight = False
        self.pending: int | None = None
        self.officer_label = QLabel(self.tr("{name} — {role}").format(
            name=officer.full_name, role=officer.role.label))
        self.counter_label = QLabel(counter_label(info.counter_number))
        # Sync is not built yet: say so rather than pretend to be online.
        self.connection_label = QLabel(self.tr("Ngoại tuyến (chưa cấu hình máy chủ đồng bộ)"))
        self.pending_label = QLabel(self.tr("Chờ đồng bộ: …"))
        self.printer_label = QLabel()
        self.printer_label.setObjectName("printerAlert")
        self.printer_label.hide()
        bar.addWidget(self.printer_label)
        for label in (self.officer_label, self.counter_label, self.connection_label,
                      self.pending_label):
            bar.addPermanentWidget(label)
        self.timer = QTimer(self)
        self.timer.setInterval(PENDING_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if self._in_flight:
            return  # the worker is busy with longer work; don't pile up polls behind it
        self._in_flight = True
        self._worker.run_op(read_status, self._show, self._failed, owner=self)

    def _show(self, view: StatusView) -> None:
        self._in_flight = False
        self.pending = view.pending
        self.pending_label.setText(
            self.tr("Chờ đồng bộ: {count} thay đổi").format(count=view.pending))
        self._show_printer(view.printer_alerts)

    def _show_printer(self, alerts: list[PrinterAlert]) -> None:
        if not alerts:
            self.printer_label.hide()
            return
        first = alerts[0]
        colour = "#b3261e" if first.level == ERROR else "#8a5a00"
        self.printer_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        more = self.tr(" (và {n} cảnh báo khác)").format(n=len(alerts) - 1) if len(alerts) > 1 else ""
        self.printer_label.setText("⚠ " + first.message + more)
        self.printer_label.setToolTip("\n".join(a.message + (f"\n  {a.detail}" if a.detail else "")
                                                for a in alerts))
        self.printer_label.show()

    def _failed(self, exc: BaseException) -> None:
        # Already logged by the worker; a box every 5 seconds would be worse than the label.
        self._in_flight = False
        self.pending_label.setText(self.tr("Chờ đồng bộ: không đọc được"))
