"""The scan-to-folder directory: watch it, wait until the scanner has finished, sweep it.

A network scanner writes a file slowly, and ``attachments.sweep_folder`` takes
every file in the folder, so the sweep waits until the whole listing (names,
sizes, times) has stayed the same for ``settle_seconds``. Files the sweep skips
(not named after a dossier code) stay in the folder; they are reported once,
not on every later look. Listing the folder runs on the DB worker (it may be a
network share that answers slowly); the decision is a plain class here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from counter_app.errors import UserInputError
from counter_app.services import attachments
from counter_app.services.core import Core
from ui import errors
from ui.qt import (QFileDialog, QFileSystemWatcher, QHBoxLayout, QLabel, QObject, QPushButton,
                   QSettings, Qt, QTimer, QWidget, Signal)
from ui.worker import DbWorker

SETTLE_SECONDS = 2.0
SCAN_FOLDER_KEY = "dossiers/scan_folder"
LOOK_MS = 1_000           # how often to look while something is settling
PERIODIC_MS = 15_000      # a look now and then: some shares send no change notices

Listing = tuple[tuple[str, int, int], ...]   # (name, size, mtime in ns), sorted


@dataclass(frozen=True)
class FolderState:
    files: Listing
    at: float              # time.monotonic() when listed


def list_folder(folder: Path) -> FolderState:
    """The files directly in ``folder`` (not "đã nhận/"); refuses a missing folder."""
    try:
        entries = [(p.name, p.stat()) for p in folder.iterdir() if p.is_file()]
    except FileNotFoundError:
        raise UserInputError(f"Không tìm thấy thư mục máy quét {folder}.") from None
    except (PermissionError, NotADirectoryError):
        raise UserInputError(f"Không đọc được thư mục máy quét {folder}.") from None
    files = tuple(sorted((name, st.st_size, st.st_mtime_ns) for name, st in entries))
    return FolderState(files, time.monotonic())


class SweepPlanner:
    """Says when to sweep: the listing changed since the last sweep and has settled."""

    def __init__(self, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.settle_seconds = settle_seconds
        self.swept: Listing = ()
        self.pending: FolderState | None = None

    def observe(self, state: FolderState) -> bool:
        if not state.files or state.files == self.swept:
            self.pending = None
            return False
        if self.pending is None or self.pending.files != state.files:
            self.pending = state
            return False
        return state.at - self.pending.at >= self.settle_seconds

    def done(self, after: FolderState) -> None:
        self.swept = after.files
        self.pending = None

    @property
    def settling(self) -> bool:
        return self.pending is not None


@dataclass(frozen=True)
class SweepResult:
    folder: Path
    attached: list[dict]      # {"file", "code"}
    skipped: list[dict]       # {"file", "reason"}
    after: FolderState


def sweep_op(folder: Path) -> Callable[[Core], SweepResult]:
    def sweep(core: Core) -> SweepResult:
        done = attachments.sweep_folder(core, folder)
        return SweepResult(folder, done["attached"], done["skipped"], list_folder(folder))
    return sweep


class ScanFolderWatch(QObject):
    """Watches one folder; emits ``swept(SweepResult)`` or ``failed(str)``."""

    swept = Signal(object)
    failed = Signal(str)

    def __init__(self, worker: DbWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.folder: Path | None = None
        self.planner = SweepPlanner()
        self.active: Callable[[], bool] = lambda: True   # False: nobody logged in to attach
        self._looking = False
        self._look_again = False     # a change was noticed while a look was under way
        self._last_error = ""
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.look())
        self.settle_timer = QTimer(self)
        self.settle_timer.setInterval(LOOK_MS)
        self.settle_timer.timeout.connect(self.look)
        self.periodic_timer = QTimer(self)
        self.periodic_timer.setInterval(PERIODIC_MS)
        self.periodic_timer.timeout.connect(self.look)

    def set_folder(self, folder: Path | None) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.folder = Path(folder) if folder else None
        self.planner = SweepPlanner(self.planner.settle_seconds)
        self._last_error = ""
        if self.folder is None:
            self.settle_timer.stop()
            self.periodic_timer.stop()
            return
        if self.folder.is_dir():
            self.watcher.addPath(str(self.folder))
        self.periodic_timer.start()
        self.look()

    def stop(self) -> None:
        self.set_folder(None)

    def look(self) -> None:
        """List the folder (on the worker) and sweep once it has settled."""
        if self.folder is None or not self.active():
            return
        if self._looking:
            # The listing under way may predate this change: look once more after it,
            # or a file written now would wait for the periodic look.
            self._look_again = True
            return
        self._looking = True
        self._look_again = False
        folder = self.folder
        future = self._worker.run_op(lambda _core: list_folder(folder),
                                     lambda state: self._listed(folder, state),
                                     self._look_failed, owner=self)
        if future is None:
            self._looking = False

    def sweep_now(self) -> None:
        """Sweep at once (the officer knows the scanner has finished)."""
        if self.folder is None:
            return
        self._looking = True
        self._worker.run_op(sweep_op(self.folder), self._swept, self._look_failed, owner=self)

    def _listed(self, folder: Path, state: FolderState) -> None:
        if folder != self.folder:
            self._looking = False
            return
        self._last_error = ""
        if str(folder) not in self.watcher.directories():
            self.watcher.addPath(str(folder))      # the folder appeared after all
        if self.planner.observe(state):
            self._worker.run_op(sweep_op(folder), self._swept, self._look_failed, owner=self)
            return
        self._looking = False
        if self.planner.settling:
            self.settle_timer.start()
        else:
            self.settle_timer.stop()
        self._look_again_if_asked()

    def _look_again_if_asked(self) -> None:
        if self._look_again:
            self._look_again = False
            QTimer.singleShot(0, self, self.look)

    def _swept(self, result: SweepResult) -> None:
        self._looking = False
        self.settle_timer.stop()
        if result.folder != self.folder:
            return
        self.planner.done(result.after)
        self.swept.emit(result)
        self._look_again_if_asked()

    def _look_failed(self, exc: BaseException) -> None:
        self._looking = False
        self.settle_timer.stop()
        text = errors.user_text(exc)
        if text != self._last_error:      # say it once, not every 15 seconds
            self._last_error = text
            self.failed.emit(text)


class ScanFolderBar(QWidget):
    """"Thư mục máy quét: …" with choose / sweep now / stop; the folder is kept per
    user in QSettings (this PC's scanner, not the office's configuration)."""

    def __init__(self, worker: DbWorker, settings: QSettings, can_act: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.can_act = can_act
        self.watch = ScanFolderWatch(worker, self)
        self.watch.active = lambda: self.window().isVisible()   # not after a logout
        self.label = QLabel("")
        self.label.setObjectName("muted")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Chọn thư mục…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.now_button = QPushButton(self.tr("Nhận tệp ngay"))
        self.now_button.setToolTip(self.tr(
            "Đính kèm ngay các tệp trong thư mục máy quét có tên bắt đầu bằng mã hồ sơ"))
        self.now_button.clicked.connect(lambda: self.watch.sweep_now())
        self.stop_button = QPushButton(self.tr("Bỏ theo dõi"))
        self.stop_button.clicked.connect(lambda: self.set_folder(None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        for button in (self.choose_button, self.now_button, self.stop_button):
            row.addWidget(button)

    def stored_folder(self) -> str | None:
        return self.settings.value(SCAN_FOLDER_KEY, "") or None

    def set_folder(self, folder: str | Path | None, store: bool = True) -> None:
        if store:
            self.settings.setValue(SCAN_FOLDER_KEY, str(folder) if folder else "")
        # Only those who may attach files get the folder swept.
        self.watch.set_folder(Path(folder) if folder and self.can_act else None)
        self.label.setText(
            self.tr("Thư mục máy quét: {folder} — tệp đặt tên theo mã hồ sơ được tự động "
                    "đính kèm.").format(folder=folder) if folder
            else self.tr("Thư mục máy quét: chưa chọn."))
        self.now_button.setEnabled(bool(folder) and self.can_act)
        self.stop_button.setEnabled(bool(folder))
        self.choose_button.setEnabled(self.can_act)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục máy quét"),
                                                  str(self.watch.folder or Path.home()))
        if folder:
            self.set_folder(folder)
