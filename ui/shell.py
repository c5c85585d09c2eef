"""The app's flow: login dialog → main window → (Đăng xuất) → login dialog again."""

from __future__ import annotations

import logging

from counter_app.services.core import Officer
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.qt import QObject, Signal
from ui.session import SessionInfo, forget_officer
from ui.worker import DbWorker

log = logging.getLogger(__name__)


class Shell(QObject):
    """Owns the top-level windows of a counter session; emits ``finished`` to quit."""

    finished = Signal()

    def __init__(self, worker: DbWorker, info: SessionInfo,
                 parent: QObject | None = None, section: str = "") -> None:
        super().__init__(parent)
        self.worker = worker
        self.info = info
        # Shown after each login (``gui --section``, e.g. the support desk's shortcut),
        # where the officer's role has that section; otherwise the first one.
        self.section = section
        self.login_dialog: LoginDialog | None = None
        self.main_window: MainWindow | None = None
        worker.session_ended.connect(self._session_ended)

    def start(self) -> None:
        self.show_login()

    def show_login(self) -> LoginDialog:
        dialog = LoginDialog(self.worker, self.info)
        dialog.logged_in.connect(self.open_main)
        dialog.rejected.connect(self.finished)
        self.login_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_main(self, officer: Officer) -> MainWindow:
        log.info("officer %s logged in as %s", officer.id, officer.role.value)
        window = MainWindow(self.worker, self.info, officer)
        window.logout_requested.connect(self._logged_out)
        window.closed.connect(self.finished)
        self.main_window = window
        if self.section in window.pages:
            window.open_section(self.section)
        window.show_remembered()
        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
            self.login_dialog = None
        return window

    def _logged_out(self) -> None:
        log.info("officer logged out")
        self.worker.run_op(forget_officer)
        if self.main_window is not None:
            self.main_window.deleteLater()
            self.main_window = None
        self.show_login()

    def _session_ended(self, message: str) -> None:
        """The officer was disabled or given another role while working: the core has
        already forgotten them; close the window (typed work is kept as drafts) and
        ask for a login again, saying why."""
        window = self.main_window
        if window is None:
            return
        log.info("session ended by an account change")
        self.main_window = None
        window.status.stop()
        window.ask_before_close = False
        window.blockSignals(True)
        window.close()
        window.deleteLater()
        self.show_login().show_error(message)

    def dispose(self) -> None:
        """Drop the windows without emitting anything (app exit, test teardown)."""
        if self.main_window is not None:
            self.main_window.status.stop()
            self.main_window.ask_before_close = False    # its drafts are saved as it closes
            self.main_window.blockSignals(True)
            self.main_window.close()
            self.main_window.deleteLater()
            self.main_window = None
        if self.login_dialog is not None:
            self.login_dialog.blockSignals(True)
            self.login_dialog.close()
            self.login_dialog.deleteLater()
            self.login_dialog = None
