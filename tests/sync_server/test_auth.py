"""Enrollment, secrets, revocation, office isolation and the request limits."""

from __future__ import annotations

import json

import psycopg

from tests.sync_server.helpers import bearer, chained, enroll, pull_all, synthetic
from tests.sync_server.pg import cli, cli_json


def test_an_enroll_code_works_once(http, dsn, new_office):
    office = new_office()
    code = cli_json(dsn, "enroll-code", office)["code"]
    first = http.post("/v1/enroll", json={"code": code.lower().replace("-", " "),
                                          "device_id": "once-1", "label": "Quầy 1"})
    assert first.status_code == 200, first.text
    again = http.post("/v1/enroll", json={"code": code, "device_id": "once-2", "label": "x"})
    assert again.status_code == 403 and again.json()["error"] == "bad_code"
    unknown = http.post("/v1/enroll", json={"code": "AAAA-BBBB-CCCC", "device_id": "once-3"})
    assert unknown.status_code == 403
    # A device already enrolled cannot take a second code.
    other = cli_json(dsn, "enroll-code", office)["code"]
    dup = http.post("/v1/enroll", json={"code": other, "device_id": "once-1", "label": "x"})
    assert dup.status_code == 409 and dup.json()["error"] == "already_enrolled"


def test_secrets_are_stored_hashed(http, dsn, new_office):
    device = enroll(http, dsn, new_office(), "hashed-1")
    with psycopg.connect(dsn) as conn:
        stored = conn.execute("SELECT secret_hash FROM devices WHERE id = 'hashed-1'").fetchone()[0]
        codes = [r[0] for r in conn.execute("SELECT code_hash FROM enroll_codes")]
    assert device["secret"] not in stored and len(stored) == 64
    assert all(len(c) == 64 and "-" not in c for c in codes)


def test_wrong_or_missing_secret_is_401(http, dsn, new_office):
    device = enroll(http, dsn, new_office(), "wrong-1")
    for headers in ({}, bearer(device["secret"] + "x"), {"Authorization": "Basic abc"}):
        for r in (http.get("/v1/status", headers=headers),
                  http.get("/v1/pull", headers=headers),
                  http.post("/v1/push", json={"events": []}, headers=headers)):
            assert r.status_code == 401, (headers, r.text)
            assert r.json()["error"] == "unauthorized" and "bí mật" in r.json()["message"]


def test_a_revoked_device_gets_403(http, dsn, new_office):
    office = new_office()
    device = enroll(http, dsn, office, "revoked-1")
    headers = bearer(device["secret"])
    assert http.get("/v1/status", headers=headers).status_code == 200
    assert cli_json(dsn, "revoke", "revoked-1")["device_id"] == "revoked-1"
    for r in (http.get("/v1/status", headers=headers), http.get("/v1/pull", headers=headers),
              http.post("/v1/push", json={"events": chained(synthetic("revoked-1", 1))},
                        headers=headers)):
        assert r.status_code == 403 and r.json()["error"] == "revoked"
    listed = cli_json(dsn, "devices", "--office", office)
    assert listed[0]["revoked_at"] is not None
    code, _, err = cli("revoke", "no-such-device", "--dsn", dsn)
    assert code == 2 and "Không có thiết bị" in err


def test_offices_are_isolated(http, dsn, new_office):
    a, b = new_office("Xã A"), new_office("Xã B")
    dev_a = enroll(http, dsn, a, "iso-a")
    dev_b = enroll(http, dsn, b, "iso-b")
    dev_b2 = enroll(http, dsn, b, "iso-b2")
    b_events = chained(synthetic("iso-b", 5))
    assert http.post("/v1/push", json={"events": b_events},
                     headers=bearer(dev_b["secret"])).status_code == 200
    # A's device sees none of B's events, from any cursor.
    assert pull_all(http, dev_a["secret"])[0] == []
    _, b_cursor = pull_all(http, dev_b2["secret"])
    r = http.get("/v1/pull", params={"cursor": "0"}, headers=bearer(dev_a["secret"]))
    assert r.json()["events"] == []
    # A's device cannot write as B's device, nor slip B's events into its own batch.
    r = http.post("/v1/push", json={"events": b_events}, headers=bearer(dev_a["secret"]))
    assert r.status_code == 403 and r.json()["error"] == "foreign_event"
    mixed = chained(synthetic("iso-a", 2)) + [b_events[2]]
    r = http.post("/v1/push", json={"events": mixed}, headers=bearer(dev_a["secret"]))
    assert r.status_code == 403
    # A's own events land in A, never in B.
    assert http.post("/v1/push", json={"events": chained(synthetic("iso-a", 3))},
                     headers=bearer(dev_a["secret"])).status_code == 200
    assert pull_all(http, dev_b2["secret"], cursor=b_cursor)[0] == []
    with psycopg.connect(dsn) as conn:
        offices = conn.execute("SELECT DISTINCT office FROM events WHERE device_id = 'iso-a'"
                               ).fetchall()
    assert offices == [(a,)]


def test_body_and_batch_limits(http, dsn, new_office):
    device = enroll(http, dsn, new_office(), "big-1")
    headers = bearer(device["secret"])
    big = json.dumps({"events": [], "pad": "x" * (1024 * 1024)})
    r = http.post("/v1/push", content=big, headers={**headers, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    r = http.post("/v1/push", json={"events": chained(synthetic("big-1", 501))}, headers=headers)
    assert r.status_code == 413
    # Not JSON, or a malformed event: 400, nothing stored.
    for junk in (b"{not json", b'{"events": [{"payload": NaN}]}', b"[]"):
        r = http.post("/v1/push", content=junk, headers=headers)
        assert r.status_code == 400 and r.json()["error"] == "bad_request", junk
    r = http.post("/v1/push", json={"events": [{"id": "x"}]}, headers=headers)
    assert r.status_code == 400 and r.json()["error"] == "bad_event"
    assert http.get("/v1/status", headers=headers).json()["acked_seq"] == 0


def test_a_chunked_body_over_the_limit_is_refused(http, dsn, new_office):
    """No Content-Length to trust: the limit holds while the body streams in."""
    device = enroll(http, dsn, new_office(), "big-2")

    def chunks():
        yield b'{"events": [], "pad": "'
        for _ in range(40):
            yield b"x" * 32768
        yield b'"}'
    r = http.post("/v1/push", content=chunks(), headers=bearer(device["secret"]))
    assert r.status_code == 413
