"""Closing or logging out never waits on the sync worker: a request in flight to a server
that does not answer keeps its own thread, not the GUI thread (up to the read timeout)."""

from __future__ import annotations

import socket
import threading
import time

from counter_app import config as config_mod
from counter_app.sync.loop import THREAD_NAME

GUI_STOP_BUDGET_S = 0.5


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        try:
            while True:
                self.accepted.append(self.listener.accept()[0])
        except OSError:
            return      # the listener was closed

    def close(self) -> None:
        for conn in self.accepted:
            conn.close()
        self.listener.close()
        self.thread.join(5)


def test_stopping_the_status_bar_does_not_wait_for_a_request_in_flight(qtbot, demo_paths,
                                                                       log_in):
    server = SilentServer()
    try:
        _, config_path = demo_paths
        cfg = config_mod.load(config_path)
        cfg.sync = config_mod.SyncConfig(server_url=f"http://127.0.0.1:{server.port}",
                                         device_secret="x" * 40, office="DEMO")
        config_mod.save(cfg, config_path)
        window = log_in("canbo1")
        qtbot.waitUntil(lambda: window.status.sync_loop is not None)
        # Both in flight: the sync request and the live stream (docs/OFFICE.md), whichever
        # connects first; server.close() then ends both.
        qtbot.waitUntil(lambda: len(server.accepted) >= 2, timeout=10_000)
        started = time.monotonic()
        window.status.stop()
        assert time.monotonic() - started < GUI_STOP_BUDGET_S
    finally:
        server.close()      # the request fails at once; the worker sees it was stopped
    qtbot.waitUntil(lambda: THREAD_NAME not in [t.name for t in threading.enumerate()],
                    timeout=10_000)


def test_the_status_bar_says_which_queue_the_pc_uses():
    from ui.status_bar import sync_texts
    base = {"enrolled": True, "last_success": "2026-12-06T03:42:00Z", "last_error": None}
    assert sync_texts({**base, "office_queue": False}, 0)[0] == "Đã đồng bộ lúc 10:42"
    assert sync_texts({**base, "office_queue": True, "queue_mode": "office"}, 0)[0] == \
        "Đã đồng bộ lúc 10:42 · Hàng đợi chung của đơn vị"
    assert sync_texts({**base, "office_queue": True, "queue_mode": "island",
                       "island_tag": "K"}, 0)[0] == \
        "Đã đồng bộ lúc 10:42 · Mất máy chủ điều phối: cấp số riêng (ký hiệu K)"
