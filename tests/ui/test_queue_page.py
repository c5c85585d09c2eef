"""Hàng đợi: the counter queue panel, driven with the keyboard as an officer would.

Tickets come from a second, system ``Core`` on the same demo database (the
kiosk). In the demo office counter 1 serves A (Hộ tịch) and B (Chứng thực);
C (Đất đai - Xây dựng) is served at counter 2 only.
"""

from __future__ import annotations

import dataclasses

import pytest

from counter_app.domain.queue import ACTIONS, TicketStatus
from counter_app.errors import CounterError
from counter_app.services import officers, queue
from counter_app.services.setup import DEMO_PASSWORD
from counter_app.services.core import Core
from ui.main_window import MainWindow
from ui.pages.queue.page import REFRESH_MS, QueuePage
from ui.pages.queue.ops import TICKET_ACTIONS, legal_actions
from ui.qt import QApplication, QMessageBox, Qt

TICKET_BUTTONS = ("recall", "start", "finish", "no_show", "transfer")


@pytest.fixture
def kiosk(demo_paths):
    core = Core.open(*demo_paths, system=True)
    yield core
    core.close()


@pytest.fixture
def issue(kiosk):
    def do(*specs: str) -> list[str]:
        """"A" or "A:NCT" (priority) → the numbers issued."""
        numbers = []
        for spec in specs:
            service, _, priority = spec.partition(":")
            numbers.append(queue.issue_ticket(kiosk, service, priority or None)["number"])
        return numbers
    return do


@pytest.fixture
def open_page(qtbot, log_in):
    def do(username: str = "canbo1") -> QueuePage:
        window = log_in(username)
        window.activateWindow()
        page = window.open_section("queue")
        assert isinstance(page, QueuePage)
        qtbot.waitUntil(lambda: page.view is not None)
        return page
    return do


def press(qtbot, page: QueuePage, key) -> None:
    qtbot.keyClick(page.waiting_table, key)


def wait_idle(qtbot, page: QueuePage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=5_000)


def act_by_key(qtbot, page: QueuePage, key) -> None:
    press(qtbot, page, key)
    assert page.busy, "the key did not start an action"
    wait_idle(qtbot, page)


def status_of(kiosk, number: str) -> str:
    return queue.find_today(kiosk, number)["status"]


def enabled(page: QueuePage) -> set[str]:
    return {key for key, button in page.buttons.items() if button.isEnabled()}


def test_waiting_list_shows_only_what_counter_1_serves(qtbot, issue, open_page):
    issue("A", "C", "B", "A:NCT")
    page = open_page()
    table = page.waiting_table
    assert table.numbers == ["A001", "B001", "A002"]
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == \
        ["Số", "Dịch vụ", "Ưu tiên", "Giờ lấy số", "Chờ (phút)"]
    row = [table.item(2, c).text() for c in range(5)]
    assert row[:3] == ["A002", "Hộ tịch", "Người cao tuổi (từ 60 tuổi)"]
    assert len(row[3]) == 5 and row[3][2] == ":" and row[4] == "0"
    assert page.waiting_heading.text() == "Đang chờ tại quầy này: 3 — số tiếp theo: A002"
    summary = page.summary.services_table
    counts = {summary.item(r, 0).text(): summary.item(r, 1).text()
              for r in range(summary.rowCount())}
    assert counts["A · Hộ tịch"] == "2" and counts["C · Đất đai - Xây dựng"] == "1"
    assert page.current_panel.ticket is None
    assert enabled(page) == {"next", "call_number"}
    assert [b.text() for b in page.buttons.values()] == [
        "Gọi số tiếp theo (F2)", "Gọi lại (F3)", "Bắt đầu (F4)", "Xong (F5)", "Vắng mặt (F6)",
        "Chuyển… (F7)", "Gọi số… (F8)"]


def test_f2_calls_the_priority_ticket_first(qtbot, kiosk, issue, open_page):
    issue("A", "B", "A:NCT")
    page = open_page()
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    panel = page.current_panel
    assert panel.summary() == "A002 — Hộ tịch"
    assert panel.number_label.text() == "A002"
    assert panel.status_label.text() == "Đã gọi"
    assert not panel.priority_label.isHidden()
    assert panel.priority_label.text() == "Ưu tiên: Người cao tuổi (từ 60 tuổi)"
    assert panel.calls_label.text().startswith("Đã gọi 1 lần")
    assert page.waiting_table.numbers == ["A001", "B001"]
    assert enabled(page) == {"next", "call_number", *TICKET_BUTTONS}
    assert status_of(kiosk, "A002") == "called"


def test_recall_start_and_finish(qtbot, kiosk, issue, open_page):
    issue("A", "A")
    page = open_page()
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    act_by_key(qtbot, page, Qt.Key.Key_F3)
    assert page.current_panel.calls_label.text().startswith("Đã gọi 2 lần")
    assert page.message_bar.text() == "Đã gọi lại số A001 (lần 2)."
    assert page.message_bar.kind == "info"

    act_by_key(qtbot, page, Qt.Key.Key_F4)
    assert page.current_panel.status_label.text() == "Đang phục vụ"
    assert enabled(page) == {"next", "call_number", "finish", "transfer"}

    act_by_key(qtbot, page, Qt.Key.Key_F5)
    assert page.current_panel.ticket is None
    assert page.current_panel.empty_label.text().startswith("Quầy đang trống")
    assert page.message_bar.text() == "Đã xong số A001."
    assert status_of(kiosk, "A001") == "done"
    assert enabled(page) == {"next", "call_number"}


def test_no_show_then_the_citizen_comes_back(qtbot, kiosk, issue, open_page):
    issue("A", "B")
    page = open_page()
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    act_by_key(qtbot, page, Qt.Key.Key_F6)
    assert page.current_panel.ticket is None
    assert page.message_bar.text().startswith("Số A001 được ghi là vắng mặt.")
    assert status_of(kiosk, "A001") == "no_show"
    page.call_number("a001")          # the same paper, typed in lower case
    wait_idle(qtbot, page)
    assert page.current_panel.summary() == "A001 — Hộ tịch"
    assert page.current_panel.calls_label.text().startswith("Đã gọi 2 lần")


def test_transfer_to_another_service_leaves_counter_1(qtbot, kiosk, issue, open_page):
    issue("A", "B")
    page = open_page()
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    press(qtbot, page, Qt.Key.Key_F7)
    dialog = page.transfer_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Chuyển số A001"
    assert not dialog.ok_button.isEnabled()
    dialog.select("service", "DATDAI")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)

    assert page.current_panel.ticket is None
    assert page.waiting_table.numbers == ["B001"]
    assert page.message_bar.text() == "Đã chuyển số A001 sang Đất đai - Xây dựng."
    assert [t["number"] for t in queue.waiting(kiosk, 2)] == ["A001"]


def test_transfer_to_a_counter(qtbot, kiosk, issue, open_page):
    issue("A")
    page = open_page()
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    page.run_action("transfer")
    dialog = page.transfer_dialog
    targets = [dialog.targets.item(r).data(Qt.ItemDataRole.UserRole)
               for r in range(dialog.targets.count())]
    assert ("counter", 1) not in targets and ("service", "HOTICH") not in targets
    dialog.select("counter", 3)
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Return)
    wait_idle(qtbot, page)
    assert page.message_bar.text() == "Đã chuyển số A001 sang Quầy số 3."
    assert queue.call_next(kiosk, 3)["number"] == "A001"


def test_f8_calls_a_specific_number(qtbot, kiosk, issue, open_page):
    issue("A", "A", "B")
    page = open_page()
    press(qtbot, page, Qt.Key.Key_F8)
    dialog = page.call_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.number_edit, "b001")
    qtbot.keyClick(dialog.number_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, page)
    assert page.call_dialog is None
    assert page.current_panel.summary() == "B001 — Chứng thực"
    assert page.waiting_table.numbers == ["A001", "A002"]


def test_double_click_or_enter_on_a_row_calls_it(qtbot, issue, open_page):
    issue("A", "A", "B")
    page = open_page()
    table = page.waiting_table
    rect = table.visualItemRect(table.item(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_idle(qtbot, page)
    assert page.current_panel.summary() == "A002 — Hộ tịch"

    table.selectRow(table.numbers.index("B001"))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_idle(qtbot, page)
    assert page.current_panel.summary() == "B001 — Chứng thực"
    assert table.numbers == ["A001"]


def test_a_double_press_calls_one_ticket(qtbot, kiosk, issue, open_page):
    issue("A", "A", "A")
    page = open_page()
    press(qtbot, page, Qt.Key.Key_F2)
    assert not page.buttons["next"].isEnabled()
    press(qtbot, page, Qt.Key.Key_F2)
    page.buttons["next"].click()     # a mouse click while busy does nothing either
    wait_idle(qtbot, page)
    assert [status_of(kiosk, n) for n in ("A001", "A002", "A003")] == \
        ["called", "waiting", "waiting"]
    assert page.waiting_table.numbers == ["A002", "A003"]


def test_an_illegal_action_shows_the_core_message_inline(qtbot, kiosk, issue, open_page):
    (number,) = issue("A")
    page = open_page()
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    page.refresh_timer.stop()
    # Meanwhile the ticket is finished elsewhere: the panel has not seen it yet.
    queue.act(kiosk, queue.find_today(kiosk, number)["id"], "finish", 1)
    act_by_key(qtbot, page, Qt.Key.Key_F4)

    assert page.message_bar.kind == "error"
    assert page.message_bar.text() == \
        "Không thể bắt đầu phục vụ số A001: phiếu đang ở trạng thái “Đã xong”."
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    qtbot.waitUntil(lambda: page.current_panel.ticket is None)   # refreshed after the refusal
    assert page.message_bar.text().startswith("Không thể bắt đầu")  # errors stay


def test_unknown_number_and_empty_queue(qtbot, open_page):
    page = open_page()
    page.call_number("Z999")
    wait_idle(qtbot, page)
    assert (page.message_bar.kind, page.message_bar.text()) == \
        ("error", "Hôm nay không có phiếu số Z999.")
    act_by_key(qtbot, page, Qt.Key.Key_F2)
    assert (page.message_bar.kind, page.message_bar.text()) == \
        ("info", "Không còn ai đang chờ ở quầy này.")
    page.message_bar.close_button.click()
    assert page.message_bar.isHidden()


def test_the_page_refreshes_while_visible(qtbot, issue, open_page):
    page = open_page()
    assert page.refresh_timer.isActive() and page.refresh_timer.interval() == REFRESH_MS
    page._refresh_failed(CounterError("Cơ sở dữ liệu đang bận."))   # a poll that failed
    assert page.message_bar.text() == "Cơ sở dữ liệu đang bận."
    issue("B")
    page.refresh_timer.timeout.emit()
    qtbot.waitUntil(lambda: page.waiting_table.numbers == ["B001"])
    assert page.message_bar.isHidden()      # the next good poll takes the complaint away
    window = page.window()
    window.open_section("home")
    assert not page.refresh_timer.isActive()


def test_without_a_counter_number_the_actions_are_disabled(qtbot, worker, info, issue):
    issue("A", "C")
    info = dataclasses.replace(info, counter_number=None)
    officer = worker.call(lambda core: officers.authenticate(core, "canbo1", DEMO_PASSWORD))
    window = MainWindow(worker, info, officer)
    qtbot.addWidget(window)
    try:
        window.show()
        page = window.open_section("queue")
        qtbot.waitUntil(lambda: page.view is not None)
        assert not page.no_counter_label.isHidden()
        assert page.no_counter_label.text() == (
            "Máy này chưa được gán số quầy. Quản trị viên đặt bằng lệnh: "
            "counter-app config set device.counter_number N")
        assert enabled(page) == set()
        assert page.current_panel.empty_label.text() == \
            "Máy chưa có số quầy nên chưa gọi số được."
        page.run_action("next")
        assert not page.busy
        assert page.waiting_table.numbers == ["A001", "C001"]   # the whole office, read-only
    finally:
        window.status.stop()
        window.close()


@pytest.mark.parametrize("status", list(TicketStatus))
def test_buttons_follow_the_domain_rules(status):
    expected = {a for a in TICKET_ACTIONS if status in ACTIONS[a][0]}
    assert legal_actions({"status": status.value}) == expected
    assert legal_actions(None) == set()


def test_the_panel_screenshot_is_written(qapp, tmp_path):
    from tools.screenshots import panel as screenshots_panel
    from ui.qt import QPixmap
    assert screenshots_panel.main([str(tmp_path)]) == 0
    picture = QPixmap(str(tmp_path / screenshots_panel.FILE_NAME))
    assert (picture.width(), picture.height()) == screenshots_panel.WINDOW_SIZE


def test_the_screenshot_script_explains_its_usage(qapp, capsys):
    from tools.screenshots import panel as screenshots_panel
    assert screenshots_panel.main([]) == 2
    assert "Cách dùng" in capsys.readouterr().err
