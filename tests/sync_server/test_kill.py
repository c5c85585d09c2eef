"""SIGKILL of the server in the middle of a push batch: a re-push completes the log with
nothing lost and nothing doubled."""

from __future__ import annotations

import threading
import time

import httpx
import psycopg
import pytest

from tests.sync_server.helpers import bearer, chained, enroll, synthetic
from tests.sync_server.pg import ServerProcess


def _push_all(url: str, secret: str, events: list[dict], batch: int = 500) -> int:
    """The client's loop: ask the server what it has, push the rest in batches."""
    with httpx.Client(base_url=url, timeout=60) as http:
        acked = http.get("/v1/status", headers=bearer(secret)).json()["acked_seq"]
        while acked < len(events):
            r = http.post("/v1/push", json={"events": events[acked:acked + batch]},
                          headers=bearer(secret))
            assert r.status_code == 200, r.text
            acked = r.json()["acked_seq"]
        return acked


@pytest.mark.slow
def test_sigkill_mid_push_then_re_push(dsn, new_office):
    server = ServerProcess(dsn).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            device = enroll(http, dsn, new_office(), "killed-1")
        events = chained(synthetic("killed-1", 2000))
        interrupted = 0                          # kills that cut a push request short
        for delay in (0.1, 0.2, 0.3, 0.45):
            outcome: list = []

            def push():
                try:
                    outcome.append(_push_all(server.url, device["secret"], events))
                except (httpx.TransportError, AssertionError) as exc:
                    outcome.append(exc)
            worker = threading.Thread(target=push)
            worker.start()
            time.sleep(delay)
            server.kill()                       # mid-batch: no graceful shutdown
            worker.join(timeout=60)
            server.start()
            interrupted += isinstance(outcome[0], httpx.RemoteProtocolError)
            if outcome[0] == len(events):
                break                           # it finished before the kill
        assert interrupted, "no kill landed inside a push request"
        assert _push_all(server.url, device["secret"], events) == len(events)
    finally:
        server.stop()
    with psycopg.connect(dsn) as conn:
        seqs = [r[0] for r in conn.execute(
            "SELECT device_seq FROM events WHERE device_id = 'killed-1' ORDER BY device_seq")]
        acked = conn.execute("SELECT acked_seq FROM devices WHERE id = 'killed-1'").fetchone()[0]
    assert seqs == list(range(1, len(events) + 1)) and acked == len(events)

