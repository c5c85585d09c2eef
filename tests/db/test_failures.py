"""SQLite's own failures, caused for real, reach the user as typed Vietnamese errors.

A second connection holds the write lock; ``PRAGMA max_page_count`` makes SQLite
itself answer SQLITE_FULL; a ``mode=ro`` connection gets SQLITE_READONLY; the
file is deleted or replaced under an open ``Core``; a crash between the last
migration and ``user_version`` is rebuilt from the fixture databases.
"""

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from counter_app import config as config_mod
from counter_app.domain.roles import Role
from counter_app.errors import (DatabaseBusyError, DatabaseError, DatabaseReplacedError,
                                DiskFullError, ReadOnlyDatabaseError)
from counter_app.services import officers
from counter_app.services.core import Core
from db import connection, failures
from db.check import check
from db.database import open_database, schema_version
from db.migrations import MIGRATIONS, SCHEMA_VERSION

FIXTURES = Path(__file__).parent.parent / "fixtures" / "db"


def add_officer(core: Core, username: str = "moi") -> None:
    officers.create_officer(core, username, "Cán bộ Mới", Role.COUNTER, "mat-khau-123")


def usernames(core: Core) -> set[str]:
    return {r[0] for r in core.conn.execute("SELECT username FROM officers")}


def test_a_write_lock_held_elsewhere_is_a_busy_error(core, demo_paths):
    other = sqlite3.connect(demo_paths[0], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    core.conn.execute("PRAGMA busy_timeout=200")
    try:
        with pytest.raises(DatabaseBusyError) as err:
            add_officer(core)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "đang bị một chương trình khác giữ để ghi" in str(err.value)
    assert err.value.exit_code == 3
    add_officer(core)       # the lock is gone: the same action now works
    assert "moi" in usernames(core)


def test_sqlite_full_is_a_disk_full_error_and_loses_nothing(core):
    before = usernames(core)
    pages = core.conn.execute("PRAGMA page_count").fetchone()[0]
    core.conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(DiskFullError) as err:
        for n in range(200):            # until the file would have to grow
            add_officer(core, f"moi{n}")
    assert "Ổ đĩa chứa tệp dữ liệu" in str(err.value) and "đã đầy" in str(err.value)
    assert not core.conn.in_transaction
    core.conn.execute(f"PRAGMA max_page_count={pages * 100}")
    add_officer(core, "sau")
    assert before < usernames(core) and "sau" in usernames(core)


def test_a_read_only_file_is_a_read_only_error(demo_paths):
    db, config = demo_paths
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None,
                           factory=connection.AppConnection)
    conn.path, conn.row_factory = db, sqlite3.Row
    core = Core(conn, config_mod.load(config), config, db, system=True)
    try:
        with pytest.raises(ReadOnlyDatabaseError) as err:
            add_officer(core)
        assert "chỉ cho phép đọc" in str(err.value) and str(db) in str(err.value)
        assert not conn.in_transaction
    finally:
        conn.close()


def test_the_message_for_a_read_only_folder_names_the_folder(tmp_path):
    """SQLite's own CANTOPEN error (a folder that does not exist stands in for one
    that cannot be written: both leave SQLite unable to make the file)."""
    missing = tmp_path / "khong-co" / "db.sqlite"
    with pytest.raises(ReadOnlyDatabaseError) as err:
        with failures.translated(missing):
            sqlite3.connect(missing).execute("CREATE TABLE t (x)")
    assert f"Thư mục {missing.parent}" in str(err.value)


def test_a_deleted_database_file_stops_writes(core, demo_paths):
    db = demo_paths[0]
    add_officer(core, "truoc")
    os.remove(db)
    with pytest.raises(DatabaseReplacedError) as err:
        add_officer(core, "sau")
    assert "đã bị xóa" in str(err.value) and "ngừng ghi" in str(err.value)
    assert not db.exists()


def test_a_replaced_database_file_stops_writes(core, demo_paths, tmp_path):
    db = demo_paths[0]
    replacement = tmp_path / "other.sqlite"
    shutil.copy(db, replacement)
    digest = hashlib.sha256(replacement.read_bytes()).hexdigest()
    os.replace(replacement, db)
    with pytest.raises(DatabaseReplacedError, match="thay bằng một tệp khác"):
        add_officer(core, "sau")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseError, match="là một thư mục"):
        open_database(tmp_path)


def test_current_schema_with_a_stale_user_version_is_repaired(tmp_path):
    """A crash right after the last migration committed: its record and objects are
    there, ``user_version`` still says the version before."""
    db = tmp_path / "db.sqlite"
    shutil.copy(FIXTURES / f"schema_v{SCHEMA_VERSION - 1}.sqlite", db)
    raw = sqlite3.connect(db, isolation_level=None)
    MIGRATIONS.apply(Database(raw))           # what open_database does, then the "crash"
    raw.close()
    raw = sqlite3.connect(db)
    assert schema_version(raw) == SCHEMA_VERSION - 1
    raw.close()

    conn = open_database(db)
    try:
        assert schema_version(conn) == SCHEMA_VERSION
        assert check(conn, db)["ok"]
    finally:
        conn.close()


def test_stale_user_version_on_the_current_fixture_is_repaired(tmp_path):
    db = tmp_path / "db.sqlite"
    shutil.copy(FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite", db)
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    raw.close()
    conn = open_database(db)
    conn.close()
    conn = sqlite3.connect(db)
    assert schema_version(conn) == SCHEMA_VERSION
    assert not list(tmp_path.glob("*.backup-*"))    # nothing to migrate, so no backup
    conn.close()
