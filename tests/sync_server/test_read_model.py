"""The server's per-office read model (issue 11, item 6) against real PostgreSQL.

The proof that the server keeps "the same rules as the client": real client databases
do real work and sync through the real server; the office's read model in PostgreSQL
then holds, table by table and row by row, exactly what each client's SQLite
projection holds. Held, refused and quarantined events are handled as a client handles
them; a change of rules rebuilds the model from the log.
"""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from counter_app.services.setup import initialise
from counter_app.sync import client
from db import projections
from sync_server import read_model
from sync_server.read_model import schema
from sync_server.read_model.dialect import translate
from tests.core.sync_devices import WORK, do_work, make_device
from tests.sync_server.helpers import (FENCE_S, bearer, chained, enroll, pg_dump,
                                      refresh_until, sqlite_dump)
from tests.sync_server.pg import ROOT, ServerProcess, cli, cli_json, fresh_database

def server_count(conn: psycopg.Connection, office: str, quarantined: bool = False) -> int:
    return conn.execute("SELECT count(*) FROM events WHERE office = %s AND "
                        f"quarantined IS {'NOT ' if quarantined else ''}NULL",
                        (office,)).fetchone()[0]


@pytest.fixture
def pg(dsn):
    with psycopg.connect(dsn, autocommit=True) as conn:
        yield conn


# -- the dialect --------------------------------------------------------------------

def test_placeholders_are_translated_outside_quotes_only():
    assert translate("UPDATE t SET a = ? WHERE b = ?") == "UPDATE t SET a = %s WHERE b = %s"
    assert translate("SELECT '?', \"q?\" FROM t WHERE c LIKE 'x%' AND d = ?") == \
        "SELECT '?', \"q?\" FROM t WHERE c LIKE 'x%%' AND d = %s"
    assert translate("SELECT 'it''s ?' , ?") == "SELECT 'it''s ?' , %s"


def test_every_projection_table_is_translated_with_the_clients_columns():
    conn = schema.client_schema()
    built = "\n".join(schema.statements())
    for table in projections.TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert f"CREATE TABLE {table} (" in built
        line = next(s for s in schema.statements() if s.startswith(f"CREATE TABLE {table} ("))
        assert [c.split()[0] for c in line[line.index("(") + 1:].split(", ")
                if not c.startswith("PRIMARY KEY")][:len(columns)] == columns


# -- equal to a client's projection -------------------------------------------------

# Each example makes its own demo office: its device 0 carries the office's own setup
# events (catalogue, officers, counters) with a new identity, so every table is compared.
@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_read_model_equals_every_clients_projection(tmp_path_factory, server, dsn, new_office,
                                                    pg, data):
    demo_template = tmp_path_factory.mktemp("demo")
    initialise(demo_template / "db.sqlite", demo_template / "config.json", demo=True)
    office = new_office()
    folder = tmp_path_factory.mktemp("office")
    devices = [make_device(demo_template, folder / f"d{i}", i) for i in range(3)]
    try:
        for core in devices:
            client.enroll(core, server.url, cli_json(dsn, "enroll-code", office)["code"])
        do_work(devices[0], 0, "intake", data)        # at least some real work
        for _ in range(data.draw(st.integers(8, 24), label="steps")):
            i = data.draw(st.integers(0, 2))
            if data.draw(st.integers(0, 3)):
                do_work(devices[i], i, data.draw(st.sampled_from(WORK)), data)
            else:
                assert client.sync_once(devices[i]).ok
        total = _settle(devices, pg, office)
        report = refresh_until(pg, office, total)
        assert report.held == 0 and read_model.status(pg, office)[0]["waiting"] == 0
        model = pg_dump(pg, office, projections.TABLES)
        for core in devices:
            assert sqlite_dump(core.conn, projections.TABLES) == model
        assert model["dossiers"] and model["procedures"] and model["officers"]
    finally:
        for core in devices:
            core.close()


def _settle(devices, pg, office) -> int:
    """Sync until every device holds every event of the office; returns how many."""
    deadline = time.monotonic() + FENCE_S
    while True:
        for core in devices:
            assert client.sync_once(core).ok
        total = server_count(pg, office)
        if all(core.conn.execute("SELECT count(*) FROM events").fetchone()[0] >= total
               for core in devices) or time.monotonic() > deadline:
            return total
        time.sleep(0.2)


# -- held, refused, quarantined -----------------------------------------------------

CITIZEN = "citizen-read-model-1"


def _citizen_event(device: str, seq: int, type_: str, payload: dict) -> dict:
    return {"id": f"{device}-{seq:04d}", "device_id": device, "device_seq": seq,
            "hlc": f"{1796541857000 + seq * 10 + len(device)}-000000-{device}",
            "officer_id": "canbo1", "entity": "citizen", "entity_id": CITIZEN, "type": type_,
            "schema_version": 1, "payload": payload, "recorded_at": "2026-12-06T07:24:17.972Z"}


def test_an_update_before_its_creator_waits_then_applies(http, dsn, new_office, pg):
    office = new_office()
    early = enroll(http, dsn, office, f"early-{office}")
    late = enroll(http, dsn, office, f"late-{office}")
    update = chained([_citizen_event(early["device_id"], 1, "citizen.updated",
                                     {"phone": "0901234567"})])
    r = http.post("/v1/push", json={"events": update}, headers=bearer(early["secret"]))
    assert r.status_code == 200, r.text
    refresh_until(pg, office, 0)
    row = read_model.status(pg, office)[0]
    assert (row["waiting"], row["applied"]) == (1, 0)
    held = cli_json(dsn, "read-model", "held", "--office", office)
    assert [h["event_id"] for h in held] == [update[0]["id"]] and "Chờ" in held[0]["reason"]

    create = chained([_citizen_event(late["device_id"], 1, "citizen.registered",
                                     {"full_name": "Lê Thị Hoa", "id_number": "001190000009"})])
    r = http.post("/v1/push", json={"events": create}, headers=bearer(late["secret"]))
    assert r.status_code == 200, r.text
    refresh_until(pg, office, 2)
    row = read_model.status(pg, office)[0]
    assert (row["waiting"], row["applied"]) == (0, 2)
    name = read_model.schema_name(office)
    assert pg.execute(f'SELECT full_name, phone, id_number FROM "{name}".citizens').fetchall() \
        == [("Lê Thị Hoa", "0901234567", "001190000009")]


def test_refused_and_quarantined_events_are_kept_out_with_their_reasons(http, dsn,
                                                                         new_office, pg):
    office = new_office()
    device = enroll(http, dsn, office, f"odd-{office}")
    events = chained([
        # Breaks a server rule: quarantined on push, never applied.
        {**_citizen_event(device["device_id"], 1, "Citizen Registered", {}), "entity_id": "c1"},
        # Well formed, but its projection cannot apply it (no full_name): held, refused.
        {**_citizen_event(device["device_id"], 2, "citizen.registered", {"phone": "0"}),
         "entity_id": "c2"},
        {**_citizen_event(device["device_id"], 3, "citizen.registered",
                          {"full_name": "Phạm Văn Đức"}), "entity_id": "c3"},
    ])
    r = http.post("/v1/push", json={"events": events}, headers=bearer(device["secret"]))
    assert r.status_code == 200 and r.json()["quarantined"] == [events[0]["id"]]
    report = refresh_until(pg, office, 1)
    row = read_model.status(pg, office)[0]
    assert (row["applied"], row["refused"], row["waiting"]) == (1, 1, 0)
    assert report.skipped + report.held <= 2
    held = cli_json(dsn, "read-model", "held", "--office", office)
    assert [(h["device_seq"], h["state"]) for h in held] == [(2, "refused")]
    assert "KeyError" in held[0]["reason"] and "full_name" in held[0]["reason"]
    name = read_model.schema_name(office)
    assert pg.execute(f'SELECT id FROM "{name}".citizens').fetchall() == [("c3",)]


# -- rebuild, isolation, the running server, the CLI --------------------------------

def test_a_change_of_rules_rebuilds_from_the_log(demo_template, tmp_path, server, dsn,
                                                 new_office, pg):
    office = new_office()
    core = make_device(demo_template, tmp_path / "d0", 0)
    try:
        client.enroll(core, server.url, cli_json(dsn, "enroll-code", office)["code"])
        assert client.sync_once(core).ok
        refresh_until(pg, office, server_count(pg, office))
        before = pg_dump(pg, office, projections.TABLES)
        pg.execute("UPDATE read_models SET fingerprint = 'rules of an older version' "
                   "WHERE office = %s", (office,))
        assert read_model.status(pg, office)[0]["current"] is False
        report = refresh_until(pg, office, server_count(pg, office))
        assert report.rebuilt
        assert pg_dump(pg, office, projections.TABLES) == before
        assert sqlite_dump(core.conn, projections.TABLES) == before
        rebuilt = cli_json(dsn, "read-model", "rebuild", "--office", office)
        assert rebuilt["rebuilt"] and pg_dump(pg, office, projections.TABLES) == before
    finally:
        core.close()


def test_offices_never_see_each_others_rows(http, dsn, new_office, pg):
    first, second = new_office(), new_office()
    device = enroll(http, dsn, first, f"iso-{first}")
    events = chained([{**_citizen_event(device["device_id"], 1, "citizen.registered",
                                        {"full_name": "Vũ Thị Lan"}), "entity_id": "only-a"}])
    assert http.post("/v1/push", json={"events": events},
                     headers=bearer(device["secret"])).status_code == 200
    refresh_until(pg, first, 1)
    read_model.refresh(pg, second)
    assert read_model.schema_name(first) != read_model.schema_name(second)
    assert pg_dump(pg, first, ["citizens"])["citizens"][0][0] == "only-a"
    assert pg_dump(pg, second, ["citizens"]) == {"citizens": []}


def test_the_running_server_keeps_the_model_fresh_by_itself(http, dsn, new_office, pg):
    office = new_office()
    device = enroll(http, dsn, office, f"live-{office}")
    events = chained([{**_citizen_event(device["device_id"], n, "citizen.registered",
                                        {"full_name": f"Người thứ {n}"}), "entity_id": f"p{n}"}
                      for n in range(1, 4)])
    assert http.post("/v1/push", json={"events": events},
                     headers=bearer(device["secret"])).status_code == 200
    deadline = time.monotonic() + FENCE_S
    while time.monotonic() < deadline:
        rows = cli_json(dsn, "read-model", "status", "--office", office)
        if rows[0]["applied"] == 3:
            break
        time.sleep(0.3)
    assert rows[0]["applied"] == 3 and rows[0]["pending"] == 0 and rows[0]["current"]


def test_read_model_commands_refuse_an_unknown_office(dsn):
    code, out, err = cli("read-model", "rebuild", "--office", "KHONG-CO", "--dsn", dsn)
    assert code == 2 and out == "" and "Không có đơn vị KHONG-CO" in err
    assert "Traceback" not in err


def test_a_follower_process_keeps_the_model_of_a_server_that_does_not():
    """``serve --no-read-model`` leaves the model alone; ``read-model follow``, a process
    of its own woken by the server's notices, keeps it fresh. (A database of its own: no
    other test's server sweeps it.)"""
    with fresh_database() as dsn, psycopg.connect(dsn, autocommit=True) as pg:
        cli_json(dsn, "migrate")
        office = "FOLLOW1"
        cli_json(dsn, "office", "add", office, "--name", "Phường theo dõi")
        _follow(dsn, pg, office)


def _follow(dsn: str, pg, office: str) -> None:
    bare = ServerProcess(dsn, "--no-read-model").start()
    follower = None
    try:
        with httpx.Client(base_url=bare.url, timeout=30) as h:
            device = enroll(h, dsn, office, f"bare-{office}")
            events = chained([{**_citizen_event(device["device_id"], n, "citizen.registered",
                                                {"full_name": f"Người {n}"}), "entity_id": f"f{n}"}
                              for n in range(1, 3)])
            assert h.post("/v1/push", json={"events": events[:1]},
                          headers=bearer(device["secret"])).status_code == 200
            time.sleep(1.5)
            assert read_model.status(pg, office)[0]["applied"] == 0   # nobody keeps it
            follower = subprocess.Popen(
                [sys.executable, "-m", "sync_server", "read-model", "follow", "--dsn", dsn],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            assert h.post("/v1/push", json={"events": events[1:]},
                          headers=bearer(device["secret"])).status_code == 200
            deadline = time.monotonic() + FENCE_S
            while read_model.status(pg, office)[0]["applied"] < 2:
                assert time.monotonic() < deadline and follower.poll() is None
                time.sleep(0.2)
    finally:
        if follower is not None:
            follower.terminate()
            follower.wait(timeout=10)
            follower.stderr.close()
        bare.stop()
