"""How errors reach the user: Vietnamese message boxes, a crash hook, Qt's own warnings.

Expected failures (``CounterError``) show their Vietnamese message. Anything
else is logged with its traceback and shown as a non-modal box that says data
already saved is safe and where the details are; the app keeps running.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from counter_app.errors import CounterError
from ui.qt import (QCoreApplication, QGuiApplication, QMessageBox, QMessageLogContext, QObject,
                   QThread, Qt, QtMsgType, QWidget, Signal, is_valid,
                   qInstallMessageHandler)

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

# A repeating fault (a timer raising every second) must not bury the screen in boxes.
MAX_OPEN_BOXES = 3
_open_boxes: list[QMessageBox] = []


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def log_file_path() -> Path | None:
    """The rotating log file that ``counter_app.logs.setup`` installed, if any."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_counter_app", False) and hasattr(handler, "baseFilename"):
            return Path(handler.baseFilename)
    return None


def log_location_text() -> str:
    path = log_file_path()
    return str(path) if path else _tr("(chưa cấu hình tệp nhật ký)")


def unexpected_error_text() -> str:
    return _tr("Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu không bị mất. "
               "Chi tiết đã được ghi vào nhật ký: {path}").format(path=log_location_text())


def user_text(exc: BaseException) -> str:
    """What to tell the officer in a message line: an expected failure's own Vietnamese
    message, else the unexpected-error text (the details are in the log)."""
    return str(exc) if isinstance(exc, CounterError) else unexpected_error_text()


def _keep_open(box: QMessageBox) -> QMessageBox | None:
    """Hold a reference while the box is open (non-modal boxes are otherwise collected)."""
    _prune()
    if len(_open_boxes) >= MAX_OPEN_BOXES:
        box.deleteLater()
        return None
    _open_boxes.append(box)
    box.finished.connect(lambda _result=0: _forget(box))
    box.show()
    return box


def _prune() -> None:
    # A box whose parent window was deleted (logout) is gone with it.
    _open_boxes[:] = [b for b in _open_boxes if is_valid(b)]


def _forget(box: QMessageBox) -> None:
    if box in _open_boxes:
        _open_boxes.remove(box)
    box.deleteLater()


def _message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str,
                 text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setWindowModality(Qt.WindowModality.NonModal)
    return box


def show_counter_error(exc: CounterError, parent: QWidget | None = None) -> QMessageBox | None:
    """Show an expected failure's Vietnamese message (non-modal)."""
    box = _message_box(parent, QMessageBox.Icon.Warning, _tr("Không thực hiện được"), str(exc))
    box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    return _keep_open(box)


def show_unexpected_error(details: str, parent: QWidget | None = None) -> QMessageBox | None:
    """The crash box: what happened in plain words, the traceback one click away."""
    box = _message_box(parent, QMessageBox.Icon.Critical, _tr("Lỗi không mong đợi"),
                       unexpected_error_text())
    box.setInformativeText(_tr("Bạn có thể tiếp tục làm việc. Nếu lỗi lặp lại, hãy bấm "
                               "“Sao chép chi tiết” và gửi cho quản trị viên."))
    copy = box.addButton(_tr("Sao chép chi tiết"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    return _keep_open(box)


def report_failure(exc: BaseException, parent: QWidget | None = None) -> QMessageBox | None:
    """Default ``on_failure`` of background operations (already logged by the worker)."""
    if isinstance(exc, CounterError):
        return show_counter_error(exc, parent)
    return show_unexpected_error(format_exception(type(exc), exc, exc.__traceback__), parent)


def format_exception(exc_type: type[BaseException], exc: BaseException | None,
                     tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(exc_type, exc, tb))


class CrashReporter(QObject):
    """``sys.excepthook`` and ``threading.excepthook`` that log and show the crash box.

    Create it on the GUI thread; a crash on another thread is carried to the
    GUI thread by a queued signal, since widgets may only be made there.
    """

    _crashed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._crashed.connect(self._show)
        self._previous: tuple | None = None
        self.last_box: QMessageBox | None = None

    def install(self) -> "CrashReporter":
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def excepthook(self, exc_type: type[BaseException], exc: BaseException | None,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        details = format_exception(exc_type, exc, tb)
        if QThread.currentThread() is self.thread():
            self._show(details)
        else:
            self._crashed.emit(details)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread else "?"
        log.error("unexpected error in thread %s", name,
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self._crashed.emit(format_exception(args.exc_type, args.exc_value, args.exc_traceback))

    def _show(self, details: str) -> None:
        self.last_box = show_unexpected_error(details)


def install_crash_hook(parent: QObject | None = None) -> CrashReporter:
    return CrashReporter(parent).install()


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s", message, where)


def route_qt_messages():
    """Send Qt's own debug output and warnings to the log; returns the previous handler."""
    return qInstallMessageHandler(_qt_message)


def restore_qt_messages(previous) -> None:
    qInstallMessageHandler(previous)


def open_message_boxes() -> list[QMessageBox]:
    """The error boxes now on screen (for tests and for closing them at exit)."""
    _prune()
    return list(_open_boxes)


def close_message_boxes() -> None:
    for box in open_message_boxes():
        box.done(0)
