"""Charts of the leader's screen (QtCharts): bars for counts (waiting by queue service,
ratings by level) and a line for a rate over the weeks (on time, in %).

Each chart is a titled frame whose ``show_*`` method replaces its series; the figures
also stay readable as ``summary`` text, which is what the frame shows where QtCharts
is missing (a bundle built without PySide6-Addons). No animation: a refresh every minute
should not make the leader watch bars grow, and screenshots catch the final state.
"""

from __future__ import annotations

from ui.qt import QColor, QFont, QLabel, QMargins, QPainter, Qt, QVBoxLayout, QWidget, qt_charts
from ui.widgets.basics import card, muted

BAR_COLOR = "#1a5490"
LINE_COLOR = "#2e7d32"
MIN_HEIGHT = 180


class Chart(QWidget):
    """A heading and a chart (or, without QtCharts, the figures in words)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(title)
        self.heading.setObjectName("sectionHeading")
        self.summary = ""
        self.charts = qt_charts()
        self.view = None
        self.fallback = muted("")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.heading)
        if self.charts is None:
            column.addWidget(card(self.fallback), 1)
            return
        self.chart = self.charts.QChart()
        self.chart.setAnimationOptions(self.charts.QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setBackgroundRoundness(4)
        self.chart.legend().setVisible(False)
        self.view = self.charts.QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(MIN_HEIGHT)
        column.addWidget(self.view, 1)

    def _reset(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)

    def _axes(self, categories: list[str], series, top: float, ticks: int,
              unit: str = "", horizontal: bool = False) -> None:
        x = self.charts.QBarCategoryAxis()
        x.append(categories)
        x.setLabelsFont(_font(8))
        x.setTruncateLabels(False)
        y = self.charts.QValueAxis()
        y.setRange(0, top)
        y.setLabelFormat(f"%d{unit}")
        y.setTickCount(ticks)
        y.setLabelsFont(_font(8))
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignLeft if horizontal
                           else Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignBottom if horizontal
                           else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def show_bars(self, categories: list[str], values: list[int], summary: str) -> None:
        """One horizontal bar per category (names read on the left, as long as they
        are), the first at the top, its count written at its end."""
        self.summary = summary
        self.fallback.setText(summary)
        if self.view is None:
            return
        self._reset()
        bars = self.charts.QBarSet("")
        bars.append([float(v) for v in reversed(values)])
        bars.setColor(QColor(BAR_COLOR))
        bars.setLabelColor(QColor("#1f2933"))
        bars.setLabelFont(_font(8))
        series = self.charts.QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(self.charts.QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.6)
        self.chart.addSeries(series)
        top, ticks = _nice_top(max(values, default=0))
        self._axes(list(reversed(categories)), series, top, ticks, horizontal=True)

    def show_rates(self, categories: list[str], rates: list[float | None],
                   summary: str) -> None:
        """A line through the weeks that have a rate (a week with nothing resolved has
        none and is skipped, not drawn as 0 %), each point labelled."""
        self.summary = summary
        self.fallback.setText(summary)
        if self.view is None:
            return
        self._reset()
        line = self.charts.QLineSeries()
        for i, rate in enumerate(rates):
            if rate is not None:
                line.append(float(i), float(rate))
        pen = line.pen()
        pen.setColor(QColor(LINE_COLOR))
        pen.setWidth(3)
        line.setPen(pen)
        line.setPointsVisible(True)
        line.setPointLabelsVisible(True)
        line.setPointLabelsFormat("@yPoint%")
        line.setPointLabelsFont(_font(8))
        line.setPointLabelsClipping(False)
        self.chart.addSeries(line)
        self._axes(categories, line, 100, 6, "%")


def _nice_top(top: float) -> tuple[int, int]:
    """(axis top, ticks): four whole steps of 1, 2 or 5 × 10ⁿ with room above the
    highest bar for its label."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if 4 * step >= top * 1.15:
                return 4 * step, 5
        scale *= 10


def _font(points: int) -> QFont:
    font = QFont()
    font.setPointSize(points)
    return font
