"""Quản trị: the page — tabs for officers, settings, the calendar, and the office's counters
and queue services — and, below them, the event log's state and the sync enrollment."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from counter_app.services import office, officers
from counter_app.services.core import Core
from db import chain
from db.connection import connect
from ui import errors
from ui.pages.admin.calendar import CalendarTab
from ui.pages.admin.catalogue import CatalogueTab
from ui.pages.admin.officers import OfficersTab
from ui.pages.admin.queue_setup import QueueTab
from ui.pages.admin.settings import SettingsTab
from ui.pages.sync_enroll import SyncEnrollDialog
from ui.pages.sync_reenroll import SyncReenrollDialog
from ui.qt import QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget, Signal
from ui.widgets.basics import muted, page_layout
from ui.widgets.dialogs import open_kept
from ui.widgets.panel import repolish
from ui.worker import BackgroundJob, DbWorker

CHAIN_THREAD_NAME = "chain-check"


@dataclass(frozen=True)
class AdminData:
    officers: list[dict]
    counters: list[dict]
    services: list[dict]
    enrolled: bool = False         # with a sync server: re-enrolling means something


def read_admin_data(core: Core) -> AdminData:
    return AdminData(officers.list_officers(core), office.list_counters(core),
                     office.list_services(core), bool(core.config.sync.server_url))


def check_event_log(db_path: Path) -> chain.ChainReport:
    """The event log's hash chains (what `counter-app db check` verifies), read on a
    connection of its own: a million events take ~20 s, which must not hold the
    window's one database worker. One read transaction, so events written meanwhile
    (this window, a kiosk, the sync worker) are not seen half-way as breaks."""
    conn = connect(db_path)
    try:
        conn.execute("BEGIN")
        return chain.verify(conn)
    finally:
        conn.close()            # ends the read transaction


class AdminPage(QWidget):
    """Tabs filled by the worker when the page shows; each change reloads what it touched."""

    sync_enrolled = Signal(object)      # this PC was just enrolled with a sync server
    settings_saved = Signal(list)       # config keys just written (the window applies them)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.data: AdminData | None = None
        self.enroll_dialog: SyncEnrollDialog | None = None
        self.reenroll_dialog: SyncReenrollDialog | None = None
        layout = page_layout(self, self.tr("Quản trị"))
        self.tabs = QTabWidget()
        self.officers_tab = OfficersTab(worker)
        self.officers_table = self.officers_tab.table
        self.settings_tab = SettingsTab(worker)
        self.calendar_tab = CalendarTab(worker)
        self.queue_tab = QueueTab(worker)
        self.counters_table = self.queue_tab.counters_table
        self.services_table = self.queue_tab.services_table
        self.catalogue_tab = CatalogueTab(worker)
        self.tabs.addTab(self.officers_tab, self.tr("Cán bộ"))
        self.tabs.addTab(self.settings_tab, self.tr("Cài đặt"))
        self.tabs.addTab(self.calendar_tab, self.tr("Lịch làm việc"))
        self.tabs.addTab(self.queue_tab, self.tr("Quầy và hàng đợi"))
        self.tabs.addTab(self.catalogue_tab, self.tr("Danh mục thủ tục"))
        layout.addWidget(self.tabs, 1)
        self.note_label = muted()
        layout.addWidget(self.note_label)
        self.officers_tab.changed.connect(self.refresh)
        for tab in (self.officers_tab, self.calendar_tab, self.queue_tab):
            tab.note.connect(self.note_label.setText)
        self.settings_tab.saved.connect(self.settings_saved)
        reload_button = QPushButton(self.tr("Tải lại"))
        reload_button.clicked.connect(self.refresh)
        row = QHBoxLayout()
        # The audit trail's state, checked on a thread of its own each time the page shows.
        self.chain: chain.ChainReport | None = None
        self.chain_job: BackgroundJob | None = None
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        row.addWidget(self.chain_label, 1)
        row.addStretch(1)
        enroll_button = QPushButton(self.tr("Đăng ký máy chủ đồng bộ…"))
        enroll_button.clicked.connect(self.open_enroll)
        row.addWidget(enroll_button)
        self.reenroll_button = QPushButton(self.tr("Đăng ký lại máy…"))
        self.reenroll_button.setToolTip(self.tr(
            "Khi đồng bộ báo cần đăng ký lại (máy khôi phục từ bản sao lưu đã ghi thêm việc "
            "trước khi đồng bộ): cấp mã thiết bị mới, không mất sự kiện nào."))
        self.reenroll_button.setEnabled(False)          # until the page knows it is enrolled
        self.reenroll_button.clicked.connect(self.open_reenroll)
        row.addWidget(self.reenroll_button)
        row.addWidget(reload_button)
        layout.addLayout(row)

    def handle_scan(self, scan) -> bool:
        """A scan while the settings tab shows is a test of the scanner; elsewhere on
        this page it is not for this page (False: the window routes it on)."""
        if self.tabs.currentWidget() is self.settings_tab:
            self.settings_tab.handle_scan(scan)
            return True
        return False

    def open_enroll(self) -> SyncEnrollDialog:
        dialog = SyncEnrollDialog(self._worker, self)
        dialog.enrolled.connect(self.sync_enrolled)
        dialog.enrolled.connect(lambda _result: self.refresh())   # now re-enrolling applies
        return open_kept(self, "enroll_dialog", dialog)

    def open_reenroll(self) -> SyncReenrollDialog:
        dialog = SyncReenrollDialog(self._worker, self)
        dialog.reenrolled.connect(self.sync_enrolled)
        return open_kept(self, "reenroll_dialog", dialog)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self._worker.run_op(read_admin_data, self._show, owner=self)
        self.settings_tab.load()
        self.calendar_tab.refresh()
        self.queue_tab.refresh()
        self.catalogue_tab.refresh()
        if self.chain_job is not None:
            return              # a check under way answers for this refresh too
        self.chain_label.setObjectName("")
        self.chain_label.setText(self.tr("Nhật ký sự kiện: đang kiểm tra…"))
        self.chain_job = BackgroundJob(partial(check_event_log, self._worker.db_path),
                                       self._show_chain, self._chain_failed, self,
                                       name=CHAIN_THREAD_NAME).start()

    def _chain_failed(self, exc: BaseException) -> None:
        """Logged by the job; the label says so and where the details are."""
        self.chain_job = None
        self.chain_label.setObjectName("error")
        self.chain_label.setText(self.tr(
            "Nhật ký sự kiện: không kiểm tra được (chi tiết trong tệp nhật ký {path}). "
            "Chạy lại bằng “Tải lại” hoặc lệnh “counter-app db check”.").format(
            path=errors.log_location_text()))
        repolish(self.chain_label)

    def _show_chain(self, report: chain.ChainReport) -> None:
        """Intact, or the first break (device and seq) in the error colour."""
        self.chain_job = None
        self.chain = report
        self.chain_label.setObjectName("" if report.ok else "error")
        self.chain_label.setText(self.tr("Nhật ký sự kiện: nguyên vẹn") if report.ok
                                 else report.summary)
        repolish(self.chain_label)

    def _show(self, data: AdminData) -> None:
        self.data = data
        self.reenroll_button.setEnabled(data.enrolled)
        self.officers_tab.show_rows(data.officers)
