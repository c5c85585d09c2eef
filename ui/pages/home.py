"""Trang chủ: who is working, where, today's date, what the office has set up, and the
dossiers due today or overdue (for the roles that follow deadlines; a double-click or
Enter on one opens it in Tra cứu hồ sơ)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_app.domain.clock import to_local
from counter_app.domain.permissions import allowed
from counter_app.services import dossiers, office, officers
from counter_app.services.core import Core, Officer
from ui.formatting import counter_label, lateness, long_date
from ui.qt import (QColor, QFrame, QGridLayout, QHeaderView, QLabel, QTableWidgetItem, QWidget,
                   Signal)
from ui.session import SessionInfo
from ui.widgets.basics import card, muted, page_layout
from ui.widgets.tables import RowTable
from ui.worker import DbWorker


@dataclass(frozen=True)
class HomeStats:
    today: date
    counters: int
    services: int
    officers: int


def read_home_stats(core: Core) -> HomeStats:
    return HomeStats(
        today=to_local(core.clock.now_utc()).date(),
        counters=len(office.list_counters(core)),
        services=len(office.list_services(core)),
        officers=officers.count_active(core))


OVERDUE_FOREGROUND = "#8c1d18"


class DueTable(RowTable):
    """Dossiers due today and overdue; double-click or Enter emits ``chosen(code)``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
                          self.tr("Hẹn trả"), self.tr("Thời hạn")], parent)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.codes: list[str] = []
        self.row_chosen.connect(self._choose)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.codes):
            self.chosen.emit(self.codes[row])

    def fill(self, rows: list[dict]) -> None:
        self.codes = [d["code"] for d in rows]
        self.setRowCount(len(rows))
        for r, d in enumerate(rows):
            day, _, time = d["due_at_local"].partition("T")
            due = f"{time} {'/'.join(reversed(day.split('-')))}"
            cells = (d["code"], d["applicant_name"], d["procedure_name"], due,
                     lateness(d["late_minutes"]))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if d["late_minutes"] > 0:
                    item.setForeground(QColor(OVERDUE_FOREGROUND))
                self.setItem(r, c, item)


class HomePage(QWidget):
    """The first page after login; counts and deadlines are read again each time it is
    shown. ``open_dossier(code)``: the officer chose a dossier in the deadlines list."""

    open_dossier = Signal(str)

    def __init__(self, worker: DbWorker, info: SessionInfo, officer: Officer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.stats: HomeStats | None = None
        self.due: dict | None = None
        self.follows_deadlines = allowed(officer.role, "dossiers.due_today_and_overdue")
        layout = page_layout(self, self.tr("Xin chào, {name}").format(name=officer.full_name))
        self.role_label = muted(officer.role.label)
        self.date_label = QLabel("")
        self.date_label.setStyleSheet("font-size: 12pt;")
        layout.addWidget(self.role_label)
        layout.addWidget(self.date_label)
        layout.addWidget(self._office_card(info))
        layout.addLayout(self._stats_row())
        if self.follows_deadlines:
            layout.addWidget(self._due_card(), 1)
        if info.demo:
            layout.addWidget(muted(self.tr(
                "Đang dùng dữ liệu mẫu để làm quen với phần mềm; "
                "không nhập hồ sơ thật vào cơ quan mẫu.")))
        if not self.follows_deadlines:
            layout.addStretch(1)

    def _office_card(self, info: SessionInfo) -> QFrame:
        parent = muted(info.parent_name)
        name = QLabel(info.office_name or self.tr("(chưa cấu hình tên cơ quan)"))
        name.setStyleSheet("font-size: 13pt; font-weight: 600;")
        name.setWordWrap(True)
        code = muted(self.tr("Mã định danh: {code}").format(code=info.office_code or "—"))
        self.counter_label = QLabel(counter_label(info.counter_number))
        self.counter_label.setStyleSheet("font-weight: 600;")
        return card(parent, name, code, self.counter_label)

    def _stats_row(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.count_labels: dict[str, QLabel] = {}
        captions = (("counters", self.tr("Quầy tiếp nhận")),
                    ("services", self.tr("Lĩnh vực trong hàng đợi")),
                    ("officers", self.tr("Cán bộ đang hoạt động")))
        for column, (key, caption) in enumerate(captions):
            number = QLabel("–")
            number.setObjectName("statNumber")
            self.count_labels[key] = number
            grid.addWidget(card(number, muted(caption)), 0, column)
        return grid

    def _due_card(self) -> QFrame:
        self.due_heading = QLabel(self.tr("Hồ sơ đến hạn hôm nay và quá hạn"))
        self.due_heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.due_table = DueTable()
        self.due_table.chosen.connect(self.open_dossier)
        self.due_note = muted("")
        return card(self.due_heading, self.due_table, self.due_note)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self._worker.run_op(read_home_stats, self._show_stats, owner=self)
        if self.follows_deadlines:
            self._worker.run_op(dossiers.due_today_and_overdue, self._show_due, owner=self)

    def _show_due(self, due: dict) -> None:
        self.due = due
        rows = due["dossiers"]
        overdue = sum(d["late_minutes"] > 0 for d in rows)
        self.due_heading.setText(self.tr(
            "Hồ sơ đến hạn hôm nay và quá hạn: {n} (quá hạn: {late})").format(
            n=due["total"], late=overdue))
        self.due_table.fill(rows)
        if not rows:
            note = self.tr("Không có hồ sơ nào đến hạn hôm nay hay quá hạn.")
        else:
            note = self.tr("Nháy đúp một dòng (hoặc chọn rồi bấm Enter) để mở hồ sơ.")
            if due["total"] > len(rows):
                note += " " + self.tr("Đang hiện {shown}/{total} hồ sơ; xem đủ ở mục Tra cứu "
                                      "hồ sơ (lọc “Quá hạn”, “Đến hạn hôm nay”).").format(
                    shown=len(rows), total=due["total"])
        self.due_note.setText(note)

    def _show_stats(self, stats: HomeStats) -> None:
        self.stats = stats
        self.date_label.setText(long_date(stats.today))
        for key, label in self.count_labels.items():
            label.setText(str(getattr(stats, key)))
