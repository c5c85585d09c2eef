"""Báo cáo → Báo cáo định kỳ: the reports of ``counter-app report`` for a month, a
quarter, a year or any dates — the summary table (this period, the same period a year
earlier, the change), the "report of the period" paragraph to paste into the office's
narrative report, and the XLSX and PDF files of the same report.

Building and writing run on the database worker (``ops.build``, ``ops.write``); the
buttons wait while they do, and a failure is said under them in Vietnamese.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from ui import errors
from ui.pages.reports import ops
from ui.qt import (QApplication, QComboBox, QDate, QDateEdit, QFileDialog, QHBoxLayout,
                   QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidgetItem,
                   QVBoxLayout, QWidget)
from ui.widgets.basics import muted
from ui.widgets.panel import repolish
from ui.widgets.tables import read_only_table
from ui.worker import DbWorker

DATE_FORMAT = "dd/MM/yyyy"


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


class PeriodView(QWidget):
    """``data`` holds the last report built (``reports.build``); ``last_file`` the last
    file written."""

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.today = date.today()        # until the office's clock answers (set_today)
        self.data: dict | None = None
        self.last_file: Path | None = None
        self.busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._controls())
        body = QHBoxLayout()
        body.setSpacing(16)
        self.table = read_only_table([self.tr("Chỉ tiêu"), self.tr("Kỳ này"),
                                      self.tr("Cùng kỳ năm trước"), self.tr("Tăng/giảm")],
                                     striped=True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        body.addWidget(self.table, 3)
        body.addLayout(self._text_column(), 2)
        layout.addLayout(body, 1)
        layout.addLayout(self._save_row())
        self.preset_combo.setCurrentIndex(1)          # last month: the usual monthly report
        self._update_buttons()

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.kind_combo = QComboBox()
        for key, label in ops.KINDS:
            self.kind_combo.addItem(self.tr(label), key)
        self.preset_combo = QComboBox()
        for key, label in ops.PRESETS:
            self.preset_combo.addItem(self.tr(label), key)
        self.preset_combo.currentIndexChanged.connect(self._use_preset)
        self.start_edit, self.end_edit = _date_edit(), _date_edit()
        self.build_button = QPushButton(self.tr("Lập báo cáo"))
        self.build_button.clicked.connect(self.build)
        for widget in (QLabel(self.tr("Báo cáo")), self.kind_combo, QLabel(self.tr("Kỳ")),
                       self.preset_combo, QLabel(self.tr("Từ ngày")), self.start_edit,
                       QLabel(self.tr("đến ngày")), self.end_edit):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.build_button)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._dates_typed)
        return row

    def _text_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(6)
        heading = QLabel(self.tr("Đoạn văn báo cáo của kỳ"))
        heading.setObjectName("sectionHeading")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setReadOnly(True)
        self.text_edit.setPlaceholderText(self.tr(
            "Chọn báo cáo và kỳ, bấm “Lập báo cáo”: đoạn văn tóm tắt số liệu hiện ở đây "
            "để dán vào báo cáo bằng lời của cơ quan."))
        self.copy_button = QPushButton(self.tr("Chép đoạn văn"))
        self.copy_button.clicked.connect(self.copy_text)
        column.addWidget(heading)
        column.addWidget(self.text_edit, 1)
        column.addWidget(self.copy_button)
        return column

    def _save_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_label = muted("")
        self.xlsx_button = QPushButton(self.tr("Lưu Excel…"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.pdf_button = QPushButton(self.tr("Lưu PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        row.addWidget(self.status_label, 1)
        row.addWidget(self.xlsx_button)
        row.addWidget(self.pdf_button)
        return row

    # --- the period

    def set_today(self, today: date) -> None:
        """The office's date (the database worker's clock): the named periods follow it."""
        self.today = today
        self._use_preset()

    def _use_preset(self, _index: int = 0) -> None:
        preset = self.preset_combo.currentData()
        if preset == "custom":
            return
        start, end = ops.preset_period(preset, self.today)
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _dates_typed(self) -> None:
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData("custom"))
        self.preset_combo.blockSignals(False)

    def period(self) -> tuple[date, date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()

    # --- building and saving

    def build(self) -> None:
        if self.busy:
            return
        start, end = self.period()
        self._set_busy(True, self.tr("Đang lập báo cáo…"))
        future = self._worker.run_op(
            partial(ops.build, kind=self.kind_combo.currentData(), start=start, end=end),
            self._built, self._failed, owner=self)
        if future is None:
            self._set_busy(False, "")

    def _built(self, data: dict) -> None:
        self.data = data
        rows = ops.totals_rows(data)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.text_edit.setPlainText(data["text"])
        self._set_busy(False, self.tr("Đã lập báo cáo {period}.").format(
            period=_period_label(data)))

    def choose_path(self, fmt: str) -> Path | None:
        """Where to save; a file dialog (tests replace this method)."""
        filters = {"pdf": self.tr("Tệp PDF (*.pdf)"), "xlsx": self.tr("Sổ tính Excel (*.xlsx)")}
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu báo cáo"), str(Path.home() / ops.file_name(self.data, fmt)),
            filters[fmt])
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")

    def save(self, fmt: str) -> None:
        if self.busy or self.data is None:
            return
        path = self.choose_path(fmt)
        if path is None:
            return
        self._set_busy(True, self.tr("Đang ghi tệp {name}…").format(name=path.name))
        future = self._worker.run_op(partial(ops.write, data=self.data, fmt=fmt, path=path),
                                     self._written, self._failed, owner=self)
        if future is None:
            self._set_busy(False, "")

    def _written(self, path: Path) -> None:
        self.last_file = Path(path)
        self._set_busy(False, self.tr("Đã lưu báo cáo: {path}").format(path=path))

    def _failed(self, exc: BaseException) -> None:
        text = errors.user_text(exc)
        self._set_busy(False, text, error=True)

    def copy_text(self) -> None:
        QApplication.clipboard().setText(self.text_edit.toPlainText())
        self.status_label.setText(self.tr("Đã chép đoạn văn; dán vào báo cáo bằng Ctrl+V."))

    def _set_busy(self, busy: bool, text: str, error: bool = False) -> None:
        self.busy = busy
        self.status_label.setObjectName("error" if error else "muted")
        self.status_label.setText(text)
        repolish(self.status_label)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.data is not None and not self.busy
        self.build_button.setEnabled(not self.busy)
        for button in (self.xlsx_button, self.pdf_button, self.copy_button):
            button.setEnabled(ready)


def _period_label(data: dict) -> str:
    start, end = (date.fromisoformat(data["period"][k]) for k in ("from", "to"))
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
