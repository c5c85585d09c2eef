"""The database, its WAL companions and its backups are readable by the user only."""

from __future__ import annotations

from counter_app.services import officers
from counter_app.services.core import Core
from counter_app.services.setup import DEMO_PASSWORD, initialise
from db import connection


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_database_and_its_companions_are_private(tmp_path):
    folder = tmp_path / "data" / "office"
    db, cfg = folder / "counter.sqlite", folder / "config.json"
    initialise(db, cfg, demo=True)
    with Core.open(db, cfg) as core:
        officers.authenticate(core, "canbo1", DEMO_PASSWORD)     # writes: the WAL exists
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), cfg]
        assert all(p.exists() for p in files)
        assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
        backup = connection.backup_file(core.conn, db, "test")
    assert _mode(backup) == 0o600
    assert _mode(folder) == 0o700
