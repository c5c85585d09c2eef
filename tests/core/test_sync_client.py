"""The sync client against the real server and a real PostgreSQL on loopback.

Devices are real client databases of one office (tests/core/sync_devices.py), enrolled
with one-time codes from the admin CLI, syncing through `counter-app sync …` run as a
subprocess or through ``client.sync_once``. No part of the server is imitated.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys

import psycopg
import pytest

from counter_app.domain.clock import SystemClock
from counter_app.services import queue
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest, receive
from counter_app.services.citizens import Applicant
from counter_app.sync import client, state
from db import commands, event_store, projections
from tests.conftest import table_dump
from tests.core.sync_devices import make_device, wire_events
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import ROOT, cli_json, free_port

SHARED = ["dossiers", "dossier_codes", "tickets", "ticket_calls", "citizens"]


def run_cli(core_or_paths, *args: str) -> subprocess.CompletedProcess:
    db, cfg = core_or_paths
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "counter_app", *args, "--user", "admin",
                           "--db", str(db),
                           "--config", str(cfg)], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def device(demo_template, tmp_path, index: int) -> tuple:
    """A new device of the office (its own identity), closed: (db path, config path)."""
    core = make_device(demo_template, tmp_path / f"d{index}", index)
    paths = (core.db_path, core.config_path)
    core.close()
    return paths


def enroll_cli(paths, server, dsn, office) -> dict:
    code = cli_json(dsn, "enroll-code", office)["code"]
    done = run_cli(paths, "sync", "enroll", "--server", server.url, "--code", code, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def work(paths, people: int) -> None:
    with Core.open(*paths, system=True) as core:
        for i in range(people):
            queue.issue_ticket(core, "A")
            receive(core, IntakeRequest("DEMO-HT-05", Applicant(
                full_name=f"Nguyễn Văn Thử {i}", id_number=f"00109000{i:04d}")))


def server_events(dsn, device_id: str) -> tuple[int, int]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT count(*), count(DISTINCT id) FROM events "
                            "WHERE device_id = %s", (device_id,)).fetchone()


def test_two_devices_enrolled_by_cli_get_each_others_work(demo_template, tmp_path, server,
                                                          dsn, new_office):
    office = new_office()
    one, two = device(demo_template, tmp_path, 1), device(demo_template, tmp_path, 2)
    enrolled = enroll_cli(one, server, dsn, office)
    assert enrolled["office"] == office and enrolled["server"] == server.url
    enroll_cli(two, server, dsn, office)
    work(one, 3)
    work(two, 2)
    for paths in (one, two, one):
        done = run_cli(paths, "sync", "now", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ok"] is True
    cores = [Core.open(*p, system=True) for p in (one, two)]
    try:
        union = {e["id"] for c in cores for e in wire_events(c)}
        shared = []
        for core in cores:
            assert {e["id"] for e in wire_events(core, own_only=False)} >= union
            assert event_store.pending_sync(core.conn) == 0
            live = table_dump(core.conn, projections.TABLES)
            commands.rebuild_projections(core.conn)
            assert table_dump(core.conn, projections.TABLES) == live
            shared.append(table_dump(core.conn, SHARED))
        assert shared[0] == shared[1]
        assert len(shared[0]["dossiers"]) == len(
            table_dump(cores[0].conn, ["dossiers"])["dossiers"])
    finally:
        for core in cores:
            core.close()
    status = run_cli(one, "sync", "status", "--json")
    assert status.returncode == 0, status.stderr
    view = json.loads(status.stdout)
    assert view["enrolled"] is True and view["office"] == office and view["pending"] == 0
    assert view["last_success"] and view["last_error"] is None
    assert abs(view["clock_skew_s"]) < 120 and view["clock_warning"] is None


def test_config_show_masks_the_device_secret(demo_template, tmp_path, server, dsn, new_office):
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    secret = json.loads(paths[1].read_text(encoding="utf-8"))["sync"]["device_secret"]
    assert len(secret) >= 40
    shown = run_cli(paths, "config", "show", "--json")
    assert shown.returncode == 0
    assert secret not in shown.stdout
    assert json.loads(shown.stdout)["sync"]["device_secret"] == "••••••••"


def test_wrong_code_is_refused_with_exit_2(demo_template, tmp_path, server):
    paths = device(demo_template, tmp_path, 1)
    done = run_cli(paths, "sync", "enroll", "--server", server.url, "--code", "SAI0-SAI0-SAI0")
    assert done.returncode == 2
    assert "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn" in done.stderr
    assert "Traceback" not in done.stderr


def test_server_down_exits_3_and_keeps_the_changes(demo_template, tmp_path):
    paths = device(demo_template, tmp_path, 1)
    url = f"http://127.0.0.1:{free_port()}"      # nothing listens there
    done = run_cli(paths, "sync", "enroll", "--server", url, "--code", "ABCD-EFGH-JKMN")
    assert done.returncode == 3, done.stderr
    assert "Không kết nối được máy chủ đồng bộ" in done.stderr
    assert "Traceback" not in done.stderr
    # An enrolled device whose server is down: sync now says so, status remembers why.
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    # (As enrollment writes it: with its island tag, whose block of dossier codes it mints
    # from while it holds no lease from the hub — docs/OFFICE.md.)
    data["sync"] = {"server_url": url, "device_secret": "x" * 43, "office": "OFF",
                    "island_tag": "K"}
    paths[1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    work(paths, 1)
    done = run_cli(paths, "sync", "now")
    assert done.returncode == 3
    assert "Không kết nối được máy chủ đồng bộ" in done.stderr and "Traceback" not in done.stderr
    view = json.loads(run_cli(paths, "sync", "status", "--json").stdout)
    assert view["last_error"]["kind"] == "network" and view["pending"] > 0


def test_bad_server_address_is_refused_with_exit_2(demo_template, tmp_path):
    paths = device(demo_template, tmp_path, 1)
    done = run_cli(paths, "sync", "enroll", "--server", "ftp://may-chu", "--code", "X")
    assert done.returncode == 2
    assert "Địa chỉ máy chủ đồng bộ không hợp lệ" in done.stderr


def test_lost_connection_mid_push_loses_and_doubles_nothing(demo_template, tmp_path, server,
                                                            dsn, new_office):
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    work(paths, 300)                     # over 1,000 events: several batches
    seen: list[tuple[int, int]] = []

    def kill_after_first_batch(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 1:
            server.kill()                # the next batch finds no server

    with Core.open(*paths, system=True) as core:
        total = event_store.pending_sync(core.conn)
        assert total > 2 * client.MAX_BATCH
        summary = client.sync_once(core, kill_after_first_batch)
        assert [e["kind"] for e in summary.errors] == ["network"]
        assert seen == [(client.MAX_BATCH, total)]
        assert event_store.push_acked_seq(core.conn) == client.MAX_BATCH
        server.start()
        # A lost acknowledgement too: the server stored the batch, this PC forgot it.
        core.conn.execute("UPDATE device_state SET push_acked_seq = 0 WHERE id = 1")
        summary = client.sync_once(core, lambda d, t: seen.append((d, t)))
        assert summary.ok, summary.errors
        assert summary.pushed == total - client.MAX_BATCH
        assert seen[-1][0] == seen[-1][1] == total - client.MAX_BATCH
        assert event_store.pending_sync(core.conn) == 0
        assert server_events(dsn, core.device_id) == (total, total)


def test_revoked_device_is_told_so(demo_template, tmp_path, server, dsn, new_office):
    paths = device(demo_template, tmp_path, 1)
    enrolled = enroll_cli(paths, server, dsn, new_office())
    cli_json(dsn, "revoke", enrolled["device"])
    work(paths, 1)
    done = run_cli(paths, "sync", "now", "--json")
    assert done.returncode == 2
    assert "Máy đã bị thu hồi quyền đồng bộ" in done.stderr
    assert json.loads(done.stdout)["errors"][0]["kind"] == "revoked"
    view = json.loads(run_cli(paths, "sync", "status", "--json").stdout)
    assert view["last_error"]["kind"] == "revoked"
    assert view["last_error"]["message"].startswith("Máy đã bị thu hồi quyền đồng bộ")


def test_edited_event_is_reported_with_its_seq(demo_template, tmp_path, server, dsn,
                                               new_office):
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    work(paths, 2)
    with sqlite3.connect(paths[0]) as raw:      # someone edits the log with sqlite3
        raw.execute("UPDATE events SET officer_id = 'ke_gian' WHERE device_seq = 3 AND "
                    "device_id = (SELECT device_id FROM device_state)")
    with Core.open(*paths, system=True) as core:
        summary = client.sync_once(core)
        assert summary.errors == [{"kind": "chain", "message": "Nhật ký sự kiện của máy này bị "
                                   "sửa ở số 3 — báo quản trị viên"}]
        assert event_store.push_acked_seq(core.conn) == 2      # what precedes it is kept
        assert client.sync_once(core).errors[0]["kind"] == "chain"   # still refused, no loop


class AheadClock(SystemClock):
    def now_ms(self) -> int:
        return super().now_ms() + 10 * 60_000


def test_clock_skew_warns_but_syncs(demo_template, tmp_path, server, dsn, new_office):
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    with Core.open(*paths, clock=AheadClock(), system=True) as core:
        summary = client.sync_once(core)
        assert summary.ok
        assert 590 < summary.clock_skew_s < 610
        warning = summary.as_dict()["clock_warning"]
        assert warning.startswith("Đồng hồ máy này nhanh 10 phút so với máy chủ")
        assert client.status_view(core)["clock_warning"] == warning
    assert state.load(paths[0])["clock_skew_s"] > 590


@pytest.mark.slow
def test_client_killed_mid_push_resumes_without_loss_or_doubles(demo_template, tmp_path,
                                                                server, dsn, new_office):
    """SIGKILL of a real `counter-app sync now` process once its first batch is
    acknowledged: the next `sync now` sends the rest; the server holds each event once
    and this PC's push_acked_seq is the server's."""
    paths = device(demo_template, tmp_path, 1)
    enroll_cli(paths, server, dsn, new_office())
    work(paths, 700)                     # a few thousand events: several batches
    with Core.open(*paths, system=True) as core:
        total, device_id = event_store.pending_sync(core.conn), core.device_id
    assert total > 4 * client.MAX_BATCH
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "counter_app", "sync", "now", "--user", "admin",
                             "--db",
                             str(paths[0]), "--config", str(paths[1])], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = sqlite3.connect(f"file:{paths[0]}?mode=ro", uri=True)
    try:
        acked = 0
        while proc.poll() is None and acked < client.MAX_BATCH:
            acked = watch.execute("SELECT push_acked_seq FROM device_state").fetchone()[0]
        proc.send_signal(signal.SIGKILL)     # mid-push, no cleanup
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "sync now finished before the kill"
        acked = watch.execute("SELECT push_acked_seq FROM device_state").fetchone()[0]
    finally:
        watch.close()
    stored, _ = server_events(dsn, device_id)
    assert client.MAX_BATCH <= acked <= stored < total     # killed inside the push
    done = run_cli(paths, "sync", "now", "--json")
    assert done.returncode == 0, done.stderr
    # The killed request's batch may still have committed after `stored` was read.
    assert total - stored - client.MAX_BATCH <= json.loads(done.stdout)["pushed"] <= total - stored
    assert server_events(dsn, device_id) == (total, total)
    with psycopg.connect(dsn) as conn:
        seqs = [r[0] for r in conn.execute("SELECT device_seq FROM events WHERE device_id = %s "
                                           "ORDER BY device_seq", (device_id,))]
        server_acked = conn.execute("SELECT acked_seq FROM devices WHERE id = %s",
                                    (device_id,)).fetchone()[0]
    assert seqs == list(range(1, total + 1)) and server_acked == total
    with Core.open(*paths, system=True) as core:
        assert event_store.push_acked_seq(core.conn) == total
        assert event_store.pending_sync(core.conn) == 0
