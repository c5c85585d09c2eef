"""The crash hook, error boxes and Qt's warnings routed to the log."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from counter_app import logs
from counter_app.errors import AuthError
from ui import errors
from ui.qt import QGuiApplication, QMessageBox, QWidget, is_valid, qWarning


@pytest.fixture
def reporter(qapp):
    hook = errors.CrashReporter().install()
    yield hook
    hook.uninstall()


@pytest.fixture
def log_file(tmp_path):
    path = logs.setup(tmp_path / "logs")
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(handler)
        handler.close()


def _raise_and_report(hook) -> None:
    try:
        raise ValueError("giá trị sai")
    except ValueError:
        hook(*sys.exc_info())


def _copy_button(box: QMessageBox):
    return next(b for b in box.buttons() if b.text() == "Sao chép chi tiết")


def test_install_replaces_and_uninstall_restores_the_hooks(qapp):
    before = (sys.excepthook, threading.excepthook)
    hook = errors.CrashReporter().install()
    assert sys.excepthook == hook.excepthook
    assert threading.excepthook == hook.thread_excepthook
    hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_crash_is_logged_and_shown_without_blocking(qtbot, reporter, log_file, caplog):
    with caplog.at_level(logging.ERROR):
        _raise_and_report(sys.excepthook)

    record = next(r for r in caplog.records if r.name == "ui.errors")
    assert record.exc_info[0] is ValueError
    box = reporter.last_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert box.text() == ("Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu không bị mất. "
                          f"Chi tiết đã được ghi vào nhật ký: {log_file}")
    assert "ValueError: giá trị sai" in log_file.read_text(encoding="utf-8")

    _copy_button(box).click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "ValueError: giá trị sai" in copied


def test_crash_on_another_thread_is_shown_on_the_gui_thread(qtbot, reporter, caplog):
    def crash():
        raise KeyError("máy in")

    with caplog.at_level(logging.ERROR):
        thread = threading.Thread(target=crash, name="scanner-reader")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: reporter.last_box is not None)

    assert reporter.last_box.thread() is QGuiApplication.instance().thread()
    assert any("scanner-reader" in r.getMessage() for r in caplog.records)
    _copy_button(reporter.last_box).click()
    assert "KeyError" in QGuiApplication.clipboard().text()


def test_repeated_crashes_do_not_flood_the_screen(qtbot, reporter):
    for _ in range(errors.MAX_OPEN_BOXES + 3):
        _raise_and_report(reporter.excepthook)
    assert len(errors.open_message_boxes()) == errors.MAX_OPEN_BOXES


def test_keyboard_interrupt_is_not_a_crash(qtbot, reporter, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "__excepthook__", lambda *args: seen.append(args[0]))
    reporter.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt]
    assert reporter.last_box is None


def test_counter_error_shows_its_vietnamese_message(qtbot):
    box = errors.show_counter_error(AuthError("Sai tên đăng nhập hoặc mật khẩu."))
    assert box.isVisible() and not box.isModal()
    assert box.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert [b.text() for b in box.buttons()] == ["Đóng"]
    box.buttons()[0].click()
    qtbot.waitUntil(lambda: box not in errors.open_message_boxes())


def test_log_location_without_a_log_file(qapp):
    assert errors.log_file_path() is None
    assert errors.log_location_text() == "(chưa cấu hình tệp nhật ký)"


def test_qt_warnings_go_to_the_log(qapp, caplog):
    previous = errors.route_qt_messages()
    try:
        with caplog.at_level(logging.WARNING, logger="qt"):
            qWarning("cảnh báo từ Qt")
    finally:
        errors.restore_qt_messages(previous)
    assert any(r.name == "qt" and r.levelno == logging.WARNING and
               "cảnh báo từ Qt" in r.getMessage() for r in caplog.records)


def test_boxes_of_a_deleted_window_are_forgotten(qtbot):
    parent = QWidget()
    box = errors.show_counter_error(AuthError("Sai tên đăng nhập hoặc mật khẩu."), parent)
    assert errors.open_message_boxes() == [box]
    parent.deleteLater()
    qtbot.waitUntil(lambda: not is_valid(box))
    assert errors.open_message_boxes() == []
    errors.close_message_boxes()
