"""The tickets waiting for this counter, the next one to call marked."""

from __future__ import annotations

from datetime import datetime

from ui.pages.queue.ops import local_hhmm, waited_minutes
from ui.qt import QColor, QFont, QHeaderView, Qt, QTableWidgetItem, QWidget, Signal
from ui.widgets.tables import RowTable

PRIORITY_BACKGROUND = "#fff4d6"
NEXT_FOREGROUND = "#1a5490"


class WaitingTable(RowTable):
    """Tickets waiting for this counter; double-click or Enter emits ``chosen(number)``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([self.tr("Số"), self.tr("Dịch vụ"), self.tr("Ưu tiên"),
                          self.tr("Giờ lấy số"), self.tr("Chờ (phút)")], parent)
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.numbers: list[str] = []
        self.row_chosen.connect(self._choose)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.numbers) and self.isEnabled():
            self.chosen.emit(self.numbers[row])

    def fill(self, tickets: list[dict], now: datetime, counter: int | None,
             next_number: str | None = None) -> None:
        selected = self.selected_number()
        self.numbers = [t["number"] for t in tickets]
        self.setRowCount(len(tickets))
        for r, t in enumerate(tickets):
            cells = [t["number"], self._service_text(t, counter), t["priority_label"] or "",
                     local_hhmm(t["issued_at"]), str(waited_minutes(t["issued_at"], now))]
            for c, text in enumerate(cells):
                item = self._cell(text, c, bool(t["priority_label"]))
                if t["number"] == next_number:
                    self._mark_next(item)
                self.setItem(r, c, item)
        if selected in self.numbers:
            self.selectRow(self.numbers.index(selected))

    def _mark_next(self, item: QTableWidgetItem) -> None:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setForeground(QColor(NEXT_FOREGROUND))
        item.setToolTip(self.tr("Số sẽ được gọi khi bấm “Gọi số tiếp theo” (F2)"))

    def _service_text(self, t: dict, counter: int | None) -> str:
        if t["for_counter"] is not None and t["for_counter"] == counter:
            return self.tr("{service} (chuyển riêng cho quầy này)").format(
                service=t["service_name"])
        if t["transfers"]:
            return self.tr("{service} (được chuyển đến)").format(service=t["service_name"])
        return t["service_name"]

    @staticmethod
    def _cell(text: str, column: int, priority: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if column in (0, 3, 4):
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if column == 0:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        if priority:
            item.setBackground(QColor(PRIORITY_BACKGROUND))
        return item

    def selected_number(self) -> str | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.numbers[rows[0].row()] if rows and rows[0].row() < len(self.numbers) \
            else None
