"""The display board clears a number once its counter is done with it: a finished or
absent ticket is no longer shown as called (real queue service, same database file)."""

from __future__ import annotations

from counter_app.services import queue
from tests.ui.test_board import (CALL_WITHIN_MS, backend, issue, make_board,  # noqa: F401
                                 officer_core)

IDLE_CAPTION = "XIN MỜI QUÝ KHÁCH CHỜ GỌI SỐ"


def shown(board) -> tuple[str, str, bool]:
    panel = board.call_panel
    return (panel.caption_label.text(), panel.counter_label.text(),
            panel.number_label.isVisibleTo(panel))


def test_a_finished_number_is_cleared(qtbot, make_board, officer_core):
    issue(officer_core, "HOTICH")
    board = make_board(voice=False)
    ticket = queue.call_next(officer_core, 1)
    qtbot.waitUntil(lambda: board.call_panel.number_label.text() == "A001",
                    timeout=CALL_WITHIN_MS)
    assert shown(board) == ("XIN MỜI SỐ", "ĐẾN QUẦY SỐ 1", True)

    queue.act(officer_core, ticket["id"], "finish", 1)
    qtbot.waitUntil(lambda: shown(board) == (IDLE_CAPTION, "", False), timeout=CALL_WITHIN_MS)
    assert board.counters.cards[1].number_label.text() == "—"
    assert not board.is_highlighted()
    assert board.recent.numbers() == ["A001"]       # still in "các số vừa gọi"


def test_a_no_show_gives_way_to_the_call_still_open(qtbot, make_board, officer_core, demo_paths):
    from counter_app.services import officers, setup
    from counter_app.services.core import Core
    issue(officer_core, "HOTICH", "DATDAI")
    board = make_board(voice=False)
    with Core.open(*demo_paths) as second:
        officers.authenticate(second, "canbo2", setup.DEMO_PASSWORD)
        queue.call_next(second, 2)                   # C001 at counter 2, still called
    ticket = queue.call_next(officer_core, 1)        # A001 at counter 1, the newest
    qtbot.waitUntil(lambda: board.call_panel.number_label.text() == "A001",
                    timeout=CALL_WITHIN_MS)
    queue.act(officer_core, ticket["id"], "no_show", 1)
    qtbot.waitUntil(lambda: board.call_panel.number_label.text() == "C001",
                    timeout=CALL_WITHIN_MS)
    assert shown(board) == ("XIN MỜI SỐ", "ĐẾN QUẦY SỐ 2", True)


def test_a_board_started_after_the_number_was_finished_shows_none(qtbot, make_board,
                                                                    officer_core):
    issue(officer_core, "HOTICH")
    ticket = queue.call_next(officer_core, 1)
    queue.act(officer_core, ticket["id"], "finish", 1)
    board = make_board(voice=False)
    assert shown(board) == (IDLE_CAPTION, "", False)
    assert board.recent.numbers() == ["A001"]
