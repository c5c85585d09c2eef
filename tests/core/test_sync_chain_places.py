"""A refused pulled event keeps its place in its device's chain (docs/SYNC.md, "Refused
events keep their place"): the device's later events still apply, `db check` verifies
the held event in place of a log row, a deleted or edited one is still reported, and a
forged link is refused at once."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.events import GENESIS, chain_hash
from counter_app.services import queue
from counter_app.sync import inbound
from db import chain, commands, projections
from db.check import check
from tests.conftest import table_dump
from tests.core.sync_devices import make_device, wire_events


@pytest.fixture
def pair(demo_template, tmp_path):
    a, b = (make_device(demo_template, tmp_path / name, i + 1) for i, name in enumerate("ab"))
    yield a, b
    for c in (a, b):
        assert not c.conn.in_transaction
        c.close()


def _tickets(a, n: int) -> list[dict]:
    """``n`` tickets issued on ``a``; its events (a new device: seq 1…n)."""
    for _ in range(n):
        queue.issue_ticket(a, "A")
    return wire_events(a)


def _db_check(core) -> dict:
    return check(core.conn, core.db_path)


def _rebuild_equals_live(core) -> None:
    live = table_dump(core.conn, projections.TABLES)
    commands.rebuild_projections(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live


def _signed(event: dict, prev_hash: str, **changes) -> dict:
    out = {**event, **changes, "prev_hash": prev_hash}
    out["hash"] = chain_hash(out, prev_hash)
    return out


def test_a_server_flagged_event_holds_its_place_and_the_device_goes_on(pair):
    a, b = pair
    events = _tickets(a, 4)
    flagged = dict(events[1], quarantined="loại sự kiện không hợp lệ")
    pulled = [events[0], flagged, *events[2:]]
    report = inbound.apply_pulled(b.conn, list(reversed(pulled)), "5", a.clock.now_ms())
    assert set(report.applied) | set(report.released) == {e["id"] for e in pulled} - {
        flagged["id"]}
    tickets = {r[0] for r in b.conn.execute("SELECT id FROM tickets")}
    assert events[1]["entity_id"] not in tickets
    assert {e["entity_id"] for e in (events[0], *events[2:])} <= tickets
    (held,) = inbound.quarantine_list(b.conn)
    assert held["state"] == "server" and held["device_seq"] == 2
    assert held["reason"] == "Máy chủ đã cách ly sự kiện này: loại sự kiện không hợp lệ"
    result = _db_check(b)
    assert result["ok"], result["problems"]
    assert result["chain"]["held"] == 1
    # Pulled again and retried after later batches: never applied, still listed.
    inbound.apply_pulled(b.conn, [flagged], "6", a.clock.now_ms())
    inbound.apply_pulled(b.conn, [], "7", a.clock.now_ms())
    assert [q["state"] for q in inbound.quarantine_list(b.conn)] == ["server"]
    assert events[1]["entity_id"] not in {r[0] for r in b.conn.execute("SELECT id FROM tickets")}
    _rebuild_equals_live(b)


def test_db_check_still_reports_a_deleted_or_edited_event_around_a_held_one(pair):
    a, b = pair
    events = _tickets(a, 4)
    pulled = [events[0], dict(events[1], quarantined="x"), *events[2:]]
    inbound.apply_pulled(b.conn, pulled, "1", a.clock.now_ms())
    assert chain.verify(b.conn).ok
    device = events[0]["device_id"]
    # An applied event deleted from the log: the gap is reported at its seq.
    b.conn.execute("DELETE FROM events WHERE id = ?", (events[2]["id"],))
    breaks = [(x.device_id, x.seq, x.kind) for x in chain.verify(b.conn).breaks]
    assert breaks == [(device, 3, "missing")]
    assert not _db_check(b)["ok"]
    # The held event edited in the quarantine: it no longer matches its hash.
    b.conn.execute("UPDATE sync_quarantine SET event = replace(event, '\"A\"', '\"B\"')")
    assert (device, 2, "altered") in [(x.device_id, x.seq, x.kind)
                                       for x in chain.verify(b.conn).breaks]
    # The held event deleted from the quarantine: its seq is missing too.
    b.conn.execute("DELETE FROM sync_quarantine")
    breaks = [(x.device_id, x.seq, x.kind, x.last_seq) for x in chain.verify(b.conn).breaks]
    assert breaks == [(device, 2, "missing", 3)]


def test_a_held_event_must_link_both_ways(pair):
    """A held event whose prev_hash is not its predecessor's hash (the quarantine row
    swapped for another, well hashed) is a broken link, not a filled place."""
    a, b = pair
    events = _tickets(a, 3)
    inbound.apply_pulled(b.conn, [events[0], dict(events[1], quarantined="x"), events[2]],
                         "1", a.clock.now_ms())
    swapped = _signed(dict(events[1], quarantined="x"), "f" * 64)
    b.conn.execute("UPDATE sync_quarantine SET event = ?, prev_hash = ?, hash = ?",
                   (json.dumps(swapped), swapped["prev_hash"], swapped["hash"]))
    kinds = [(x.seq, x.kind) for x in chain.verify(b.conn).breaks]
    assert kinds == [(2, "link"), (3, "link")]


def test_a_locally_refused_event_holds_its_place_and_is_listed(pair, capsys):
    from counter_app.cli import main
    a, b = pair
    events = _tickets(a, 3)
    # A well-chained event B's projection refuses (its ticket does not exist anywhere):
    # an update with no creator is waited for, so use a creator with a broken payload.
    bad = _signed(events[1], events[0]["hash"], payload={"number": None})
    later = _signed(events[2], bad["hash"])
    report = inbound.apply_pulled(b.conn, [events[0], bad, later], "1", a.clock.now_ms())
    assert report.quarantined == [bad["id"]] and later["id"] in report.applied
    (held,) = inbound.quarantine_list(b.conn)
    assert held["state"] == "refused" and not held["waiting"]
    result = _db_check(b)
    assert result["ok"], result["problems"]
    assert main(["sync", "quarantine", "--json", "--db", str(b.db_path),
                 "--config", str(b.config_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["count"] == 1 and listed["events"][0]["event_id"] == bad["id"]
    assert listed["events"][0]["state"] == "refused"
    assert main(["db", "check", "--json", "--db", str(b.db_path),
                 "--config", str(b.config_path)]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    _rebuild_equals_live(b)


def test_a_forged_prev_hash_is_refused_not_waited_for(pair):
    a, b = pair
    events = _tickets(a, 3)
    inbound.apply_pulled(b.conn, events[:1], "1", a.clock.now_ms())
    # Seq 2 re-linked to something else, with its own hash recomputed: self-consistent,
    # but it does not continue the chain B holds.
    forged = _signed(events[1], "e" * 64, id="01FORGEDLINK00000000000000")
    report = inbound.apply_pulled(b.conn, [forged], "2", a.clock.now_ms())
    assert report.quarantined == [forged["id"]]
    (held,) = inbound.quarantine_list(b.conn)
    assert held["state"] == "invalid" and "prev_hash" in held["reason"]
    # Another event claiming seq 1 (already in the log), well linked to GENESIS.
    fork = _signed(events[0], GENESIS, id="01FORGEDFORK00000000000000", payload={})
    inbound.apply_pulled(b.conn, [fork], "3", a.clock.now_ms())
    states = {q["event_id"]: (q["state"], q["reason"]) for q in inbound.quarantine_list(b.conn)}
    assert states[fork["id"]][0] == "invalid" and "sự kiện khác mang số 1" in \
        states[fork["id"]][1]
    # The genuine events still apply; the forged ones never hold a place.
    report = inbound.apply_pulled(b.conn, events[1:], "4", a.clock.now_ms())
    assert report.applied == [e["id"] for e in events[1:]]
    assert {q["state"] for q in inbound.quarantine_list(b.conn)} == {"invalid"}
    assert _db_check(b)["ok"]


def test_a_forged_link_that_waited_is_refused_when_its_predecessor_arrives(pair):
    a, b = pair
    events = _tickets(a, 3)
    forged = _signed(events[2], "d" * 64)
    assert inbound.quarantine_list(b.conn) == []
    inbound.apply_pulled(b.conn, [forged], "1", a.clock.now_ms())
    assert [q["state"] for q in inbound.quarantine_list(b.conn)] == ["waiting"]
    inbound.apply_pulled(b.conn, events[:2], "2", a.clock.now_ms())
    (held,) = inbound.quarantine_list(b.conn)
    assert held["state"] == "invalid" and "prev_hash" in held["reason"]
    # Nothing takes seq 3 until the genuine one comes.
    assert inbound.apply_pulled(b.conn, [events[2]], "3", a.clock.now_ms()).applied == \
        [events[2]["id"]]
