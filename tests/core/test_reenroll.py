"""Re-enrolling a restored PC under a new device id: the real server on PostgreSQL.

A PC restored offline from an old backup records new dossiers before its first sync;
the server already holds other events of its device id (recorded after the backup).
The sync refuses ("đăng ký lại"). ``counter-app sync reenroll`` gives the PC a new id:
the server keeps the old id's events, the PC re-issues its own un-synced ones under
the new id. Afterwards the server and another PC of the office hold every dossier
exactly once, with the codes printed on paper, and every chain verifies.
"""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg

from counter_app import restore
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest, receive
from counter_app.services.core import Core
from db import backup, chain, event_store
from db.check import check
from db.connection import connect
from tests.core.test_sync_client import device, enroll_cli, run_cli, work
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import cli_json, free_port


def _dossiers(paths) -> dict[str, str]:
    with Core.open(*paths, system=True) as core:
        return dict(core.conn.execute("SELECT id, code FROM dossiers").fetchall())


def _intakes(paths, count: int, days_ago: int = 0) -> None:
    """Dossiers received ``days_ago`` (their codes are that day's)."""
    with Core.open(*paths, system=True) as core:
        received = core.clock.now_utc() - timedelta(days=days_ago)
        for i in range(count):
            receive(core, IntakeRequest("DEMO-HT-05", Applicant(
                full_name=f"Trần Thị Mất {days_ago}{i}", id_number=f"00119000{i:04d}"),
                received_at=received))


def _restore_out_of_reach(paths, snapshot) -> None:
    """``restore --offline`` while the server cannot be reached (the address is pointed
    at a closed port for the restore only)."""
    kept = paths[1].read_text(encoding="utf-8")
    data = json.loads(kept)
    data["sync"]["server_url"] = f"http://127.0.0.1:{free_port()}"
    paths[1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        assert restore.restore(paths[0], paths[1], snapshot, offline=True).warning
    finally:
        paths[1].write_text(kept, encoding="utf-8")


def _sync(paths) -> tuple[int, dict]:
    done = run_cli(paths, "sync", "now", "--json")
    return done.returncode, json.loads(done.stdout or "{}") | {"stderr": done.stderr}


def test_a_restored_pc_that_worked_offline_reenrolls_and_loses_nothing(
        demo_template, tmp_path, server, dsn, new_office):
    office = new_office()
    one, two = device(demo_template, tmp_path, 1), device(demo_template, tmp_path, 2)
    enroll_cli(one, server, dsn, office)
    enroll_cli(two, server, dsn, office)
    work(one, 2)
    assert _sync(one)[0] == 0
    snapshot = tmp_path / "one-old.sqlite"
    conn = connect(one[0])
    backup.take(conn, snapshot)
    old_id = event_store.device_id(conn)
    conn.close()
    # After the backup (yesterday's postal dossiers): only the server keeps them.
    _intakes(one, 3, days_ago=1)
    assert _sync(one)[0] == 0

    lost = _dossiers(one)                # what the backup lacks is on the server
    _restore_out_of_reach(one, snapshot)
    work(one, 2)                         # new dossiers before the first sync
    printed = _dossiers(one)
    code, refused = _sync(one)
    assert code != 0 and "đăng ký lại" in refused["stderr"], refused

    done = run_cli(one, "sync", "reenroll", "--json")
    assert done.returncode == 0, done.stderr + done.stdout
    result = json.loads(done.stdout)
    new_id = result["device"]
    assert result["old_device"] == old_id and new_id != old_id
    assert result["reissued"] > 0 and result["sync"]["ok"] and not result["code_clashes"]
    assert _sync(one)[0] == 0 and _sync(two)[0] == 0

    # Every dossier, before the backup, after it and after the restore, with the codes
    # on paper, on both PCs; each received once on the server.
    everything = lost | printed
    assert len(everything) == len(lost) + 2 and len(set(everything.values())) == len(everything)
    assert _dossiers(one) == everything and _dossiers(two) == everything
    with psycopg.connect(dsn) as pg:
        created = pg.execute("SELECT entity_id, count(*) FROM events WHERE office = %s AND "
                             "type = 'dossier.received' GROUP BY entity_id",
                             (office,)).fetchall()
        assert dict(created) == {i: 1 for i in everything}
        rows = pg.execute("SELECT id, acked_seq, replaced_by FROM devices WHERE id = ANY(%s)",
                          ([old_id, new_id],)).fetchall()
        state = {r[0]: r[1:] for r in rows}
        assert state[old_id][1] == new_id and state[new_id][1] is None
        for device_id, (acked, _) in state.items():
            count, distinct, top = pg.execute(
                "SELECT count(*), count(DISTINCT id), max(device_seq) FROM events "
                "WHERE device_id = %s", (device_id,)).fetchone()
            assert count == distinct == top == acked
        assert pg.execute("SELECT count(*) FROM chain_breaks WHERE device = ANY(%s)",
                          ([old_id, new_id],)).fetchone()[0] == 0
        server_ids = {r[0] for r in pg.execute("SELECT id FROM events WHERE office = %s",
                                                (office,))}
        devices = [r[0] for r in pg.execute("SELECT id FROM devices WHERE office = %s",
                                            (office,))]
    for paths in (one, two):
        with Core.open(*paths, system=True) as core:
            assert check(core.conn, paths[0])["ok"]
            assert chain.verify(core.conn).ok
            local = [r[0] for r in core.conn.execute(
                f"SELECT id FROM events WHERE device_id IN ({', '.join('?' * len(devices))})",
                devices)]
            # Every event the office's devices recorded, each once, on every side (the
            # demo office's own setup events were never anyone's to push).
            assert len(local) == len(set(local)) and set(local) == server_ids
    listed = {r["id"]: r for r in cli_json(dsn, "devices", "--office", office)}
    assert listed[old_id]["replaced_by"] == new_id and listed[new_id]["replaced_by"] is None
    # The PC's history is now the server's: asking again is refused, nothing changes.
    again = run_cli(one, "sync", "reenroll", "--json")
    assert again.returncode == 2 and "không cần đăng ký lại" in again.stderr
    with Core.open(*one, system=True) as core:
        assert core.device_id == new_id


def test_codes_handed_out_twice_are_reported_and_no_event_is_lost(
        demo_template, tmp_path, server, dsn, new_office):
    """The same day before and after the restore: the restored PC hands out again the
    codes the lost history had handed out (it cannot know them). Both are on paper, so
    neither is changed: the re-enrollment names them, every event reaches the server
    once, and the second dossier with a code waits on the other PC, with its reason."""
    office = new_office()
    one, two = device(demo_template, tmp_path, 1), device(demo_template, tmp_path, 2)
    enroll_cli(one, server, dsn, office)
    enroll_cli(two, server, dsn, office)
    assert _sync(one)[0] == 0
    snapshot = tmp_path / "one-old.sqlite"
    conn = connect(one[0])
    backup.take(conn, snapshot)
    conn.close()
    _intakes(one, 1)
    lost = _dossiers(one)
    assert _sync(one)[0] == 0
    _restore_out_of_reach(one, snapshot)
    _intakes(one, 1)
    again = _dossiers(one)
    assert set(lost.values()) == set(again.values())     # the same code, another dossier
    done = run_cli(one, "sync", "reenroll", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["code_clashes"] == sorted(lost.values())
    assert "cấp hai lần" in done.stderr
    assert _sync(two)[0] == 0
    with psycopg.connect(dsn) as pg:
        created = pg.execute("SELECT entity_id, count(*) FROM events WHERE office = %s AND "
                             "type = 'dossier.received' GROUP BY entity_id",
                             (office,)).fetchall()
    assert dict(created) == {i: 1 for i in lost | again}
    held = json.loads(run_cli(two, "sync", "quarantine", "--json").stdout)["events"]
    assert [h["type"] for h in held] == ["dossier.received"] and "code" in held[0]["reason"]
    with Core.open(*two, system=True) as core:
        assert check(core.conn, two[0])["ok"]
