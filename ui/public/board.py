"""The display board: calls shown on a TV and announced by voice (shared/domain.md §2, step 2).

The board polls its own database worker every ``POLL_MS``: ``calls_since``
the last call it knows (so every call and recall is shown and announced
once, in order, even when two come together) and ``status`` for the
counters and the last calls. At start it takes the newest call as already
known: a board switched on mid-morning does not read out the morning.
The big panel shows a number only while its counter still has it called or in
service: once finished, absent or transferred it is cleared (or replaced by the
newest call still open), as the counter cards are.

A failed poll (database locked, file gone) is logged; the board keeps what it
showed, puts a small "mất kết nối dữ liệu" marker in the corner and retries,
backing off to ``MAX_RETRY_MS``. The administrator closes it with Ctrl+Shift+Q.
"""

from __future__ import annotations

import logging
from functools import partial

from counter_app.domain.permissions import Device
from counter_app.services import queue_stats
from counter_app.services.core import Core
from ui.public.board_panels import LEFT, RIGHT, CallPanel, CountersGrid, RecentCalls
from ui.public.screen import HeaderBar, PublicScreen, label
from ui.public.style import board_stylesheet
from ui.public.voice import Announcer
from ui.qt import QCoreApplication, QFrame, QHBoxLayout, Qt, QTimer, QVBoxLayout
from ui.session import SessionInfo, act_as_device
from ui.worker import DbWorker

log = logging.getLogger(__name__)

POLL_MS = 500
MAX_RETRY_MS = 5_000
HIGHLIGHT_MS = 8_000     # how long a new call stays highlighted
FLASH_MS = 500           # the highlight blinks at this pace


def _tr(text: str) -> str:
    return QCoreApplication.translate("board", text)


def poll_board(core: Core, after: str | None, first: bool) -> dict:
    """New calls after ``after`` (none on the first poll) and the board's status."""
    calls = queue_stats.calls_since(core, after)
    return {"calls": [] if first else calls, "last_hlc": calls[-1]["hlc"] if calls else after,
            "status": queue_stats.status(core)}


class BoardWindow(PublicScreen):
    """Header, the latest call, the counters, the last calls, a connection marker."""

    def __init__(self, worker: DbWorker, info: SessionInfo, announcer: Announcer | None = None,
                 voice: bool = True, poll_ms: int = POLL_MS) -> None:
        super().__init__()
        self.worker = worker
        # Queued before any other work: this window's Core acts as the board.
        worker.run_op(partial(act_as_device, device=Device.BOARD))
        self.setObjectName("board")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(_tr("Bảng gọi số — {office}").format(office=info.office_name))
        self.announcer = announcer or Announcer(enabled=voice, parent=self)
        if not voice:
            self.announcer.set_enabled(False)
        self.poll_ms = poll_ms
        self.last_hlc: str | None = None
        self.status: dict | None = None
        self.highlighted: dict | None = None
        self.online = True
        self._started = False
        self._polling = False
        self._disposed = False
        self._failures = 0
        self._build(info)
        QTimer.singleShot(0, self.announcer.prepare)  # not at the first call: it would be late
        self._poll_timer = self._timer(self.poll, single=True)
        self._flash_timer = self._timer(self._blink, single=False)
        self._highlight_timer = self._timer(self._end_highlight, single=True)
        self.poll()

    def _build(self, info: SessionInfo) -> None:
        self.header = HeaderBar(info.unit_name.upper(), info.office_name)
        self.call_panel = CallPanel()
        self.recent = RecentCalls()
        self.counters = CountersGrid()
        self.offline_label = label(_tr("● mất kết nối dữ liệu"), "offline", align=RIGHT)
        self.offline_label.hide()
        middle = QHBoxLayout()
        middle.setSpacing(32)
        middle.addWidget(self.call_panel, 3)
        middle.addWidget(self.recent, 2)
        body = QVBoxLayout()
        body.setContentsMargins(32, 24, 32, 8)
        body.setSpacing(24)
        body.addLayout(middle, 3)
        body.addWidget(label(_tr("ĐANG PHỤC VỤ"), "sectionTitle", align=LEFT))
        body.addWidget(self.counters, 1)
        footer = QFrame()
        row = QHBoxLayout(footer)
        row.setContentsMargins(32, 0, 32, 8)
        row.addStretch(1)
        row.addWidget(self.offline_label)
        column = QVBoxLayout(self)
        # Sizes are made to fit the screen; a long message must not grow the window past it.
        column.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addLayout(body, 1)
        column.addWidget(footer)
        self._apply_scale(1920, 1080)

    # -- polling --------------------------------------------------------------------------

    def poll(self) -> None:
        if self._polling or self._disposed:
            return
        self._polling = True
        op = partial(poll_board, after=self.last_hlc, first=not self._started)
        if self.worker.run_op(op, self._polled, self._poll_failed, owner=self) is None:
            self._polling = False  # the worker is shut down: the app is closing

    def _polled(self, result: dict) -> None:
        self._polling = False
        if self._disposed:
            return
        self._started = True
        self._failures = 0
        self._set_online(True)
        self.last_hlc = result["last_hlc"]
        for call in result["calls"]:
            self._new_call(call)
        self._show_status(result["status"])
        self._poll_timer.start(self.poll_ms)

    def _poll_failed(self, exc: BaseException) -> None:
        # The worker has logged it; keep the last good state on screen and retry.
        self._polling = False
        if self._disposed:
            return
        self._failures += 1
        self._set_online(False)
        self._poll_timer.start(min(self.poll_ms * 2 ** self._failures, MAX_RETRY_MS))

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            log.warning("display board %s its data", "reconnected to" if online else "lost")
        self.online = online
        self.offline_label.setVisible(not online)

    # -- showing ----------------------------------------------------------------------------

    def _show_status(self, status: dict) -> None:
        self.status = status
        self.counters.show_counters(status["counters"])
        self.recent.show_calls(status["recent_calls"])
        self._keep_call_open(status)

    def _keep_call_open(self, status: dict) -> None:
        """The call panel shows the newest call whose ticket its counter still holds."""
        held = {(c["current"], c["number"]) for c in status["counters"] if c["current"]}
        shown = self.call_panel.call
        if shown is not None and (shown["number"], shown["counter"]) in held:
            return
        if self.highlighted is not None:
            self._end_highlight()
        still = [c for c in status["recent_calls"] if (c["number"], c["counter"]) in held]
        if still:
            self.call_panel.show_call(still[0])       # quietly: it was announced already
        elif shown is not None:
            self.call_panel.clear_call()

    def _new_call(self, call: dict) -> None:
        log.info("board: %s to counter %s%s", call["number"], call["counter"],
                 " (recall)" if call["recall"] else "")
        self.highlighted = call
        self.call_panel.show_call(call)
        self.call_panel.set_flash(True)
        self.counters.mark_fresh(call["counter"])
        self._flash_timer.start(FLASH_MS)
        self._highlight_timer.start(HIGHLIGHT_MS)
        self.announcer.announce(call["number"], call["counter"])

    def _blink(self) -> None:
        self.call_panel.set_flash(not self.call_panel.flashing)

    def _end_highlight(self) -> None:
        self._flash_timer.stop()
        self.call_panel.set_flash(False)
        self.counters.mark_fresh(None)
        self.highlighted = None

    def is_highlighted(self) -> bool:
        return self.highlighted is not None

    # -- screen size -----------------------------------------------------------------------

    def stylesheet(self, unit: float) -> str:
        return board_stylesheet(unit)

    def dispose(self) -> None:
        self._disposed = True
        for timer in (self._poll_timer, self._flash_timer, self._highlight_timer):
            timer.stop()
        self.header.stop()
        self.announcer.shutdown()
