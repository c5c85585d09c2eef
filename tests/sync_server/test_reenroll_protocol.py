"""``POST /v1/reenroll`` over real HTTP: a new identity for a device, asked with its own
secret; repeatable until the new device has pushed; the old one pushes no more."""

from __future__ import annotations

from tests.sync_server.helpers import bearer, chained, enroll, pull_all, synthetic


def test_a_device_gets_a_new_id_once_and_the_old_one_is_retired(http, dsn, new_office):
    office = new_office()
    old = enroll(http, dsn, office, "reenroll-old")
    events = chained(synthetic("reenroll-old", 3))
    assert http.post("/v1/push", json={"events": events},
                     headers=bearer(old["secret"])).json()["acked_seq"] == 3
    other = enroll(http, dsn, office, "reenroll-other")
    later = chained(synthetic("reenroll-other", 1))
    assert http.post("/v1/push", json={"events": later},
                     headers=bearer(other["secret"])).status_code == 200
    seen, cursor = pull_all(http, old["secret"], until=4)     # the old device read it all
    assert len(seen) == 4
    ask = {"from_seq": 2, "to_seq": 5, "cursor": cursor, "label": "Quầy 1 (khôi phục)"}
    first = http.post("/v1/reenroll", json=ask, headers=bearer(old["secret"]))
    assert first.status_code == 200, first.text
    answer = first.json()
    new = answer["device_id"]
    assert new != "reenroll-old" and answer["office"] == office
    # Pulling from the cursor handed out gives back the old id's events from seq 2 on.
    again_seen = [e["id"] for e in pull_all(http, answer["secret"], answer["cursor"],
                                            until=3)[0]]
    assert again_seen == [e["id"] for e in events[1:]] + [later[0]["id"]]
    assert answer["replaces"] == {"device_id": "reenroll-old", "acked_seq": 3,
                                  "last_hash": events[-1]["hash"], "from_seq": 2,
                                  "ids": [e["id"] for e in events[1:]]}
    assert answer["island_tag"] != old["island_tag"]
    # The old id pushes no more, and says where it went.
    refused = http.post("/v1/push", json={"events": chained(synthetic("reenroll-old", 4))},
                        headers=bearer(old["secret"]))
    assert refused.status_code == 403 and refused.json()["error"] == "replaced"
    assert new in refused.json()["message"]
    # The answer lost: asked again, the same new id with a fresh secret (the first is void).
    again = http.post("/v1/reenroll", json=ask, headers=bearer(old["secret"])).json()
    assert again["device_id"] == new and again["secret"] != answer["secret"]
    assert http.get("/v1/status", headers=bearer(answer["secret"])).status_code == 401
    mine = chained(synthetic(new, 2))
    pushed = http.post("/v1/push", json={"events": mine}, headers=bearer(again["secret"]))
    assert pushed.status_code == 200 and pushed.json()["acked_seq"] == 2
    # Once the new id has pushed, the old secret cannot take it over again.
    late = http.post("/v1/reenroll", json=ask, headers=bearer(old["secret"]))
    assert late.status_code == 409 and late.json()["error"] == "already_reenrolled"
    assert http.post("/v1/reenroll", json=ask, headers=bearer("nope")).status_code == 401
    assert http.post("/v1/reenroll", json={**ask, "from_seq": 0},
                     headers=bearer(again["secret"])).status_code == 400
