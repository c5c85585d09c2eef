"""Nhật ký hoạt động: the event log as who did what, when, on which PC and counter, for
leaders and administrators; filtered, exported to Excel, with the hash chains' check.

The rows are read on the database worker each time the filter changes (a read under way
lets the next one wait: only the newest filter's answer is shown); the chain check runs
on a thread of its own each time the page is shown.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from counter_app.errors import CounterError
from counter_app.services.core import Officer
from ui import errors
from ui.pages.audit import ops
from ui.pages.audit.filters import AuditFilters
from ui.pages.reports.ops import office_today
from ui.qt import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                   QTableWidgetItem, QWidget)
from ui.session import SessionInfo
from ui.widgets.basics import muted, page_layout
from ui.widgets.panel import repolish
from ui.widgets.tables import read_only_table
from ui.worker import BackgroundJob, DbWorker

CHAIN_THREAD_NAME = "audit-chain-check"
COLUMNS = ("Thời gian", "Cán bộ", "Thao tác", "Đối tượng", "Chi tiết", "Quầy, máy")
# Long texts get a width the officer can drag; the whole text is in each cell's tooltip.
WIDTHS = {1: 170, 2: 240, 3: 200, 5: 155}


class AuditPage(QWidget):
    """``found`` is the last answer shown, ``chain`` the last chain check."""

    def __init__(self, worker: DbWorker, info: SessionInfo, officer: Officer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._officer = officer
        self.found: dict | None = None
        self.chain: dict | None = None
        self.chain_job: BackgroundJob | None = None
        self.reading = False
        self.again = False
        self.last_file: Path | None = None
        layout = page_layout(self, self.tr("Nhật ký hoạt động"))
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        layout.addWidget(self.chain_label)
        self.filters = AuditFilters()
        self.filters.changed.connect(self.search)
        layout.addWidget(self.filters)
        self.table = read_only_table([self.tr(c) for c in COLUMNS], striped=True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        self.count_label = muted("")
        self.export_button = QPushButton(self.tr("Xuất Excel…"))
        self.export_button.clicked.connect(self.export)
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.export_button)
        layout.addLayout(footer)
        worker.run_op(ops.officers, self.filters.set_officers, lambda _exc: None, owner=self)
        worker.run_op(office_today, self._set_today, lambda _exc: None, owner=self)

    def _set_today(self, today) -> None:
        self.filters.set_today(today)
        if self.isVisible():
            self.search()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.search()
        self.check_chain()

    # --- the rows

    def search(self) -> None:
        if self.reading:
            self.again = True           # answered once the read under way is shown
            return
        self.reading, self.again = True, False
        self.count_label.setText(self.tr("Đang đọc nhật ký…"))
        future = self._worker.run_op(partial(ops.search, f=self.filters.current()),
                                     self._show, self._failed, owner=self)
        if future is None:
            self.reading = False

    def _show(self, found: dict) -> None:
        self.reading = False
        if self.again:
            self.search()
            return
        self.found = found
        rows = found["rows"]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row["time"], row["officer"], row["action"], row["object"], row["details"],
                     ops.where_text(row))
            tips = (row["recorded_at"], row["username"] or row["officer"], row["type"],
                    row["object"], row["details"],
                    self.tr("Mã thiết bị: {id}").format(id=row["device_id"]))
            for c, (text, tip) in enumerate(zip(cells, tips)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{text}\n{tip}" if tip and tip != text else text)
                self.table.setItem(r, c, item)
        self._say(self.tr(ops.count_text(found)))

    def _failed(self, exc: BaseException) -> None:
        self.reading = False
        self._say(errors.user_text(exc),
                  error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.count_label.setObjectName("error" if error else "muted")
        self.count_label.setText(text)
        repolish(self.count_label)

    # --- the chain

    def check_chain(self) -> None:
        if self.chain_job is not None:
            return              # a check under way answers for this one too
        self.chain_label.setObjectName("muted")
        self.chain_label.setText(self.tr("Chuỗi mã băm của nhật ký: đang kiểm tra…"))
        repolish(self.chain_label)
        self.chain_job = BackgroundJob(
            partial(ops.check_chain, self._worker.db_path, self._worker.config_path,
                    self._officer),
            self._show_chain, self._chain_failed, self, name=CHAIN_THREAD_NAME).start()

    def _show_chain(self, chain: dict) -> None:
        self.chain_job = None
        self.chain = chain
        if chain["ok"]:
            text = self.tr("Chuỗi mã băm của nhật ký: nguyên vẹn ({events} sự kiện của "
                           "{devices} máy đã kiểm tra; không sự kiện nào bị sửa, xoá hay "
                           "chèn thêm).").format(events=ops.number_text(chain["events"]),
                                                 devices=chain["devices"])
        else:
            text = self.tr("Chuỗi mã băm của nhật ký BỊ HỎNG: {summary}").format(
                summary=chain["summary"])
        self.chain_label.setObjectName("chainOk" if chain["ok"] else "error")
        self.chain_label.setText(text)
        repolish(self.chain_label)

    def _chain_failed(self, exc: BaseException) -> None:
        self.chain_job = None
        self.chain_label.setObjectName("error")
        self.chain_label.setText(self.tr(
            "Chuỗi mã băm của nhật ký: không kiểm tra được ({error}). Chi tiết trong tệp "
            "nhật ký {path}.").format(error=str(exc) if isinstance(exc, CounterError)
                                      else type(exc).__name__,
                                      path=errors.log_location_text()))
        repolish(self.chain_label)

    # --- the spreadsheet

    def choose_path(self) -> Path | None:
        """Where to save; a file dialog (tests replace this method)."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Xuất nhật ký hoạt động"), str(Path.home() / "nhat-ky-hoat-dong.xlsx"),
            self.tr("Sổ tính Excel (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def export(self) -> None:
        path = self.choose_path()
        if path is None:
            return
        self.export_button.setEnabled(False)
        self._say(self.tr("Đang ghi {name}…").format(name=path.name))
        summary = self.chain["summary"] if self.chain is not None else None
        future = self._worker.run_op(
            partial(ops.export, f=self.filters.current(), path=path, chain_summary=summary),
            self._exported, self._export_failed, owner=self)
        if future is None:
            self.export_button.setEnabled(True)

    def _exported(self, written: dict) -> None:
        self.export_button.setEnabled(True)
        self.last_file = Path(written["path"])
        self._say(self.tr("Đã ghi {rows} sự kiện vào {path}.").format(
            rows=ops.number_text(written["rows"]), path=written["path"]))

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._failed(exc)
