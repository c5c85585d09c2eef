"""Báo cáo → Hôm nay: the queue now (waiting, the longest wait, each counter), the
dossiers due today and overdue, the on-time rate of the last weeks and the citizens'
ratings of the last 30 days — as figure cards, charts and the counters' table.

The figures are read on the database worker (``ops.read_today``), never on the GUI
thread; while the tab is shown they are read again every minute (a read still under way
answers for the next tick), and the time of the last read is written under them.
"""

from __future__ import annotations

from ui.formatting import local_time_text
from ui.pages.reports import ops
from ui.pages.reports.charts import Chart
from ui.qt import (QHBoxLayout, QHeaderView, QLabel, QPushButton,
                   QTableWidgetItem, QTimer, QVBoxLayout, QWidget)
from ui.widgets.basics import card, muted
from ui.widgets.panel import repolish
from ui.widgets.tables import read_only_table
from ui.worker import DbWorker

REFRESH_MS = 60_000
COUNTER_ROW_HEIGHT = 26
COUNTER_ROWS_SHOWN = 4
CARDS = (("waiting", "Đang chờ"), ("longest", "Chờ lâu nhất"),
         ("served", "Đã phục vụ / đã phát"), ("due_today", "Hồ sơ đến hạn hôm nay"),
         ("overdue", "Hồ sơ quá hạn"), ("satisfaction", "Hài lòng, 30 ngày qua"))


class TodayView(QWidget):
    """Shows ``data`` (``dashboard.today``) once read; ``refresh()`` reads it again."""

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.data: dict | None = None
        self.reading = False
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._cards())
        charts = QHBoxLayout()
        charts.setSpacing(16)
        self.waiting_chart = Chart(self.tr("Đang chờ theo lĩnh vực"))
        self.trend_chart = Chart(self.tr("Tỷ lệ giải quyết đúng hạn theo tuần"))
        self.ratings_chart = Chart(self.tr("Đánh giá của người dân, 30 ngày qua"))
        for chart in (self.waiting_chart, self.trend_chart, self.ratings_chart):
            charts.addWidget(chart, 1)
        layout.addLayout(charts, 1)
        layout.addWidget(self._counters_box())
        footer = QHBoxLayout()
        self.updated_label = muted("")
        footer.addWidget(self.updated_label, 1)
        self.refresh_button = QPushButton(self.tr("Làm mới"))
        self.refresh_button.clicked.connect(self.refresh)
        footer.addWidget(self.refresh_button)
        layout.addLayout(footer)

    def _cards(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.numbers: dict[str, QLabel] = {}
        for key, caption in CARDS:
            number = QLabel("–")
            number.setObjectName("todayNumber")
            self.numbers[key] = number
            frame = card(number, muted(self.tr(caption)))
            frame.layout().setContentsMargins(12, 6, 12, 6)
            frame.layout().setSpacing(0)
            row.addWidget(frame, 1)
        return row

    def _counters_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        heading = QLabel(self.tr("Các quầy hôm nay"))
        heading.setObjectName("sectionHeading")
        self.counters_table = read_only_table(
            [self.tr("Quầy"), self.tr("Đang phục vụ"), self.tr("Đã xong"),
             self.tr("Chờ trung bình"), self.tr("Phục vụ trung bình")], striped=True)
        self.counters_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.counters_table.verticalHeader().setDefaultSectionSize(COUNTER_ROW_HEIGHT)
        column.addWidget(heading)
        column.addWidget(self.counters_table)
        return box

    def start(self) -> None:
        """The tab is shown: read now and every minute."""
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if self.reading:
            return
        if self._worker.run_op(ops.read_today, self._show, self._failed, owner=self) is None:
            return              # the worker has shut down (logging out)
        self.reading = True
        self.refresh_button.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.reading = False
        self.refresh_button.setEnabled(True)
        self.updated_label.setObjectName("error")
        self.updated_label.setText(self.tr(
            "Không đọc được số liệu hôm nay ({error}). Bấm “Làm mới” để thử lại.").format(
            error=str(exc) or type(exc).__name__))
        repolish(self.updated_label)

    def _show(self, data: dict) -> None:
        self.reading = False
        self.refresh_button.setEnabled(True)
        self.data = data
        figures = ops.today_text(data)
        for key, label in self.numbers.items():
            label.setText(getattr(figures, key))
        overdue = data["due"]["overdue"] > 0
        self.numbers["overdue"].setStyleSheet("color: #8c1d18;" if overdue else "")
        self._show_queue(data["queue"])
        self._show_trend(data["trend"])
        self._show_ratings(data["ratings"])
        self.updated_label.setObjectName("muted")
        self.updated_label.setText(self.tr(
            "Cập nhật lúc {time}; tự làm mới mỗi phút khi trang này đang mở.").format(
            time=local_time_text(data["now"] + "Z", "%H:%M:%S")))
        repolish(self.updated_label)

    def _show_queue(self, queue: dict) -> None:
        services = queue["services"]
        self.waiting_chart.show_bars(
            [f"{s['prefix']} · {s['name']}" for s in services], [s["waiting"] for s in services],
            "; ".join(f"{s['prefix']} – {s['name']}: {s['waiting']}" for s in services))
        counters = queue["counters"]
        self.counters_table.setRowCount(len(counters))
        for r, c in enumerate(counters):
            cells = (c["name"], c["current"] or "–", str(c["served"]),
                     _minutes(c["avg_wait_min"]), _minutes(c["avg_service_min"]))
            for col, value in enumerate(cells):
                self.counters_table.setItem(r, col, QTableWidgetItem(value))
        shown = min(len(counters), COUNTER_ROWS_SHOWN)   # more counters: the table scrolls
        self.counters_table.setFixedHeight(self.counters_table.horizontalHeader().height()
                                           + shown * COUNTER_ROW_HEIGHT + 4)

    def _show_trend(self, trend: list[dict]) -> None:
        weeks = [ops.week_label(w["week_start"]) for w in trend]
        self.trend_chart.show_rates(
            weeks, [w["on_time_rate"] for w in trend],
            "; ".join(f"tuần {label}: {ops.text(w['on_time_rate'])}% "
                      f"({w['on_time']}/{w['resolved']})"
                      for label, w in zip(weeks, trend) if w["resolved"])
            or self.tr("Chưa có hồ sơ nào được giải quyết trong 8 tuần qua."))

    def _show_ratings(self, ratings: dict) -> None:
        levels = ratings["levels"]
        self.ratings_chart.show_bars(
            [lv["label"] for lv in levels], [lv["count"] for lv in levels],
            "; ".join(f"{lv['label']}: {lv['count']}" for lv in levels))


def _minutes(value: float | None) -> str:
    return "–" if value is None else ops.minutes_text(value)
