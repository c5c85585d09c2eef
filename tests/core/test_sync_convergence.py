"""Three real client databases doing real work and exchanging their events in random
orders and batches (duplicates, reordering, events before their entity), with a rogue
device's events among them that the server's rules quarantine (handed out flagged): in
the end every database holds the union of the good events once, the flagged ones held
in their chain places (`db check` ok), each one's projections equal their rebuild from
its log, and all agree on the shared entities."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings, strategies as st

from counter_app.domain.events import GENESIS, chain_hash
from counter_app.sync import inbound
from db import chain, commands, event_store, projections
from sync_server.wire import rule_breach
from tests.conftest import table_dump
from tests.core.sync_devices import SHARED, WORK, do_work, make_device, wire_events

DEVICES = 3


def _rogue() -> list[dict]:
    """A device whose chain has events the server's rules quarantine (2, 3, 5) between
    good ones: counters it defines (no creator needed)."""
    events, prev = [], GENESIS
    for seq in range(1, 7):
        event = {"id": f"01ROGUE{seq:019d}", "device_id": "rogue-device", "device_seq": seq,
                 "hlc": f"1773021600{seq:03d}-000000-rogue-device", "officer_id": "x",
                 "entity": "counter", "entity_id": f"c-rogue-{seq}", "type": "counter.defined",
                 "schema_version": 1, "payload": {"number": 70 + seq, "name": f"Quầy {seq}"},
                 "recorded_at": "2026-03-09T02:00:00.000Z"}
        if seq == 2:
            event["type"] = "Counter Defined"
        elif seq == 3:
            event["payload"] = ["not", "an", "object"]
        elif seq == 5:
            event["recorded_at"] = "09/03/2026"
        event["prev_hash"] = prev
        event["hash"] = prev = chain_hash(event, prev)
        events.append(event)
    return events


ROGUE = _rogue()


def _server(devices) -> list[dict]:
    """What the server holds: every device's own events (all pushed), the rogue's too;
    those that break a rule (the server's one definition) are handed out flagged."""
    events = ROGUE + [e for core in devices for e in wire_events(core)]
    return [{**e, "quarantined": rule_breach(e)} if rule_breach(e) else e for e in events]


def _pull(core, events: list[dict], data, cursor: list[int]) -> None:
    """Deliver ``events`` in random batches (the server's order is lost on purpose)."""
    order = data.draw(st.permutations(events))
    while order:
        size = data.draw(st.integers(1, max(1, len(order))))
        batch, order = order[:size], order[size:]
        cursor[0] += 1
        report = inbound.apply_pulled(core.conn, batch, str(cursor[0]), core.clock.now_ms())
        if report.released:
            event("an event waited in the quarantine, then applied")


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_devices_converge_whatever_the_order_of_pulls(demo_template, data):
    with tempfile.TemporaryDirectory() as tmp:
        devices = [make_device(demo_template, Path(tmp) / f"d{i}", i) for i in range(DEVICES)]
        cursors = [[0] for _ in devices]
        try:
            for _ in range(data.draw(st.integers(4, 14), label="steps")):
                i = data.draw(st.integers(0, DEVICES - 1))
                if data.draw(st.booleans()):
                    do_work(devices[i], i, data.draw(st.sampled_from(WORK)), data)
                else:
                    server = _server(devices)
                    picked = data.draw(st.lists(st.sampled_from(server), max_size=12))
                    _pull(devices[i], picked, data, cursors[i])
            server = _server(devices)
            for i, core in enumerate(devices):
                _pull(core, server + server[:3], data, cursors[i])
            _check(devices, server)
        finally:
            for core in devices:
                core.close()


def _check(devices, server) -> None:
    flagged = {e["id"] for e in server if "quarantined" in e}
    assert len(flagged) == 3
    ids = {e["id"] for e in server} - flagged
    assert len(ids) + len(flagged) == len(server)
    shared = []
    for core in devices:
        held = inbound.quarantine_list(core.conn)
        assert {(q["event_id"], q["state"]) for q in held} == {(i, "server") for i in flagged}
        report = chain.verify(core.conn)
        assert report.ok and report.held == len(flagged), report.summary
        assert {e["id"] for e in wire_events(core, own_only=False)} == ids
        assert event_store.count(core.conn) == len(ids)
        live = table_dump(core.conn, projections.TABLES)
        commands.rebuild_projections(core.conn)
        assert table_dump(core.conn, projections.TABLES) == live
        shared.append(table_dump(core.conn, SHARED))
    assert all(s == shared[0] for s in shared[1:])
