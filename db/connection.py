"""Opening the database file safely.

Order matters: a file is inspected before anything is written to it, so a
foreign file, a non-database or a database from a newer app version is refused
untouched; an existing database is backed up before any migration runs.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from counter_app.errors import (DatabaseError, DatabaseTooNewError, ForeignDatabaseError,
                                NotADatabaseError)

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks our files ("QMC1": Quầy Một Cửa, format 1).
APPLICATION_ID = 0x514D4331
BUSY_TIMEOUT_MS = 10_000


def connect(path: Path | str) -> sqlite3.Connection:
    """A raw connection in autocommit mode; transactions are always explicit."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    return conn


def configure(conn: sqlite3.Connection) -> None:
    """WAL, full fsync, foreign keys, busy timeout (architecture.md §2)."""
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        log.warning("journal_mode is %s, not WAL", mode)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def check_header(path: Path) -> bool:
    """True if the file exists and has content; raise if that content is not SQLite."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise NotADatabaseError(
            f"Tệp {path} không phải là cơ sở dữ liệu của phần mềm (không phải SQLite). "
            "Tệp được giữ nguyên. Hãy chọn đúng tệp dữ liệu hoặc khởi tạo tệp mới.")
    return True


def inspect_owner(conn: sqlite3.Connection, path: Path) -> int:
    """Return the file's application_id after checking it is ours or empty."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise NotADatabaseError(
            f"Không đọc được tệp dữ liệu {path}: tệp bị hỏng hoặc không phải SQLite ({exc}). "
            "Tệp được giữ nguyên; hãy khôi phục từ bản sao lưu.") from exc
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables > 0):
        raise ForeignDatabaseError(
            f"Tệp {path} là cơ sở dữ liệu của một chương trình khác. "
            "Tệp được giữ nguyên; hãy chọn đúng tệp dữ liệu của Quầy Một cửa.")
    return app_id


def refuse_newer(path: Path, unknown: list[str]) -> None:
    if unknown:
        raise DatabaseTooNewError(
            f"Tệp dữ liệu {path} được tạo bởi phiên bản phần mềm mới hơn "
            f"(có các bước nâng cấp chưa biết: {', '.join(unknown)}). "
            "Tệp được giữ nguyên. Hãy cập nhật phần mềm lên phiên bản mới nhất.")


def backup_file(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """Copy the live database (WAL included) beside it, with SQLite's backup API."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{label}-{stamp}{path.suffix or '.sqlite'}")
    n = 1
    while target.exists():
        target = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    log.info("database backed up to %s", target)
    return target


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so numbers
    allocated inside (sequences, codes) cannot race with another writer."""
    if conn.in_transaction:
        raise DatabaseError("Lỗi nội bộ: giao dịch lồng nhau không được hỗ trợ.")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
