"""Pulled events: applied through the one apply() with the cursor, idempotent, and
quarantined (never lost, never blocking) when they cannot apply yet or at all."""

from __future__ import annotations

import json

import pytest

from counter_app.domain import hlc as hlc_mod
from counter_app.domain.events import GENESIS, chain_hash
from counter_app.services import queue
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest, receive
from counter_app.sync import inbound
from db import commands, event_store, projections
from tests.conftest import table_dump
from tests.core.sync_devices import make_device, wire_events


@pytest.fixture
def pair(demo_template, tmp_path):
    a, b = (make_device(demo_template, tmp_path / name, i) for i, name in enumerate("ab"))
    yield a, b
    for c in (a, b):
        assert not c.conn.in_transaction
        c.close()


def _new_on(core, start: int = 0) -> list[dict]:
    return wire_events(core)[start:]


def _rebuild_equals_live(core) -> None:
    live = table_dump(core.conn, projections.TABLES)
    commands.rebuild_projections(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live


def test_pulled_events_are_applied_with_their_identity_and_the_cursor(pair):
    a, b = pair
    before = len(wire_events(a))
    ticket = queue.issue_ticket(a, "A")
    queue.act(a, ticket["id"], "call", 1)
    pulled = _new_on(a, before)
    report = inbound.apply_pulled(b.conn, pulled, "42", a.clock.now_ms())
    assert len(report.applied) == len(pulled) and not report.quarantined
    assert inbound.pull_cursor(b.conn) == "42"
    row = b.conn.execute("SELECT status, counter FROM tickets WHERE id = ?",
                         (ticket["id"],)).fetchone()
    assert tuple(row) == ("called", 1)
    stored = {e["id"]: e for e in wire_events(b, own_only=False)}
    for e in pulled:
        assert stored[e["id"]] == e          # device id, seq, hlc, time, payload kept
    # Again, with duplicates: nothing doubles, the cursor moves on.
    again = inbound.apply_pulled(b.conn, pulled + pulled[:1], "43", a.clock.now_ms())
    assert again.applied == [] and again.skipped == len(pulled) + 1
    assert event_store.count(b.conn) == event_store.count(a.conn)
    # Our clock moved past what we saw: our next event sorts after theirs.
    mine = queue.issue_ticket(b, "A")
    (last,) = [e for e in wire_events(b) if e["entity_id"] == mine["id"]]
    assert last["hlc"] > max(e["hlc"] for e in pulled)
    _rebuild_equals_live(b)


def test_own_events_coming_back_are_skipped(pair):
    a, _ = pair
    queue.issue_ticket(a, "B")
    report = inbound.apply_pulled(a.conn, wire_events(a), "1", a.clock.now_ms())
    assert report.applied == [] and report.skipped == len(wire_events(a))


def test_an_update_before_its_entity_waits_and_applies_when_it_arrives(pair):
    a, b = pair
    before = len(wire_events(a))
    ticket = queue.issue_ticket(a, "A")
    queue.act(a, ticket["id"], "call", 1)
    issued, called = _new_on(a, before)
    # The call alone: its device's previous event is missing.
    first = inbound.apply_pulled(b.conn, [called], "1", a.clock.now_ms())
    assert first.quarantined == [called["id"]]
    assert inbound.pull_cursor(b.conn) == "1"          # the cursor still moved
    (held,) = inbound.quarantine_list(b.conn)
    assert held["waiting"] and "Chờ sự kiện" in held["reason"] and held["event"] == called
    second = inbound.apply_pulled(b.conn, [issued], "2", a.clock.now_ms())
    assert second.applied == [issued["id"]] and second.released == [called["id"]]
    assert inbound.quarantine_list(b.conn) == []
    assert b.conn.execute("SELECT status FROM tickets WHERE id = ?",
                          (ticket["id"],)).fetchone()[0] == "called"
    _rebuild_equals_live(b)


def test_an_event_of_another_device_about_an_entity_not_yet_here_waits(pair, tmp_path,
                                                                      demo_template):
    a, b = pair
    c = make_device(demo_template, tmp_path / "c", 2)
    try:
        before = len(wire_events(a))
        ticket = queue.issue_ticket(a, "A")
        (issued,) = _new_on(a, before)
        inbound.apply_pulled(c.conn, [issued], "1", a.clock.now_ms())
        queue.act(c, ticket["id"], "call", 3)            # C calls A's ticket
        (call,) = [e for e in wire_events(c) if e["type"] == "ticket.call"]
        # B hears of the call (from C) before the ticket (from A).
        assert inbound.apply_pulled(b.conn, [call], "1", a.clock.now_ms()).quarantined
        assert inbound.apply_pulled(b.conn, [issued], "2", a.clock.now_ms()).released == \
            [call["id"]]
        assert b.conn.execute("SELECT counter FROM tickets WHERE id = ?",
                              (ticket["id"],)).fetchone()[0] == 3
        _rebuild_equals_live(b)
    finally:
        c.close()


def test_a_refused_event_undoes_its_partial_writes_and_the_rest_of_the_batch_commits(pair):
    a, b = pair
    before = len(wire_events(a))
    d = receive(a, IntakeRequest("DEMO-HT-05", Applicant(full_name="Lê Văn Tám",
                                                          id_number="001090001234")))
    pulled = _new_on(a, before)
    # The projection writes the new status, then fails on the hand-over (no from_agency).
    bad = dict(pulled[-1], id="01BADBADBADBADBADBADBADBAD", device_id="other-device",
               device_seq=1, type="dossier.status_changed",
               payload={"status": 6, "set": {"resolved_at": "x"}, "handover": {"to_agency": "y"}},
               prev_hash=GENESIS)
    bad["hash"] = chain_hash(bad, GENESIS)         # well-formed: the projection is what fails
    ticket = queue.issue_ticket(a, "A")
    after = _new_on(a, before + len(pulled))
    report = inbound.apply_pulled(b.conn, [*pulled, bad, *after], "7", a.clock.now_ms())
    assert set(report.applied) == {e["id"] for e in [*pulled, *after]}
    assert report.quarantined == [bad["id"]]
    assert not event_store.has_event(b.conn, bad["id"])
    row = b.conn.execute("SELECT status, resolved_at, updated_at FROM dossiers WHERE id = ?",
                         (d["id"],)).fetchone()
    assert tuple(row) == (d["status"], None, d["updated_at"])
    assert b.conn.execute("SELECT 1 FROM tickets WHERE id = ?", (ticket["id"],)).fetchone()
    assert inbound.pull_cursor(b.conn) == "7"
    (held,) = inbound.quarantine_list(b.conn)
    assert not held["waiting"] and "KeyError" in held["reason"]
    _rebuild_equals_live(b)


class _Hostile:
    """A hostile device's events, well signed and well chained: each one's link matches
    its fields and its predecessor, so what stops it is the check of its content, not
    the chain. An event whose ``device_seq`` is overridden takes no place in the chain."""

    def __init__(self) -> None:
        self.n, self.seq, self.prev = 0, 0, GENESIS

    def __call__(self, base: dict, **changes) -> dict:
        self.n += 1
        event = {**base, "id": f"01HOSTILE{self.n:017d}", "device_seq": self.seq + 1,
                 "prev_hash": self.prev, **changes}
        event["hash"] = chain_hash(event, event["prev_hash"])
        if event["device_seq"] == self.seq + 1:
            self.seq, self.prev = self.seq + 1, event["hash"]
        return event


def test_hostile_pulled_events_land_in_quarantine_or_apply_harmlessly(pair, tmp_path):
    a, b = pair
    before = len(wire_events(a))
    d = receive(a, IntakeRequest("DEMO-HT-05", Applicant(full_name="Đỗ Thị Hoa",
                                                          id_number="001090005678",
                                                          phone="0912345678")))
    genuine = _new_on(a, before)
    assert not inbound.apply_pulled(b.conn, genuine, "1", a.clock.now_ms()).quarantined
    citizen_id = d["citizen_id"]
    base = dict(genuine[-1], device_id="evil-device")
    hostile = _Hostile()
    cit = {**base, "entity": "citizen", "entity_id": citizen_id, "type": "citizen.updated"}
    dos = {**base, "entity": "dossier", "entity_id": d["id"]}
    harmless = [
        # SQL in keys: only the allow-listed "phone" is written, the rest ignored.
        hostile(cit, payload={"phone": "0999", "phone = 'x' WHERE 1; --": "y",
                                          "id_number\" = 'x": 1}),
    ]
    refused = [
        hostile(dos, type="dossier.status_changed",
                 payload={"status": 5, "set": {"status = 1, code": "HACKED"}}),
        *(hostile(dos, type="dossier.file_attached", payload={
            "file_id": f"F{i}", "document_index": None, "kind": "pdf", "path": path,
            "sha256": "a" * 64, "size": 10}) for i, path in enumerate(
                ["../../etc/passwd", "/etc/passwd", str(tmp_path / "outside.pdf"),
                 "2026/X/../../../../etc/aaaaaaaaaaaaaaaaaaaa.pdf",
                 "C:\\Windows\\system32\\aaaaaaaaaaaaaaaaaaaa.pdf", None, 42])),
        *(hostile(dos, type="dossier.paid", payload={
            "payment_id": f"P{i}", "amount": amount, "method": method, "reference": ""})
          for i, (amount, method) in enumerate([(-5000, "cash"), (5000, "bitcoin"),
                                                ("5000", "cash"), (True, "online")])),
        hostile(cit, payload={"full_name": "x" * 600_000}),        # huge
        hostile(cit, payload={"phone": {"nested": [1, 2]}},        # wrong type, and
                hlc=hlc_mod.HLC(a.clock.now_ms() + 1000, 0, "evil").encode()),   # it wins
        hostile(cit, payload=["not", "an", "object"]),
        hostile(cit, device_seq="3"),
        hostile(cit, hlc="tomorrow"),
        hostile(cit, type="ticket.issued", entity="citizen"),     # type ≠ entity
        hostile({**base, "entity": "ticket", "entity_id": "T1", "type": "ticket.issued"},
                payload={"number": "A001"}),                                    # missing keys
        hostile(cit, hlc=hlc_mod.HLC(a.clock.now_ms() + 10 * 86_400_000, 0,
                                                 "evil").encode()),          # far future
        "just a string",
        {k: v for k, v in base.items() if k != "entity_id"},
    ]
    signed = hostile(cit, payload={"phone": "0888"})
    signed["payload"] = {"phone": "0777"}                     # edited after it was hashed
    refused.append(signed)
    report = inbound.apply_pulled(b.conn, [*harmless, *refused], "2", a.clock.now_ms())
    assert report.applied == [harmless[0]["id"]]
    assert len(report.quarantined) == len(refused)
    phone = b.conn.execute("SELECT phone, id_number FROM citizens WHERE id = ?",
                           (citizen_id,)).fetchone()
    assert tuple(phone) == ("0999", "001090005678")
    assert b.conn.execute("SELECT count(*) FROM dossier_files").fetchone()[0] == 0
    assert b.conn.execute("SELECT count(*) FROM dossier_payments").fetchone()[0] == 0
    assert b.conn.execute("SELECT code FROM dossiers WHERE id = ?", (d["id"],)).fetchone()[0] \
        == d["code"]
    assert not (tmp_path / "outside.pdf").exists()
    reasons = [q["reason"] for q in inbound.quarantine_list(b.conn)]
    assert sum(r.startswith("Mã băm (hash)") for r in reasons) == 1, reasons  # the edited one
    # Each reached its own check: none waits for a refused predecessor.
    states = sorted(q["state"] for q in inbound.quarantine_list(b.conn))
    assert states == ["invalid"] * 4 + ["refused"] * (len(refused) - 4), states
    listed = inbound.quarantine_list(b.conn)
    assert len(listed) == len(refused) and all(r["reason"] for r in listed)
    # The app keeps working, and the log holds only what was applied.
    queue.issue_ticket(b, "A")
    _rebuild_equals_live(b)
    # Retried after the next batch, they stay where they are.
    inbound.apply_pulled(b.conn, [], "3", a.clock.now_ms())
    assert len(inbound.quarantine_list(b.conn)) == len(refused)


def test_the_quarantine_command_prints_one_json_document(pair, capsys):
    from counter_app.cli import main
    a, b = pair
    inbound.apply_pulled(b.conn, [{"id": "x"}], "1", a.clock.now_ms())
    assert main(["sync", "quarantine", "--json", "--db", str(b.db_path),
                 "--config", str(b.config_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1 and out["events"][0]["event"] == {"id": "x"}
    assert out["events"][0]["event_id"].startswith("malformed:x:")
