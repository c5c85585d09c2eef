"""Live updates: PostgreSQL LISTEN/NOTIFY fanned out to every device's event stream.

A transaction that changes an office (a hub decision, a push) sends ``NOTIFY hub`` with
the office's code; PostgreSQL delivers it on commit to every server process listening,
so a call decided by one worker reaches boards connected to another. Each process has
one listening connection (``Listener``) that hands notices to the open streams of that
office (``/v1/stream``, server-sent events). A notice says only "office X changed": the
device then pulls, so a dropped stream loses nothing — on reconnect the device pulls
from its cursor as always (catch-up).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import defaultdict

import psycopg

log = logging.getLogger(__name__)
CHANNEL = "hub"


def send(conn: psycopg.Connection, office: str, kind: str, by: str | None = None) -> None:
    """Tell every listener ``office`` changed (delivered when the transaction commits);
    ``by``: the device whose request it was, which need not be told."""
    conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps(
        {"office": office, "kind": kind, "by": by})))


class Listener:
    """One LISTEN connection per server process; streams subscribe per office."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._subscribers: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, name="hub-listen", daemon=True)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(5)

    def subscribe(self, office: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=100)
        with self._lock:
            self._subscribers[office].add(queue)
        return queue

    def unsubscribe(self, office: str, queue: asyncio.Queue) -> None:
        with self._lock:
            self._subscribers[office].discard(queue)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    # Reconnected: whatever was missed, every stream is told to pull.
                    self._deliver_all({"kind": "reconnect"})
                    while not self._stopping.is_set():
                        for notice in conn.notifies(timeout=1.0):
                            self._deliver(notice.payload)
            except psycopg.Error as exc:
                log.warning("hub listener lost its connection (%s); retrying", exc)
                self._stopping.wait(1.0)

    def _deliver(self, payload: str) -> None:
        try:
            message = json.loads(payload)
            office = message["office"]
        except (ValueError, KeyError, TypeError):
            return
        with self._lock:
            queues = list(self._subscribers.get(office, ()))
        for queue in queues:
            self._put(queue, message)

    def _deliver_all(self, message: dict) -> None:
        with self._lock:
            queues = [q for qs in self._subscribers.values() for q in qs]
        for queue in queues:
            self._put(queue, message)

    def _put(self, queue: asyncio.Queue, message: dict) -> None:
        def put() -> None:
            if queue.full():            # a slow reader: it will pull everything anyway
                return
            queue.put_nowait(message)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(put)
