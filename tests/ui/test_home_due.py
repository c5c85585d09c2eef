"""Trang chủ lists the dossiers due today and overdue; one opens in Tra cứu hồ sơ with a
double-click or Enter. The page's worker runs on the dossier tests' fixed clock
(Wednesday 18/11/2026 10:00 in Hà Nội)."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from tests.ui.test_dossiers_page import NOW, ms, office, receive  # noqa: F401
from ui.qt import Qt


def log_in_at_now(qtbot, worker, log_in, username: str = "canbo1"):
    worker.call(lambda core: setattr(core, "clock", FixedClock(ms(NOW))))
    window = log_in(username)
    window.activateWindow()
    return window


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_home_page_lists_what_is_due_and_opens_it(qtbot, worker, log_in, office):
    window = log_in_at_now(qtbot, worker, log_in)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.due is not None)
    table = home.due_table
    assert table.codes == [office["A"], office["B"]]           # the most overdue first
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == \
        ["Mã hồ sơ", "Người nộp", "Thủ tục", "Hẹn trả", "Thời hạn"]
    first, second = cells(table, 0), cells(table, 1)
    assert first[:2] == [office["A"], "Nguyễn Văn An"] and first[2]
    assert first[3:] == ["17:00 12/11/2026", "Quá hạn 5 ngày"]
    assert second[1] == "Trần Thị Bình" and second[3:] == ["17:00 18/11/2026", "Còn 7 giờ"]
    assert home.due_heading.text() == "Hồ sơ đến hạn hôm nay và quá hạn: 2 (quá hạn: 1)"

    rect = table.visualItemRect(table.item(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dossiers_page = window.pages["dossiers"]
    assert window.stack.currentWidget() is dossiers_page
    qtbot.waitUntil(lambda: dossiers_page.view is not None
                    and dossiers_page.view.dossier["code"] == office["B"], timeout=10_000)

    window.open_section("home")
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dossiers_page.view is not None
                    and dossiers_page.view.dossier["code"] == office["A"], timeout=10_000)


def test_the_list_is_read_again_when_the_page_is_shown(qtbot, worker, log_in, office,
                                                       receive):
    window = log_in_at_now(qtbot, worker, log_in)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.due is not None)
    window.open_section("queue")
    late = receive("Hoàng Văn Muộn", datetime(2026, 11, 2, 9, 0, tzinfo=LOCAL_TZ))
    home.due = None
    window.open_section("home")
    qtbot.waitUntil(lambda: home.due is not None)
    assert home.due_table.codes[0] == late


def test_support_staff_get_no_deadline_list_and_leaders_do(qtbot, worker, log_in, office):
    window = log_in_at_now(qtbot, worker, log_in, "hotro")
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.stats is not None)
    assert not home.follows_deadlines and not hasattr(home, "due_table")


def test_a_leader_sees_the_office_deadlines(qtbot, worker, log_in, office):
    window = log_in_at_now(qtbot, worker, log_in, "lanhdao")
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.due is not None)
    assert home.due_table.codes == [office["A"], office["B"]]


def test_lateness_in_whole_units():
    from ui.formatting import lateness
    assert [lateness(m) for m in (1, 59, 60, 24 * 60 - 1, 24 * 60, 0, -15, -4 * 60 - 30)] == [
        "Quá hạn 1 phút", "Quá hạn 59 phút", "Quá hạn 1 giờ", "Quá hạn 23 giờ",
        "Quá hạn 1 ngày", "Còn 0 phút", "Còn 15 phút", "Còn 4 giờ"]
