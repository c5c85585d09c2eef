"""The board and the kiosk at the sizes of real TVs and screens: no text is cut.

Rendered offscreen at 1366×768 (a ward's TV), 1920×1080 and 3840×2160, then every label is
looked at pixel by pixel (tests/ui/ink.py): ink on a label's edge row means the stacked
marks ("ĐẾN QUẦY SỐ 1") or the big number were clipped.
"""

from __future__ import annotations

import pytest

from counter_app.services import officers, queue, setup
from counter_app.services.core import Core
from tests.ui.ink import clipped_labels
from ui.public.board import BoardWindow
from ui.public.kiosk import KioskWindow
from ui.public.voice import Announcer

SIZES = [(1366, 768), (1920, 1080), (3840, 2160)]


def settle(qtbot, window, size) -> None:
    window.resize(*size)
    window.show()
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    qtbot.wait(50)


@pytest.fixture
def calls_made(demo_paths):
    """Counters 1–3 have called numbers, the last one to counter 1."""
    with Core.open(*demo_paths, system=True) as core:
        for service in ("HOTICH", "DATDAI", "TRAKETQUA", "HOTICH"):
            queue.issue_ticket(core, service)
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        for counter in (2, 3, 1):
            queue.call_next(core, counter)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_board_text_is_never_cut(qtbot, worker, info, calls_made, size):
    board = BoardWindow(worker, info, Announcer(enabled=False))
    qtbot.addWidget(board)
    try:
        settle(qtbot, board, size)
        qtbot.waitUntil(lambda: board.status is not None
                        and board.call_panel.number_label.isVisible())
        assert board.call_panel.counter_label.text() == "ĐẾN QUẦY SỐ 1"
        assert clipped_labels(board) == []
        board.call_panel.set_flash(True)         # the highlight colours too
        assert clipped_labels(board) == []
    finally:
        board.dispose()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_kiosk_text_is_never_cut(qtbot, worker, info, size):
    kiosk = KioskWindow(worker, info)
    qtbot.addWidget(kiosk)
    try:
        settle(qtbot, kiosk, size)
        qtbot.waitUntil(lambda: len(kiosk.start_page.tiles) == 6)
        assert clipped_labels(kiosk) == []
        kiosk.result_page.show_ticket({
            "id": "t", "number": "A028", "service_name": "Hộ tịch – chứng thực",
            "priority_label": "Người cao tuổi", "waiting_ahead": 12})
        kiosk.result_page.show_print_failed("paper_out")
        kiosk.stack.setCurrentWidget(kiosk.result_page)
        qtbot.wait(50)
        assert clipped_labels(kiosk) == []
    finally:
        kiosk.dispose()
