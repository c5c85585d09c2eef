"""The queue summary beside the panel: the whole office's waiting counts and each counter."""

from __future__ import annotations

from ui.formatting import counter_label
from ui.qt import (QAbstractItemView, QFont, QHeaderView, QLabel, Qt, QTableWidget,
                   QTableWidgetItem, QVBoxLayout, QWidget)
from ui.widgets.basics import muted
from ui.widgets.panel import heading


SUMMARY_WIDTH = 330


class QueueSummary(QWidget):
    """Waiting counts per service for the whole office, and what each counter is serving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services_table = QTableWidget(0, 3)
        self.services_table.setHorizontalHeaderLabels(
            [self.tr("Dịch vụ"), self.tr("Đang chờ"), self.tr("Ưu tiên")])
        self.services_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.services_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.services_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.services_table.verticalHeader().setVisible(False)
        header = self.services_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counters_label = QLabel("")
        self.counters_label.setObjectName("muted")
        self.counters_label.setWordWrap(True)
        self.setFixedWidth(SUMMARY_WIDTH)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(heading(self.tr("Toàn cơ quan")))
        box.addWidget(self.services_table, 1)
        box.addWidget(muted(self.tr("Chữ đậm: dịch vụ quầy này phục vụ.")))
        box.addWidget(heading(self.tr("Các quầy")))
        box.addWidget(self.counters_label)

    def fill(self, services: list[dict], counters: list[dict], served: frozenset[str]) -> None:
        table = self.services_table
        table.setRowCount(len(services))
        for r, s in enumerate(services):
            mine = s["code"] in served
            cells = [f"{s['prefix']} · {s['name']}", str(s["waiting"]),
                     str(s["priority_waiting"]) if s["priority_waiting"] else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                font = QFont(item.font())
                font.setBold(mine)
                item.setFont(font)
                table.setItem(r, c, item)
        self.counters_label.setText("\n".join(self._counter_line(c) for c in counters))

    def _counter_line(self, c: dict) -> str:
        if c["current"] is None:
            return self.tr("{counter}: trống").format(counter=counter_label(c["number"]))
        return self.tr("{counter}: {number}").format(counter=counter_label(c["number"]),
                                                     number=c["current"])
