"""Báo cáo for the leader: today's figures read on the database worker (never on the GUI
thread) and drawn as cards, charts and the counters' table, refreshed while shown; the
period reports built and saved as real XLSX and PDF files from the same page. The
office is the dossier tests' (Wednesday 18/11/2026 10:00 in Hà Nội)."""

from __future__ import annotations

import subprocess
import threading
from datetime import timedelta

from openpyxl import load_workbook

from counter_app.domain.clock import FixedClock
from counter_app.services import queue
from tests.ui.test_dossiers_page import NOW, ms, office, receive  # noqa: F401
from ui.pages.reports.page import TAB_PERIOD, TAB_TODAY


def _at(core, moment) -> None:
    core.clock = FixedClock(ms(moment))


def open_reports(qtbot, worker, log_in):
    worker.call(lambda core: _at(core, NOW))
    window = log_in("lanhdao")
    page = window.open_section("reports")
    qtbot.waitUntil(lambda: page.today.data is not None, timeout=10_000)
    return window, page


def _bar_values(chart) -> list[float]:
    series = chart.chart.series()[0]
    bars = series.barSets()[0]
    return [bars.at(i) for i in range(bars.count())]


def test_today_shows_the_queue_deadlines_and_charts(qtbot, worker, log_in, office, desk):
    _at(desk, NOW - timedelta(minutes=40))
    first = queue.issue_ticket(desk, "A")
    _at(desk, NOW - timedelta(minutes=15))
    queue.issue_ticket(desk, "B")
    _at(desk, NOW - timedelta(minutes=30))
    queue.act(desk, first["id"], "call", 1)
    window, page = open_reports(qtbot, worker, log_in)
    today = page.today
    numbers = {key: label.text() for key, label in today.numbers.items()}
    assert numbers == {"waiting": "1", "longest": "15 phút", "served": "0 / 2",
                       "due_today": "1", "overdue": "1", "satisfaction": "–"}
    # waiting by queue service, first service at the top (horizontal bars, bottom-up)
    values = _bar_values(today.waiting_chart)
    assert values[-2] == 1.0 and sum(values) == 1.0
    assert "B – Chứng thực: 1" in today.waiting_chart.summary
    assert [today.counters_table.item(r, 0).text() for r in range(3)] == \
        ["Quầy 1", "Quầy 2", "Quầy 3"]
    assert today.counters_table.item(0, 1).text() == first["number"]
    assert len(today.trend_chart.chart.series()) == 1
    assert today.ratings_chart.summary.startswith("Rất hài lòng: 0")
    assert "Cập nhật lúc 10:00:00" in today.updated_label.text()
    assert today.timer.isActive()
    window.open_section("home")
    assert not today.timer.isActive()            # nothing read while nobody looks


def test_the_read_runs_on_the_worker_not_the_gui_thread(qtbot, worker, log_in, office):
    window, page = open_reports(qtbot, worker, log_in)
    gate = threading.Event()
    worker.run_op(lambda core: gate.wait(10))      # the worker is busy…
    before = page.today.data
    page.today.refresh()
    qtbot.wait(200)                                # …and the window still answers
    assert page.today.reading and page.today.data is before
    assert not page.today.refresh_button.isEnabled()
    page.today.refresh()                           # a read under way answers for this one
    gate.set()
    qtbot.waitUntil(lambda: not page.today.reading, timeout=10_000)
    assert page.today.data is not before and page.today.refresh_button.isEnabled()


def test_a_period_report_is_built_and_saved(qtbot, worker, log_in, office, tmp_path):
    window, page = open_reports(qtbot, worker, log_in)
    page.tabs.setCurrentIndex(TAB_PERIOD)
    period = page.period
    qtbot.waitUntil(lambda: period.today == NOW.date())
    assert period.preset_combo.currentData() == "last_month"
    assert period.period() == (NOW.date().replace(month=10, day=1),
                               NOW.date().replace(month=10, day=31))
    assert not period.xlsx_button.isEnabled()
    period.preset_combo.setCurrentIndex(period.preset_combo.findData("this_month"))
    period.build()
    qtbot.waitUntil(lambda: period.data is not None and not period.busy, timeout=10_000)
    rows = {period.table.item(r, 0).text(): period.table.item(r, 1).text()
            for r in range(period.table.rowCount())}
    assert rows["Tổng số hồ sơ tiếp nhận"] == "4"
    assert rows["Tiếp nhận trực tuyến"] == "1"
    assert "đã tiếp nhận 4 hồ sơ" in period.text_edit.toPlainText()

    period.choose_path = lambda fmt: tmp_path / f"bao-cao.{fmt}"
    period.xlsx_button.click()
    qtbot.waitUntil(lambda: period.last_file == tmp_path / "bao-cao.xlsx", timeout=10_000)
    sheet = load_workbook(period.last_file).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Tổng số hồ sơ tiếp nhận" in cells
    period.pdf_button.click()
    qtbot.waitUntil(lambda: period.last_file == tmp_path / "bao-cao.pdf", timeout=20_000)
    text = subprocess.run(["pdftotext", "-layout", str(period.last_file), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO KẾT QUẢ TIẾP NHẬN" in text and "01/11/2026" in text
    assert "Đã lưu báo cáo" in period.status_label.text()
    page.tabs.setCurrentIndex(TAB_TODAY)
    assert page.today.timer.isActive()


def test_a_bad_period_is_said_in_vietnamese(qtbot, worker, log_in, office):
    window, page = open_reports(qtbot, worker, log_in)
    page.tabs.setCurrentIndex(TAB_PERIOD)
    period = page.period
    period.end_edit.setDate(period.start_edit.date().addDays(-3))
    assert period.preset_combo.currentData() == "custom"
    period.build()
    qtbot.waitUntil(lambda: not period.busy, timeout=10_000)
    assert "ngày kết thúc" in period.status_label.text()
    assert period.status_label.objectName() == "error" and period.data is None
