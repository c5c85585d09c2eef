"""The report's charts, drawn with reportlab.graphics (vector, in the PDF's own font)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

PALETTE = [colors.HexColor(c) for c in ("#2e6da4", "#f0ad4e", "#5cb85c", "#d9534f",
                                        "#8e6bb8", "#7f8c8d")]


def _drawing(width: float, height: float, font: str) -> Drawing:
    """A drawing that starts in our font: reportlab's default Helvetica would be named,
    unembedded, in the PDF (and has no Vietnamese letters)."""
    d = Drawing(width, height)
    d.initialFontName, d.initialFontSize = font, 8
    return d


def _caption(drawing: Drawing, text: str, font: str, width: float, height: float) -> None:
    drawing.add(String(width / 2, height - 12, text, fontName=font, fontSize=10,
                       textAnchor="middle"))


def bars(title: str, categories: list[str], series: list[tuple[str, list[float]]],
         font: str, bold: str, width: float, height: float = 170) -> Drawing:
    """Grouped vertical bars: one group per category, one bar per series, a legend below."""
    d = _drawing(width, height, font)
    _caption(d, title, bold, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 45, width - 60, height - 75
    chart.data = [values for _, values in series]
    chart.categoryAxis.categoryNames = categories
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 8
    chart.valueAxis.valueMin = 0
    top = max((v for _, values in series for v in values), default=0)
    chart.valueAxis.valueMax = max(1, top * 1.15)
    chart.barSpacing, chart.groupSpacing = 1, 8
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    chart.barLabelFormat = "%d" if all(float(v).is_integer() for _, vs in series
                                       for v in vs) else "%.1f"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    chart.barLabels.nudge = 6
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, 14
    legend.fontName, legend.fontSize = font, 8
    legend.alignment, legend.columnMaximum = "right", 1
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name)
                             for i, (name, _) in enumerate(series)]
    legend.deltax = 110
    d.add(legend)
    return d


def pie(title: str, parts: list[tuple[str, float]], font: str, bold: str, width: float,
        height: float = 170) -> Drawing:
    """A pie of shares with the count and percent in the legend (a pie of nothing says so)."""
    d = _drawing(width, height, font)
    _caption(d, title, bold, width, height)
    total = sum(v for _, v in parts)
    if not total:
        d.add(String(width / 2, height / 2, "Không có số liệu", fontName=font, fontSize=9,
                     textAnchor="middle"))
        return d
    chart = Pie()
    size = min(height - 45, width / 2 - 20)
    chart.x, chart.y, chart.width, chart.height = 20, (height - 20 - size) / 2, size, size
    chart.data = [v for _, v in parts]
    chart.labels = None
    chart.slices.strokeColor = colors.white
    for i in range(len(parts)):
        chart.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = size + 45, height / 2 + 10
    legend.fontName, legend.fontSize = font, 8.5
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], f"{name}: {int(v)} ({100 * v / total:.1f}%)".replace(
            ".", ",")) for i, (name, v) in enumerate(parts)]
    d.add(legend)
    return d
