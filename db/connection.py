"""Opening the database file safely.

Order matters: a file is inspected before anything is written to it, so a
foreign file, a non-database or a database from a newer app version is refused
untouched; an existing database is backed up before any migration runs.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from counter_app.errors import (DatabaseError, DatabaseReplacedError, DatabaseTooNewError,
                                ForeignDatabaseError, NotADatabaseError)
from db.failures import translate, translated

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks our files ("QMC1": Quầy Một Cửa, format 1).
APPLICATION_ID = 0x514D4331
BUSY_TIMEOUT_MS = 10_000


class AppConnection(sqlite3.Connection):
    """A connection that knows its file: to name it in messages, and to notice the
    file being deleted or replaced under a running app (``check_identity``)."""

    path: Path | None = None
    identity: tuple[int, int] | None = None


# Files holding citizens' data are the user's alone: the database (SQLite gives its
# -wal, -shm and -journal the database file's own mode), backups and logs.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only, if it does not exist yet
    (an empty file is what SQLite makes a new database from)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass


def connect(path: Path | str) -> sqlite3.Connection:
    """A raw connection in autocommit mode; transactions are always explicit."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           factory=AppConnection)
    conn.path = Path(path)
    conn.row_factory = sqlite3.Row
    return conn


def remember_identity(conn: sqlite3.Connection) -> None:
    """Note which file (device, inode) the connection has open, once it exists."""
    st = os.stat(conn.path)
    conn.identity = (st.st_dev, st.st_ino) if st.st_ino else None


def check_identity(conn: sqlite3.Connection) -> None:
    """Refuse to write when the path no longer names the file this connection has
    open: SQLite would go on writing into a deleted (or renamed-over) file that no
    other process reads, and everything written from then on would be lost."""
    identity = getattr(conn, "identity", None)
    if identity is None:
        return
    try:
        st = os.stat(conn.path)
    except FileNotFoundError:
        raise DatabaseReplacedError(_replaced_message(conn.path, "đã bị xóa")) from None
    if (st.st_dev, st.st_ino) != identity:
        raise DatabaseReplacedError(_replaced_message(conn.path, "đã bị thay bằng một tệp khác"))


def _replaced_message(path: Path, what: str) -> str:
    return (f"Tệp dữ liệu {path} {what} trong lúc phần mềm đang chạy. Phần mềm ngừng ghi để "
            "dữ liệu mới không rơi vào một tệp không còn ai đọc; thao tác vừa rồi chưa được "
            "ghi. Hãy đóng phần mềm rồi mở lại (nếu tệp bị xóa nhầm, hãy khôi phục từ bản "
            "sao lưu trước khi mở lại).")


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
    if path.is_dir():
        raise DatabaseError(
            f"Đường dẫn {path} là một thư mục, không phải tệp dữ liệu. Hãy chỉ ra một tệp, "
            f"ví dụ {path / 'counter.sqlite'}.")
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
        typed = translate(exc, path)     # a folder that refuses the -shm file, a lock
        if typed is not None:
            raise typed from exc
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


def dated_sibling(path: Path, kind: str) -> Path:
    """A free name beside ``path`` for a kept copy of it: ``<stem>.<kind>-<UTC time>``,
    then ``-1``, ``-2``… if that is taken (two copies in the same second)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    suffix = path.suffix or ".sqlite"
    target = path.with_name(f"{path.stem}.{kind}-{stamp}{suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{kind}-{stamp}-{n}{suffix}")
        n += 1
    return target


def backup_file(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """Copy the live database (WAL included) beside it, with SQLite's backup API."""
    target = dated_sibling(path, f"backup-{label}")
    create_private(target)
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    log.info("database backed up to %s", target)
    return target


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction (WAL: a consistent snapshot) around several reads, so rows
    written meanwhile by another connection (the kiosk, the sync worker) are not half seen."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so numbers
    allocated inside (sequences, codes) cannot race with another writer.

    Once the lock is held, the file is checked to still be the one opened.
    SQLite's failures (locked, disk full, read-only) come out as typed errors
    with a Vietnamese message; a failed COMMIT is rolled back too."""
    if conn.in_transaction:
        raise DatabaseError("Lỗi nội bộ: giao dịch lồng nhau không được hỗ trợ.")
    with translated(getattr(conn, "path", None), BUSY_TIMEOUT_MS / 1000):
        conn.execute("BEGIN IMMEDIATE")
        try:
            check_identity(conn)
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
