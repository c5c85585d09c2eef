"""The background sync worker (Qt-free) against the real server on loopback: it retries
with growing delays while the server is down, syncs soon after a local change, parks a
revoked device, and leaves no thread behind."""

from __future__ import annotations

import random
import threading
import time

from counter_app.services.core import Core
from counter_app.sync.loop import THREAD_NAME, SyncLoop, backoff_s
from db import event_store
from tests.core.test_sync_client import device, enroll_cli, work
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import cli_json


class Recorder:
    def __init__(self) -> None:
        self.results: list[tuple[float, list]] = []
        self.lock = threading.Lock()

    def __call__(self, summary) -> None:
        with self.lock:
            self.results.append((time.monotonic(), [e["kind"] for e in summary.errors]))

    def wait_for(self, predicate, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(list(self.results)):
                    return
            time.sleep(0.02)
        raise AssertionError(f"not reached in {timeout} s: {self.results}")


def pending(paths) -> int:
    with Core.open(*paths, system=True) as core:
        return event_store.pending_sync(core.conn)


def test_backoff_doubles_to_the_cap_with_jitter():
    rng = random.Random(7)
    delays = [backoff_s(n, 5, 600, rng) for n in range(1, 12)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(600, 5 * 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert len({round(d, 3) for d in delays}) == len(delays)      # jittered, not in lockstep


def test_loop_backs_off_while_server_is_down_then_catches_up(demo_template, tmp_path, server,
                                                              dsn, new_office):
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    work(paths, 2)
    server.kill()
    seen = Recorder()
    loop = SyncLoop(*paths, on_result=seen, base_s=0.1, cap_s=0.8, idle_s=30, poll_s=0.02)
    loop.start()
    try:
        seen.wait_for(lambda r: len(r) >= 5)
        times = [t for t, _ in seen.results[:5]]
        assert all(kinds == ["network"] for _, kinds in seen.results[:5])
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert gaps[-1] > gaps[0]             # waits grow: 0.05–0.1 s, then up to 0.8 s
        assert pending(paths) > 0             # nothing acknowledged, nothing lost
        server.start()
        loop.wake()                           # "Đồng bộ ngay"
        seen.wait_for(lambda r: r[-1][1] == [])
        assert pending(paths) == 0
    finally:
        loop.stop()
    assert not loop.running
    assert THREAD_NAME not in [t.name for t in threading.enumerate()]


def test_loop_syncs_soon_after_a_local_change(demo_template, tmp_path, server, dsn,
                                              new_office):
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    seen = Recorder()
    loop = SyncLoop(*paths, on_result=seen, idle_s=600, poll_s=0.05)
    loop.start()
    try:
        seen.wait_for(lambda r: len(r) == 1)
        work(paths, 1)                        # the idle wait is 10 minutes: only this wakes it
        seen.wait_for(lambda r: len(r) == 2 and r[-1][1] == [])
        assert pending(paths) == 0
    finally:
        loop.stop()


def test_revoked_device_is_parked_not_hammered(demo_template, tmp_path, server, dsn,
                                               new_office):
    paths = device(demo_template, tmp_path, 1)
    enrolled = enroll_cli(paths, server, dsn, new_office())
    cli_json(dsn, "revoke", enrolled["device"])
    seen = Recorder()
    loop = SyncLoop(*paths, on_result=seen, base_s=0.05, cap_s=600, idle_s=600, poll_s=0.02)
    loop.start()
    try:
        seen.wait_for(lambda r: len(r) == 1)
        work(paths, 1)                        # a local change does not wake a parked loop
        time.sleep(1.0)
        assert [kinds for _, kinds in seen.results] == [["revoked"]]
        assert loop.parked
        loop.wake()                           # an explicit "Đồng bộ ngay" does try again
        seen.wait_for(lambda r: len(r) == 2)
    finally:
        loop.stop()
    assert [kinds for _, kinds in seen.results] == [["revoked"], ["revoked"]]
