"""The one definition of an event's chain hash, shared by the client and the sync server."""

from __future__ import annotations

import dataclasses

from counter_app.domain.events import GENESIS, Event, chain_hash

EVENT = Event(id="01JABCDEF", device_id="dev-1", device_seq=1, hlc="0001", officer_id="o1",
              entity="dossier", entity_id="d1", type="dossier.received", schema_version=1,
              payload={"applicant": "Nguyễn Thị Hường", "n": 2}, recorded_at="2026-12-06T01:00:00Z")


def test_an_event_and_its_dict_hash_alike():
    as_dict = dataclasses.asdict(EVENT)
    assert chain_hash(EVENT, GENESIS) == chain_hash(as_dict, GENESIS)
    assert len(chain_hash(EVENT, GENESIS)) == 64


def test_every_field_and_the_predecessor_are_covered():
    base = chain_hash(EVENT, GENESIS)
    assert chain_hash(EVENT, "0" * 64) != base
    for name, value in (("device_seq", 2), ("payload", {"applicant": "Nguyễn Thị Huong", "n": 2}),
                        ("officer_id", "o2"), ("recorded_at", "2026-12-06T01:00:01Z"),
                        ("type", "dossier.refused")):
        assert chain_hash(dataclasses.replace(EVENT, **{name: value}), GENESIS) != base, name


def test_payload_key_order_does_not_matter():
    swapped = dataclasses.replace(EVENT, payload={"n": 2, "applicant": "Nguyễn Thị Hường"})
    assert chain_hash(swapped, GENESIS) == chain_hash(EVENT, GENESIS)
