"""The main window's status bar: who, which counter, sync state, changes waiting to sync
(and why they wait), a clock-skew warning, and an alert while a ticket printer (the kiosk's, possibly on another PC) is in trouble —
the officer may be on any page, not only the queue page that lists the details.

When this PC is enrolled, the panel runs the background sync worker (``SyncLoop``, its own
thread and connection) from ``start()`` to ``stop()``; its results arrive by queued signal."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app import daily_backup
from counter_app.services.core import Core, Officer
from counter_app.services.printer_alerts import ERROR, PrinterAlert, ticket_printer_alerts
from counter_app.sync import client, state
from counter_app.sync.loop import SyncLoop
from db import event_store
from ui.formatting import counter_label
from ui.qt import QLabel, QObject, QStatusBar, QTimer, QToolButton, Signal
from ui.session import SessionInfo
from ui.worker import DbWorker

PENDING_REFRESH_MS = 5_000
# Why changes wait, by the kind of the last failure (counter_app/sync/transport.py).
WAIT_REASONS = {"network": "mất kết nối máy chủ", "revoked": "máy đã bị thu hồi",
                "not_enrolled": "chưa đăng ký máy chủ đồng bộ", "local": "lỗi trên máy này"}
REFUSED_REASON = "máy chủ từ chối"


@dataclass(frozen=True)
class StatusView:
    pending: int
    printer_alerts: list[PrinterAlert]
    sync: dict | None = None
    backup_warning: str | None = None


def read_status(core: Core) -> StatusView:
    warnings = daily_backup.load_status(core.db_path).get("warnings") or []
    return StatusView(event_store.pending_sync(core.conn), ticket_printer_alerts(core),
                      client.status_view(core), warnings[0] if warnings else None)


def sync_texts(sync: dict, pending: int) -> tuple[str, str]:
    """(connection label, pending label) for a ``client.status_view``."""
    if not sync["enrolled"]:
        return ("Ngoại tuyến (chưa cấu hình máy chủ đồng bộ)",
                f"Chờ đồng bộ: {pending} thay đổi")
    error = sync.get("last_error")
    done = state.local_time(sync.get("last_success"))
    connection = f"Đã đồng bộ lúc {done}" if done else "Chưa đồng bộ lần nào"
    connection += queue_mode_text(sync)
    if error:
        reason = WAIT_REASONS.get(error.get("kind"), REFUSED_REASON)
        return connection, f"Chờ đồng bộ: {pending} thay đổi — {reason}"
    return connection, f"Chờ đồng bộ: {pending} thay đổi"


def queue_mode_text(sync: dict) -> str:
    """Which queue the PC uses (docs/OFFICE.md): the office's, or its own while the hub is
    out of reach (island mode, its numbers marked with its tag)."""
    if sync.get("queue_mode") == "island":
        tag = sync.get("island_tag") or "riêng"
        return f" · Mất máy chủ điều phối: cấp số riêng (ký hiệu {tag})"
    if sync.get("office_queue"):
        return " · Hàng đợi chung của đơn vị"
    return ""


class StatusPanel(QObject):
    """Permanent labels on a ``QStatusBar``; the pending count is polled via the worker."""

    _synced = Signal()              # emitted on the sync thread, delivered on the GUI thread
    _progress = Signal(int, int)

    def __init__(self, bar: QStatusBar, worker: DbWorker, info: SessionInfo,
                 officer: Officer) -> None:
        super().__init__(bar)
        self._worker = worker
        self._in_flight = False
        self.pending: int | None = None
        self.officer_label = QLabel(self.tr("{name} — {role}").format(
            name=officer.full_name, role=officer.role.label))
        self.counter_label = QLabel(counter_label(info.counter_number))
        self.connection_label = QLabel(self.tr("Đồng bộ: …"))
        self.pending_label = QLabel(self.tr("Chờ đồng bộ: …"))
        self.clock_label = QLabel()
        self.clock_label.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.clock_label.hide()
        # The last daily backup's warning (a USB disk not plugged in): counter_app/daily_backup.py
        self.backup_label = QLabel()
        self.backup_label.setStyleSheet("color: #8a5a00;")
        self.backup_label.hide()
        self.sync_button = QToolButton()
        self.sync_button.setText(self.tr("Đồng bộ ngay"))
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.hide()
        self.sync_loop: SyncLoop | None = None
        self.sync: dict | None = None
        self._synced.connect(self.refresh)
        self._progress.connect(self._show_progress)
        self.printer_label = QLabel()
        self.printer_label.setObjectName("printerAlert")
        self.printer_label.hide()
        bar.addWidget(self.printer_label)
        for label in (self.backup_label, self.clock_label, self.officer_label, self.counter_label,
                      self.connection_label, self.pending_label, self.sync_button):
            bar.addPermanentWidget(label)
        self.timer = QTimer(self)
        self.timer.setInterval(PENDING_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        """Stop polling and ask the sync worker to end, without waiting for it: a request
        in flight ends on the worker's thread within its timeouts (the thread is a daemon
        and closes its own connection), never holding the GUI thread."""
        self.timer.stop()
        if self.sync_loop is not None:
            self.sync_loop.stop(timeout=None)
            self.sync_loop = None

    def sync_now(self) -> None:
        """"Đồng bộ ngay" (and right after enrollment): start the worker, or wake it."""
        if self.sync_loop is None:
            self.sync_loop = SyncLoop(self._worker.db_path, self._worker.config_path,
                                      on_result=lambda _summary: self._synced.emit(),
                                      on_progress=self._progress.emit)
            self.sync_loop.start()
        else:
            self.sync_loop.wake()

    def refresh(self) -> None:
        if self._in_flight:
            return  # the worker is busy with longer work; don't pile up polls behind it
        self._in_flight = True
        self._worker.run_op(read_status, self._show, self._failed, owner=self)

    def _show(self, view: StatusView) -> None:
        self._in_flight = False
        self.pending = view.pending
        self.sync = view.sync
        connection, waiting = sync_texts(view.sync, view.pending)
        self.connection_label.setText(connection)
        self.pending_label.setText(waiting)
        error = view.sync.get("last_error")
        self.pending_label.setToolTip(error["message"] if error else "")
        warning = view.sync.get("clock_warning")
        # A step of this PC lost to another PC's earlier one (docs/OFFICE.md): short here,
        # in full as the tooltip; a clock warning comes first.
        conflict = view.sync.get("conflict_notice")
        shown = warning or ("Thao tác không được ghi nhận"
                            if conflict else "")
        self.clock_label.setText("⚠ " + shown if shown else "")
        self.clock_label.setToolTip(conflict or "")
        self.clock_label.setVisible(bool(shown))
        self.backup_label.setText(self.tr("⚠ Sao lưu chưa đủ — báo quản trị viên"))
        self.backup_label.setToolTip(view.backup_warning or "")
        self.backup_label.setVisible(bool(view.backup_warning))
        self.sync_button.setVisible(view.sync["enrolled"])
        if view.sync["enrolled"] and self.sync_loop is None and self.timer.isActive():
            self.sync_now()
        self._show_printer(view.printer_alerts)

    def _show_progress(self, done: int, total: int) -> None:
        self.pending_label.setText(self.tr("Đang gửi {done}/{total} thay đổi…").format(
            done=done, total=total))

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
