"""The server scrubs password hashes older versions wrote into events (docs/SECURITY.md).

Against the real server on PostgreSQL, PCs syncing over HTTP on 127.0.0.1: an event
recorded the old way (the argon2 hash in its payload) is pushed; ``counter-sync-server
scrub-hashes`` replaces the hash by its digest in the server's copy and records the
vouching ``log.scrubbed`` as the office hub's chained event. A PC enrolled afterwards
pulls the scrubbed event before the record (it waits, then applies), logs in with the
password (the hash reached the server's ``credentials`` by the scrub), and its chain
check passes; no table of the server holds the hash any more, but ``credentials``.
"""

from __future__ import annotations

import json

import psycopg
from psycopg import sql

from counter_app.domain.credentials import digest
from counter_app.domain.events import NewEvent, chain_hash
from counter_app.services import officers
from counter_app.services.core import Core
from db import chain, commands, credentials
from db.check import check
from tests.core.test_sync_client import device, enroll_cli, run_cli
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import cli_json


def _sync(paths) -> dict:
    done = run_cli(paths, "sync", "now", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is True, result
    return result


def _tables_holding(pg, needle: str) -> list[str]:
    """Every table of every schema of the server's database whose rows mention
    ``needle`` (the rows read as text), but ``credentials``, where hashes belong."""
    found = []
    tables = pg.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
        "('pg_catalog', 'information_schema')").fetchall()
    for schema, table in tables:
        if (schema, table) == ("public", "credentials"):
            continue
        hit = pg.execute(sql.SQL("SELECT 1 FROM {}.{} t WHERE t::text LIKE %s LIMIT 1").format(
            sql.Identifier(schema), sql.Identifier(table)), (f"%{needle}%",)).fetchone()
        if hit:
            found.append(f"{schema}.{table}")
    return found


def test_the_server_scrubs_its_copies_and_a_new_pc_verifies_them(demo_template, tmp_path,
                                                                  server, dsn, new_office):
    office = new_office()
    one = device(demo_template, tmp_path, 1)
    enroll_cli(one, server, dsn, office)
    password_hash = officers.hash_password("mat-khau-cu-9")
    with Core.open(*one, system=True) as core:       # as an older version recorded it
        (old,) = commands.record(core.conn, core.clock.now_ms(), "system", [NewEvent(
            "officer", "id-cu9", "officer.created",
            {"username": "cu9", "full_name": "Cán bộ Cũ", "role": "counter",
             "password_hash": password_hash})])
        # Another one whose password was reset since, the new way: the server keeps that.
        commands.record(core.conn, core.clock.now_ms(), "system", [NewEvent(
            "officer", "id-cu8", "officer.created",
            {"username": "cu8", "full_name": "Cán bộ Cũ Hai", "role": "counter",
             "password_hash": officers.hash_password("mat-khau-cu-8")})])
        officers.change_password(core, "id-cu8", "mat-khau-moi-8")
        newest = credentials.current_hash(core.conn, "id-cu8")
    _sync(one)          # pushed with its hash (the PC scrubs only its own copy)
    with psycopg.connect(dsn) as pg:
        assert _tables_holding(pg, password_hash) == ["public.events"]
        assert pg.execute("SELECT count(*) FROM credentials WHERE office = %s AND "
                          "officer_id = 'id-cu9'", (office,)).fetchone()[0] == 0

    done = cli_json(dsn, "scrub-hashes", "--office", office)
    assert done["offices"] == [{"office": office, "scrubbed": 2, "records": 1, "altered": []}]
    assert cli_json(dsn, "scrub-hashes")["offices"] == []          # nothing left anywhere
    with psycopg.connect(dsn) as pg:
        stored = pg.execute("SELECT payload, hash, prev_hash FROM events WHERE id = %s",
                            (old.id,)).fetchone()
        assert stored[0]["credential"] == digest(password_hash) and stored[1] == old.hash
        kept = pg.execute("SELECT digest, password_hash FROM credentials WHERE office = %s "
                          "AND officer_id = 'id-cu9'", (office,)).fetchone()
        assert kept == (digest(password_hash), password_hash)
        assert pg.execute("SELECT password_hash FROM credentials WHERE office = %s AND "
                          "officer_id = 'id-cu8'", (office,)).fetchone()[0] == newest
        (record,) = pg.execute("SELECT payload, device_id FROM events WHERE office = %s AND "
                               "type = 'log.scrubbed' AND device_id LIKE 'hub-%%'",
                               (office,)).fetchall()
        fields = {**old.__dict__, "payload": stored[0]}
        assert record[0]["events"][old.id] == chain_hash(fields, stored[2])

    # A PC enrolled now pulls the scrubbed copy, waits for the record, applies both.
    two = device(demo_template, tmp_path, 2)
    enroll_cli(two, server, dsn, office)
    # (held while its record had not arrived: the first PC's own record is not pushed yet)
    assert _sync(two)["quarantined"] >= 1
    with Core.open(*two, system=True) as core:
        assert core.conn.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 0
        report = chain.verify(core.conn)
        assert report.ok and report.scrubbed >= 1
        assert check(core.conn, two[0])["ok"]
        assert officers.authenticate(core, "cu9", "mat-khau-cu-9").username == "cu9"
        assert password_hash not in json.dumps(
            [tuple(r) for r in core.conn.execute("SELECT payload FROM events")])
    _sync(one)          # the first PC takes the hub's record too and still verifies
    with Core.open(*one, system=True) as core:
        assert check(core.conn, one[0])["ok"]
    # The server's read model, built again from the scrubbed log, has the officer.
    cli_json(dsn, "read-model", "rebuild", "--office", office)
    with psycopg.connect(dsn) as pg:
        assert _tables_holding(pg, password_hash) == []
        assert _tables_holding(pg, "$argon2") == []
        schema = pg.execute("SELECT schema_name FROM read_models WHERE office = %s",
                            (office,)).fetchone()[0]
        assert pg.execute(sql.SQL("SELECT credential FROM {}.officers WHERE id = 'id-cu9'")
                          .format(sql.Identifier(schema))).fetchone()[0] == digest(password_hash)
