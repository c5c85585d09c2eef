"""Lost hub answers (issue 12, docs/OFFICE.md "Lost answers"): the hub decides but its
answer never reaches the PC, which decides alone; once back, the PC reports the request
and the hub undoes its own decision — no number nobody holds, no call nobody heard.
A request repeated under the same id gets the same answer and decides nothing twice.

Real client databases, the real server process, real PostgreSQL, HTTP on loopback through
the fault-injecting proxy (``deaf``: the request reaches the hub, the answer is dropped).
"""

from __future__ import annotations

import psycopg
import pytest

from counter_app import config as config_mod
from counter_app.services import queue
from counter_app.services.core import Core
from counter_app.sync import client, hub, lost
from counter_app.sync.transport import Refused, Transport
from tests.core.fault_proxy import FaultProxy
from tests.core.test_office_mode import _point, _pulled, office  # noqa: F401 (fixture)
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)


@pytest.fixture
def proxy(server):
    proxy = FaultProxy(int(server.url.rsplit(":", 1)[1])).start()
    yield proxy
    proxy.close()


@pytest.fixture
def quick(monkeypatch):
    """The PC's hub timeouts shortened (0.5 s connect, 1.5 s read): the same code paths,
    a faster test."""
    monkeypatch.setattr(hub, "TIMEOUT_S", 0.5)


def _hub_events(dsn, code: str, type_: str) -> list[tuple]:
    with psycopg.connect(dsn) as pg:
        return pg.execute(
            "SELECT entity_id, payload->>'number', payload->>'reason' FROM events "
            "WHERE office = %s AND type = %s AND device_id LIKE 'hub-%%' ORDER BY pos",
            (code, type_)).fetchall()


def _lost_answer(pc: Core, proxy: FaultProxy, ask):
    """``ask()`` with the hub's answer dropped on its way back; then the network healed."""
    _point(pc, proxy.url)
    proxy.set_mode("deaf")
    try:
        return ask()
    finally:
        proxy.set_mode("pass")


def test_a_number_whose_answer_was_lost_is_cancelled(office, proxy, quick, dsn):
    code, kiosk, counter = office
    tag = config_mod.load(kiosk.config_path).sync.island_tag
    ticket = _lost_answer(kiosk, proxy, lambda: queue.issue_ticket(kiosk, "A"))
    # The hub issued A001, but the kiosk heard nothing and printed its own island number.
    assert ticket["number"] == f"A{tag}001"
    assert [r[1] for r in _hub_events(dsn, code, "ticket.issued")] == ["A001"]
    assert len(lost.pending(kiosk.db_path)) == 1

    # The request id survives a restart of the kiosk's app.
    folder = kiosk.db_path.parent
    kiosk.close()
    kiosk = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
    try:
        assert len(lost.pending(kiosk.db_path)) == 1
        assert client.sync_once(kiosk).ok           # back on line: pushes, then settles
        assert lost.pending(kiosk.db_path) == []
        [(a001, _, reason)] = _hub_events(dsn, code, "ticket.cancel")
        assert reason == "answer_lost"
        # The merged queue: the island number waits, the unheld A001 is cancelled.
        called = queue.call_next(counter, 1)
        assert called["number"] == f"A{tag}001"
        _pulled(counter, f"SELECT status FROM tickets WHERE id = '{a001}'", ("cancelled",))
        assert queue.call_next(counter, 1) is None
    finally:
        kiosk.close()


def test_a_call_whose_answer_was_lost_goes_back_to_its_place(office, proxy, quick, dsn):
    code, kiosk, counter = office
    numbers = [queue.issue_ticket(kiosk, "A")["number"] for _ in range(2)]
    assert numbers == ["A001", "A002"]
    # The counter has not pulled the kiosk's tickets: alone, it finds nobody waiting.
    assert _lost_answer(counter, proxy, lambda: queue.call_next(counter, 1)) is None
    [(a001, _, _)] = _hub_events(dsn, code, "ticket.call")      # the call nobody heard
    assert client.sync_once(counter).ok
    assert _hub_events(dsn, code, "ticket.requeue") == [(a001, None, "answer_lost")]
    # Back in the waiting list with its number and its place: called first again.
    again = queue.call_next(counter, 1)
    assert (again["id"], again["number"]) == (a001, "A001")
    _pulled(counter, f"SELECT status, counter FROM tickets WHERE id = '{a001}'", ("called", 1))


def test_a_lost_call_the_pc_made_alone_too_is_kept(office, proxy, quick, dsn):
    code, kiosk, counter = office
    queue.issue_ticket(kiosk, "A")
    _pulled(counter, "SELECT number, status FROM tickets", ("A001", "waiting"))
    alone = _lost_answer(counter, proxy, lambda: queue.call_next(counter, 1))
    assert alone["number"] == "A001"        # the same ticket the hub called: it was heard
    assert client.sync_once(counter).ok
    assert lost.pending(counter.db_path) == []
    assert _hub_events(dsn, code, "ticket.requeue") == []
    _pulled(counter, "SELECT status, counter FROM tickets", ("called", 1))


def test_a_retried_request_gets_the_same_answer(office, dsn):
    code, kiosk, _counter = office
    cfg = config_mod.load(kiosk.config_path).sync
    body = {"service": "A", "officer_id": "public", "request_id": lost.new_request_id()}
    with Transport(cfg.server_url, cfg.device_secret) as t:
        first, second = t.hub("issue", body), t.hub("issue", body)
        assert second["ticket"]["id"] == first["ticket"]["id"]
        assert [e["id"] for e in second["events"]] == [e["id"] for e in first["events"]]
        assert len(_hub_events(dsn, code, "ticket.issued")) == 1     # decided once
        assert t.hub("issue", {**body, "request_id": lost.new_request_id()}
                     )["ticket"]["number"] == "A002"

        # An id settled before its request arrived (the request was slow): nothing is
        # decided when it comes at last.
        late = lost.new_request_id()
        assert t.hub("settle", {"request_ids": [late]})["settled"] == {late: "never_decided"}
        with pytest.raises(Refused) as refused:
            t.hub("issue", {**body, "request_id": late})
        assert refused.value.detail.get("status") == 409
        assert len(_hub_events(dsn, code, "ticket.issued")) == 2
