"""A process killed with SIGKILL in the middle of commands leaves a consistent database."""

import os
import signal
import subprocess
import sys
import time

import pytest

from db import commands, event_store, projections
from db.check import check
from db.database import open_database
from tests.conftest import table_dump

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")]


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_sigkill_mid_command_leaves_database_consistent(demo_paths, delay):
    db, cfg = demo_paths
    proc = subprocess.Popen([sys.executable, "-m", "tests.db.crash_writer", str(db), str(cfg)],
                            stdout=subprocess.PIPE, cwd=os.getcwd())
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    conn = open_database(db)
    try:
        report = check(conn, db)
        assert report["ok"], report["problems"]
        # Commands are all-or-nothing: every command wrote exactly three events.
        written = conn.execute(
            "SELECT count(*) FROM events WHERE entity_id GLOB 'k[0-9]*' OR entity_id GLOB 's[0-9]*'"
        ).fetchone()[0]
        assert written > 0 and written % 3 == 0
        defined = conn.execute("SELECT count(*) FROM counters WHERE id GLOB 'k[0-9]*'").fetchone()[0]
        assert defined == written // 3
        renamed = conn.execute(
            "SELECT count(*) FROM counters WHERE id GLOB 'k[0-9]*' AND name LIKE 'Quầy số %'"
        ).fetchone()[0]
        assert renamed == defined
        live = table_dump(conn, projections.TABLES)
        commands.rebuild_projections(conn)
        assert table_dump(conn, projections.TABLES) == live
        assert event_store.count(conn) == report["event_count"]
    finally:
        conn.close()
