"""Báo cáo: the leader's screen. "Hôm nay" shows the office right now and refreshes
itself while it is shown; "Báo cáo định kỳ" builds and saves the period reports."""

from __future__ import annotations

from ui.pages.reports import ops
from ui.pages.reports.period import PeriodView
from ui.pages.reports.today import TodayView
from ui.qt import QTabWidget, QWidget
from ui.widgets.basics import page_layout
from ui.worker import DbWorker

TAB_TODAY, TAB_PERIOD = 0, 1


class ReportsPage(QWidget):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = page_layout(self, self.tr("Báo cáo"))
        self.today = TodayView(worker)
        self.period = PeriodView(worker)
        worker.run_op(ops.office_today, self.period.set_today, owner=self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.today, self.tr("Hôm nay"))
        self.tabs.addTab(self.period, self.tr("Báo cáo định kỳ"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

    def _tab_changed(self, index: int) -> None:
        if index == TAB_TODAY and self.isVisible():
            self.today.start()
        else:
            self.today.stop()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.tabs.currentIndex() == TAB_TODAY:
            self.today.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self.today.stop()
