"""The single apply() path: rebuild equals live, LWW per field on the HLC."""

import dataclasses

from counter_app.domain import queue as queue_rules
from counter_app.domain.events import Event
from counter_app.services import officers, office
from db import commands, event_store, projections
from db.connection import write_transaction
from tests.conftest import table_dump
from tests.db.service_events import emitted_event_types


def test_rebuild_equals_live_after_mixed_commands(core):
    ids = {r["username"]: r["id"] for r in officers.list_officers(core)}
    officers.set_role(core, ids["canbo1"], "leader")
    officers.set_active(core, ids["hotro"], False)
    officers.change_password(core, ids["canbo2"], "mat-khau-moi-1")
    office.define_counter(core, 9, "Quầy lưu động")
    live = table_dump(core.conn, projections.TABLES)
    commands.rebuild_projections(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live


def test_every_event_type_in_the_demo_log_has_a_projection(core):
    types = {e.type for e in event_store.all_events(core.conn)}
    assert types <= projections.known_types()


def test_every_event_type_a_service_can_record_has_a_projection():
    """Read from the services' source, so a type no demo ever produces is checked too."""
    found = emitted_event_types()
    assert found.unresolved == []
    assert {"ticket.issued", "ticket.cancel", "ticket.printed", "dossier.received",
            "calendar.day_cleared", "form_set.reopened"} <= found.types
    assert found.types - projections.known_types() == set()


def test_the_source_walk_reads_every_way_the_services_name_an_event(tmp_path):
    (tmp_path / "pkg" / "services").mkdir(parents=True)
    (tmp_path / "pkg" / "services" / "x.py").write_text(
        "def _event(i, kind, payload):\n"
        "    return NewEvent('thing', i, kind, payload)\n"
        "def act(core, action):\n"
        "    def decide(conn):\n"
        "        return [_event(1, f'thing.{action}', {}),\n"
        "                _event(2, kind='thing.seen', payload={})]\n"
        "    return decide\n"
        "def other(flag):\n"
        "    kind = 'a.one' if flag else 'a.two'\n"
        "    return NewEvent(entity='a', entity_id='1', type=kind)\n"
        "def loose(core, name):\n"
        "    return NewEvent('b', '1', name)\n", encoding="utf-8")
    found = emitted_event_types(tmp_path / "pkg" / "services")
    assert found.types == {f"thing.{a}" for a in queue_rules.ACTIONS} | \
        {"thing.seen", "a.one", "a.two"}
    assert len(found.unresolved) == 1 and "never called" in found.unresolved[0]


def _remote(core, entity_id: str, hlc: str, fields: dict, seq: int) -> Event:
    return Event(id=f"01REMOTE{seq:018d}", device_id="other-device", device_seq=seq, hlc=hlc,
                 officer_id="x", entity="officer", entity_id=entity_id, type="officer.updated",
                 schema_version=1, payload=fields, recorded_at="2026-01-01T00:00:00.000Z")


def _apply_pulled(core, event: Event) -> None:
    """What sync will do with a pulled event: store it and project it, in one transaction."""
    with write_transaction(core.conn):
        event_store.insert_foreign(core.conn, [dataclasses.asdict(event)])
        projections.apply(core.conn, event)


def test_last_writer_wins_per_field_on_hlc(core):
    oid = {r["username"]: r["id"] for r in officers.list_officers(core)}["canbo1"]
    officers.set_role(core, oid, "leader")  # local, now
    # A change made earlier on another counter arrives later: it must not win.
    _apply_pulled(core, _remote(core, oid, "0000000000001-000000-other", {"role": "admin",
                                                                           "full_name": "Tên cũ"}, 1))
    row = core.conn.execute("SELECT role, full_name FROM officers WHERE id = ?", (oid,)).fetchone()
    assert row["role"] == "leader"
    assert row["full_name"] == "Nguyễn Thị Lan (mẫu)"  # older than the creation too
    # A newer change from the other counter wins its field only.
    _apply_pulled(core, _remote(core, oid, "9999999999999-000000-other", {"full_name": "Nguyễn Thị Lan"}, 2))
    row = core.conn.execute("SELECT role, full_name FROM officers WHERE id = ?", (oid,)).fetchone()
    assert (row["role"], row["full_name"]) == ("leader", "Nguyễn Thị Lan")
    live = table_dump(core.conn, projections.TABLES)
    commands.rebuild_projections(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live


def test_unknown_event_type_is_kept_but_not_projected(core):
    before = table_dump(core.conn, projections.TABLES)
    _apply_pulled(core, Event(id="01FUTURE000000000000000000", device_id="d2", device_seq=1,
                              hlc="9999999999999-000000-d2", officer_id="x", entity="thing",
                              entity_id="t1", type="thing.from_the_future", schema_version=3,
                              payload={}, recorded_at="2030-01-01T00:00:00.000Z"))
    assert table_dump(core.conn, projections.TABLES) == before
    assert event_store.events_for(core.conn, "thing", "t1")
