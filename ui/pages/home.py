"""Trang chủ: who is working, where, today's date, and what the office has set up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_app.domain.clock import to_local
from counter_app.services import office, officers
from counter_app.services.core import Core, Officer
from ui.formatting import counter_label, long_date
from ui.qt import QFrame, QGridLayout, QLabel, QWidget
from ui.session import SessionInfo
from ui.widgets.basics import card, muted, page_layout
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


class HomePage(QWidget):
    """The first page after login; counts are read again each time it is shown."""

    def __init__(self, worker: DbWorker, info: SessionInfo, officer: Officer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.stats: HomeStats | None = None
        layout = page_layout(self, self.tr("Xin chào, {name}").format(name=officer.full_name))
        self.role_label = muted(officer.role.label)
        self.date_label = QLabel("")
        self.date_label.setStyleSheet("font-size: 12pt;")
        layout.addWidget(self.role_label)
        layout.addWidget(self.date_label)
        layout.addWidget(self._office_card(info))
        layout.addLayout(self._stats_row())
        if info.demo:
            layout.addWidget(muted(self.tr(
                "Đang dùng dữ liệu mẫu để làm quen với phần mềm; "
                "không nhập hồ sơ thật vào cơ quan mẫu.")))
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

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self._worker.run_op(read_home_stats, self._show_stats, owner=self)

    def _show_stats(self, stats: HomeStats) -> None:
        self.stats = stats
        self.date_label.setText(long_date(stats.today))
        for key, label in self.count_labels.items():
            label.setText(str(getattr(stats, key)))
