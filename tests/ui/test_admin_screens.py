"""The administrator's screens (Quản trị): officers, settings, calendar, own password.

Real demo database and config file, the real main window driven by pytest-qt; the
ticket printer test prints to a printer on a 127.0.0.1 socket that answers DLE EOT
as a real one does (tests/printing/fakes.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from counter_app.domain.codes import CodeFormat
from counter_app.domain.scans import classify
from counter_app.errors import AuthError
from counter_app.services import officers, setup
from counter_app.services.core import Core
from tests.printing.fakes import PAPER_OUT, FakeTcpPrinter
from ui.qt import QDialogButtonBox, QMessageBox, Qt


@pytest.fixture
def admin_page(qtbot, log_in):
    window = log_in("admin")
    page = window.open_section("admin")
    qtbot.waitUntil(lambda: page.data is not None and page.settings_tab.fields[
        "office.name"].loaded is not None)
    return window, page


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def _row_of(tab, username: str) -> int:
    return [o["username"] for o in tab.rows].index(username)


def test_a_new_officer_is_created_and_must_change_the_temporary_password(
        qtbot, admin_page, demo_paths):
    _window, page = admin_page
    tab = page.officers_tab
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    dialog.username_edit.setText("Sai Ten!")
    dialog.name_edit.setText("Trần Thị Bình")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Tên đăng nhập phải" in dialog.message.text())
    assert dialog.isVisible() and dialog.name_edit.text() == "Trần Thị Bình"   # kept
    dialog.username_edit.setText("ttbinh")
    temporary = dialog.password_edit.text()
    assert len(temporary) == 11
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "ttbinh" in [o["username"] for o in tab.rows])
    assert "Đã tạo tài khoản ttbinh." == page.note_label.text()
    with Core.open(*demo_paths) as core:
        officer = officers.authenticate(core, "ttbinh", temporary)
    assert officer.must_change_password


def test_role_change_reset_and_lock_from_the_officers_tab(qtbot, admin_page, demo_paths):
    _window, page = admin_page
    tab = page.officers_tab
    tab.table.selectRow(_row_of(tab, "canbo2"))
    assert tab.role_button.isEnabled()
    tab.change_role()
    dialog = tab.dialog
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("leader"))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.rows[_row_of(tab, "canbo2")]["role"] == "leader")

    tab.table.selectRow(_row_of(tab, "canbo2"))
    tab.reset_password()
    dialog = tab.dialog
    dialog.password_edit.setText("tam-thoi-99")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đã đặt lại mật khẩu" in page.note_label.text())
    with Core.open(*demo_paths) as core:
        assert officers.authenticate(core, "canbo2", "tam-thoi-99").must_change_password

    tab.table.selectRow(_row_of(tab, "canbo2"))
    assert tab.active_button.text() == "Khóa tài khoản"
    tab.toggle_active()
    tab.question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not tab.rows[_row_of(tab, "canbo2")]["active"])
    with Core.open(*demo_paths) as core, pytest.raises(AuthError):
        officers.authenticate(core, "canbo2", "tam-thoi-99")


def test_the_administrator_cannot_lock_their_own_account(qtbot, admin_page):
    _window, page = admin_page
    tab = page.officers_tab
    tab.table.selectRow(_row_of(tab, "admin"))
    tab.toggle_active()
    tab.question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.question is None or not tab.question.isVisible())
    qtbot.wait(200)
    assert tab.rows[_row_of(tab, "admin")]["active"]


def test_settings_are_saved_to_the_file_and_bad_values_refused(qtbot, admin_page, demo_paths):
    _window, page = admin_page
    tab = page.settings_tab
    config_path = demo_paths[1]
    before = config_path.read_bytes()
    tab.fields["codes.template"].widget.setText("{khong-hop-le}")
    tab.fields["office.place"].widget.setText("Huế")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Chưa lưu" in tab.message.text() or "Không đặt" in tab.message.text())
    assert "codes.template" in tab.message.text()
    assert tab.message.objectName() == "error"
    assert config_path.read_bytes() == before             # all or nothing
    assert tab.fields["office.place"].widget.text() == "Huế"   # what was typed stays

    tab.fields["codes.template"].widget.setText("{agency}-{yymmdd}-{seq:04d}")
    tab.fields["device.counter_number"].widget.setValue(7)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text().startswith("Đã lưu"))
    saved = json.loads(config_path.read_text(encoding="utf-8"))
    assert saved["office"]["place"] == "Huế"
    assert saved["device"]["counter_number"] == 7
    assert not tab.changes()
    core = page._worker.call(lambda c: c)
    assert core.config.office.place == "Huế"               # in effect without a restart


def test_the_test_ticket_reports_the_printers_answer(qtbot, admin_page):
    _window, page = admin_page
    tab = page.settings_tab
    printer = FakeTcpPrinter()
    try:
        tab.fields["printer.ticket_url"].widget.setText(printer.url)
        qtbot.mouseClick(tab.printer_test.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.printer_test.result.text().startswith("Đã gửi"),
                        timeout=10_000)
        assert "Máy in trả lời" in tab.printer_test.result.text()
        assert len(printer.wait_jobs(1)) == 1
    finally:
        printer.close()
    jammed = FakeTcpPrinter(status=PAPER_OUT)
    try:
        tab.fields["printer.ticket_url"].widget.setText(jammed.url)
        qtbot.mouseClick(tab.printer_test.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.printer_test.result.text().startswith("Không in được"),
                        timeout=10_000)
        assert "giấy" in tab.printer_test.result.text().lower()
        assert tab.printer_test.result.objectName() == "error"
    finally:
        jammed.close()


def test_a_scan_on_the_settings_tab_is_a_scanner_test(qtbot, admin_page):
    window, page = admin_page
    page.tabs.setCurrentWidget(page.settings_tab)
    fmt = CodeFormat("{agency}-{yymmdd}-{seq:04d}")
    window.route_scan(classify("H56-261206-0007", fmt))
    assert "mã hồ sơ" in page.settings_tab.scan_test.text()
    window.route_scan(classify("rác", fmt))
    assert page.settings_tab.scan_test.objectName() == "error"


def test_a_day_off_is_declared_and_removed_on_the_calendar_tab(qtbot, admin_page):
    _window, page = admin_page
    tab = page.calendar_tab
    page.tabs.setCurrentWidget(tab)
    tab.year_box.setValue(2027)
    qtbot.waitUntil(lambda: any(r["date"] == "2027-09-02" for r in tab.rows))   # Quốc khánh
    tab.add()
    dialog = tab.dialog
    dialog.date_edit.setDate(date(2027, 3, 8))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "lý do" in dialog.message.text())
    dialog.reason_edit.setText("Thông báo số 5/TB-UBND")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: any(r["date"] == "2027-03-08" for r in tab.rows))
    row = [r["date"] for r in tab.rows].index("2027-03-08")
    assert tab.table.item(row, 4).text() == "Thông báo số 5/TB-UBND"
    tab.table.selectRow(row)
    assert tab.clear_button.isEnabled()
    tab.clear()
    tab.question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: all(r["date"] != "2027-03-08" for r in tab.rows))


def test_every_officer_changes_their_own_password(qtbot, log_in, demo_paths):
    window = log_in("canbo1")
    dialog = window.change_password()
    qtbot.keyClicks(dialog.old_edit, "sai-mat-khau")
    qtbot.keyClicks(dialog.new_edit, "mat-khau-moi-1")
    qtbot.keyClicks(dialog.repeat_edit, "mat-khau-moi-1")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "không đúng" in dialog.message.text())
    dialog.old_edit.setText(setup.DEMO_PASSWORD)
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window.password_dialog is None)
    with Core.open(*demo_paths) as core:
        assert not officers.authenticate(core, "canbo1", "mat-khau-moi-1").must_change_password
