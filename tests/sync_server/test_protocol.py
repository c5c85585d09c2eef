"""Push and pull over real HTTP against a real server process and a real PostgreSQL."""

from __future__ import annotations

import copy

import psycopg

from counter_app.services import queue
from counter_app.sync import inbound
from db.check import check
from tests.sync_server.helpers import bearer, chained, enroll, pull_all, synthetic, wire_events
from tests.sync_server.pg import cli, cli_json


def test_health_needs_no_secret(http):
    body = http.get("/v1/health").json()
    assert body["ok"] is True and body["protocol"] == 1 and body["server_time"].endswith("Z")


def test_a_real_client_log_round_trips_with_its_chain(http, dsn, new_office, core):
    """The demo office's setup events plus real tickets, pushed in two batches and pulled
    back by a second counter of the same office: the same events, hashes and all."""
    for _ in range(3):
        queue.issue_ticket(core, "A")
    queue.call_next(core, 1)
    events = wire_events(core.conn)
    assert len(events) > 40 and {e["device_id"] for e in events} == {core.device_id}
    office = new_office()
    first = enroll(http, dsn, office, core.device_id)
    assert first["office"] == office and len(first["secret"]) >= 40
    for batch in (events[:20], events[20:]):
        r = http.post("/v1/push", json={"events": batch}, headers=bearer(first["secret"]))
        assert r.status_code == 200, r.text
        assert r.json() == {"acked_seq": batch[-1]["device_seq"], "quarantined": []}
    status = http.get("/v1/status", headers=bearer(first["secret"])).json()
    assert status["acked_seq"] == events[-1]["device_seq"]
    assert status["last_hash"] == events[-1]["hash"]

    second = enroll(http, dsn, office, "counter-2")
    pulled, cursor = pull_all(http, second["secret"], limit=7, until=len(events))
    assert pulled == events
    assert int(cursor) > 0
    again = http.get("/v1/pull", params={"cursor": cursor}, headers=bearer(second["secret"]))
    assert again.json() == {"events": [], "cursor": cursor, "more": False}


def test_re_push_is_idempotent(http, dsn, new_office):
    office = new_office()
    device = enroll(http, dsn, office, "idem-1")
    events = chained(synthetic("idem-1", 30))
    headers = bearer(device["secret"])
    assert http.post("/v1/push", json={"events": events[:20]}, headers=headers).json()[
        "acked_seq"] == 20
    # The acknowledgement was lost: the client sends the whole log again, and again.
    for _ in range(2):
        r = http.post("/v1/push", json={"events": events}, headers=headers)
        assert r.status_code == 200 and r.json()["acked_seq"] == 30
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT device_seq FROM events WHERE device_id = 'idem-1' "
                            "ORDER BY device_seq").fetchall()
    assert [r[0] for r in rows] == list(range(1, 31))


def test_a_gap_is_refused_with_the_expected_seq(http, dsn, new_office):
    device = enroll(http, dsn, new_office(), "gap-1")
    events = chained(synthetic("gap-1", 10))
    headers = bearer(device["secret"])
    assert http.post("/v1/push", json={"events": events[:4]}, headers=headers).status_code == 200
    r = http.post("/v1/push", json={"events": events[6:]}, headers=headers)
    assert r.status_code == 409
    assert r.json()["error"] == "gap" and r.json()["expected_seq"] == 5
    assert "số thứ tự 5" in r.json()["message"]
    assert http.get("/v1/status", headers=headers).json()["acked_seq"] == 4


def test_an_edited_payload_breaks_the_chain_at_its_seq(http, dsn, new_office):
    office = new_office()
    device = enroll(http, dsn, office, "chain-1")
    events = chained(synthetic("chain-1", 12))
    tampered = copy.deepcopy(events)
    tampered[7]["payload"]["n"] = 999          # seq 8 edited after it was hashed
    headers = bearer(device["secret"])
    r = http.post("/v1/push", json={"events": tampered}, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "chain" and r.json()["seq"] == 8
    # What precedes the break is kept; nothing at or after it.
    assert http.get("/v1/status", headers=headers).json()["acked_seq"] == 7
    breaks = cli_json(dsn, "chain-breaks", "--office", office)
    assert [(b["device"], b["seq"]) for b in breaks] == [("chain-1", 8)]
    listed = {d["id"]: d for d in cli_json(dsn, "devices", "--office", office)}
    assert listed["chain-1"]["chain_breaks"] == 1
    code, out, _ = cli("chain-breaks", "--dsn", dsn)
    assert code == 0 and "chain-1 tại số 8" in out
    # The untouched log goes through from there.
    assert http.post("/v1/push", json={"events": events}, headers=headers).json()[
        "acked_seq"] == 12


def test_an_acknowledged_event_sent_again_changed_is_a_chain_break(http, dsn, new_office):
    device = enroll(http, dsn, new_office(), "chain-2")
    events = chained(synthetic("chain-2", 5))
    headers = bearer(device["secret"])
    http.post("/v1/push", json={"events": events}, headers=headers)
    edited = chained([dict(e, payload={"n": 0}) if e["device_seq"] == 3 else e
                      for e in synthetic("chain-2", 5)])
    r = http.post("/v1/push", json={"events": edited}, headers=headers)
    assert r.status_code == 422 and r.json()["seq"] == 3


def test_a_rule_breaking_event_is_acknowledged_quarantined_and_listed(http, dsn, new_office):
    office = new_office()
    device = enroll(http, dsn, office, "rules-1")
    peer = enroll(http, dsn, office, "rules-peer")
    raw = synthetic("rules-1", 4)
    raw[1]["type"] = "DROP TABLE"               # not an event type
    raw[2]["payload"] = ["not", "an", "object"]
    events = chained(raw)
    r = http.post("/v1/push", json={"events": events}, headers=bearer(device["secret"]))
    assert r.status_code == 200, r.text
    assert r.json() == {"acked_seq": 4, "quarantined": [events[1]["id"], events[2]["id"]]}
    listed = cli_json(dsn, "quarantine", "--office", office)
    assert [(q["device_id"], q["device_seq"]) for q in listed] == [("rules-1", 2), ("rules-1", 3)]
    assert "loại sự kiện" in listed[0]["reason"] and "payload" in listed[1]["reason"]
    code, out, _ = cli("quarantine", "--dsn", dsn, "--office", office)
    assert code == 0 and events[1]["id"] in out
    # Handed out to every pull flagged with the reason (never applied by a client,
    # but it keeps its place in the device's chain); the good ones are not flagged.
    pulled, _ = pull_all(http, peer["secret"], until=4)
    assert [e["device_seq"] for e in pulled] == [1, 2, 3, 4]
    assert [e.get("quarantined") for e in pulled] == [None, listed[0]["reason"],
                                                      listed[1]["reason"], None]
    assert [{k: v for k, v in e.items() if k != "quarantined"} for e in pulled] == events


def test_a_server_quarantined_event_reaches_a_client_flagged_and_its_device_goes_on(
        http, dsn, new_office, core):
    """A client pulls a device's chain with two quarantined events in it: it applies the
    others (those after them too), holds the two in their chain places, and `db check`
    on it is ok."""
    office = new_office()
    rogue = enroll(http, dsn, office, "rules-2")
    peer = enroll(http, dsn, office, "rules-2-peer")   # the counter PC `core`
    raw = [dict(e, entity="counter", entity_id=f"c-rules-{e['device_seq']}",
                type="counter.defined", payload={"number": 90 + e["device_seq"],
                                                 "name": f"Quầy {90 + e['device_seq']}"})
           for e in synthetic("rules-2", 5)]
    raw[1]["type"] = "DROP TABLE"
    raw[2]["recorded_at"] = "2026-12-06 07:24:17"          # not UTC ISO 8601 with Z
    events = chained(raw)
    r = http.post("/v1/push", json={"events": events}, headers=bearer(rogue["secret"]))
    assert r.json()["quarantined"] == [events[1]["id"], events[2]["id"]]
    pulled, cursor = pull_all(http, peer["secret"], until=5)
    report = inbound.apply_pulled(core.conn, pulled, cursor, core.clock.now_ms())
    assert report.applied == [events[0]["id"], events[3]["id"], events[4]["id"]]
    numbers = {r[0] for r in core.conn.execute("SELECT number FROM counters")}
    assert {91, 94, 95} <= numbers and not {92, 93} & numbers
    held = inbound.quarantine_list(core.conn)
    assert [(q["event_id"], q["state"]) for q in held] == [(events[1]["id"], "server"),
                                                           (events[2]["id"], "server")]
    assert all(q["reason"].startswith("Máy chủ đã cách ly") for q in held)
    result = check(core.conn, core.db_path)
    assert result["ok"], result["problems"]
    assert result["chain"]["held"] == 2
