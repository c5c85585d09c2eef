"""The office hub (issue 12): one queue for every PC, decided on the server.

Real server process, real PostgreSQL, real HTTP on loopback. A fresh demo office's PC
pushes its setup (services, counters, priorities); then kiosks and counters ask the hub
at the same time from several threads.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from counter_app.services.setup import initialise
from counter_app.sync import client, inbound
from db import chain, projections
from tests.core.sync_devices import make_device
from tests.sync_server.helpers import (FENCE_S, bearer, enroll, pg_dump, ready,
                                       refresh_until, sqlite_dump)
from tests.sync_server.pg import cli_json


@pytest.fixture
def office_pc(tmp_path, server, dsn, new_office):
    """(office, the office's first PC with its setup pushed, a PostgreSQL connection)."""
    initialise(tmp_path / "demo" / "db.sqlite", tmp_path / "demo" / "config.json", demo=True)
    office = new_office()
    core = make_device(tmp_path / "demo", tmp_path / "pc0", 0)
    client.enroll(core, server.url, cli_json(dsn, "enroll-code", office)["code"])
    assert client.sync_once(core).ok
    with psycopg.connect(dsn, autocommit=True) as pg:
        ready(pg, office)
        yield office, core, pg
    core.close()


def _post(url: str, secret: str, path: str, body: dict) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=60) as http:
        return http.post(f"/v1/hub/queue/{path}", json=body, headers=bearer(secret))


def test_kiosks_and_counters_at_once_never_share_a_number_or_a_call(office_pc, server, http,
                                                                     dsn):
    office, core, pg = office_pc
    pcs = [enroll(http, dsn, office, f"pc{i}-{office}")["secret"] for i in range(4)]

    def take(i: int) -> str:
        r = _post(server.url, pcs[i % 4], "issue", {"service": "A"})
        assert r.status_code == 200, r.text
        return r.json()["ticket"]["number"]

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(take, range(40)))
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 41)]

    called: list[str] = []
    lock = threading.Lock()

    def counter(n: int) -> None:
        while True:
            r = _post(server.url, pcs[n], "call-next", {"counter": n + 1, "officer_id": "cb"})
            assert r.status_code == 200, r.text
            ticket = r.json()["ticket"]
            if ticket is None:
                return
            assert ticket["counter"] == n + 1 and ticket["status"] == "called"
            with lock:
                called.append(ticket["number"])

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(counter, range(3)))
    assert sorted(called) == sorted(numbers)            # each called once, none left

    # The hub's events reach the PC like any device's, chained and verified; the PC's
    # projection and the hub's read model agree on every table.
    deadline = time.monotonic() + FENCE_S
    while core.conn.execute("SELECT count(*) FROM ticket_calls").fetchone()[0] < 40:
        assert client.sync_once(core).ok
        assert time.monotonic() < deadline
    assert chain.verify(core.conn).ok and inbound.quarantine_list(core.conn) == []
    total = pg.execute("SELECT count(*) FROM events WHERE office = %s", (office,)).fetchone()[0]
    refresh_until(pg, office, total)
    assert sqlite_dump(core.conn, projections.TABLES) == pg_dump(pg, office, projections.TABLES)


def test_the_stream_tells_a_board_of_a_call(office_pc, server, http, dsn):
    office, _core, _pg = office_pc
    board = enroll(http, dsn, office, f"board-{office}")["secret"]
    counter_pc = enroll(http, dsn, office, f"counter-{office}")
    counter = counter_pc["secret"]
    seen: list[dict] = []
    hello = threading.Event()

    def listen() -> None:
        with httpx.Client(base_url=server.url, timeout=httpx.Timeout(30, read=30)) as h:
            with h.stream("GET", "/v1/stream", headers=bearer(board)) as r:
                assert r.status_code == 200
                kind = None
                for line in r.iter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: "):
                        if kind == "hello":
                            hello.set()
                        else:
                            seen.append(json.loads(line[6:]))
                            return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert hello.wait(20)
    assert _post(server.url, counter, "issue", {"service": "A"}).status_code == 200
    thread.join(20)
    assert seen == [{"office": office, "kind": "queue", "by": counter_pc["device_id"]}]


def test_the_hub_refuses_what_a_pc_alone_refuses(office_pc, server, http, dsn):
    office, _core, _pg = office_pc
    pc = enroll(http, dsn, office, f"pc-{office}")["secret"]
    r = _post(server.url, pc, "issue", {"service": "không có"})
    assert r.status_code == 404 and "Không có dịch vụ" in r.json()["message"]
    ticket = _post(server.url, pc, "issue", {"service": "A"}).json()["ticket"]
    r = _post(server.url, pc, "act", {"ticket_id": ticket["id"], "action": "start",
                                      "counter": 1, "officer_id": "cb"})
    assert r.status_code == 409 and ticket["number"] in r.json()["message"]
    r = _post(server.url, pc, "act", {"number": ticket["number"].lower(), "action": "call",
                                      "counter": 2, "officer_id": "cb"})
    assert r.status_code == 200 and r.json()["ticket"]["counter"] == 2
    assert _post(server.url, pc, "call-next", {"counter": 0}).status_code == 400
    assert _post(server.url, pc, "act", {"number": "A001", "action": "explode"}).status_code == 400
    with httpx.Client(base_url=server.url) as h:
        assert h.post("/v1/hub/queue/issue", json={"service": "A"}).status_code == 401
    listing = http.get("/v1/hub/queue", headers=bearer(pc)).json()
    assert [t["number"] for t in listing["serving"]] == [ticket["number"]]


def test_no_device_may_enroll_as_a_hub(http, dsn, new_office):
    office = new_office()
    code = cli_json(dsn, "enroll-code", office)["code"]
    r = http.post("/v1/enroll", json={"code": code, "device_id": f"hub-{office}", "label": "x"})
    assert r.status_code == 400 and "hub-" in r.json()["message"]
    # An ordinary device of the office still enrolls.
    assert enroll(http, dsn, office, f"pc-{office}")["device_id"] == f"pc-{office}"


def _lease(url: str, secret: str, **body) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=60) as http:
        return http.post("/v1/hub/codes/lease", headers=bearer(secret),
                         json={"agency": "000.17.22.H56", "day": "2026-12-07", **body})


def test_code_leases_never_overlap_and_stop_below_the_island_zone(office_pc, server, http,
                                                                   dsn):
    """A two-digit sequence (max 99): the hub lends up to 80 (the top fifth is the devices'
    island blocks), to two devices asking at once, never the same number twice."""
    office, _core, pg = office_pc
    pcs = [enroll(http, dsn, office, f"lease{i}-{office}")["secret"] for i in range(2)]
    assert _lease(server.url, pcs[0], max_seq=99, size=0).status_code == 400
    assert _lease(server.url, pcs[0], max_seq="99").status_code == 400
    assert _lease(server.url, pcs[0], max_seq=99, day="7/12/2026").status_code == 400

    def take(i: int) -> tuple[int, int] | None:
        r = _lease(server.url, pcs[i % 2], max_seq=99, size=7)
        if r.status_code == 409:
            assert "Đã cấp hết số thứ tự" in r.json()["message"]
            return None
        assert r.status_code == 200, r.text
        return r.json()["lease"]["start"], r.json()["lease"]["end"]

    with ThreadPoolExecutor(4) as pool:
        blocks = sorted(b for b in pool.map(take, range(16)) if b)
    assert blocks[0][0] == 1 and blocks[-1][1] == 80
    assert all(x[1] + 1 == y[0] for x, y in zip(blocks, blocks[1:]))    # no gap, no overlap
    granted = pg.execute("SELECT count(*) FROM events WHERE office = %s "
                         "AND type = 'code_lease.granted'", (office,)).fetchone()[0]
    assert granted == len(blocks) == 12
