"""The main window's status bar: who, which counter, sync state, changes waiting to sync."""

from __future__ import annotations

from counter_app.services.core import Core, Officer
from db import event_store
from ui.formatting import counter_label
from ui.qt import QLabel, QObject, QStatusBar, QTimer
from ui.session import SessionInfo
from ui.worker import DbWorker

PENDING_REFRESH_MS = 5_000


def read_pending_sync(core: Core) -> int:
    return event_store.pending_sync(core.conn)


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
        self._worker.run_op(read_pending_sync, self._show, self._failed, owner=self)

    def _show(self, count: int) -> None:
        self._in_flight = False
        self.pending = count
        self.pending_label.setText(self.tr("Chờ đồng bộ: {count} thay đổi").format(count=count))

    def _failed(self, exc: BaseException) -> None:
        # Already logged by the worker; a box every 5 seconds would be worse than the label.
        self._in_flight = False
        self.pending_label.setText(self.tr("Chờ đồng bộ: không đọc được"))
