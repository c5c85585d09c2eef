"""``open_database``: the one way the app opens its SQLite file."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from counter_app.errors import DatabaseError, ReadOnlyDatabaseError
from db import connection, failures
from db.migrations import MIGRATIONS, SCHEMA_VERSION, known_names

log = logging.getLogger(__name__)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def applied_names(conn: sqlite3.Connection) -> list[str]:
    return [m.name for m in MIGRATIONS.applied(Database(conn))]


def open_database(path: Path | str, *, create: bool = False) -> sqlite3.Connection:
    """Open (or with ``create`` make) the database, migrate it, and return a connection.

    Refuses, without writing a byte: a file that is not SQLite, an SQLite file of
    another program, a database whose schema is newer than this code. Backs the
    file up before migrating an existing database. One connection per thread.
    """
    path = Path(path)
    existed = connection.check_header(path)
    if not existed and not create:
        raise DatabaseError(
            f"Chưa có cơ sở dữ liệu tại {path}. "
            "Hãy khởi tạo bằng lệnh: counter-app init --demo (hoặc counter-app init).")
    with failures.translated(path, connection.BUSY_TIMEOUT_MS / 1000):
        if create:
            _make_folder(path)
            connection.create_private(path)
        conn = connection.connect(path)
        try:
            _prepare(conn, path, existed)
            connection.remember_identity(conn)
        except BaseException:
            conn.close()
            raise
    return conn


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(mode=connection.PRIVATE_FOLDER, parents=True, exist_ok=True)
    except OSError:
        raise ReadOnlyDatabaseError(failures.read_only_folder_message(path)) from None


def _prepare(conn: sqlite3.Connection, path: Path, existed: bool) -> None:
    connection.inspect_owner(conn, path)
    applied = applied_names(conn)
    connection.refuse_newer(path, [n for n in applied if n not in known_names()])
    connection.configure(conn)
    pending = MIGRATIONS.pending(Database(conn))
    if pending:
        if existed and applied:
            connection.backup_file(conn, path, f"v{len(applied)}")
        log.info("applying %d migration(s) to %s", len(pending), path)
        MIGRATIONS.apply(Database(conn))
    _mark_current(conn, path, migrated=bool(pending))


def _mark_current(conn: sqlite3.Connection, path: Path, migrated: bool = False) -> None:
    """Stamp the header once every migration is in. A crash after the last
    migration but before this leaves the previous ``user_version``; the
    migrations table is the truth (sqlite-utils commits each migration's objects
    together with its record), so such a file is repaired on the next open."""
    version = schema_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version and not migrated:
        log.warning("schema version %d of %s repaired to %d (a crash after the last "
                    "migration)", version, path, SCHEMA_VERSION)
    conn.execute(f"PRAGMA application_id={connection.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
