"""``run(db_path, config_path)``: the desktop application from start to exit code.

Logging is already set up by the CLI. Here: the QApplication, fonts, the crash
hook (before any window shows), the database worker, then the login dialog
and the main window. A database that cannot be opened is refused with a
Vietnamese message and exit code 2; the file is left untouched.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Callable

from counter_app import PRODUCT_NAME, __version__, paths
from counter_app.errors import CounterError
from ui import errors
from ui.qt import QApplication, QCoreApplication, QMessageBox
from ui.session import read_session_info
from ui.shell import Shell
from ui.style import apply_style
from ui.worker import DbWorker

log = logging.getLogger(__name__)

EXIT_REFUSED = 2
EXIT_FAILED = 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def create_application() -> QApplication:
    """The QApplication (reused if one exists, as under pytest-qt), named and styled."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationVersion(__version__)
    # Between login and main window no window is visible; the Shell decides when to quit.
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    return app


def show_fatal(message: str) -> None:
    """A modal box before exit: nothing else is on screen to show it in."""
    box = QMessageBox(QMessageBox.Icon.Critical, PRODUCT_NAME, message)
    box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def refuse_to_start(exc: BaseException) -> int:
    if isinstance(exc, CounterError):
        log.warning("database refused: %s: %s", type(exc).__name__, exc)
        show_fatal(_tr("Không mở được cơ sở dữ liệu.\n\n{reason}\n\n"
                       "Phần mềm sẽ đóng lại; tệp dữ liệu được giữ nguyên.").format(reason=exc))
        return EXIT_REFUSED
    log.error("database could not be opened", exc_info=exc)
    show_fatal(_tr("Không mở được cơ sở dữ liệu do lỗi không mong đợi. "
                   "Chi tiết đã được ghi vào nhật ký: {path}").format(
        path=errors.log_location_text()))
    return EXIT_FAILED


def run(db_path: Path, config_path: Path,
        first_start: Callable[[Path, Path], None] | None = None) -> int:
    """Run the app; ``first_start(db, config)`` prepares a missing database (the
    CLI passes the demo-office setup) and its errors are shown like any refusal."""
    app = create_application()
    previous_handler = errors.route_qt_messages()
    reporter = errors.install_crash_hook(app)
    worker = DbWorker(db_path, config_path)
    try:
        try:
            if first_start is not None:
                first_start(db_path, config_path)
            info = worker.start(read_session_info)
        except Exception as exc:
            return refuse_to_start(exc)
        shell = Shell(worker, info)
        shell.finished.connect(app.quit)
        shell.start()
        log.info("%s %s started", PRODUCT_NAME, __version__)
        try:
            return app.exec()
        finally:
            shell.dispose()
    finally:
        errors.close_message_boxes()
        worker.shutdown()
        reporter.uninstall()
        errors.restore_qt_messages(previous_handler)
