"""Offices with a real history, synced to the real server (test helper for the reports
across offices): each office is its own demo database whose history is built through
the real services (tests/core/report_dataset.py, a different seed each), enrolled and
synced to the server, and its read model brought up to date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg

from counter_app.services.core import Core
from counter_app.services.setup import initialise
from counter_app.sync import client
from tests.core import report_dataset
from tests.sync_server.helpers import FENCE_S, refresh_until
from tests.sync_server.pg import cli_json


@dataclass
class SyncedOffice:
    code: str
    name: str
    core: Core
    history: report_dataset.History


def synced_office(folder: Path, dsn: str, url: str, code: str, name: str, visits: int,
                  seed: int) -> SyncedOffice:
    initialise(folder / "db.sqlite", folder / "config.json", demo=True)
    core = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
    history = report_dataset.build(core, folder, dossiers_count=visits, seed=seed)
    cli_json(dsn, "office", "add", code, "--name", name)
    client.enroll(core, url, cli_json(dsn, "enroll-code", code)["code"])
    own = core.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    for _ in range(int(FENCE_S * 5)):
        summary = client.sync_once(core)
        assert summary.ok, summary.errors
        with psycopg.connect(dsn) as conn:
            stored = conn.execute("SELECT count(*) FROM events WHERE office = %s",
                                  (code,)).fetchone()[0]
        if stored >= own:
            break
    with psycopg.connect(dsn, autocommit=True) as conn:
        refresh_until(conn, code, own)
    return SyncedOffice(code, name, core, history)
