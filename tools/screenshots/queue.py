"""Screenshots of the kiosk and the display board: ``python -m tools.screenshots queue OUTDIR``.

Run offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run`` on a fresh
demo office, to look at both as a citizen would: the kiosk at 1920×1080,
1080×1920 (portrait) and 1024×768, the board at 1920×1080 with a few calls.
docs/images/ holds kiosk.png, kiosk-result.png and board.png from this script.
"""

from __future__ import annotations

import socket
from pathlib import Path

from counter_app.domain.permissions import Device
from counter_app.services import officers, queue, queue_config, setup
from counter_app.services.core import Core
from tools.screenshots import common
from tools.screenshots.common import run_in_demo, run_with_worker, save, wait_until
from ui.public.board import BoardWindow
from ui.public.kiosk import KioskWindow
from ui.public.voice import Announcer
from ui.qt import QApplication, QWidget
from ui.session import read_session_info
from ui.worker import DbWorker

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
SMALL = (1024, 768)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shown(app: QApplication, window: QWidget, size: tuple[int, int]) -> QWidget:
    window.resize(*size)
    window.show()
    wait_until(app, lambda: window.size().width() == size[0])
    return window


def take_ticket(app: QApplication, kiosk: KioskWindow, code: str,
                category: str | None = None) -> None:
    tile = kiosk.start_page.tiles[code]
    if category is None:
        tile.button.click()
    else:
        tile.priority_button.click()
        kiosk.priority_page.buttons[category].click()
    wait_until(app, lambda: kiosk.stack.currentWidget() is kiosk.result_page)


def capture_kiosk(app: QApplication, worker: DbWorker, out: Path) -> None:
    info = worker.call(read_session_info)
    kiosk = shown(app, KioskWindow(worker, info), common.SCREEN_SIZE or LANDSCAPE)
    try:
        wait_until(app, lambda: len(kiosk.start_page.tiles) > 0)
        for _ in range(3):
            with Core.open(info.db_path, info.config_path, device=Device.KIOSK) as core:
                queue.issue_ticket(core, "HOTICH")
        kiosk.refresh()
        wait_until(app, lambda: kiosk.start_page.tiles["HOTICH"].waiting_label.text().find("3") > 0)
        save(kiosk, out / "kiosk.png")
        kiosk.start_page.tiles["HOTICH"].priority_button.click()
        save(kiosk, out / "kiosk-priority.png")
        kiosk.show_start()
        take_ticket(app, kiosk, "HOTICH")
        wait_until(app, lambda: "Mời quý khách" in kiosk.result_page.print_label.text())
        wait_until(app, kiosk.result_page.done_button.isEnabled)  # after the double-tap guard
        save(kiosk, out / "kiosk-result.png")
        worker.call(lambda core: setattr(core.config.printer, "ticket_url",
                                         f"tcp:127.0.0.1:{closed_port()}"))
        wait_until(app, kiosk.result_page.done_button.isEnabled)  # the double-tap guard
        kiosk.result_page.done_button.click()
        take_ticket(app, kiosk, "CHUNGTHUC", category="NCT")
        wait_until(app, lambda: kiosk.result_page.print_failed)
        wait_until(app, kiosk.result_page.done_button.isEnabled)
        save(kiosk, out / "kiosk-print-failed.png")
        for name, size in (("portrait", PORTRAIT), ("small", SMALL)):
            shown(app, kiosk, size)
            kiosk.stack.setCurrentWidget(kiosk.result_page)
            save(kiosk, out / f"kiosk-{name}-result.png")
            kiosk.show_start()
            save(kiosk, out / f"kiosk-{name}.png")
        capture_refusal(app, kiosk, info, out)
    finally:
        kiosk.dispose()
        kiosk.close()


def capture_refusal(app: QApplication, kiosk: KioskWindow, info, out: Path) -> None:
    """A service whose daily cap is used up: the message on the kiosk screen."""
    with Core.open(info.db_path, info.config_path, system=True) as core:
        queue_config.update_service(core, "KINHDOANH", daily_cap=1)
        queue.issue_ticket(core, "KINHDOANH")
    wait_until(app, lambda: not kiosk._guard_timer.isActive())
    kiosk.start_page.tiles["KINHDOANH"].button.click()
    wait_until(app, kiosk.notice.isVisible)
    save(kiosk, out / "kiosk-small-refused.png")


def make_calls(info) -> None:
    """Tickets and calls as officers at counters 1–3 would make them."""
    with Core.open(info.db_path, info.config_path, device=Device.KIOSK) as core:
        for service in ("HOTICH", "DATDAI", "TRAKETQUA", "HOTICH", "CHUNGTHUC", "DATDAI"):
            queue.issue_ticket(core, service)
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        for counter in (1, 2, 3, 1, 2):
            queue.call_next(core, counter)


def capture_board(app: QApplication, worker: DbWorker, out: Path) -> None:
    info = worker.call(read_session_info)
    board = shown(app, BoardWindow(worker, info, Announcer(enabled=False)),
                  common.SCREEN_SIZE or LANDSCAPE)
    try:
        wait_until(app, lambda: board.status is not None)
        save(board, out / "board-empty.png")
        make_calls(info)
        wait_until(app, lambda: board.is_highlighted() and board.call_panel.flashing)
        save(board, out / "board.png")
        board._blink()
        save(board, out / "board-blink.png")
    finally:
        board.dispose()
        board.close()


def main(argv: list[str] | None = None) -> int:
    def shoot(app, demo, out):
        for capture in (capture_kiosk, capture_board):
            run_with_worker(app, demo, out, capture)
    return run_in_demo(argv, "tools.screenshots queue", shoot)
