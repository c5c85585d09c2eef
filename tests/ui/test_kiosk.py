"""The kiosk: a tap takes a real ticket, printed on the printer thread, recorded either way."""

from __future__ import annotations

import socket
import threading

import pytest

from counter_app.services import office, queue, queue_config
from counter_app.services.core import Core
from ui import errors
from ui.public.kiosk import KioskWindow
from ui.qt import Qt


def tickets(worker) -> list[dict]:
    return worker.call(lambda core: [dict(r) for r in core.conn.execute(
        "SELECT number, priority_code, priority_label, printed, print_error FROM tickets "
        "ORDER BY issue_order")])


def set_printer(worker, url: str) -> None:
    worker.call(lambda core: setattr(core.config.printer, "ticket_url", url))


def as_administrator(demo_paths, action) -> None:
    """What the administrator (or another kiosk) does, on its own connection."""
    with Core.open(*demo_paths, system=True) as core:
        action(core)


@pytest.fixture
def kiosk(qtbot, worker, info):
    window = KioskWindow(worker, info)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: len(window.start_page.tiles) == 6)
    yield window
    window.dispose()


def tap(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_for_print(qtbot, worker, number: str) -> list[dict]:
    """Wait until how ticket ``number`` printed is recorded; all tickets then."""
    def recorded():
        return any(t["number"] == number and (t["printed"] or t["print_error"])
                   for t in tickets(worker))
    qtbot.waitUntil(recorded, timeout=10_000)
    return tickets(worker)


def test_start_screen_lists_the_services_with_waiting_counts(kiosk):
    tile = kiosk.start_page.tiles["HOTICH"]
    assert (tile.prefix_label.text(), tile.name_label.text()) == ("A", "Hộ tịch")
    assert tile.waiting_label.text() == "Đang chờ: 0 người"
    assert tile.priority_button.text() == "Ưu tiên ›"
    # The centre that serves, under the commune (office.unit_name empty: derived).
    assert kiosk.header.office_label.text() == \
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG MẪU (DỮ LIỆU MẪU)"


def test_a_tap_issues_a_ticket_and_shows_the_number(qtbot, kiosk, worker, tmp_path):
    target = tmp_path / "printer" / "tickets.escpos"
    set_printer(worker, f"file:{target}")
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)

    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.result_page)
    page = kiosk.result_page
    assert page.number_label.text() == "A001"
    assert page.service_label.text() == "Hộ tịch"
    assert page.ahead_label.text() == "Quý khách sẽ được gọi ngay"
    [ticket] = wait_for_print(qtbot, worker, "A001")
    assert (ticket["number"], ticket["printed"], ticket["print_error"]) == ("A001", 1, None)
    assert target.read_bytes().startswith(b"\x1b@")  # ESC @: the printer was initialised
    qtbot.waitUntil(lambda: page.print_label.text() == "Mời quý khách nhận phiếu và chờ gọi số.")
    assert not page.print_failed


def test_the_second_citizen_sees_people_ahead(qtbot, kiosk, worker, demo_paths):
    as_administrator(demo_paths, lambda core: queue.issue_ticket(core, "HOTICH"))
    kiosk.refresh()
    qtbot.waitUntil(lambda: kiosk.start_page.tiles["HOTICH"].waiting_label.text()
                    == "Đang chờ: 1 người")
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)
    qtbot.waitUntil(lambda: kiosk.result_page.number_label.text() == "A002")
    assert kiosk.result_page.ahead_label.text() == "Còn 1 người được gọi trước quý khách"
    wait_for_print(qtbot, worker, "A002")


def test_a_priority_citizen_is_told_they_go_before_the_normal_line(qtbot, kiosk, worker,
                                                                    demo_paths):
    as_administrator(demo_paths, lambda core: [queue.issue_ticket(core, "HOTICH")
                                               for _ in range(3)])
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].priority_button)
    tap(qtbot, kiosk.priority_page.buttons["NCT"])
    qtbot.waitUntil(lambda: kiosk.result_page.number_label.text() == "A004")
    assert kiosk.result_page.ahead_label.text() == "Quý khách sẽ được gọi ngay"
    wait_for_print(qtbot, worker, "A004")


def test_double_tap_makes_exactly_one_ticket(qtbot, kiosk, worker):
    button = kiosk.start_page.tiles["CHUNGTHUC"].button
    tap(qtbot, button)
    tap(qtbot, button)
    kiosk._service_chosen("CHUNGTHUC", False)  # even a tap that slips past the disabled button
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.result_page)
    tap(qtbot, kiosk.result_page.done_button)  # the same finger, a moment later
    kiosk._done_tapped()
    assert kiosk.stack.currentWidget() is kiosk.result_page
    assert [t["number"] for t in wait_for_print(qtbot, worker, "B001")] == ["B001"]


def test_buttons_are_disabled_from_the_tap_until_the_number_shows(qtbot, kiosk, worker):
    gate = threading.Event()
    worker.run_op(lambda core: gate.wait(5))  # hold the database thread
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)
    tile = kiosk.start_page.tiles["HOTICH"]
    assert not tile.button.isEnabled() and not tile.priority_button.isEnabled()
    assert kiosk.start_page.busy_label.isVisibleTo(kiosk)
    gate.set()
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.result_page)
    assert tile.button.isEnabled()
    assert not kiosk.result_page.done_button.isEnabled()
    qtbot.waitUntil(kiosk.result_page.done_button.isEnabled, timeout=3_000)
    tap(qtbot, kiosk.result_page.done_button)
    assert kiosk.stack.currentWidget() is kiosk.start_page
    wait_for_print(qtbot, worker, "A001")


def test_priority_flow_takes_two_taps_and_records_the_category(qtbot, kiosk, worker):
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].priority_button)
    assert kiosk.stack.currentWidget() is kiosk.priority_page
    assert kiosk.priority_page.title_label.text() == "SỐ ƯU TIÊN — HỘ TỊCH"
    labels = [b.text() for b in kiosk.priority_page.buttons.values()]
    assert labels[0] == "Người cao tuổi (từ 60 tuổi)" and len(labels) == 4
    tap(qtbot, kiosk.priority_page.buttons["NCT"])

    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.result_page)
    assert kiosk.result_page.priority_label.text() == "Ưu tiên: Người cao tuổi (từ 60 tuổi)"
    [ticket] = wait_for_print(qtbot, worker, "A001")
    assert (ticket["priority_code"], ticket["priority_label"]) == \
        ("NCT", "Người cao tuổi (từ 60 tuổi)")


def test_back_from_the_priority_screen_takes_no_ticket(qtbot, kiosk, worker):
    tap(qtbot, kiosk.start_page.tiles["DATDAI"].priority_button)
    tap(qtbot, kiosk.priority_page.back_button)
    assert kiosk.stack.currentWidget() is kiosk.start_page
    assert tickets(worker) == []


@pytest.fixture
def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_printer_failure_still_shows_the_number_and_marks_it_unprinted(
        qtbot, kiosk, worker, closed_port):
    set_printer(worker, f"tcp:127.0.0.1:{closed_port}")
    tap(qtbot, kiosk.start_page.tiles["TRAKETQUA"].button)

    qtbot.waitUntil(lambda: kiosk.result_page.print_failed, timeout=10_000)
    page = kiosk.result_page
    assert page.number_label.text() == "F001"
    text = page.print_label.text()
    assert text == ("Máy in vé đang gặp sự cố. Quý khách vui lòng ghi nhớ số thứ tự trên "
                    "màn hình và chờ được gọi.")
    [ticket] = wait_for_print(qtbot, worker, "F001")
    assert ticket["printed"] == 0
    assert "từ chối kết nối" in ticket["print_error"]      # the reason, for staff
    assert errors.open_message_boxes() == []


def test_printer_in_a_folder_that_cannot_be_made(qtbot, kiosk, worker, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    set_printer(worker, f"file:{blocker / 'printer' / 'out.escpos'}")
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)
    qtbot.waitUntil(lambda: kiosk.result_page.print_failed, timeout=10_000)
    assert kiosk.result_page.number_label.text() == "A001"
    assert wait_for_print(qtbot, worker, "A001")[0]["printed"] == 0


def test_cap_reached_shows_the_message_on_the_kiosk_and_issues_nothing(
        qtbot, kiosk, worker, demo_paths):
    def cap_and_use_it(core):
        queue_config.update_service(core, "KINHDOANH", daily_cap=1)
        queue.issue_ticket(core, "KINHDOANH")
    as_administrator(demo_paths, cap_and_use_it)
    tap(qtbot, kiosk.start_page.tiles["KINHDOANH"].button)

    qtbot.waitUntil(kiosk.notice.isVisible)
    assert kiosk.notice.text_label.text().startswith(
        "Dịch vụ “Đăng ký kinh doanh” đã cấp đủ 1 số trong hôm nay.")
    assert kiosk.stack.currentWidget() is kiosk.start_page
    assert kiosk.start_page.tiles["KINHDOANH"].button.isEnabled()
    assert [t["number"] for t in tickets(worker)] == ["D001"]
    assert errors.open_message_boxes() == []


def test_escape_does_not_close_the_kiosk_but_ctrl_shift_q_does(qtbot, kiosk):
    closed = []
    kiosk.closed.connect(lambda: closed.append(True))
    kiosk.activateWindow()
    qtbot.waitUntil(kiosk.isActiveWindow)
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)
    assert kiosk.isVisible() and closed == []
    qtbot.keyClick(kiosk, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: closed == [True])
    assert not kiosk.isVisible()


def test_a_new_service_appears_at_the_next_refresh(qtbot, kiosk, worker, demo_paths):
    as_administrator(demo_paths, lambda core: office.define_service(core, "THUE", "Thuế", "G"))
    kiosk.refresh()
    qtbot.waitUntil(lambda: len(kiosk.start_page.tiles) == 7)
    assert kiosk.start_page.tiles["THUE"].name_label.text() == "Thuế"
    tap(qtbot, kiosk.start_page.tiles["THUE"].button)
    qtbot.waitUntil(lambda: kiosk.result_page.number_label.text() == "G001")
    wait_for_print(qtbot, worker, "G001")
