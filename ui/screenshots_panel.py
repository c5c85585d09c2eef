"""A screenshot of the counter queue panel: ``python -m ui.screenshots_panel OUTDIR``.

A fresh demo office on a fixed working morning (so the picture does not depend
on when it is taken), a few tickets taken at the "kiosk" over the half hour
before (two priority, one for counter 2 only), counter 1 has called a number
twice; writes OUTDIR/queue-panel.png at 1280×800. Run offscreen
(``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.services import queue, setup
from counter_app.services.core import Core
from ui.app import create_application
from ui.qt import QApplication
from ui.session import read_session_info
from ui.shell import Shell
from ui.worker import DbWorker

WINDOW_SIZE = (1280, 800)
FILE_NAME = "queue-panel.png"
# 09:30 on Monday 23/11/2026 in Hà Nội: the moment the screenshot shows.
MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ)
MINUTE_MS = 60_000
# service, priority, minutes before MOMENT
TICKETS = (("A", None, 31), ("B", None, 27), ("A", "NCT", 22), ("C", None, 20),
           ("A", None, 16), ("B", "PNMT", 9), ("A", None, 4), ("B", None, 1))


def moment_ms() -> int:
    return int(MOMENT.timestamp() * 1000)


def issue_demo_tickets(db_path: Path, config_path: Path) -> None:
    """Tickets as the kiosk would issue them in the half hour before ``MOMENT``."""
    with Core.open(db_path, config_path, system=True) as kiosk:
        for service, priority, minutes_before in TICKETS:
            kiosk.clock = FixedClock(moment_ms() - minutes_before * MINUTE_MS)
            queue.issue_ticket(kiosk, service, priority)


def wait_until(app: QApplication, condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts and repaints settle
        app.processEvents()


def capture(app: QApplication, shell: Shell, out: Path) -> Path:
    dialog = shell.login_dialog
    wait_until(app, dialog.isVisible)
    dialog.username_edit.setText("canbo1")
    dialog.password_edit.setText(setup.DEMO_PASSWORD)
    dialog.submit()
    wait_until(app, lambda: shell.main_window is not None)
    window = shell.main_window
    window.resize(*WINDOW_SIZE)
    page = window.open_section("queue")
    wait_until(app, lambda: page.view is not None)
    for action in ("next", "recall"):   # the priority ticket first, then called again
        page.run_action(action)
        wait_until(app, lambda: not page.busy)
    wait_until(app, lambda: window.status.pending is not None)
    page.waiting_table.selectRow(0)
    path = out / FILE_NAME
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("Cách dùng: python -m ui.screenshots_panel THƯ_MỤC_ẢNH\n")
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        db_path, config_path = Path(tmp) / "db.sqlite", Path(tmp) / "config.json"
        setup.initialise(db_path, config_path, demo=True,
                         clock=FixedClock(moment_ms() - 60 * MINUTE_MS))
        issue_demo_tickets(db_path, config_path)
        worker = DbWorker(db_path, config_path, clock=FixedClock(moment_ms()))
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
