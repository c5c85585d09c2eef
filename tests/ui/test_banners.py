"""The inline message bar: an old banner goes when the next action starts, and a banner
that hides does not move the page under the officer's mouse."""

from __future__ import annotations

from tests.ui.test_dossiers_page import (office, open_page, private_settings,  # noqa: F401
                                         receive, select)
from ui.qt import Qt


def place(widget, page):
    return widget.mapTo(page, widget.rect().topLeft())


def test_a_banner_that_hides_leaves_the_buttons_where_they_were(qtbot, log_in):
    window = log_in("canbo1")
    window.activateWindow()
    page = window.open_section("queue")
    qtbot.waitUntil(lambda: page.view is not None)
    button = page.buttons["next"]
    qtbot.keyClick(page.waiting_table, Qt.Key.Key_F2)        # nobody waits: a note
    qtbot.waitUntil(lambda: page.message_bar.text() == "Không còn ai đang chờ ở quầy này.")
    qtbot.wait(50)                                             # the layout settles
    before = place(button, page)
    page.message_bar.close_button.click()
    assert page.message_bar.isHidden()
    qtbot.wait(50)
    assert place(button, page) == before
    page.message_bar.show_info("Một ghi chú khác.")          # the same place again
    qtbot.wait(50)
    assert place(button, page) == before


def test_an_error_about_one_dossier_goes_when_another_is_opened(qtbot, office, open_page):
    page = open_page()
    page.open_code("2026-KHONG-CO")                            # a receipt from elsewhere
    qtbot.waitUntil(lambda: page.message_bar.kind == "error")
    assert page.message_bar.text() == "Không có hồ sơ mã 2026-KHONG-CO."
    select(qtbot, page, office["B"])
    assert page.message_bar.isHidden() and page.message_bar.text() == ""


def test_an_error_stays_while_the_same_dossier_is_read_again(qtbot, office, open_page):
    page = open_page()
    select(qtbot, page, office["B"])
    page.message_bar.show_error("Không thể chuyển hồ sơ.")    # as a refused step says
    page.load_detail(office["B"])                              # what _failed does next
    qtbot.wait(100)
    assert page.message_bar.text() == "Không thể chuyển hồ sơ."
