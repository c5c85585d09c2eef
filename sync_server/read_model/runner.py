"""Keeping the read models fresh while the server runs, off the request threads.

An office is refreshed soon after a push stored its events (``touch``), and every
office every ``sweep_s`` seconds: a push's events can be invisible to the first refresh
after it when another transaction was still open (the pull fence,
``protocol.office_events_after``); the sweep picks them up. One thread does it all, so
refreshes never compete with each other; a failure is logged and retried at the next
sweep, never lost (the cursor only moves with what was applied).
"""

from __future__ import annotations

import logging
import threading
import time

from psycopg_pool import ConnectionPool

from sync_server.read_model.projector import refresh

log = logging.getLogger(__name__)
SWEEP_S = 10.0


class Refresher:
    def __init__(self, pool: ConnectionPool, sweep_s: float = SWEEP_S) -> None:
        self._pool, self._sweep_s = pool, sweep_s
        self._dirty: set[str] = set()
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="read-model", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout)

    def touch(self, office: str) -> None:
        """``office`` has new events: refresh it soon."""
        with self._wake:
            self._dirty.add(office)
            self._wake.notify()

    def _run(self) -> None:
        last_sweep = 0.0
        while True:
            with self._wake:
                if not self._dirty and not self._stopping:
                    self._wake.wait(self._sweep_s)
                if self._stopping:
                    return
                offices, self._dirty = self._dirty, set()
            try:
                # A busy office's pushes must not starve the sweep of the others.
                if time.monotonic() - last_sweep >= self._sweep_s:
                    offices |= self._all_offices()
                    last_sweep = time.monotonic()
                self._refresh(offices)
            except Exception:           # noqa: BLE001 (logged; the next sweep retries)
                log.exception("read model refresh failed")

    def _all_offices(self) -> set[str]:
        with self._pool.connection() as conn:
            return {r[0] for r in conn.execute("SELECT code FROM offices")}

    def _refresh(self, offices: set[str]) -> None:
        for office in sorted(offices):
            if self._stopping:
                return
            try:
                with self._pool.connection() as conn:
                    report = refresh(conn, office)
            except Exception:           # noqa: BLE001
                log.exception("read model of office %s: refresh failed", office)
                continue
            if report.held:
                log.warning("read model of office %s: %d event(s) held back: %s", office,
                            report.held, "; ".join(report.reasons[:3]))


def follow(dsn: str, sweep_s: float = SWEEP_S) -> None:
    """Keep every office's read model fresh from a process of its own (``counter-sync-server
    read-model follow``), for servers started with ``--no-read-model``: woken by the same
    ``NOTIFY hub`` the streams hear, and sweeping every ``sweep_s``. Runs until interrupted."""
    import json

    import psycopg
    from psycopg_pool import ConnectionPool

    from sync_server.hub.notify import CHANNEL
    with ConnectionPool(dsn, min_size=1, max_size=2, kwargs={"autocommit": True}) as pool:
        refresher = Refresher(pool, sweep_s)
        refresher.start()
        try:
            while True:
                try:
                    with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
                        conn.execute(f"LISTEN {CHANNEL}")
                        for notice in conn.notifies():
                            try:
                                refresher.touch(json.loads(notice.payload)["office"])
                            except (ValueError, KeyError, TypeError):
                                continue
                except psycopg.OperationalError as exc:
                    log.warning("read-model follower lost PostgreSQL (%s); retrying", exc)
                    time.sleep(2.0)
        finally:
            refresher.stop()
