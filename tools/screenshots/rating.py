"""Screenshots of the rating screen: ``python -m tools.screenshots rating OUTDIR``.

A demo office where canbo1 has just finished serving A001 at counter 1: the screen
waiting (rating-idle.png), asking (rating.png, one reason ticked) and thanking
(rating-thanks.png), at the screen size given by ``--size`` (default 1366×768).
"""

from __future__ import annotations

from pathlib import Path

from counter_app.services import officers, queue, setup
from counter_app.services.core import Core
from tools.screenshots import common
from tools.screenshots.common import run_in_demo, run_with_worker, save, wait_until
from ui.public.rating import RatingWindow
from ui.qt import QApplication
from ui.session import read_session_info
from ui.worker import DbWorker

SIZE = (1366, 768)


def serve(info) -> None:
    with Core.open(info.db_path, info.config_path, system=True) as core:
        ticket = queue.issue_ticket(core, "HOTICH")
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        queue.call_number(core, 1, ticket["number"])
        queue.act(core, ticket["id"], "finish", 1)


def capture(app: QApplication, worker: DbWorker, out: Path) -> None:
    info = worker.call(read_session_info)
    window = RatingWindow(worker, info, counter=1, poll_ms=100)
    window.resize(*(common.SCREEN_SIZE or SIZE))
    window.show()
    try:
        wait_until(app, lambda: len(window.ask_page.buttons) > 0)
        save(window, out / "rating-idle.png")
        serve(info)
        wait_until(app, lambda: window.stack.currentWidget() is window.ask_page)
        window.ask_page.checks["Thái độ phục vụ"].setChecked(True)
        save(window, out / "rating.png")
        window.ask_page.buttons["very_satisfied"].click()
        wait_until(app, lambda: window.stack.currentWidget() is window.thanks_page)
        save(window, out / "rating-thanks.png")
    finally:
        window.dispose()
        window.close()


def main(argv: list[str] | None = None) -> int:
    return run_in_demo(argv, "tools.screenshots rating",
                       lambda app, demo, out: run_with_worker(app, demo, out, capture))
