"""The login dialog, driven through its widgets."""

from __future__ import annotations

import dataclasses

from counter_app.services import setup
from db import event_store
from ui.login import LoginDialog
from ui.qt import Qt


def test_counter_officer_logs_in_and_sees_the_main_window(qtbot, shell, worker, log_in):
    window = log_in("canbo1")

    assert window.windowTitle() == "Quầy Một cửa — UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)"
    assert window.section_keys() == ["home", "queue", "intake", "dossiers", "citizen_forms"]
    assert window.status.officer_label.text() == "Nguyễn Thị Lan (mẫu) — Công chức tiếp nhận"
    assert window.status.counter_label.text() == "Quầy số 1"
    expected = worker.call(lambda core: event_store.pending_sync(core.conn))
    qtbot.waitUntil(lambda: window.status.pending is not None)
    assert window.status.connection_label.text() == "Ngoại tuyến (chưa cấu hình máy chủ đồng bộ)"
    assert window.status.pending_label.text() == f"Chờ đồng bộ: {expected} thay đổi"
    assert shell.login_dialog is None
    assert worker.call(lambda core: core.officer.username) == "canbo1"


def test_wrong_password_shows_the_error_inline_and_stays(qtbot, shell):
    dialog = shell.login_dialog
    qtbot.keyClicks(dialog.username_edit, "canbo1")
    qtbot.keyClicks(dialog.password_edit, "khong-dung")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert dialog.error_label.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.error_label.objectName() == "error"  # styled red
    assert shell.main_window is None
    assert dialog.isVisible()
    assert dialog.login_button.isEnabled()
    assert dialog.password_edit.text() == ""


def test_unknown_user_gets_the_same_message(qtbot, shell):
    dialog = shell.login_dialog
    qtbot.keyClicks(dialog.username_edit, "khongco")
    qtbot.keyClicks(dialog.password_edit, setup.DEMO_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert dialog.error_label.text() == "Sai tên đăng nhập hoặc mật khẩu."


def test_button_is_disabled_while_the_password_is_checked(qtbot, shell):
    dialog = shell.login_dialog
    qtbot.keyClicks(dialog.username_edit, "canbo1")
    qtbot.keyClicks(dialog.password_edit, setup.DEMO_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    assert not dialog.login_button.isEnabled()
    assert dialog.login_button.text() == "Đang kiểm tra…"
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=10_000)


def test_enter_submits(qtbot, shell):
    dialog = shell.login_dialog
    qtbot.keyClicks(dialog.username_edit, "canbo2")
    qtbot.keyClicks(dialog.password_edit, setup.DEMO_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=10_000)
    assert "Trần Văn Hùng (mẫu)" in shell.main_window.status.officer_label.text()


def test_empty_fields_are_refused_without_asking_the_database(qtbot, shell):
    dialog = shell.login_dialog
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Hãy nhập tên đăng nhập và mật khẩu."
    assert dialog.login_button.isEnabled()


def test_demo_office_shows_the_demo_accounts(shell):
    dialog = shell.login_dialog
    hint = dialog.demo_label.text()
    for username in ("admin", "canbo1", "canbo2", "hotro", "lanhdao"):
        assert username in hint
    assert setup.DEMO_PASSWORD in hint
    texts = [label.text() for label in dialog.findChildren(type(dialog.error_label))]
    assert "UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)" in texts
    assert "Quầy Một cửa" in texts
    assert "Phiên bản 0.1.0" in texts


def test_a_real_office_shows_no_demo_hint(qtbot, worker, info):
    real = dataclasses.replace(info, demo=False, office_name="UBND XÃ AN BÌNH")
    dialog = LoginDialog(worker, real)
    qtbot.addWidget(dialog)
    assert not hasattr(dialog, "demo_label")
    assert setup.DEMO_PASSWORD not in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.error_label)))


def test_cancel_finishes_the_session(qtbot, shell):
    with qtbot.waitSignal(shell.finished, timeout=2_000):
        qtbot.mouseClick(shell.login_dialog.quit_button, Qt.MouseButton.LeftButton)
