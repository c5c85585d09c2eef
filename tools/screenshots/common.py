"""What every screenshot script uses: a fresh demo office in a temporary folder, the counter
app opened on it, logging in through the real dialog, waiting for a state, saving a PNG."""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from counter_app.domain.clock import FixedClock
from counter_app.services import setup
from ui.app import create_application
from ui.qt import QApplication, QWidget
from ui.session import read_session_info
from ui.shell import Shell
from ui.worker import DbWorker

WINDOW_SIZE = (1280, 800)
SCREEN_SIZE: tuple[int, int] | None = None   # --size: the screen the pictures show
TASKBAR_HEIGHT = 40    # Windows' taskbar at 100 % scale
TITLE_BAR_HEIGHT = 30  # the window manager's title bar above a maximised window


def parse_size(text: str) -> tuple[int, int] | None:
    """"1366x768" (or ×) → (1366, 768); None if it is not a size."""
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.isdigit() and 0 < int(p) <= 10_000 for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def window_size_for(screen: tuple[int, int]) -> tuple[int, int]:
    """The inside of a window maximised on ``screen``: less the taskbar and title bar."""
    return screen[0], screen[1] - TASKBAR_HEIGHT - TITLE_BAR_HEIGHT


def set_screen(screen: tuple[int, int] | None) -> None:
    """Take the pictures for ``screen`` (None: the defaults again)."""
    global SCREEN_SIZE, WINDOW_SIZE
    SCREEN_SIZE = screen
    WINDOW_SIZE = window_size_for(screen) if screen else (1280, 800)


def suffix() -> str:
    """"-1366x768" when --size was given, so pictures of several sizes sit side by side."""
    return f"-{SCREEN_SIZE[0]}x{SCREEN_SIZE[1]}" if SCREEN_SIZE else ""


def wait_until(app: QApplication, condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts and repaints settle
        app.processEvents()


def save(widget: QWidget, path: Path) -> Path:
    """Save a picture of ``widget``, the --size suffix added to the name; its path."""
    path = path.with_name(path.stem + suffix() + path.suffix)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def log_in(app: QApplication, shell: Shell, username: str = "canbo1",
           password: str = setup.DEMO_PASSWORD):
    """Log in through the real dialog; returns the main window at the screenshot size."""
    dialog = shell.login_dialog
    wait_until(app, dialog.isVisible)
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    dialog.submit()
    wait_until(app, lambda: shell.main_window is not None)
    window = shell.main_window
    window.showNormal()   # it opens maximised on the machine's screen; pictures have one size
    window.resize(*WINDOW_SIZE)
    wait_until(app, lambda: window.status.pending is not None)
    return window


@dataclass
class Demo:
    """The temporary demo office a screenshot script works in."""

    folder: Path
    db_path: Path
    config_path: Path
    prepared: Any = None


def output_dir(argv: list[str] | None, module: str) -> Path | None:
    """The one argument, OUTDIR (created), or None after printing the usage."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write(f"Cách dùng: python -m {module} THƯ_MỤC_ẢNH\n")
        return None
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    return out


def run_in_demo(argv: list[str] | None, module: str,
                capture: Callable[[QApplication, Demo, Path], None], *,
                prepare: Callable[[Path, Path], Any] | None = None,
                setup_clock_ms: int | None = None) -> int:
    """Make a demo office in a temp folder, let ``prepare(db, config)`` add data, then
    ``capture(app, demo, out)`` take the pictures. Exit code 2 on bad usage."""
    out = output_dir(argv, module)
    if out is None:
        return 2
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = Demo(folder, folder / "db.sqlite", folder / "config.json")
        clock = FixedClock(setup_clock_ms) if setup_clock_ms is not None else None
        setup.initialise(demo.db_path, demo.config_path, demo=True, clock=clock)
        if prepare is not None:
            demo.prepared = prepare(demo.db_path, demo.config_path)
        capture(app, demo, out)
    return 0


def run_with_worker(app: QApplication, demo: Demo, out: Path,
                    capture: Callable[[QApplication, DbWorker, Path], None]) -> None:
    """Run ``capture`` with a database worker of its own on ``demo`` (a public screen:
    kiosk, board, rating window — no login)."""
    worker = DbWorker(demo.db_path, demo.config_path)
    try:
        worker.start()
        capture(app, worker, out)
    finally:
        worker.shutdown()


def run_shell(app: QApplication, demo: Demo, out: Path,
              capture: Callable[[QApplication, Shell, Path], None],
              worker_clock_ms: int | None = None) -> None:
    """Open the counter app (login → main window) on ``demo`` and run ``capture``."""
    clock = FixedClock(worker_clock_ms) if worker_clock_ms is not None else None
    worker = DbWorker(demo.db_path, demo.config_path, clock=clock)
    shell = None
    try:
        shell = Shell(worker, worker.start(read_session_info))
        shell.start()
        capture(app, shell, out)
    finally:
        if shell is not None:
            shell.dispose()
        worker.shutdown()
