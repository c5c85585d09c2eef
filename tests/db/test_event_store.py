import json
import sqlite3

import pytest

from counter_app.domain.clock import FixedClock
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import is_id
from counter_app.errors import UserInputError
from db import commands, event_store
from db.check import check


def counter_event(number: int) -> NewEvent:
    return NewEvent("counter", f"c{number}", "counter.defined",
                    {"number": number, "name": f"Quầy {number}"})


def test_events_get_ulid_gapfree_seq_and_increasing_hlc(core):
    before = event_store.count(core.conn)
    events = core.record([counter_event(7), counter_event(8)])
    assert all(is_id(e.id) for e in events)
    assert [e.device_seq for e in events] == [before + 1, before + 2]
    assert events[0].hlc < events[1].hlc
    assert all(e.device_id == core.device_id for e in events)
    row = core.conn.execute("SELECT payload FROM events WHERE id = ?", (events[0].id,)).fetchone()
    assert json.loads(row[0]) == {"name": "Quầy 7", "number": 7}
    assert "Quầy" in row[0]  # stored as readable UTF-8, not \u escapes


def test_officer_and_device_recorded(core):
    (e,) = core.record([counter_event(9)])
    assert e.officer_id == "system"
    stored = event_store.events_for(core.conn, "counter", "c9")[0]
    assert stored == e


def test_failed_command_leaves_nothing(core):
    before = event_store.count(core.conn)
    seq, last_hash = core.conn.execute("SELECT next_seq, last_hash FROM device_state").fetchone()

    def decide(conn):
        yield counter_event(10)
        raise UserInputError("từ chối")

    with pytest.raises(UserInputError):
        core.record(decide)
    assert event_store.count(core.conn) == before
    assert tuple(core.conn.execute("SELECT next_seq, last_hash FROM device_state").fetchone()) \
        == (seq, last_hash)      # the hash chain did not move either
    assert core.conn.execute("SELECT count(*) FROM counters WHERE number = 10").fetchone()[0] == 0


def test_projection_failure_rolls_back_the_events(core):
    before = event_store.count(core.conn)
    bad = NewEvent("counter", "cx", "counter.defined", {"name": "thiếu số"})  # no number
    with pytest.raises(KeyError):
        core.record([bad])
    assert event_store.count(core.conn) == before


def test_hlc_persists_and_never_goes_back_when_clock_is_set_back(core):
    core.clock = FixedClock(4_000_000_000_000)
    (a,) = core.record([counter_event(11)])
    core.clock = FixedClock(1_000_000_000_000)  # the wall clock jumped back years
    (b,) = core.record([counter_event(12)])
    assert b.hlc > a.hlc
    # and across a reopen of the database
    core.conn.close()
    core.conn = __import__("db.database", fromlist=["x"]).open_database(core.db_path)
    (c,) = core.record([counter_event(13)])
    assert c.hlc > b.hlc


def test_device_seq_unique_constraint_guards_the_log(core):
    e = core.record([counter_event(14)])[0]
    with pytest.raises(sqlite3.IntegrityError):
        core.conn.execute(
            "INSERT INTO events (id, device_id, device_seq, hlc, officer_id, entity, entity_id, "
            "type, schema_version, payload, recorded_at) VALUES ('x',?,?,'h','o','e','i','t',1,"
            "'{}','now')", (e.device_id, e.device_seq))


def test_check_reports_ok_and_counts(core):
    report = check(core.conn, core.db_path)
    assert report["ok"] is True
    assert report["event_count"] == event_store.count(core.conn) > 0
    assert report["pending_sync"] == report["event_count"]


def test_check_detects_a_gap_in_device_seq(core):
    core.conn.execute("DELETE FROM events WHERE device_seq = 2")
    report = check(core.conn, core.db_path)
    assert report["ok"] is False
    assert any("gap-free" in p for p in report["problems"])


def test_rebuild_after_command_sequence_matches_live(core):
    from tests.conftest import table_dump
    from db import projections
    core.record([counter_event(20)])
    core.record([NewEvent("counter", "c20", "counter.updated", {"name": "Quầy VIP"})])
    live = table_dump(core.conn, projections.TABLES)
    assert commands.rebuild_projections(core.conn) == event_store.count(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live


def test_check_reads_the_event_log_in_one_snapshot(core, demo_paths, monkeypatch):
    """The kiosk or the sync worker may write while `db check` reads: what it reports is
    one moment of the log, never the device's state from before and events from after."""
    from counter_app.services import queue
    from counter_app.services.core import Core
    from db import chain
    other = Core.open(*demo_paths, system=True)
    real_verify = chain.verify

    def verify_while_another_writes(conn):
        queue.issue_ticket(other, "A")           # committed by another connection meanwhile
        return real_verify(conn)

    monkeypatch.setattr(chain, "verify", verify_while_another_writes)
    try:
        before = event_store.count(core.conn)
        report = check(core.conn, demo_paths[0])
    finally:
        other.close()
    assert report["ok"], report["problems"]
    assert report["event_count"] == before == report["chain"]["events"]
    assert event_store.count(core.conn) > before  # the write did happen, after the snapshot
