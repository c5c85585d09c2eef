"""Password hashes beside the event log, not in it (docs/SECURITY.md, "Password hashes").

On real databases, and between two PCs through the real sync server on PostgreSQL: a
new password reaches the other PC and logs in there, the old one does not, the server
keeps only the newest hash, and no event anywhere carries a hash. Hashes older
versions wrote into events are scrubbed; the chain check still verifies every event,
and a scrubbed event edited afterwards is still caught.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from counter_app.domain.credentials import digest
from counter_app.domain.events import NewEvent
from counter_app.errors import AuthError
from counter_app.services import officers
from counter_app.services.core import Core
from db import chain, commands, credentials
from db.connection import write_transaction
from tests.core.test_sync_client import device, enroll_cli, run_cli
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)


def _no_hash_in(rows) -> bool:
    return not any("$argon2" in text or "password_hash" in text for (text,) in rows)


def _sync(paths) -> None:
    done = run_cli(paths, "sync", "now", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True


def test_a_new_password_reaches_the_other_pc_but_never_the_log(demo_template, tmp_path, server,
                                                                dsn, new_office):
    office = new_office()
    one, two = device(demo_template, tmp_path, 1), device(demo_template, tmp_path, 2)
    enroll_cli(one, server, dsn, office)
    enroll_cli(two, server, dsn, office)
    with Core.open(*one, system=True) as core:
        canbo1 = officers.authenticate(core, "canbo1", "demo1234")
        officers.change_password(core, canbo1.id, "mat-khau-rieng-1", "demo1234")
    for paths in (one, two):
        _sync(paths)
    with Core.open(*two, system=True) as core:
        assert officers.authenticate(core, "canbo1", "mat-khau-rieng-1").id == canbo1.id
        with pytest.raises(AuthError):
            officers.authenticate(core, "canbo1", "demo1234")
        assert _no_hash_in(core.conn.execute("SELECT payload FROM events"))
        assert core.conn.execute("SELECT count(*) FROM credentials WHERE officer_id = ?",
                                 (canbo1.id,)).fetchone()[0] == 1
    with psycopg.connect(dsn) as pg:
        rows = pg.execute("SELECT digest, password_hash FROM credentials WHERE office = %s "
                          "AND officer_id = %s", (office, canbo1.id)).fetchall()
        assert len(rows) == 1 and digest(rows[0][1]) == rows[0][0]
        assert _no_hash_in(pg.execute("SELECT payload::text FROM events WHERE office = %s",
                                      (office,)))
    # Changed again on the second PC: the first learns it, the server keeps only it.
    with Core.open(*two, system=True) as core:
        officers.change_password(core, canbo1.id, "mat-khau-rieng-2", "mat-khau-rieng-1")
    for paths in (two, one):
        _sync(paths)
    with Core.open(*one, system=True) as core:
        assert officers.authenticate(core, "canbo1", "mat-khau-rieng-2").id == canbo1.id
        assert core.conn.execute("SELECT count(*) FROM credentials WHERE officer_id = ?",
                                 (canbo1.id,)).fetchone()[0] == 1
    with psycopg.connect(dsn) as pg:
        (kept,) = pg.execute("SELECT password_hash FROM credentials WHERE office = %s AND "
                             "officer_id = %s", (office, canbo1.id)).fetchall()
    with Core.open(*one, system=True) as core:
        assert kept[0] == credentials.current_hash(core.conn, canbo1.id)


def _legacy_officer(core: Core, username: str) -> tuple[str, str]:
    """An account created the way older versions did: the hash in the event."""
    password_hash = officers.hash_password("mat-khau-cu-1")
    (event,) = commands.record(core.conn, core.clock.now_ms(), "system", [NewEvent(
        "officer", f"id-{username}", "officer.created",
        {"username": username, "full_name": "Cán bộ Cũ", "role": "counter",
         "password_hash": password_hash})])
    return event.id, password_hash


def test_hashes_in_events_the_server_has_are_scrubbed_and_vouched_for(core):
    event_id, password_hash = _legacy_officer(core, "cu1")
    # The server has everything so far (acknowledged): scrubbed in place, vouched for.
    core.conn.execute("UPDATE device_state SET push_acked_seq = next_seq - 1")
    with write_transaction(core.conn):
        assert credentials.scrub(core.conn, core.clock.now_ms()) == 1
    stored = core.conn.execute("SELECT payload, hash FROM events WHERE id = ?",
                               (event_id,)).fetchone()
    assert "password_hash" not in stored["payload"]
    assert json.loads(stored["payload"])["credential"] == digest(password_hash)
    report = chain.verify(core.conn)
    assert report.ok and report.scrubbed == 1
    assert credentials.current_hash(core.conn, "id-cu1") == password_hash
    assert officers.authenticate(core, "cu1", "mat-khau-cu-1").username == "cu1"
    # The vouch covers exactly the scrubbed content: any further edit is caught.
    core.conn.execute("UPDATE events SET payload = replace(payload, '\"counter\"', '\"admin\"') "
                      "WHERE id = ?", (event_id,))
    report = chain.verify(core.conn)
    assert not report.ok and report.breaks[0].kind == "altered"


def test_a_never_synced_pc_scrubs_its_own_events_and_recomputes_its_chain(core):
    event_id, password_hash = _legacy_officer(core, "cu2")
    officers.create_officer(core, "moi2", "Cán bộ Mới", "counter", "mat-khau-moi-2")
    with write_transaction(core.conn):
        assert credentials.scrub(core.conn, core.clock.now_ms()) == 1
    assert _no_hash_in(core.conn.execute("SELECT payload FROM events"))
    report = chain.verify(core.conn)
    assert report.ok and report.scrubbed == 0          # recomputed: no vouching needed
    record = core.conn.execute("SELECT payload FROM events WHERE type = 'log.scrubbed'"
                               ).fetchone()[0]
    assert json.loads(record)["rechained"] == [event_id]
    assert credentials.current_hash(core.conn, "id-cu2") == password_hash
    assert officers.authenticate(core, "moi2", "mat-khau-moi-2").username == "moi2"
    live = core.conn.execute("SELECT * FROM officers ORDER BY id").fetchall()
    commands.rebuild_projections(core.conn)
    assert [tuple(r) for r in core.conn.execute("SELECT * FROM officers ORDER BY id")] == \
        [tuple(r) for r in live]
