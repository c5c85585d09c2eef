"""Lịch làm việc: the year's days that differ from a Monday–Friday week — public
holidays and their make-up days from the law, and the office's own declarations —
and adding or removing a declaration (a day off, or a make-up working day, with the
document that decided it). Due dates follow at once (services/calendar.py)."""

from __future__ import annotations

from datetime import date
from functools import partial

from counter_app.services import calendar
from ui.widgets.form_dialog import FormDialog
from ui.qt import (QComboBox, QDate, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                   QSpinBox, QTableWidgetItem, QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import ask, open_kept
from ui.widgets.tables import RowTable, fit_columns
from ui.worker import DbWorker

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
KIND_LABELS = {"off": "Nghỉ", "work": "Làm việc"}
SOURCE_LABELS = {"holidays": "Lịch nghỉ lễ, Tết", "override": "Cơ quan khai báo"}


class DayDialog(FormDialog):
    def __init__(self, worker: DbWorker, year: int, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Khai báo ngày"), self.tr("Lưu"), parent)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        today = QDate.currentDate()
        self.date_edit.setDate(today if today.year() == year else QDate(year, 1, 1))
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Ngày nghỉ thêm"), "off")
        self.kind_box.addItem(self.tr("Ngày làm việc bù (thứ Bảy, Chủ nhật)"), "work")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("ví dụ: Nghỉ bù theo Thông báo số 12/TB-UBND"))
        self.form.addRow(self.tr("Ngày"), self.date_edit)
        self.form.addRow(self.tr("Loại"), self.kind_box)
        self.form.addRow(self.tr("Lý do, văn bản"), self.reason_edit)

    def operation(self):
        day = self.date_edit.date().toPython()
        return partial(_set_day, day, self.kind_box.currentData(), self.reason_edit.text())


def _set_day(day: date, kind: str, reason: str, core) -> date:
    calendar.set_day(core, day, kind, reason)
    return day


class CalendarTab(QWidget):
    note = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.rows: list[dict] = []
        self.dialog = None
        self.question = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Năm")))
        self.year_box = QSpinBox()
        self.year_box.setRange(2020, 2100)
        self.year_box.setValue(date.today().year)
        self.year_box.valueChanged.connect(lambda _y: self.refresh())
        top.addWidget(self.year_box)
        top.addWidget(QLabel(self.tr(
            "Các ngày khác với tuần làm việc thứ Hai – thứ Sáu; hạn giải quyết tính theo lịch này.")),
            1)
        layout.addLayout(top)
        self.table = RowTable([self.tr("Ngày"), self.tr("Thứ"), self.tr("Loại"),
                               self.tr("Nguồn"), self.tr("Lý do")])
        fit_columns(self.table)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("+ Khai báo ngày nghỉ / làm bù…"))
        self.clear_button = QPushButton(self.tr("Bỏ khai báo"))
        self.add_button.clicked.connect(self.add)
        self.clear_button.clicked.connect(self.clear)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def refresh(self) -> None:
        year = self.year_box.value()
        self._worker.run_op(lambda core: calendar.year_exceptions(core, year),
                            partial(self._show, year), owner=self)

    def _show(self, year: int, rows: list[dict]) -> None:
        if year != self.year_box.value():
            return              # an answer for a year no longer shown
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            day = date.fromisoformat(row["date"])
            cells = [f"{day:%d/%m/%Y}", WEEKDAYS[day.weekday()], KIND_LABELS[row["kind"]],
                     SOURCE_LABELS.get(row["source"], row["source"]), row["reason"] or ""]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def selected(self) -> dict | None:
        row = self.table.currentRow()
        picked = self.table.selectionModel().selectedRows()
        return self.rows[row] if picked and 0 <= row < len(self.rows) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.clear_button.setEnabled(row is not None and row["source"] == "override")

    def add(self) -> None:
        dialog = DayDialog(self._worker, self.year_box.value(), self)
        dialog.done.connect(self._added)
        open_kept(self, "dialog", dialog)

    def _added(self, day: date) -> None:
        self.note.emit(self.tr("Đã khai báo ngày {d}.").format(d=f"{day:%d/%m/%Y}"))
        if day.year != self.year_box.value():
            self.year_box.setValue(day.year)        # refreshes
        else:
            self.refresh()

    def clear(self) -> None:
        row = self.selected()
        if row is None or row["source"] != "override":
            return
        day = date.fromisoformat(row["date"])
        self.question = ask(
            self, self.tr("Bỏ khai báo ngày {d}? Ngày này sẽ theo lịch chung.").format(
                d=f"{day:%d/%m/%Y}"),
            partial(self._clear, day), self.tr("Bỏ khai báo"), self.tr("Bỏ"), self.tr("Không"))

    def _clear(self, day: date) -> None:
        def done(_r) -> None:
            self.note.emit(self.tr("Đã bỏ khai báo ngày {d}.").format(d=f"{day:%d/%m/%Y}"))
            self.refresh()
        self._worker.run_op(lambda core: calendar.clear_day(core, day), done, owner=self)
