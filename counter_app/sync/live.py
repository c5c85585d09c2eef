"""Hearing of the office's changes as they happen (docs/OFFICE.md, live updates).

The sync server streams "office changed" notices (server-sent events on ``/v1/stream``)
to every enrolled device of the office: a call decided by the hub, a push by another PC.
``LiveStream`` keeps that stream open in its own thread and calls ``on_change`` for
each notice (the sync worker then pulls at once), reconnecting with a growing delay
after a drop. A notice carries nothing but the office: what changed always arrives by
the ordinary pull, so a notice lost while the line was down loses nothing — the
reconnection itself counts as a change and makes the device pull.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Callable

import httpx

from counter_app import config as config_mod

log = logging.getLogger(__name__)
KEEPALIVE_S = 15.0              # the server comments that often (sync_server/app.py)
RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0)


class LiveStream:
    """``own_device``: this PC's device id — a notice of its own request (its push, its
    hub decision) is not news to it."""

    def __init__(self, config_path, on_change: Callable[[], None],
                 own_device: Callable[[], str | None] = lambda: None) -> None:
        self.config_path, self.on_change, self.own_device = config_path, on_change, own_device
        self.connected = False
        self.notices = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-live", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end; it does at the next notice or keep-alive (≤ 15 s), and
        it is a daemon: it never holds the app open."""
        self._stopping.set()

    def _run(self) -> None:
        failures, self._reconnecting = 0, False
        while not self._stopping.is_set():
            cfg = config_mod.load(self.config_path).sync
            if not (cfg.server_url and cfg.device_secret):
                self._stopping.wait(30.0)
                continue
            try:
                self._listen(cfg.server_url, cfg.device_secret)
                failures = 0
            except (httpx.HTTPError, OSError) as exc:
                log.info("live stream dropped (%s); reconnecting", exc)
                failures += 1
            finally:
                self.connected = False
                self._reconnecting = True
            self._stopping.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])

    def _listen(self, server_url: str, secret: str) -> None:
        timeout = httpx.Timeout(KEEPALIVE_S * 2, connect=5.0)
        with httpx.Client(base_url=server_url.rstrip("/"), timeout=timeout) as http:
            with http.stream("GET", "/v1/stream",
                             headers={"Authorization": f"Bearer {secret}"}) as response:
                if response.status_code != 200:
                    raise httpx.HTTPStatusError("stream refused", request=response.request,
                                                response=response)
                kind = None
                for line in response.iter_lines():
                    if self._stopping.is_set():
                        return
                    if line.startswith("event: "):
                        kind = line[7:].strip()
                    elif line.startswith("data: "):
                        self.notices += 1
                        if kind == "hello":
                            self.connected = True
                            if self._reconnecting:
                                self._changed()   # catch up what passed while away
                        elif not self._own(line[6:]):
                            self._changed()

    def _own(self, data: str) -> bool:
        try:
            by = json.loads(data).get("by")
        except (ValueError, AttributeError):
            return False
        return by is not None and by == self.own_device()

    def _changed(self) -> None:
        try:
            self.on_change()
        except Exception:
            log.exception("live stream callback failed")
