"""The background sync worker: a thread that syncs now and then, Qt-free.

Rules:
- Its own thread and its own SQLite connection (``Core.open``: one connection per
  thread); never the GUI thread. ``stop()`` ends it and closes the connection.
- After a success it syncs again every ``idle_s``, or sooner when this device records
  new events (checked every ``poll_s``: the next ``device_seq`` moved) or when ``wake()``
  is called ("Đồng bộ ngay").
- After a failure it waits with exponential backoff and jitter (``base_s`` doubling up
  to ``cap_s``), so a hundred counters do not all hammer a server that comes back; new
  local events do not cut a backoff short, ``wake()`` does.
- A revoked device or a broken chain is parked: no retry but every ``cap_s`` (or
  ``wake()``), because retrying cannot fix it; an administrator must act.
- The config is read again before every attempt, so an enrollment made meanwhile is used.
- With ``live`` (the default), a ``LiveStream`` hears the office's change notices and
  wakes the worker, so another PC's call or ticket arrives within about a second.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from pathlib import Path
from typing import Callable

from counter_app.services.core import Core
from counter_app.sync import client
from counter_app.sync.client import SyncSummary
from counter_app.sync.live import LiveStream

log = logging.getLogger(__name__)

THREAD_NAME = "db-worker-sync"   # the GUI tests check no "db-worker…" thread outlives them
PARKED_KINDS = ("revoked", "chain")
# After a change notice that brought nothing yet: pull again after 0.5, 1, 2 … 32 s (the
# change may sit behind the pull fence while some transaction of the server stays open).
CHASE_TRIES, CHASE_S = 7, 0.5


def backoff_s(failures: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Delay before the next try after ``failures`` failures in a row: doubling from
    ``base_s``, capped at ``cap_s``, drawn in its upper half (jitter)."""
    ceiling = min(cap_s, base_s * 2 ** max(0, failures - 1))
    return rng.uniform(ceiling / 2, ceiling)


class SyncLoop:
    """``start()``, ``wake()``, ``stop()``. Callbacks run on the loop's thread."""

    def __init__(self, db_path: Path, config_path: Path, *,
                 on_result: Callable[[SyncSummary], None] | None = None,
                 on_progress: client.Progress | None = None,
                 base_s: float = 5.0, cap_s: float = 600.0, idle_s: float = 60.0,
                 poll_s: float = 0.5, seed: int | None = None, live: bool = True) -> None:
        self.db_path, self.config_path = Path(db_path), Path(config_path)
        self.on_result, self.on_progress = on_result, on_progress
        self.base_s, self.cap_s, self.idle_s, self.poll_s = base_s, cap_s, idle_s, poll_s
        self.failures = 0
        self.parked = False
        self.attempts = 0
        self._rng = random.Random(seed)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # The office's change notices wake the worker: a call reaches this PC in about a
        # second, not at the next idle sync (docs/OFFICE.md).
        self.live = LiveStream(self.config_path, self._notice, self._device_id) if live else None
        # After a change notice, pulls that bring nothing are tried again, sooner first:
        # the change may still sit behind the server's pull fence (docs/SYNC.md).
        self._chase = 0
        self._device: str | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()
        if self.live:
            self.live.start()

    def wake(self) -> None:
        """Sync at once ("Đồng bộ ngay"), cutting any backoff or parking short."""
        self._wake.set()

    def _notice(self) -> None:
        """The office changed (live stream): sync now, and chase the change a little."""
        self._chase = CHASE_TRIES
        self.wake()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the thread to end (after the request in flight, bounded by its timeouts)
        and wait up to ``timeout`` s for it; ``None``: do not wait — the GUI thread must
        not, a request in flight may take up to the transport's read timeout. No
        callback runs once stop is asked; the thread closes its own connection."""
        self._stopping.set()
        self._wake.set()
        if self.live:
            self.live.stop()
        if self._thread is not None and timeout is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        try:
            core = Core.open(self.db_path, self.config_path, system=True)
        except Exception:
            log.exception("sync worker could not open the database")
            return
        try:
            self._loop(core)
        finally:
            core.close()

    def _device_id(self) -> str | None:
        return self._device

    def _loop(self, core: Core) -> None:
        self._device = core.device_id
        due, last_seq = 0.0, None
        while not self._stopping.is_set():
            now = time.monotonic()
            seq = _next_seq(core)
            changed = last_seq is not None and seq != last_seq
            if now >= due or (changed and self.failures == 0 and not self.parked):
                last_seq = seq
                due = time.monotonic() + self._attempt(core)
                continue
            if self._wake.wait(min(self.poll_s, max(0.0, due - now))):
                self._wake.clear()
                if not self._stopping.is_set():
                    self.failures, self.parked, due = 0, False, 0.0

    def _attempt(self, core: Core) -> float:
        """One sync; the seconds to wait before the next."""
        self.attempts += 1
        try:
            summary = client.sync_once(core, self._progress if self.on_progress else None)
        except Exception:   # a bug must not kill the worker: log it, back off, go on
            log.exception("sync attempt failed unexpectedly")
            summary = SyncSummary(errors=[{"kind": "local", "message": "Lỗi không mong đợi "
                                           "khi đồng bộ (xem tệp nhật ký)."}])
        kind = summary.errors[0]["kind"] if summary.errors else None
        if kind is None:
            self.failures, self.parked, wait = 0, False, self.idle_s
            if summary.pulled:
                self._chase = 0
            elif self._chase > 0:
                wait = min(self.idle_s, CHASE_S * 2 ** (CHASE_TRIES - self._chase))
                self._chase -= 1
        elif kind in PARKED_KINDS or kind == "not_enrolled":
            self.failures, self.parked = self.failures + 1, True
            wait = self.cap_s if kind != "not_enrolled" else self.idle_s
        else:
            self.failures += 1
            wait = backoff_s(self.failures, self.base_s, self.cap_s, self._rng)
        if kind:
            log.info("sync failed (%s), next try in %.0f s", kind, wait)
        if self.on_result and not self._stopping.is_set():
            try:
                self.on_result(summary)
            except Exception:
                log.exception("sync result callback failed")
        return wait

    def _progress(self, done: int, total: int) -> None:
        if not self._stopping.is_set():
            self.on_progress(done, total)


def _next_seq(core: Core) -> int:
    row = core.conn.execute("SELECT next_seq FROM device_state WHERE id = 1").fetchone()
    return row[0] if row else 0
