"""Make the fixture database of the current schema version.

Run once per released schema version, before adding the next migration:

    python -m tests.db.make_fixture

It writes tests/fixtures/db/schema_vN.sqlite with realistic rows (officers,
an updated and a disabled account, counters, services). Commit the file and
never regenerate an old one: tests open every fixture with the newest code.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from counter_app.services import officers
from counter_app.services.core import Core
from counter_app.services.setup import initialise
from db.migrations import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"


def make(target_dir: Path = FIXTURES) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        db, cfg = Path(tmp) / "db.sqlite", Path(tmp) / "config.json"
        initialise(db, cfg, demo=True)
        core = Core.open(db, cfg, system=True)
        ids = {r["username"]: r["id"] for r in officers.list_officers(core)}
        officers.set_role(core, ids["canbo2"], "support")
        officers.set_active(core, ids["lanhdao"], False)
        officers.create_officer(core, "vanthu", "Đỗ Thị Hằng", "counter", "matkhau-cu-123")
        core.close()
        target = target_dir / f"schema_v{SCHEMA_VERSION}.sqlite"
        target_dir.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(db)
        dest = sqlite3.connect(target)
        src.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.close()
        src.close()
    return target


if __name__ == "__main__":
    print(make())
