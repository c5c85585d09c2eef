"""The admin CLI: migrations, offices, codes, the devices listing, and its refusals."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from tests.sync_server.helpers import bearer, chained, enroll, synthetic
from tests.sync_server.pg import ROOT, cli, cli_json, fresh_database


def test_migrate_twice_then_the_tables_exist():
    with fresh_database() as dsn:
        first = cli_json(dsn, "migrate")
        assert first["applied"] == ["001_init.sql", "002_read_model.sql",
                                    "003_island_tags.sql", "004_leaders.sql",
                                    "005_hub_requests.sql", "006_credentials.sql",
                                    "007_reenroll.sql"]
        second = cli_json(dsn, "migrate")
        assert second["applied"] == [] and second["schema"] == first["applied"]
        code, out, _ = cli("migrate", "--dsn", dsn)
        assert code == 0 and "mới nhất" in out
        with psycopg.connect(dsn) as conn:
            tables = {r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert {"offices", "devices", "enroll_codes", "events", "chain_breaks",
                "read_models", "leaders", "leader_offices", "schema_migrations",
                "hub_requests", "credentials"} <= tables


def test_commands_refuse_an_unmigrated_database():
    with fresh_database() as dsn:
        code, out, err = cli("devices", "--dsn", dsn)
        assert (code, out) == (2, "") and "counter-sync-server migrate" in err
        code, _, err = cli("serve", "--dsn", dsn, "--port", "1")
        assert code == 2 and "migrate" in err


def test_office_add_and_its_refusals(dsn):
    added = cli_json(dsn, "office", "add", "H56.1", "--name", "UBND phường Bến Thành",
                     "--agency", "HCM")
    assert added == {"code": "H56.1", "name": "UBND phường Bến Thành", "agency": "HCM"}
    code, _, err = cli("office", "add", "H56.1", "--name", "Khác", "--dsn", dsn)
    assert code == 2 and "đã có" in err
    code, _, err = cli("office", "add", "bad code!", "--name", "X", "--dsn", dsn)
    assert code == 2 and "không hợp lệ" in err
    code, _, err = cli("enroll-code", "NOWHERE", "--dsn", dsn)
    assert code == 2 and "Không có đơn vị NOWHERE" in err


def test_devices_shows_last_sync_and_pending(http, dsn, new_office):
    office = new_office()
    busy = enroll(http, dsn, office, "list-busy", label="Quầy 2")
    enroll(http, dsn, office, "list-idle")
    http.post("/v1/push", json={"events": chained(synthetic("list-busy", 6))},
              headers=bearer(busy["secret"]))
    rows = {d["id"]: d for d in cli_json(dsn, "devices", "--office", office)}
    assert rows["list-busy"]["acked_seq"] == 6 and rows["list-busy"]["last_push_at"]
    assert rows["list-busy"]["label"] == "Quầy 2"
    assert rows["list-idle"]["pending_pull"] == 6 and rows["list-idle"]["last_pull_at"] is None
    assert rows["list-busy"]["pending_pull"] == 0          # its own events are not pending
    code, out, _ = cli("devices", "--office", office, "--dsn", dsn)
    assert code == 0 and "list-idle" in out and "chờ nhận 6" in out


def test_dsn_from_the_environment(dsn, monkeypatch):
    monkeypatch.setenv("COUNTER_SYNC_DSN", dsn)
    code, out, _ = cli("quarantine", "--json")
    assert code == 0 and out.strip().startswith("[")


@pytest.mark.slow
def test_bad_input_as_a_real_process_exits_without_traceback():
    env = {k: v for k, v in os.environ.items() if k != "COUNTER_SYNC_DSN"}
    env["PYTHONIOENCODING"] = "utf-8"
    for args, code in ((["devices"], 2), (["office", "add"], 2),
                       (["devices", "--dsn", "postgresql://postgres@127.0.0.1:1/x"], 3)):
        r = subprocess.run([sys.executable, "-m", "sync_server", *args], cwd=ROOT, env=env,
                           capture_output=True, text=True, encoding="utf-8", timeout=60)
        assert r.returncode == code, (args, r.stderr)
        assert "Traceback" not in r.stderr and r.stderr.startswith("Lỗi")
