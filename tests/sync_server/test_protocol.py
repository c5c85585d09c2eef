"""Push and pull over real HTTP against a real server process and a real PostgreSQL."""

from __future__ import annotations

import copy

import psycopg

from counter_app.services import queue
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
    pulled, cursor = pull_all(http, second["secret"], limit=7)
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
    # Held back from every pull; the good ones flow.
    pulled, _ = pull_all(http, peer["secret"])
    assert [e["device_seq"] for e in pulled] == [1, 4]
