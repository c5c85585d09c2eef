"""Every page of the counter window is usable on a ward PC's 1366×768 screen.

The window is laid out at what a maximised window gets there: 1366 wide, 768 less the
taskbar (40) and the title bar (30). Checked geometrically on the laid-out widgets: every
visible button is wholly shown (its visible region is its whole rectangle) or sits in a
scroll area that reaches it; primary actions and the due date are shown without
scrolling; the status bar is whole; the dossier list shows at least 12 rows.
"""

from __future__ import annotations

import pytest

from tools.screenshots.common import window_size_for
from tools.screenshots.dossiers import make_dossiers
from ui.pages.queue.printer import PrinterPanelState
from ui.qt import QAbstractButton, QDialog, QPoint, QRect, QScrollArea, QTableWidget, QWidget

SCREEN = (1366, 768)
WINDOW = window_size_for(SCREEN)   # 1366×698


def wholly_shown(widget: QWidget) -> bool:
    return widget.visibleRegion().boundingRect() == widget.rect()


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def cut_buttons(root: QWidget) -> list[str]:
    """Visible buttons of ``root`` that are partly hidden and no scroll area reaches, or
    narrower than their text needs (the style then cuts the text)."""
    cut = [f"{b.text() or b.objectName()!r} shows {b.visibleRegion().boundingRect()} "
           f"of {b.rect()}" for b in root.findChildren(QAbstractButton)
           if b.isVisible() and not wholly_shown(b) and not in_scroll_area(b)]
    return cut + [f"{b.text()!r} is {b.width()} wide of {b.sizeHint().width()}"
                  for b in root.findChildren(QAbstractButton)
                  if b.isVisible() and b.text() and b.width() < b.sizeHint().width()]


def rows_shown(table: QTableWidget) -> float:
    return table.viewport().height() / table.verticalHeader().defaultSectionSize()


@pytest.fixture
def window(qtbot, log_in):
    w = log_in("canbo1")
    w.showNormal()
    w.resize(*WINDOW)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == WINDOW)
    return w


def shown(qtbot, window, key: str) -> QWidget:
    page = window.open_section(key)
    qtbot.wait(100)
    return page


def assert_usable(window) -> None:
    assert window.rect() == QRect(0, 0, *WINDOW)
    assert cut_buttons(window.stack.currentWidget()) == []
    assert window.statusBar().isVisible() and wholly_shown(window.statusBar())
    for label in (window.status.officer_label, window.status.pending_label):
        assert wholly_shown(label), label.text()


@pytest.mark.parametrize("key", ["home", "citizen_forms"])
def test_page_fits(qtbot, window, key):
    shown(qtbot, window, key)
    assert_usable(window)


def test_queue_with_unprinted_tickets_keeps_its_lists(qtbot, window):
    page = shown(qtbot, window, "queue")
    qtbot.waitUntil(lambda: page.view is not None)
    tickets = tuple({"id": f"t{i}", "number": f"A00{i}", "service_name": "Hộ tịch",
                     "print_error": "out_of_paper"} for i in range(1, 7))
    page.printer_panel.show_state(PrinterPanelState((), tickets))
    qtbot.wait(100)
    assert_usable(window)
    assert rows_shown(page.waiting_table) >= 4
    assert rows_shown(page.summary.services_table) >= 3
    for button in page.printer_panel.reprint_buttons.values():   # all six a scroll away
        assert in_scroll_area(button)


def test_intake_shows_the_due_date_and_the_outcomes_without_scrolling(qtbot, window):
    page = shown(qtbot, window, "intake")
    qtbot.waitUntil(lambda: page.start is not None)      # the procedure list has loaded
    page.picker.select("DEMO-HT-05")
    qtbot.waitUntil(lambda: page.info is not None and page.details.due_label.text() != "—")
    qtbot.wait(100)
    assert_usable(window)
    for widget in (page.details.due_label, page.receive_button, page.incomplete_button,
                   page.refuse_button):
        assert widget.isVisible() and wholly_shown(widget), widget


@pytest.fixture
def many_dossiers(demo_paths):
    return make_dossiers(*demo_paths, count=20)


def test_dossier_list_shows_twelve_rows_and_the_detail_its_actions(qtbot, many_dossiers,
                                                                    window):
    page = shown(qtbot, window, "dossiers")
    qtbot.waitUntil(lambda: page.result is not None and page.table.rowCount() >= 12)
    qtbot.wait(100)
    assert_usable(window)
    assert rows_shown(page.table) >= 12
    page.open_code(many_dossiers[5])
    qtbot.waitUntil(lambda: page.view is not None)
    qtbot.wait(100)
    assert_usable(window)
    page.message_bar.show_info("Hồ sơ đã nộp đủ phí, lệ phí.")   # a message takes its room
    qtbot.wait(100)
    detail = page.detail
    squeezed = [key for key, b in detail.action_buttons.items()
                if b.height() < b.sizeHint().height() or not in_scroll_area(b)
                and b.mapTo(detail, QPoint(0, b.height())).y() > detail.height()]
    assert squeezed == []      # the step buttons keep their height and scroll, never cut off
    page.request_action("supplement")
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert_dialog_fits(qtbot, page.dialog)
    page.dialog.reject()


def test_the_slips_tab_shows_the_filters_rows_and_the_reprint_button(qtbot, many_dossiers,
                                                                      window):
    page = shown(qtbot, window, "dossiers")
    page.tabs.setCurrentWidget(page.slips)
    qtbot.waitUntil(lambda: page.slips.result is not None and len(page.slips.rows) >= 5)
    page.slips.table.selectRow(0)
    qtbot.waitUntil(page.slips.detail.isVisible)
    qtbot.wait(100)
    assert_usable(window)
    assert rows_shown(page.slips.table) >= 5
    assert wholly_shown(page.slips.reprint_button) and wholly_shown(page.slips.to_box)


def assert_dialog_fits(qtbot, dialog: QDialog) -> None:
    qtbot.wait(50)
    assert dialog.width() <= WINDOW[0] and dialog.height() <= SCREEN[1] - 40 - 30
    assert cut_buttons(dialog) == []


def test_login_and_about_fit(qtbot, shell, log_in):
    assert_dialog_fits(qtbot, shell.login_dialog)
    window = log_in("canbo1")
    assert_dialog_fits(qtbot, window.show_about())


@pytest.fixture
def leader_window(qtbot, log_in):
    w = log_in("lanhdao")
    w.showNormal()
    w.resize(*WINDOW)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == WINDOW)
    return w


def test_the_leaders_today_shows_every_chart_and_counter_whole(qtbot, leader_window):
    page = shown(qtbot, leader_window, "reports")
    qtbot.waitUntil(lambda: page.today.data is not None)
    qtbot.wait(100)
    assert_usable(leader_window)
    today = page.today
    charts = (today.waiting_chart, today.trend_chart, today.ratings_chart)
    for widget in (*today.numbers.values(), *(c.view.viewport() for c in charts),
                   today.counters_table.viewport(), today.refresh_button):
        assert widget.isVisible() and wholly_shown(widget), widget
    assert today.waiting_chart.view.height() >= 170
    assert rows_shown(today.counters_table) >= 3


def test_the_period_reports_and_the_audit_fit(qtbot, leader_window):
    page = shown(qtbot, leader_window, "reports")
    page.tabs.setCurrentIndex(1)
    qtbot.wait(100)
    assert_usable(leader_window)
    assert rows_shown(page.period.table) >= 10
    audit = shown(qtbot, leader_window, "audit")
    qtbot.waitUntil(lambda: audit.found is not None)
    assert_usable(leader_window)
    assert rows_shown(audit.table) >= 12
    assert wholly_shown(audit.filters.dossier_edit) and audit.filters.dossier_edit.width() > 250


def test_the_admin_page_and_the_reenroll_dialog_fit(qtbot, log_in):
    w = log_in("admin")
    w.showNormal()
    w.resize(*WINDOW)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == WINDOW)
    page = shown(qtbot, w, "admin")
    assert_usable(w)
    qtbot.waitUntil(lambda: page.data is not None)
    assert not page.reenroll_button.isEnabled()      # the demo PC is not enrolled
    assert_dialog_fits(qtbot, page.open_reenroll())
    page.reenroll_dialog.close()
