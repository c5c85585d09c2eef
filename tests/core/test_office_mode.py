"""Office mode (issue 12): PCs of one office share the hub's queue; with the hub out of
reach a PC works alone with its island tag, and everything merges on reconnection.

Real client databases, the real server process, real PostgreSQL, HTTP on loopback.
"""

from __future__ import annotations

import sqlite3
import time

import psycopg
import pytest

from counter_app import config as config_mod
from counter_app.services import queue
from counter_app.services.core import Core
from counter_app.services.setup import initialise
from counter_app.sync import client, hub, state
from counter_app.sync.loop import SyncLoop
from tests.core.sync_devices import make_device
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.helpers import FENCE_S, ready
from tests.sync_server.pg import cli_json, free_port


@pytest.fixture
def office(tmp_path, server, dsn, new_office, request):
    """An office whose first PC pushed its setup, and two counter PCs in office mode."""
    initialise(tmp_path / "demo" / "db.sqlite", tmp_path / "demo" / "config.json", demo=True)
    code = new_office()
    first = make_device(tmp_path / "demo", tmp_path / "pc0", 0)
    pcs = [first] + [make_device(tmp_path / "demo", tmp_path / f"pc{i}", i, office_queue=True)
                     for i in (1, 2)]
    for pc in pcs:
        client.enroll(pc, server.url, cli_json(dsn, "enroll-code", code)["code"])
    request.node.enroll_code = lambda: cli_json(dsn, "enroll-code", code)["code"]
    assert client.sync_once(first).ok
    with psycopg.connect(dsn, autocommit=True) as pg:
        ready(pg, code)
    yield code, pcs[1], pcs[2]
    for pc in pcs:
        pc.close()


def test_a_number_taken_on_one_pc_is_called_at_another(office):
    _code, kiosk, counter = office
    tickets = [queue.issue_ticket(kiosk, "A") for _ in range(3)]
    assert [t["number"] for t in tickets] == ["A001", "A002", "A003"]
    assert tickets[2]["waiting_ahead"] == 2
    assert queue.call_next(counter, 2) is None          # counter 2 does not serve A
    called = queue.call_next(counter, 3)
    assert called["number"] == "A001" and called["counter"] == 3
    # The calling PC holds the ticket the other PC took: its tables show the call (once
    # a pull has brought the hub's earlier events, which the fence may hold a moment).
    _pulled(counter, "SELECT status, counter FROM tickets WHERE number = 'A001'",
            ("called", 3))
    again = queue.call_next(counter, 3)
    assert again["number"] == "A002"
    _pulled(counter, "SELECT status FROM tickets WHERE number = 'A001'", ("done",))
    finished = queue.act(counter, again["id"], "finish", 3)
    assert finished["status"] == "done"
    assert state.load(counter.db_path)["mode"] == "office"


def test_island_mode_then_merge_without_duplicates(office, server, dsn):
    code, kiosk, counter = office
    assert queue.issue_ticket(kiosk, "A")["number"] == "A001"
    tag = config_mod.load(kiosk.config_path).sync.island_tag
    assert tag and tag != config_mod.load(counter.config_path).sync.island_tag

    # The hub is out of reach (nothing listens on this port): the kiosk works alone.
    _point(kiosk, f"http://127.0.0.1:{free_port()}")
    island = [queue.issue_ticket(kiosk, "A") for _ in range(2)]
    assert [t["number"] for t in island] == [f"A{tag}001", f"A{tag}002"]
    report = state.load(kiosk.db_path)
    assert report["mode"] == "island" and "Không kết nối được" in report["mode_why"]

    # Back on line: its island tickets reach the hub, which calls them like any other.
    _point(kiosk, server.url)
    assert client.sync_once(kiosk).ok
    called = set()
    deadline = time.monotonic() + FENCE_S
    while len(called) < 3 and time.monotonic() < deadline:
        ticket = queue.call_next(counter, 1)
        if ticket is None:
            time.sleep(0.3)             # the island tickets may sit behind the fence a moment
            continue
        called.add(ticket["number"])
    assert called == {"A001", f"A{tag}001", f"A{tag}002"}
    with psycopg.connect(dsn) as pg:
        numbers = [r[0] for r in pg.execute(
            "SELECT payload->>'number' FROM events WHERE office = %s AND type = 'ticket.issued'",
            (code,))]
    assert sorted(numbers) == sorted(called)


def test_the_hub_says_no_as_this_pc_would(office):
    _code, kiosk, counter = office
    with pytest.raises(Exception) as refused:
        queue.issue_ticket(kiosk, "không có dịch vụ này")
    assert "Không có dịch vụ" in str(refused.value)
    ticket = queue.issue_ticket(kiosk, "A")
    with pytest.raises(Exception) as refused:
        queue.act(counter, ticket["id"], "start", 1)
    assert ticket["number"] in str(refused.value)


def test_a_pc_with_office_queue_off_keeps_its_own(office):
    _code, kiosk, _counter = office
    cfg = config_mod.load(kiosk.config_path)
    cfg.sync.office_queue = False
    config_mod.save(cfg, kiosk.config_path)
    assert hub.hub_for(kiosk) is None
    assert queue.issue_ticket(kiosk, "A")["number"] == "A001"
    assert kiosk.conn.execute("SELECT device_id FROM events WHERE type = 'ticket.issued'"
                              ).fetchone()[0] == kiosk.device_id


def _point(core, url: str) -> None:
    cfg = config_mod.load(core.config_path)
    cfg.sync.server_url = url
    config_mod.save(cfg, core.config_path)
    core.config = cfg
    # A new attempt, not the "just failed, stay alone" shortcut.
    report = state.load(core.db_path)
    report.pop("mode", None)
    config_mod.write_raw(report, state.path_for(core.db_path))


def _pulled(core, sql: str, expected: tuple) -> None:
    """Sync until this PC's tables answer ``sql`` with ``expected``."""
    deadline = time.monotonic() + FENCE_S

    def answer():       # None until the pull has brought the row at all
        row = core.conn.execute(sql).fetchone()
        return tuple(row) if row else None
    while answer() != expected:
        assert time.monotonic() < deadline, answer()
        assert client.sync_once(core).ok
        time.sleep(0.1)


def test_a_board_hears_of_a_call_at_once(office, tmp_path, request):
    """The board PC's sync worker would not sync again for ten minutes on its own: only the
    office's change notice (live stream) can bring the call this soon."""
    _code, kiosk, counter = office
    board = make_device(tmp_path / "demo", tmp_path / "board", 3, office_queue=True)
    board.close()
    cfg = config_mod.load(kiosk.config_path)    # the same office and server, its own device
    with Core.open(board.db_path, board.config_path, system=True) as pc:
        assert client.enroll(pc, cfg.sync.server_url, request.node.enroll_code())["enrolled"]
    worker = SyncLoop(board.db_path, board.config_path, idle_s=600, poll_s=0.2)
    worker.start()
    try:
        deadline = time.monotonic() + FENCE_S
        while not (worker.live.connected and worker.attempts >= 1):
            assert time.monotonic() < deadline, "the live stream did not connect"
            time.sleep(0.1)
        ticket = queue.issue_ticket(kiosk, "A")
        called = queue.call_next(counter, 3)
        assert called["number"] == ticket["number"]
        with sqlite3.connect(board.db_path) as db:
            while db.execute("SELECT count(*) FROM ticket_calls WHERE number = ?",
                             (ticket["number"],)).fetchone()[0] == 0:
                assert time.monotonic() < deadline, "the board never heard of the call"
                time.sleep(0.1)
        assert worker.live.notices >= 2
    finally:
        worker.stop()
