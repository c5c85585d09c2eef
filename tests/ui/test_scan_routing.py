"""A receipt scanned with a keyboard-wedge scanner opens its dossier from any page.

canbo1's counter window: the scan arrives as the exact key events a scanner
sends (Shift around the capital in the office code), aimed at whatever has the
focus on the home, queue or intake page, and at a text field on intake.
"""

from __future__ import annotations

import pytest

from counter_app.services import intake
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from tests.ui.wedge import Wedge
from ui.qt import QApplication, QLineEdit


@pytest.fixture
def received(desk) -> str:
    code = intake.receive(desk, IntakeRequest("DEMO-HT-05", Applicant("Trần Thị Bình")))["code"]
    assert any(ch.isupper() for ch in code), code        # the office code has a capital
    return code


@pytest.fixture
def window(qtbot, log_in):
    window = log_in("canbo1")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.scanners is not None)
    return window


def scan_on(qtbot, window, section: str, code: str, target=None) -> None:
    page = window.open_section(section)
    target = target or QApplication.focusWidget() or page
    if target.window() is not window:
        target = page
    Wedge(target, gap_ms=4).scan(code)


def opened(qtbot, window, code: str) -> None:
    page = window.pages["dossiers"]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    qtbot.waitUntil(lambda: page.view is not None and page.table.selected_code() == code,
                    timeout=5_000)


@pytest.mark.parametrize("section", ["home", "queue", "intake"])
def test_a_receipt_scanned_on_any_page_opens_its_dossier(qtbot, window, received, section):
    scan_on(qtbot, window, section, received)
    opened(qtbot, window, received)


def test_a_scan_into_a_text_field_on_intake_is_a_scan_not_typing(qtbot, window, received):
    page = window.open_section("intake")
    name = next(edit for edit in page.findChildren(QLineEdit) if edit.isVisible())
    name.setFocus()
    name.setText("Lê")
    scan_on(qtbot, window, "intake", received, target=name)
    opened(qtbot, window, received)
    qtbot.wait(80)
    assert name.text() == "Lê"


def test_keys_in_a_dialog_are_never_held(qtbot, window):
    from ui.qt import QDialog
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    dialog.show()
    qtbot.addWidget(dialog)
    Wedge(edit, gap_ms=4).type("000.17.22.H56-261206-0001")
    assert edit.text() == "000.17.22.H56-261206-0001"   # at once: the filter let it pass
