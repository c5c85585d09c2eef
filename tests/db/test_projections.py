"""The single apply() path: rebuild equals live, LWW per field on the HLC."""

from counter_app.domain.events import Event
from counter_app.services import officers, office
from db import commands, event_store, projections
from db.connection import write_transaction
from tests.conftest import table_dump


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


def _remote(core, entity_id: str, hlc: str, fields: dict, seq: int) -> Event:
    return Event(id=f"01REMOTE{seq:018d}", device_id="other-device", device_seq=seq, hlc=hlc,
                 officer_id="x", entity="officer", entity_id=entity_id, type="officer.updated",
                 schema_version=1, payload=fields, recorded_at="2026-01-01T00:00:00.000Z")


def _apply_pulled(core, event: Event) -> None:
    """What sync will do with a pulled event: store it and project it, in one transaction."""
    with write_transaction(core.conn):
        core.conn.execute(
            "INSERT INTO events (id, device_id, device_seq, hlc, officer_id, entity, entity_id, "
            "type, schema_version, payload, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (event.id, event.device_id, event.device_seq, event.hlc, event.officer_id,
             event.entity, event.entity_id, event.type, event.schema_version,
             event.payload_json(), event.recorded_at))
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
