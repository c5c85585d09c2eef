"""A demo account in an office that is no longer the demo: the login dialog asks for a
new password twice before the main window opens."""

from __future__ import annotations

import pytest

from counter_app import config as config_mod
from counter_app.services import officers, setup
from counter_app.services.core import Core
from ui.qt import Qt


@pytest.fixture
def demo_paths(demo_paths):
    """The demo database after the admin named the real office in its config."""
    db, cfg = demo_paths
    c = config_mod.load(cfg)
    c.office = config_mod.OfficeConfig(name="UBND PHƯỜNG HOÀN KIẾM", code="000.17.22.H99")
    config_mod.save(c, cfg)
    return db, cfg


def log_in_with_demo_password(qtbot, shell, username="canbo1"):
    dialog = shell.login_dialog
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, setup.DEMO_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.change_form.isVisible(), timeout=10_000)
    return dialog


def type_new_password(qtbot, dialog, first, second):
    qtbot.keyClicks(dialog.new_password_edit, first)
    qtbot.keyClicks(dialog.repeat_password_edit, second)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_a_new_password_is_asked_twice_before_the_main_window(qtbot, shell, worker,
                                                              demo_paths):
    dialog = log_in_with_demo_password(qtbot, shell)
    assert not dialog.login_form.isVisible() and dialog.login_button.text() == "Đổi mật khẩu"
    assert shell.main_window is None

    type_new_password(qtbot, dialog, "mat-khau-moi-1", "mat-khau-moi-2")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert dialog.error_label.text() == "Hai lần nhập mật khẩu mới không khớp."
    assert dialog.new_password_edit.text() == dialog.repeat_password_edit.text() == ""
    assert shell.main_window is None

    type_new_password(qtbot, dialog, "mat-khau-moi-1", "mat-khau-moi-1")
    qtbot.waitUntil(lambda: shell.main_window is not None and shell.main_window.isVisible(),
                    timeout=10_000)
    assert worker.call(lambda core: core.officer.must_change_password) is False
    with Core.open(*demo_paths) as other:
        assert not officers.authenticate(other, "canbo1", "mat-khau-moi-1").must_change_password


def test_a_refused_new_password_keeps_the_dialog_with_the_reason(qtbot, shell):
    dialog = log_in_with_demo_password(qtbot, shell)
    type_new_password(qtbot, dialog, "ngan", "ngan")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and dialog.login_button.isEnabled(),
                    timeout=10_000)
    assert dialog.error_label.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    dialog.error_label.hide()
    type_new_password(qtbot, dialog, setup.DEMO_PASSWORD, setup.DEMO_PASSWORD)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and dialog.login_button.isEnabled(),
                    timeout=10_000)
    assert "mật khẩu mẫu" in dialog.error_label.text()
    assert shell.main_window is None and dialog.change_form.isVisible()


def test_quitting_at_the_password_change_leaves_nobody_logged_in(qtbot, shell, worker):
    dialog = log_in_with_demo_password(qtbot, shell)
    with qtbot.waitSignal(shell.finished, timeout=2_000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: worker.call(lambda core: core.officer) is None)
