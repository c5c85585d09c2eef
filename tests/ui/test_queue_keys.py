"""F2–F8 act from every page of the counter window, never inside a dialog.

The officer sits on the intake page while serving; the keys are pressed in its fields.
Tickets come from the kiosk's ``Core`` on the same demo database; results are read back
from the database. Counter 1 serves A (Hộ tịch) and B (Chứng thực).
"""

from __future__ import annotations

import pytest

from counter_app.services import queue
from tests.ui.test_queue_page import issue, kiosk, status_of  # noqa: F401
from ui.pages.intake import IntakePage
from ui.pages.queue import QueuePage
from ui.qt import QMessageBox, Qt

KEYS = {"recall": Qt.Key.Key_F3, "start": Qt.Key.Key_F4, "finish": Qt.Key.Key_F5,
        "no_show": Qt.Key.Key_F6, "transfer": Qt.Key.Key_F7, "call_number": Qt.Key.Key_F8}


@pytest.fixture
def on_intake(qtbot, log_in):
    """canbo1's window on the intake page (the queue page never shown), focus in a field."""
    def do(username: str = "canbo1"):
        window = log_in(username)
        window.activateWindow()
        intake = window.open_section("intake")
        assert isinstance(intake, IntakePage)
        qtbot.waitUntil(lambda: intake.start is not None and window.scanners is not None)
        field = intake.applicant.edits["full_name"]
        field.setFocus()
        return window, intake, field
    return do


def press(qtbot, widget, key) -> None:
    qtbot.keyClick(widget, key)


def queue_page(window) -> QueuePage:
    return window.pages["queue"]


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not queue_page(window).busy, timeout=5_000)


def act(qtbot, window, field, key) -> None:
    press(qtbot, field, key)
    wait_idle(qtbot, window)


def serve(qtbot, window, field) -> None:
    """F2 then F4 from the intake page: the first citizen is being served."""
    act(qtbot, window, field, Qt.Key.Key_F2)
    act(qtbot, window, field, Qt.Key.Key_F4)


def wait_question(qtbot, window) -> QMessageBox:
    """The page reads the queue first (it is not shown), then asks."""
    page = queue_page(window)
    qtbot.waitUntil(lambda: page.next_question is not None and page.next_question.isVisible(),
                    timeout=5_000)
    return page.next_question


def test_f2_on_the_intake_page_calls_the_next_ticket(qtbot, issue, kiosk, on_intake):
    issue("A", "B")
    window, intake, field = on_intake()
    assert queue_page(window).view is None          # never shown
    press(qtbot, field, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: status_of(kiosk, "A001") == "called", timeout=5_000)
    wait_idle(qtbot, window)
    assert queue.current_at(kiosk, 1)["number"] == "A001"
    assert window.stack.currentWidget() is intake     # the officer stays where they were
    assert window.statusBar().currentMessage() == "Đã gọi số A001 — Hộ tịch."
    assert field.text() == ""                         # F2 typed nothing into the field


def test_keys_typed_just_before_f2_still_land_in_the_field(qtbot, issue, kiosk, on_intake):
    """The scanner filter holds typed keys for a few ms; F2 must neither eat them nor be
    taken for part of a burst."""
    issue("A")
    window, _intake, field = on_intake()
    qtbot.keyClicks(field, "Lan")
    press(qtbot, field, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: status_of(kiosk, "A001") == "called", timeout=5_000)
    qtbot.waitUntil(lambda: field.text() == "Lan")


def test_f2_while_serving_asks_and_no_keeps_the_citizen(qtbot, issue, kiosk, on_intake):
    issue("A", "A")
    window, _intake, field = on_intake()
    serve(qtbot, window, field)
    assert status_of(kiosk, "A001") == "serving"

    press(qtbot, field, Qt.Key.Key_F2)
    box = wait_question(qtbot, window)
    assert box.text() == \
        "Công dân số A001 đang được phục vụ. Kết thúc và gọi số tiếp theo?"
    press(qtbot, box, Qt.Key.Key_F2)                  # keys in the question act there only
    assert [status_of(kiosk, n) for n in ("A001", "A002")] == ["serving", "waiting"]
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue_page(window).next_question is None)
    qtbot.wait(200)
    assert [status_of(kiosk, n) for n in ("A001", "A002")] == ["serving", "waiting"]


def test_f2_while_serving_yes_finishes_and_calls_the_next(qtbot, issue, kiosk, on_intake):
    issue("A", "A")
    window, _intake, field = on_intake()
    serve(qtbot, window, field)
    press(qtbot, field, Qt.Key.Key_F2)
    box = wait_question(qtbot, window)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Có"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status_of(kiosk, "A002") == "called", timeout=5_000)
    assert status_of(kiosk, "A001") == "done"


def test_f3_f4_f5_act_from_the_intake_page(qtbot, issue, kiosk, on_intake):
    issue("A")
    window, _intake, field = on_intake()
    act(qtbot, window, field, Qt.Key.Key_F2)
    press(qtbot, field, KEYS["recall"])
    qtbot.waitUntil(lambda: queue.find_today(kiosk, "A001")["call_count"] == 2, timeout=5_000)
    wait_idle(qtbot, window)
    press(qtbot, field, KEYS["start"])
    qtbot.waitUntil(lambda: status_of(kiosk, "A001") == "serving", timeout=5_000)
    wait_idle(qtbot, window)
    press(qtbot, field, KEYS["finish"])
    qtbot.waitUntil(lambda: status_of(kiosk, "A001") == "done", timeout=5_000)
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Đã xong số A001."


def test_f6_marks_no_show_from_the_intake_page(qtbot, issue, kiosk, on_intake):
    issue("A")
    window, _intake, field = on_intake()
    act(qtbot, window, field, Qt.Key.Key_F2)
    press(qtbot, field, KEYS["no_show"])
    qtbot.waitUntil(lambda: status_of(kiosk, "A001") == "no_show", timeout=5_000)


def test_f7_transfers_from_the_intake_page(qtbot, issue, kiosk, on_intake):
    issue("A")
    window, _intake, field = on_intake()
    act(qtbot, window, field, Qt.Key.Key_F2)
    press(qtbot, field, KEYS["transfer"])
    page = queue_page(window)
    qtbot.waitUntil(lambda: page.transfer_dialog is not None
                    and page.transfer_dialog.isVisible(), timeout=5_000)
    dialog = page.transfer_dialog
    dialog.select("counter", 3)
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status_of(kiosk, "A001") == "waiting", timeout=5_000)
    assert queue.call_next(kiosk, 3)["number"] == "A001"


def test_f8_calls_a_number_from_the_intake_page_and_keys_in_its_dialog_stay_there(
        qtbot, issue, kiosk, on_intake):
    issue("A", "B")
    window, _intake, field = on_intake()
    press(qtbot, field, KEYS["call_number"])
    page = queue_page(window)
    qtbot.waitUntil(lambda: page.call_dialog is not None and page.call_dialog.isVisible(),
                    timeout=5_000)
    dialog = page.call_dialog
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    for key in (Qt.Key.Key_F2, *KEYS.values()):      # nothing fires inside the dialog
        press(qtbot, dialog.number_edit, key)
    qtbot.wait(200)
    assert not page.busy
    assert [status_of(kiosk, n) for n in ("A001", "B001")] == ["waiting", "waiting"]
    qtbot.keyClicks(dialog.number_edit, "b001")
    qtbot.keyClick(dialog.number_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status_of(kiosk, "B001") == "called", timeout=5_000)
    assert status_of(kiosk, "A001") == "waiting"


def test_roles_without_a_queue_have_no_queue_keys(qtbot, issue, kiosk, log_in):
    issue("A")
    window = log_in("hotro")
    window.activateWindow()
    assert window.queue_keys == {}
    qtbot.keyClick(window.nav, Qt.Key.Key_F2)
    qtbot.wait(200)
    assert status_of(kiosk, "A001") == "waiting"
