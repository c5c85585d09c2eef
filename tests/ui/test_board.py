"""The display board: real calls made by an officer on the same database file appear,
are highlighted and announced once, in order; a failed poll keeps the last good state."""

from __future__ import annotations

import sqlite3
import time

import pytest

from counter_app.services import officers, queue, queue_stats, setup
from counter_app.services.core import Core
from ui.public.board import POLL_MS, BoardWindow
from ui.public.voice import Announcer

CALL_WITHIN_MS = 2_000   # poll interval plus the time a loaded CI machine may need


class RecordingBackend:
    """Stands in for the audio device only: each item 'plays' for ``ms`` of real time."""

    name = "recording"

    def __init__(self, ms: int = 150) -> None:
        self.ms = ms
        self.log: list[tuple[str, str, float]] = []

    def play(self, item, done):
        from ui.qt import QTimer
        self.log.append(("start", item.text, time.monotonic()))

        def finish():
            self.log.append(("finish", item.text, time.monotonic()))
            done()
        QTimer.singleShot(self.ms, finish)
        return self.ms

    def stop(self) -> None:
        pass

    def texts(self, kind: str = "start") -> list[str]:
        return [text for k, text, _t in self.log if k == kind]


@pytest.fixture
def officer_core(demo_paths):
    """Counter 1's officer on another connection, as another PC of the office would be."""
    core = Core.open(*demo_paths)
    officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
    yield core
    core.close()


@pytest.fixture
def backend():
    return RecordingBackend()


@pytest.fixture
def make_board(qtbot, worker, info, backend):
    boards = []

    def make(voice: bool = True) -> BoardWindow:
        board = BoardWindow(worker, info, Announcer(backend), voice=voice)
        qtbot.addWidget(board)
        board.resize(1920, 1080)
        board.show()
        qtbot.waitUntil(lambda: board.status is not None)
        boards.append(board)
        return board
    yield make
    for board in boards:
        board.dispose()


def issue(core: Core, *services: str) -> None:
    for service in services:
        queue.issue_ticket(core, service)


def test_a_call_appears_highlighted_and_is_announced_once(qtbot, make_board, officer_core,
                                                          backend):
    issue(officer_core, "HOTICH", "HOTICH")
    board = make_board()
    assert board.call_panel.caption_label.text() == "XIN MỜI QUÝ KHÁCH CHỜ GỌI SỐ"

    queue.call_next(officer_core, 1)
    qtbot.waitUntil(board.is_highlighted, timeout=CALL_WITHIN_MS)
    panel = board.call_panel
    assert (panel.caption_label.text(), panel.number_label.text(), panel.counter_label.text()) \
        == ("XIN MỜI SỐ", "A001", "ĐẾN QUẦY SỐ 1")
    assert panel.service_label.text() == "Hộ tịch"
    assert panel.flashing and board.counters.cards[1].property("fresh")
    qtbot.waitUntil(lambda: board.counters.cards[1].number_label.text() == "A001")
    assert board.recent.numbers() == ["A001"]
    qtbot.waitUntil(lambda: backend.texts("finish") == ["Xin mời số A001 đến quầy số 1"])
    qtbot.wait(3 * POLL_MS)  # more polls: still announced once
    assert backend.texts() == ["Xin mời số A001 đến quầy số 1"]


def test_old_calls_are_shown_but_not_announced_at_start(qtbot, make_board, officer_core,
                                                        backend):
    issue(officer_core, "HOTICH", "DATDAI")
    queue.call_next(officer_core, 1)
    board = make_board()
    assert board.call_panel.number_label.text() == "A001"
    assert not board.is_highlighted()
    assert board.recent.numbers() == ["A001"]
    qtbot.wait(3 * POLL_MS)
    assert backend.log == []


def test_two_quick_calls_are_announced_in_order_without_overlap(qtbot, make_board, demo_paths,
                                                                officer_core, backend):
    issue(officer_core, "HOTICH", "DATDAI")
    board = make_board()
    with Core.open(*demo_paths) as second:
        officers.authenticate(second, "canbo2", setup.DEMO_PASSWORD)
        queue.call_next(officer_core, 1)
        queue.call_next(second, 2)
        queue.act(officer_core, queue.current_at(officer_core, 1)["id"], "recall", 1)

    expected = ["Xin mời số A001 đến quầy số 1", "Xin mời số C001 đến quầy số 2",
                "Xin mời số A001 đến quầy số 1"]
    qtbot.waitUntil(lambda: backend.texts("finish") == expected, timeout=5_000)
    assert backend.texts() == expected
    kinds = [kind for kind, _text, _t in backend.log]
    assert kinds == ["start", "finish"] * 3
    times = [t for _k, _text, t in backend.log]
    assert times == sorted(times)
    assert board.call_panel.number_label.text() == "A001"
    assert board.call_panel.service_label.text() == "Hộ tịch · gọi lại"
    assert board.recent.numbers() == ["A001", "C001", "A001"]


def test_a_failed_poll_keeps_the_last_state_and_recovers(qtbot, make_board, officer_core,
                                                         monkeypatch, caplog):
    issue(officer_core, "HOTICH", "HOTICH")
    board = make_board()
    queue.call_next(officer_core, 1)
    qtbot.waitUntil(lambda: board.counters.cards[1].number_label.text() == "A001",
                    timeout=CALL_WITHIN_MS)
    real_calls_since = queue_stats.calls_since

    def locked(core, after):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr(queue_stats, "calls_since", locked)
    qtbot.waitUntil(lambda: board.offline_label.isVisibleTo(board), timeout=CALL_WITHIN_MS)
    assert board.offline_label.text() == "● mất kết nối dữ liệu"
    assert board.counters.cards[1].number_label.text() == "A001"
    assert board.recent.numbers() == ["A001"]
    assert board.call_panel.number_label.text() == "A001"
    assert any(r.exc_info and "database is locked" in str(r.exc_info[1])
               for r in caplog.records)

    queue.call_next(officer_core, 1)  # made while the board cannot read
    monkeypatch.setattr(queue_stats, "calls_since", real_calls_since)
    qtbot.waitUntil(lambda: board.call_panel.number_label.text() == "A002", timeout=8_000)
    assert not board.offline_label.isVisibleTo(board)
    assert board.is_highlighted()


def test_no_voice_shows_calls_and_announces_nothing(qtbot, make_board, officer_core, backend):
    issue(officer_core, "TRAKETQUA")
    board = make_board(voice=False)
    queue.call_next(officer_core, 3)
    qtbot.waitUntil(board.is_highlighted, timeout=CALL_WITHIN_MS)
    assert board.call_panel.number_label.text() == "F001"
    qtbot.wait(2 * POLL_MS)
    assert backend.log == []
    assert not board.announcer.enabled


def test_escape_does_not_close_the_board(qtbot, make_board):
    from ui.qt import Qt
    board = make_board()
    board.activateWindow()
    qtbot.waitUntil(board.isActiveWindow)
    qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert board.isVisible()
