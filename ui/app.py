"""``run(db_path, config_path)``: the desktop application from start to exit code.

Logging is already set up by the CLI. Here: the QApplication, fonts, the crash
hook (before any window shows), the database worker, then the windows. A
database that cannot be opened is refused with a Vietnamese message and exit
code 2; the file is left untouched.

Which windows open: ``LaunchOptions.windows`` (``counter-app gui --window …``,
repeatable), else the device role in the configuration: ``kiosk`` → the kiosk,
``display`` → the display board, ``counter``, ``support`` and ``all-in-one`` → the
counter's login and main window (a support desk's opens on "Công dân không viết"). The
kiosk and the board need no login (on an enrolled PC the process runs the sync worker
for them, ``Windows.keep_synced``); each window has its own database worker (``Core``
without an officer: it can only issue tickets and read the queue). The app ends when its
last window closes; the kiosk and the board close only with Ctrl+Shift+Q.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from counter_app import PRODUCT_NAME, __version__, paths
from counter_app import config as config_mod
from counter_app.daily_backup import DailyBackups
from counter_app.errors import ConfigError, CounterError
from counter_app.services.core import Core
from counter_app.sync.loop import SyncLoop
from db.connection import check_header
from db.lock import AppLock
from ui import errors
from ui.qt import (QApplication, QCoreApplication, QLibraryInfo, QMessageBox, QObject,
                   QTranslator, QWidget, Signal)
from ui.session import SessionInfo, read_session_info
from ui.shell import Shell
from ui.style import apply_style
from ui.worker import DbWorker

log = logging.getLogger(__name__)

EXIT_REFUSED = 2
RESTORE_UNDER_WAY = ("Cơ sở dữ liệu đang được khôi phục từ bản sao lưu (counter-app restore). "
                     "Hãy chờ việc khôi phục xong rồi mở lại phần mềm.")
EXIT_FAILED = 1

WINDOW_KINDS = ("counter", "kiosk", "display", "rating")
ROLE_WINDOWS = {"kiosk": "kiosk", "display": "display", "counter": "counter",
                "support": "counter", "all-in-one": "counter"}
# Our Vietnamese for Qt's own dialogs (file chooser, standard buttons, context menus):
# Qt ships no qtbase_vi. The .ts is the source; rebuild the .qm with pyside6-lrelease.
TRANSLATIONS_DIR = Path(__file__).with_name("translations")
QT_CATALOGUE = "qtbase_vi"


@dataclass(frozen=True)
class LaunchOptions:
    """``counter-app gui`` options: which windows, on which screens, voice on or off."""

    windows: tuple[str, ...] = ()   # empty: decided by config.device.role
    screens: tuple[int, ...] = ()   # paired with windows in order; the last one repeats
    voice: bool = True              # the display board reads calls aloud
    windowed: bool = False          # normal windows instead of full screen (trying it out)
    notices: tuple[CounterError, ...] = ()   # told once the windows are open (log folder)
    counter: int = 1                # the counter a rating screen stands beside
    section: str = ""               # the counter window's section shown after login
    # An empty data folder opens the first-start wizard (the installed app) instead of
    # creating the demo office at once (a checkout, the README's command).
    wizard: bool = False

    def screen_for(self, index: int) -> int | None:
        if not self.screens:
            return None
        return self.screens[min(index, len(self.screens) - 1)]


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
    install_qt_translations(app)
    apply_style(app)
    return app


def install_qt_translations(app: QCoreApplication) -> list[QTranslator]:
    """Qt's own texts in Vietnamese: Qt's ``qtbase_vi`` where the Qt build has one, then
    ours, which is consulted first (Qt asks the last installed translator first). Once
    per application; returns the translators installed."""
    installed = app.findChildren(QTranslator, QT_CATALOGUE)
    if installed:
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for directory in (qt_dir, str(TRANSLATIONS_DIR)):
        translator = QTranslator(app)
        translator.setObjectName(QT_CATALOGUE)
        if translator.load(QT_CATALOGUE, directory):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    if not installed:
        log.warning("no Vietnamese translation of Qt's dialogs found in %s", TRANSLATIONS_DIR)
    return installed


def show_fatal(message: str) -> None:
    """A modal box before exit: nothing else is on screen to show it in."""
    box = QMessageBox(QMessageBox.Icon.Critical, PRODUCT_NAME, message)
    box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def refuse_to_start(exc: BaseException) -> int:
    if isinstance(exc, ConfigError):
        log.warning("configuration refused: %s", exc)
        show_fatal(_tr("Cấu hình của máy này có lỗi.\n\n{reason}\n\n"
                       "Phần mềm sẽ đóng lại; tệp cấu hình được giữ nguyên.").format(reason=exc))
        return EXIT_REFUSED
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


def read_info_and_role(core: Core) -> tuple[SessionInfo, str]:
    return read_session_info(core), core.config.device.role


class Windows(QObject):
    """The open windows of this process; ``finished`` when the last one has closed."""

    finished = Signal()

    def __init__(self, options: LaunchOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.shells: list[Shell] = []
        self.screens: list[QWidget] = []
        self.sync_loop: SyncLoop | None = None
        self._open = 0

    def open(self, kind: str, worker: DbWorker, info: SessionInfo,
             screen: int | None) -> None:
        self._open += 1
        if kind == "counter":
            shell = Shell(worker, info, section=self.options.section)
            shell.finished.connect(self._closed)
            self.shells.append(shell)
            shell.start()
            return
        from ui.public.screen import show_on_screen
        window = self._public_window(kind, worker, info)
        window.closed.connect(self._closed)
        self.screens.append(window)
        show_on_screen(window, screen, self.options.windowed)

    def _public_window(self, kind: str, worker: DbWorker, info: SessionInfo):
        if kind == "kiosk":
            from ui.public.kiosk import KioskWindow
            return KioskWindow(worker, info)
        if kind == "display":
            from ui.public.board import BoardWindow
            return BoardWindow(worker, info, voice=self.options.voice)
        if kind == "rating":
            from ui.public.rating import RatingWindow
            return RatingWindow(worker, info, counter=self.options.counter)
        raise ValueError(f"unknown window {kind!r}")

    def keep_synced(self, db_path: Path, config_path: Path) -> None:
        """The kiosk, the board and the rating screen have no login, hence no status bar
        to run the sync worker: on an enrolled PC it runs for the process, so a board
        hears the office's calls and a kiosk's island tickets reach the hub."""
        cfg = config_mod.load(config_path).sync
        if self.sync_loop is None and cfg.server_url and cfg.device_secret:
            self.sync_loop = SyncLoop(db_path, config_path)
            self.sync_loop.start()

    def _closed(self) -> None:
        self._open -= 1
        if self._open <= 0:
            self.finished.emit()

    def dispose(self) -> None:
        """Drop every window without emitting anything (app exit, test teardown)."""
        for shell in self.shells:
            shell.dispose()
        for window in self.screens:
            window.blockSignals(True)
            window.dispose()
            window.close()
            window.deleteLater()
        self.shells, self.screens = [], []
        if self.sync_loop is not None:
            self.sync_loop.stop(timeout=None)   # a request in flight ends on its own thread
            self.sync_loop = None


def open_windows(windows: Windows, db_path: Path, config_path: Path,
                 workers: list[DbWorker]) -> list[str]:
    """Start one database worker per window and open the windows; returns their kinds."""
    worker = DbWorker(db_path, config_path)
    workers.append(worker)
    info, role = worker.start(read_info_and_role)
    kinds = list(windows.options.windows) or [ROLE_WINDOWS.get(role, "counter")]
    for index, kind in enumerate(kinds):
        if index > 0:
            worker = DbWorker(db_path, config_path)
            workers.append(worker)
            info = worker.start(read_session_info)
        windows.open(kind, worker, info, windows.options.screen_for(index))
    if "counter" not in kinds:      # a counter window's status bar runs it while logged in
        windows.keep_synced(db_path, config_path)
    return kinds


def run_wizard(db_path: Path, config_path: Path) -> bool:
    """The first-start wizard, before any other window; True once an office exists."""
    from ui.first_start import FirstStartDialog
    dialog = FirstStartDialog(db_path, config_path)
    return dialog.exec() == FirstStartDialog.DialogCode.Accepted


def run(db_path: Path, config_path: Path,
        first_start: Callable[[Path, Path], None] | None = None,
        options: LaunchOptions = LaunchOptions()) -> int:
    """Run the app; ``first_start(db, config)`` prepares a missing database (the
    CLI passes the demo-office setup) and its errors are shown like any refusal."""
    app = create_application()
    previous_handler = errors.route_qt_messages()
    reporter = errors.install_crash_hook(app)
    workers: list[DbWorker] = []
    windows = Windows(options)
    windows.finished.connect(app.quit)
    # Held while the app runs, so a restore cannot swap the file under it (db/lock.py).
    lock = AppLock(db_path)
    backups: DailyBackups | None = None
    try:
        try:
            if not lock.acquire(exclusive=False):
                raise CounterError(RESTORE_UNDER_WAY)
            if options.wizard and not check_header(db_path) and not run_wizard(db_path,
                                                                                config_path):
                return 0        # closed without setting up: nothing was created
            if first_start is not None:
                first_start(db_path, config_path)
            kinds = open_windows(windows, db_path, config_path, workers)
        except Exception as exc:
            windows.dispose()
            return refuse_to_start(exc)
        log.info("%s %s started: %s", PRODUCT_NAME, __version__, ", ".join(kinds))
        # The daily backup: its own thread and connection, never the GUI thread.
        backups = DailyBackups(db_path, config_path)
        backups.start()
        for notice in options.notices:
            errors.show_counter_error(notice)
        try:
            return app.exec()
        finally:
            windows.dispose()
    finally:
        errors.close_message_boxes()
        if backups is not None:
            backups.stop()      # a backup under way finishes first (seconds)
        for worker in workers:
            worker.shutdown()
        lock.release()
        reporter.uninstall()
        errors.restore_qt_messages(previous_handler)
