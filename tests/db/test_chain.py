"""The event log is a hash chain per device; `db check` finds every edit, deletion and swap."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys

import pytest

from counter_app.domain.events import GENESIS, Event, NewEvent, chain_hash
from db import chain, event_store
from db.check import check
from db.connection import write_transaction


def counter_event(number: int) -> NewEvent:
    return NewEvent("counter", f"c{number}", "counter.defined",
                    {"number": number, "name": f"Quầy {number}"})


def own_events(conn) -> list[Event]:
    device = event_store.device_id(conn)
    return [e for e in event_store.all_events(conn) if e.device_id == device]


def breaks(conn) -> list[tuple]:
    report = chain.verify(conn)
    return [(b.device_id, b.seq, b.kind, b.last_seq) for b in report.breaks]


def test_appended_events_link_to_their_predecessor_and_last_hash_follows(core):
    before = own_events(core.conn)[-1]
    first, second = core.record([counter_event(7), counter_event(8)])
    assert first.prev_hash == before.hash and second.prev_hash == first.hash
    assert second.hash == chain_hash(second, first.hash)
    assert event_store.events_for(core.conn, "counter", "c8") == [second]   # read back whole
    last = core.conn.execute("SELECT last_hash FROM device_state").fetchone()[0]
    assert last == second.hash
    assert own_events(core.conn)[0].prev_hash == GENESIS
    assert chain.verify(core.conn).ok and check(core.conn, core.db_path)["ok"]


def _seq_of(conn, entity_id: str) -> tuple[str, int]:
    return tuple(conn.execute("SELECT device_id, device_seq FROM events WHERE entity_id = ?",
                              (entity_id,)).fetchone())


@pytest.mark.parametrize("edit", [
    "UPDATE events SET payload = json_set(payload, '$.name', 'Quầy giả') WHERE entity_id = 'c2'",
    "UPDATE events SET officer_id = 'someone-else' WHERE entity_id = 'c2'",
    "UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE entity_id = 'c2'",
    "UPDATE events SET payload = 'not json' WHERE entity_id = 'c2'",
])
def test_an_edited_field_is_reported_at_its_own_seq_only(core, edit):
    core.record([counter_event(n) for n in (1, 2, 3)])
    device, seq = _seq_of(core.conn, "c2")
    core.conn.execute(edit)
    assert breaks(core.conn) == [(device, seq, "altered", seq)]
    report = check(core.conn, core.db_path)
    assert report["ok"] is False
    assert f"sự kiện số {seq} " in report["problems"][0] and "bị sửa" in report["problems"][0]


def test_a_swapped_order_is_reported(core):
    core.record([counter_event(n) for n in (1, 2)])
    device, seq = _seq_of(core.conn, "c1")
    conn = core.conn
    conn.execute("UPDATE events SET device_seq = -1 WHERE entity_id = 'c1'")
    conn.execute("UPDATE events SET device_seq = ? WHERE entity_id = 'c2'", (seq,))
    conn.execute("UPDATE events SET device_seq = ? WHERE entity_id = 'c1'", (seq + 1,))
    assert breaks(conn) == [(device, seq, "altered", seq), (device, seq + 1, "altered", seq + 1)]


def test_a_rehashed_edit_still_breaks_the_next_link(core):
    """Recomputing the edited event's own hash does not help: its successor points
    at the old hash."""
    core.record([counter_event(n) for n in (1, 2, 3)])
    device, seq = _seq_of(core.conn, "c2")
    row = core.conn.execute("SELECT * FROM events WHERE entity_id = 'c2'").fetchone()
    forged = dataclasses.replace(event_store.from_row(row), payload={"number": 2, "name": "Giả"})
    core.conn.execute("UPDATE events SET payload = ?, hash = ? WHERE entity_id = 'c2'",
                      (forged.payload_json(), chain_hash(forged, forged.prev_hash)))
    assert breaks(core.conn) == [(device, seq + 1, "link", seq + 1)]


def test_deleted_events_are_reported_with_the_missing_seqs(core):
    core.record([counter_event(n) for n in (1, 2, 3, 4)])
    device, seq = _seq_of(core.conn, "c2")
    core.conn.execute("DELETE FROM events WHERE entity_id IN ('c2', 'c3')")
    assert breaks(core.conn) == [(device, seq, "missing", seq + 1)]
    assert f"sự kiện số {seq}–{seq + 1} đã bị xoá" in chain.verify(core.conn).summary


def test_deleting_the_newest_or_the_first_event_is_seen(core):
    events = core.record([counter_event(n) for n in (1, 2)])
    device = events[0].device_id
    core.conn.execute("DELETE FROM events WHERE id = ?", (events[-1].id,))
    assert breaks(core.conn) == [(device, events[-1].device_seq, "missing", events[-1].device_seq)]
    core.conn.execute("UPDATE device_state SET next_seq = next_seq - 1")
    assert breaks(core.conn) == [(device, events[0].device_seq, "last", events[0].device_seq)]
    core.conn.execute("DELETE FROM events WHERE device_seq = 1")
    assert (device, 1, "missing", 1) in breaks(core.conn)


def _foreign_chain(n: int, device: str = "kiosk-2") -> list[Event]:
    events, prev = [], GENESIS
    for seq in range(1, n + 1):
        e = Event(id=f"01FOREIGN{device}{seq:08d}", device_id=device, device_seq=seq,
                  hlc=f"{seq:013d}-000000-{device}", officer_id="public", entity="note",
                  entity_id=f"n{seq}", type="test.note", schema_version=1,
                  payload={"text": f"ghi chú {seq}"}, recorded_at="2026-01-01T00:00:00.000Z")
        e = dataclasses.replace(e, prev_hash=prev, hash=chain_hash(e, prev))
        events.append(e)
        prev = e.hash
    return events


def _insert(conn, events) -> None:
    """Store pulled events as sync does (``insert_foreign``); skipping duplicates and
    this device's own events is the inbound side's job (tests/core/test_sync_inbound.py)."""
    with write_transaction(conn):
        event_store.insert_foreign(conn, [dataclasses.asdict(e) for e in events])


def test_pulled_events_keep_their_own_hashes_and_chain_per_device(core):
    events = _foreign_chain(4)
    _insert(core.conn, events)
    stored = [e for e in event_store.all_events(core.conn) if e.device_id == "kiosk-2"]
    assert stored == events
    assert chain.verify(core.conn).devices == 2 and check(core.conn, core.db_path)["ok"]
    core.conn.execute("DELETE FROM events WHERE id = ?", (events[1].id,))
    assert breaks(core.conn) == [("kiosk-2", 2, "missing", 2)]


def test_a_pulled_event_edited_before_arrival_is_reported(core):
    events = _foreign_chain(3)
    events[1] = dataclasses.replace(events[1], payload={"text": "đã sửa"})   # hashes kept
    _insert(core.conn, events)
    assert breaks(core.conn) == [("kiosk-2", 2, "altered", 2)]


def test_a_device_seen_from_the_middle_is_checked_from_its_first_event(core):
    _insert(core.conn, _foreign_chain(5)[2:])
    assert chain.verify(core.conn).ok


# --- the real CLI, on a real file edited with sqlite3 -------------------------------------

def _cli(paths, *args) -> subprocess.CompletedProcess:
    db, cfg = paths
    return subprocess.run([sys.executable, "-m", "counter_app", "--db", str(db), "--config",
                           str(cfg), *args], capture_output=True, text=True, timeout=120)


def _sqlite3(db, sql: str) -> None:
    """Edit the file as an intruder would, outside the app."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(sql)
    conn.close()


def _own_seq_of_fifth_event(db) -> tuple[str, int, str]:
    conn = sqlite3.connect(db)
    device = conn.execute("SELECT device_id FROM device_state").fetchone()[0]
    event_id = conn.execute("SELECT id FROM events WHERE device_id = ? AND device_seq = 5",
                            (device,)).fetchone()[0]
    conn.close()
    return device, 5, event_id


def test_cli_db_check_catches_a_payload_edited_with_sqlite3(demo_paths):
    db = demo_paths[0]
    ok = _cli(demo_paths, "db", "check", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["chain"]["ok"] is True
    assert "Nhật ký sự kiện: nguyên vẹn" in _cli(demo_paths, "db", "check").stdout
    device, seq, event_id = _own_seq_of_fifth_event(db)
    _sqlite3(db, f"UPDATE events SET payload = json_set(payload, '$.x', 1) WHERE id = '{event_id}'")
    run = _cli(demo_paths, "db", "check", "--json")
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["ok"] is False and report["chain"]["ok"] is False
    [found] = report["chain"]["breaks"]
    assert (found["device_id"], found["seq"], found["kind"]) == (device, seq, "altered")
    text = _cli(demo_paths, "db", "check")
    assert text.returncode == 1 and "sự kiện số 5 không khớp mã băm" in text.stdout


def test_cli_db_check_catches_an_event_deleted_with_sqlite3(demo_paths):
    db = demo_paths[0]
    device, seq, event_id = _own_seq_of_fifth_event(db)
    _sqlite3(db, f"DELETE FROM events WHERE id = '{event_id}'")
    run = _cli(demo_paths, "db", "check", "--json")
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["ok"] is False
    assert [(b["device_id"], b["seq"], b["kind"]) for b in report["chain"]["breaks"]] == \
        [(device, seq, "missing")]
    assert any("sự kiện số 5 đã bị xoá" in p for p in report["problems"])
