"""Choosing a procedure from the catalogue: the search-as-you-type picker and the summary of
the chosen one (agency, processing time, fee); used by intake and "Công dân không viết"."""

from __future__ import annotations

from counter_app.domain import limits
from ui.input_limits import limit
from counter_app.domain.catalogue import Procedure
from ui.pages.intake.ops import ProcedureItem
from ui.qt import (QCoreApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                   QListWidgetItem, Qt, QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import muted
from ui.widgets.panel import step_heading


CODE_ROLE = Qt.ItemDataRole.UserRole


PICKER_WIDTH = 300


def days_text(days: float, same_day: bool) -> str:
    tr = QCoreApplication.translate
    if same_day or days == 0:
        return tr("intake", "Giải quyết trong ngày")
    return tr("intake", "{days} ngày làm việc").format(days=f"{days:g}".replace(".", ","))


class ProcedurePicker(QWidget):
    """A search box over the catalogue and the matching procedures; ``chosen(code)``."""

    search_changed = Signal(str)
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = limit(QLineEdit(), limits.SEARCH)
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên hoặc mã (gõ không dấu được)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search_changed)
        self.search_edit.returnPressed.connect(self._choose_first)
        self.list = QListWidget()
        self.list.setObjectName("procedures")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._current_changed)
        self.empty_label = muted("")
        self.items: list[ProcedureItem] = []
        self.selected_code: str | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(step_heading(self.tr("1. Thủ tục hành chính")))
        box.addWidget(self.search_edit)
        box.addWidget(self.list, 1)
        box.addWidget(self.empty_label)

    def set_items(self, items: list[ProcedureItem]) -> None:
        self.items = items
        self.list.blockSignals(True)
        self.list.clear()
        for p in items:
            days = days_text(p.processing_days, p.same_day)
            item = QListWidgetItem(f"{p.name}\n{p.code} · {days}")
            item.setData(CODE_ROLE, p.code)
            item.setToolTip(p.name)
            self.list.addItem(item)
            if p.code == self.selected_code:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty_label.setText("" if items else self.tr(
            "Không có thủ tục nào khớp. Thử gõ ít chữ hơn hoặc mã thủ tục."))
        self.empty_label.setVisible(not items)

    def codes(self) -> list[str]:
        return [p.code for p in self.items]

    def select(self, code: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(CODE_ROLE) == code:
                self.list.setCurrentRow(row)
                return
        raise KeyError(code)

    def clear_choice(self) -> None:
        self.selected_code = None
        self.list.setCurrentRow(-1)
        self.list.clearSelection()

    def _choose_first(self) -> None:
        if self.list.count() and self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def _current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        code = item.data(CODE_ROLE)
        if code != self.selected_code:
            self.selected_code = code
            self.chosen.emit(code)


class ProcedureSummary(QFrame):
    """The chosen procedure: time limit, same-day flag, deciding agency, fees (read-only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.name_label = QLabel(self.tr("Chưa chọn thủ tục."))
        self.name_label.setObjectName("procedureName")
        self.name_label.setWordWrap(True)
        self.days_label = QLabel("")
        self.same_day_label = QLabel(days_text(0, True))   # the limit itself, as a badge
        self.same_day_label.setObjectName("sameDay")
        self.agency_label = muted("")
        self.fees_label = QLabel("")
        self.fees_label.setWordWrap(True)
        self.fees_label.setTextFormat(Qt.TextFormat.PlainText)
        days = QHBoxLayout()
        days.addWidget(self.days_label)
        days.addWidget(self.same_day_label)
        days.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 10)
        box.setSpacing(4)
        box.addWidget(self.name_label)
        box.addLayout(days)
        box.addWidget(self.agency_label)
        box.addWidget(self.fees_label)
        self.show_procedure(None)

    def show_procedure(self, proc: Procedure | None) -> None:
        has = proc is not None
        for widget in (self.days_label, self.agency_label, self.fees_label):
            widget.setVisible(has)
        self.same_day_label.setVisible(has and proc.same_day)
        if not has:
            self.name_label.setText(self.tr("Chưa chọn thủ tục."))
            return
        self.name_label.setText(proc.name)
        # A same-day limit is the badge; said twice it no longer fits the 300-px column.
        self.days_label.setText(self.tr("Thời hạn:") if proc.same_day else self.tr(
            "Thời hạn: {days}").format(days=days_text(proc.processing_days, proc.same_day)))
        self.agency_label.setText(self.tr("Cơ quan giải quyết: {agency}").format(
            agency=proc.agency or self.tr("(theo cơ quan)")))
        self.agency_label.setVisible(bool(proc.agency))
        self.fees_label.setText(self.fees_text(proc))

    def fees_text(self, proc: Procedure) -> str:
        if not proc.fees:
            return self.tr("Phí, lệ phí: không thu.")
        lines = [f"• {fee.name}: {fee.describe()}" for fee in proc.fees]
        return self.tr("Phí, lệ phí:") + "\n" + "\n".join(lines)
