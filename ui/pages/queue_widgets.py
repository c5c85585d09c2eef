"""The pieces of the counter queue panel: message bar, current ticket, waiting list, summary."""

from __future__ import annotations

from datetime import datetime

from ui.formatting import counter_label
from ui.pages.common import muted
from ui.pages.queue_data import local_hhmm, waited_minutes
from ui.qt import (QAbstractItemView, QColor, QFont, QFrame, QHBoxLayout, QHeaderView, QLabel,
                   QPushButton, QTableWidget, QTableWidgetItem, Qt, QTimer, QVBoxLayout,
                   QWidget, Signal)

INFO_VISIBLE_MS = 6_000
PRIORITY_BACKGROUND = "#fff4d6"
NEXT_FOREGROUND = "#1a5490"
SUMMARY_WIDTH = 330

PANEL_STYLE = """
QFrame#messageBar[kind="error"] { background: #fdecea; border: 1px solid #e4a29c;
                                  border-radius: 4px; }
QFrame#messageBar[kind="info"] { background: #e8f1fb; border: 1px solid #a9c4e4;
                                 border-radius: 4px; }
QFrame#messageBar[kind="error"] QLabel { color: #8c1d18; }
QFrame#messageBar QPushButton { border: none; background: transparent; font-size: 12pt;
                                padding: 0 6px; }
QLabel#currentNumber { font-size: 40pt; font-weight: 700; color: #123d6b; }
QLabel#currentService { font-size: 16pt; font-weight: 600; color: #1f2933; }
QLabel#ticketStatus { background: #1a5490; color: white; border-radius: 4px;
                      padding: 2px 10px; font-weight: 600; }
QLabel#ticketStatus[status="serving"] { background: #2e7d32; }
QLabel#priorityBadge { background: #f6c343; color: #3d2c00; border-radius: 4px;
                       padding: 2px 10px; font-weight: 600; }
QLabel#noCounter { background: #fff7dc; border: 1px solid #e8c95a; border-radius: 4px;
                   padding: 8px 12px; }
QLabel#sectionHeading { font-weight: 600; font-size: 11pt; }
QPushButton#queueAction { min-height: 40px; padding: 0 12px; font-size: 11pt; }
QPushButton#queueAction[primary="true"] { background: #1a5490; color: white;
    border: 1px solid #123d6b; border-radius: 4px; font-weight: 600; }
QPushButton#queueAction[primary="true"]:disabled { background: #9fb3c8; border-color: #9fb3c8; }
"""


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


class MessageBar(QFrame):
    """An inline message under the title: errors stay until closed, notes fade by themselves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.kind = ""
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton("×")
        self.close_button.setToolTip(self.tr("Đóng thông báo"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.setInterval(INFO_VISIBLE_MS)
        self._fade.timeout.connect(self.clear)
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_error(self, text: str) -> None:
        self._show("error", text)
        self._fade.stop()

    def show_info(self, text: str) -> None:
        self._show("info", text)
        self._fade.start()

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setProperty("kind", kind)
        _repolish(self)
        for child in (self.label, self.close_button):
            _repolish(child)
        self.label.setText(text)
        self.show()

    def clear(self) -> None:
        self._fade.stop()
        self.kind = ""
        self.label.setText("")
        self.hide()


class CurrentTicketPanel(QFrame):
    """The ticket this counter has called or is serving, in type readable from a step back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = QLabel(self.tr("Đang phục vụ"))
        self.caption.setObjectName("muted")
        self.number_label = QLabel("")
        self.number_label.setObjectName("currentNumber")
        self.service_label = QLabel("")
        self.service_label.setObjectName("currentService")
        self.service_label.setWordWrap(True)
        self.status_label = QLabel("")
        self.status_label.setObjectName("ticketStatus")
        self.priority_label = QLabel("")
        self.priority_label.setObjectName("priorityBadge")
        self.calls_label = QLabel("")
        self.calls_label.setObjectName("muted")
        self.empty_label = QLabel("")
        self.empty_label.setObjectName("muted")
        self.empty_label.setWordWrap(True)
        self.idle_text = self.tr(
            "Quầy đang trống. Bấm “Gọi số tiếp theo” (F2) để mời người kế tiếp.")
        self._layout()
        self.show_ticket(None)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.number_label)
        top.addWidget(self.service_label, 1, Qt.AlignmentFlag.AlignVCenter)
        badges = QHBoxLayout()
        badges.setSpacing(8)
        for widget in (self.status_label, self.priority_label, self.calls_label):
            badges.addWidget(widget)
        badges.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 12, 20, 14)
        box.setSpacing(4)
        box.addWidget(self.caption)
        box.addLayout(top)
        box.addWidget(self.empty_label)
        box.addLayout(badges)
        box.addStretch(1)

    def show_ticket(self, ticket: dict | None) -> None:
        self.ticket = ticket
        has = ticket is not None
        for widget in (self.number_label, self.service_label, self.status_label,
                       self.calls_label):
            widget.setVisible(has)
        self.empty_label.setVisible(not has)
        self.priority_label.setVisible(has and bool(ticket["priority_label"]))
        if not has:
            self.empty_label.setText(self.idle_text)
            return
        self.number_label.setText(ticket["number"])
        self.service_label.setText(ticket["service_name"])
        self.status_label.setText(ticket["status_label"])
        self.status_label.setProperty("status", ticket["status"])
        _repolish(self.status_label)
        self.priority_label.setText(self.tr("Ưu tiên: {who}").format(
            who=ticket["priority_label"] or ""))
        self.calls_label.setText(self.tr("Đã gọi {n} lần · lúc {time}").format(
            n=ticket["call_count"], time=local_hhmm(ticket["called_at"])))

    def summary(self) -> str:
        """"A025 — Hộ tịch" (or "" when free), as the panel shows it."""
        if self.ticket is None:
            return ""
        return f"{self.ticket['number']} — {self.ticket['service_name']}"


class WaitingTable(QTableWidget):
    """Tickets waiting for this counter; double-click or Enter emits ``chosen(number)``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels([self.tr("Số"), self.tr("Dịch vụ"), self.tr("Ưu tiên"),
                                        self.tr("Giờ lấy số"), self.tr("Chờ (phút)")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.numbers: list[str] = []
        self.doubleClicked.connect(lambda index: self._choose(index.row()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self.currentRow())
            return
        super().keyPressEvent(event)

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
