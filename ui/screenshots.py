"""Screenshots of the app on a fresh demo office: ``python -m ui.screenshots OUTDIR``.

Run it offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run`` to look
at the app as a user would; docs/images/ holds login.png and main-window.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from counter_app.services import setup
from ui.app import create_application
from ui.qt import QApplication, QWidget
from ui.session import read_session_info
from ui.shell import Shell
from ui.worker import DbWorker

WINDOW_SIZE = (1280, 800)


def wait_until(app: QApplication, condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts and repaints settle
        app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(path)


def log_in(app: QApplication, shell: Shell, username: str, password: str) -> None:
    dialog = shell.login_dialog
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    dialog.submit()
    wait_until(app, lambda: shell.main_window is not None)
    window = shell.main_window
    window.resize(*WINDOW_SIZE)
    wait_until(app, lambda: window.status.pending is not None)


def capture(app: QApplication, shell: Shell, out: Path) -> None:
    dialog = shell.login_dialog
    wait_until(app, dialog.isVisible)
    save(dialog, out / "login.png")
    dialog.username_edit.setText("canbo1")
    dialog.password_edit.setText("sai-mat-khau")
    dialog.submit()
    wait_until(app, dialog.error_label.isVisible)
    save(dialog, out / "login-error.png")

    log_in(app, shell, "canbo1", setup.DEMO_PASSWORD)
    home = shell.main_window.pages["home"]
    wait_until(app, lambda: home.stats is not None)
    save(shell.main_window, out / "main-window.png")
    shell.main_window.open_section("queue")
    save(shell.main_window, out / "placeholder.png")

    shell.main_window.logout()
    wait_until(app, lambda: shell.login_dialog is not None)
    log_in(app, shell, "admin", setup.DEMO_PASSWORD)
    admin = shell.main_window.open_section("admin")
    wait_until(app, lambda: admin.data is not None)
    save(shell.main_window, out / "admin.png")
    about = shell.main_window.show_about()
    wait_until(app, about.isVisible)
    save(about, out / "about.png")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("Cách dùng: python -m ui.screenshots THƯ_MỤC_ẢNH\n")
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        db_path, config_path = Path(tmp) / "db.sqlite", Path(tmp) / "config.json"
        setup.initialise(db_path, config_path, demo=True)
        worker = DbWorker(db_path, config_path)
        shell = None
        try:
            shell = Shell(worker, worker.start(read_session_info))
            shell.start()
            capture(app, shell, out)
        finally:
            if shell is not None:
                shell.dispose()
            worker.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
