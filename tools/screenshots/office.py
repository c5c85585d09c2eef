"""Two counters and the display board sharing one queue:
``python -m tools.screenshots office OUTDIR [--size 1366x768]``.

What office mode gives (docs/OFFICE.md): every PC of the office sees the one queue the hub
keeps. The pictures are taken on one demo office opened three times — counter 1 (canbo1),
counter 2 (canbo2) and the board, each window with its own database worker, as three PCs
holding the same queue — on a fixed working morning, with tickets from the kiosk over the
half hour before and calls made at both counters, so the three pictures show the same
numbers: office-counter-1.png, office-counter-2.png, office-board.png; and the enroll
dialog where the IT person chooses a PC's role, office-enroll.png.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from counter_app.domain.clock import FixedClock
from counter_app.services import officers, queue, setup
from counter_app.services.core import Core
from tools.screenshots import common
from tools.screenshots.common import Demo, log_in, run_in_demo, save, wait_until
from tools.screenshots.panel import MINUTE_MS, moment_ms
from ui.pages.sync_enroll import SyncEnrollDialog
from ui.public.board import BoardWindow
from ui.public.voice import Announcer
from ui.qt import QApplication
from ui.session import read_session_info
from ui.shell import Shell
from ui.worker import DbWorker

# service, minutes before the moment: what the kiosk by the door issued this morning.
TICKETS = (("A", 34), ("C", 31), ("B", 28), ("A", 25), ("E", 21), ("C", 18), ("A", 14),
           ("B", 11), ("D", 8), ("A", 6), ("C", 3), ("B", 1))
# counter, minutes before the moment: "call next" at counters 1, 2 and 3; the last two are
# made with the board on screen, so it shows them as it announces them.
CALLS = ((1, 30), (2, 29), (3, 24), (1, 20), (2, 16), (3, 12))
LIVE_CALLS = ((1, 2), (2, 1))
FILES = {1: "office-counter-1.png", 2: "office-counter-2.png"}
OFFICERS = {1: "canbo1", 2: "canbo2"}


def morning(db_path: Path, config_path: Path) -> None:
    """The kiosk's tickets and the counters' calls, each at its own minute."""
    with Core.open(db_path, config_path, system=True) as core:
        for service, before in TICKETS:
            core.clock = FixedClock(moment_ms() - before * MINUTE_MS)
            ticket = queue.issue_ticket(core, service)
            queue.record_print(core, ticket["id"], True, None)    # the paper came out
    call(db_path, config_path, CALLS)


def call(db_path: Path, config_path: Path, calls) -> None:
    with Core.open(db_path, config_path, system=True) as core:
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        for counter, before in calls:
            core.clock = FixedClock(moment_ms() - before * MINUTE_MS)
            queue.call_next(core, counter)


def counter_window(app: QApplication, demo: Demo, counter: int, workers: list[DbWorker]):
    """The counter app of counter ``counter``: its own worker, its officer logged in."""
    worker = DbWorker(demo.db_path, demo.config_path, clock=FixedClock(moment_ms()))
    workers.append(worker)
    info = dataclasses.replace(worker.start(read_session_info), counter_number=counter)
    shell = Shell(worker, info)
    shell.start()
    window = log_in(app, shell, OFFICERS[counter])
    page = window.open_section("queue")
    wait_until(app, lambda: page.view is not None)
    return shell, window


def enroll_dialog(app: QApplication, worker: DbWorker) -> SyncEnrollDialog:
    """The admin page's enroll dialog as the IT person fills it in for counter 3."""
    dialog = SyncEnrollDialog(worker)
    dialog.show()
    wait_until(app, lambda: dialog.counter_spin.value() == 1)    # this PC's role, read
    dialog.server_edit.setText("http://192.168.1.10:8765")
    dialog.code_edit.setText("K7MQ-2XWD-9RTA")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("counter"))
    dialog.counter_spin.setValue(3)
    wait_until(app, dialog.isVisible)
    return dialog


def capture(app: QApplication, demo: Demo, out: Path) -> None:
    workers: list[DbWorker] = []
    shells: list[Shell] = []
    board = None
    try:
        worker = DbWorker(demo.db_path, demo.config_path, clock=FixedClock(moment_ms()))
        workers.append(worker)
        board = BoardWindow(worker, worker.start(read_session_info), Announcer(enabled=False))
        size = common.SCREEN_SIZE or (1366, 768)
        board.resize(*size)
        board.show()
        wait_until(app, lambda: board.status is not None and board.size().width() == size[0])
        call(demo.db_path, demo.config_path, LIVE_CALLS)
        wait_until(app, lambda: board.is_highlighted() and board.call_panel.flashing)
        board._blink()          # the steady colours, not the flash's other half
        for counter, name in FILES.items():
            shell, window = counter_window(app, demo, counter, workers)
            shells.append(shell)
            save(window, out / name)
        save(board, out / "office-board.png")
        dialog = enroll_dialog(app, workers[1])
        save(dialog, out / "office-enroll.png")
        dialog.close()
    finally:
        if board is not None:
            board.dispose()
            board.close()
        for shell in shells:
            shell.dispose()
        for worker in workers:
            worker.shutdown()


def main(argv: list[str] | None = None) -> int:
    return run_in_demo(argv, "tools.screenshots office", capture, prepare=morning,
                       setup_clock_ms=moment_ms() - 60 * MINUTE_MS)
