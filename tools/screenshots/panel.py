"""A screenshot of the counter queue panel: ``python -m tools.screenshots panel OUTDIR``.

A fresh demo office on a fixed working morning (so the picture does not depend
on when it is taken), a few tickets taken at the "kiosk" over the half hour
before (two priority, one for counter 2 only), counter 1 has called a number
twice; writes OUTDIR/queue-panel.png at 1280×800. Run offscreen
(``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.services import queue
from counter_app.services.core import Core
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from ui.qt import QApplication
from ui.shell import Shell

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


def capture(app: QApplication, shell: Shell, out: Path) -> Path:
    window = log_in(app, shell)
    page = window.open_section("queue")
    wait_until(app, lambda: page.view is not None)
    for action in ("next", "recall"):   # the priority ticket first, then called again
        page.run_action(action)
        wait_until(app, lambda: not page.busy)
    wait_until(app, lambda: window.status.pending is not None)
    page.waiting_table.selectRow(0)
    return save(window, out / FILE_NAME)


def main(argv: list[str] | None = None) -> int:
    return run_in_demo(
        argv, "tools.screenshots panel",
        lambda app, demo, out: run_shell(app, demo, out, capture, moment_ms()),
        prepare=issue_demo_tickets, setup_clock_ms=moment_ms() - 60 * MINUTE_MS)
