"""A restored database behind the sync server: against the real server on PostgreSQL.

The PC backs up, works on and syncs, then is restored from the backup: the server
already has events under sequence numbers the backup never saw. The restore syncs
before it puts the file in place and takes this device's own events back, so its
next event follows the server's last one; after more work and a sync nothing is
lost and nothing doubled, on the server and on another PC of the office.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from counter_app import restore
from counter_app.services.core import Core
from db import backup, event_store
from db.check import check
from db.connection import connect
from tests.core.test_sync_client import device, enroll_cli, run_cli, server_events, work
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import free_port


def _codes(paths) -> set[str]:
    with Core.open(*paths, system=True) as core:
        return {r[0] for r in core.conn.execute("SELECT code FROM dossiers")}


def _sync(paths) -> dict:
    done = run_cli(paths, "sync", "now", "--json")
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)


def _server_acked(dsn, device_id: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT acked_seq FROM devices WHERE id = %s",
                            (device_id,)).fetchone()[0]


def test_a_restored_database_takes_back_what_the_server_has_and_goes_on(
        demo_template, tmp_path, server, dsn, new_office):
    office = new_office()
    one, two = device(demo_template, tmp_path, 1), device(demo_template, tmp_path, 2)
    enroll_cli(one, server, dsn, office)
    enroll_cli(two, server, dsn, office)
    work(one, 2)
    _sync(one)
    snapshot = tmp_path / "one-backup.sqlite"
    conn = connect(one[0])
    backup.take(conn, snapshot)
    device_id = event_store.device_id(conn)
    conn.close()
    work(one, 3)                                   # after the backup: only the server keeps it
    _sync(one)
    before = _codes(one)
    acked = _server_acked(dsn, device_id)
    assert backup.verify(snapshot).last_seq < acked

    result = restore.restore(one[0], one[1], snapshot)
    assert result.synced["ok"] and result.synced["pulled"] >= acked - result.verdict.last_seq
    assert result.kept is not None
    with Core.open(*one, system=True) as core:
        state = core.conn.execute("SELECT next_seq, push_acked_seq FROM device_state").fetchone()
        assert (state[0], state[1]) == (acked + 1, acked)
        assert check(core.conn, one[0])["ok"]
    assert _codes(one) == before                   # the dossiers received after the backup

    work(one, 2)                                   # new events continue past the server's
    assert _sync(one)["pushed"] > 0
    _sync(two)
    count, distinct = server_events(dsn, device_id)
    assert count == distinct == _server_acked(dsn, device_id)
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT count(*) FROM chain_breaks WHERE device = %s",
                          (device_id,)).fetchone()[0] == 0
    assert _codes(two) >= _codes(one) and len(_codes(one)) == len(before) + 2
    with Core.open(*two, system=True) as core:
        assert check(core.conn, two[0])["ok"]


def test_restore_of_an_enrolled_pc_stops_when_the_server_is_out_of_reach(
        demo_template, tmp_path, capsys):
    paths = device(demo_template, tmp_path, 1)
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    data["sync"] = {"server_url": f"http://127.0.0.1:{free_port()}",
                    "device_secret": "x" * 43, "office": "OFF"}
    paths[1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    snapshot = tmp_path / "b.sqlite"
    conn = connect(paths[0])
    backup.take(conn, snapshot)
    conn.close()
    before = paths[0].read_bytes()
    with pytest.raises(restore.DatabaseError) as refused:
        restore.restore(paths[0], paths[1], snapshot)
    assert "--offline" in str(refused.value) and "Chưa có gì bị thay thế" in str(refused.value)
    assert paths[0].read_bytes() == before
    result = restore.restore(paths[0], paths[1], snapshot, offline=True)
    assert result.warning and "sync now" in result.warning
