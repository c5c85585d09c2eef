"""What SQLite's own failures mean to the person at the counter.

``translated(path)`` turns the operational errors SQLite raises (locked, disk
full, read-only file or folder, cannot open) into typed ``DatabaseError``s with
a Vietnamese message that says what happened and what to do; anything else
passes through unchanged. Which one it is comes from SQLite's error code,
never from the English message text.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from counter_app.errors import (DatabaseBusyError, DatabaseError, DiskFullError,
                                ReadOnlyDatabaseError)

BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
# Extended codes that mean the folder, not the file, refused (-wal/-shm cannot be made).
FOLDER_CODES = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY_DIRECTORY,
                sqlite3.SQLITE_READONLY_CANTINIT, sqlite3.SQLITE_READONLY_CANTLOCK}


def busy_message(path: Path | None, seconds: float) -> str:
    return (f"Cơ sở dữ liệu {path or ''} đang bị một chương trình khác giữ để ghi, đã chờ "
            f"{seconds:g} giây mà chưa xong. Thao tác chưa được ghi. Hãy đợi một lát rồi thử "
            "lại; nếu vẫn vậy, đóng các cửa sổ hoặc lệnh counter-app khác (hay chương trình "
            "sao lưu, xem dữ liệu) đang mở tệp này.")


def full_message(path: Path | None) -> str:
    return (f"Ổ đĩa chứa tệp dữ liệu {path or ''} đã đầy, không ghi thêm được. Thao tác vừa "
            "rồi chưa được ghi; dữ liệu đã lưu vẫn nguyên vẹn. Hãy giải phóng dung lượng ổ đĩa "
            "(dọn tệp tạm, chuyển các bản sao lưu cũ sang ổ khác) rồi thử lại.")


def read_only_file_message(path: Path | None) -> str:
    return (f"Tệp dữ liệu {path or ''} chỉ cho phép đọc nên không ghi được. Thao tác chưa "
            "được ghi. Hãy bỏ thuộc tính “chỉ đọc” của tệp hoặc cấp quyền ghi cho tài khoản "
            "đang dùng, rồi mở lại phần mềm.")


def read_only_folder_message(path: Path | None) -> str:
    folder = path.parent if path else ""
    return (f"Thư mục {folder} chứa tệp dữ liệu không cho phép ghi (phần mềm cần tạo các tệp "
            "phụ -wal, -shm và bản sao lưu bên cạnh tệp dữ liệu). Chưa có gì được ghi. Hãy "
            "cấp quyền ghi cho thư mục này, hoặc chép tệp dữ liệu sang thư mục có quyền ghi "
            "và mở từ đó.")


def _folder_refused(code: int, path: Path | None) -> bool:
    if code in FOLDER_CODES:
        return True
    return path is not None and not os.access(path.parent, os.W_OK)


def translate(exc: sqlite3.Error, path: Path | None,
              busy_seconds: float = 0) -> DatabaseError | None:
    """The typed error for an SQLite failure a person can act on, else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in BUSY_CODES:
        return DatabaseBusyError(busy_message(path, busy_seconds))
    if primary == sqlite3.SQLITE_FULL:
        return DiskFullError(full_message(path))
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
        if _folder_refused(code, path):
            return ReadOnlyDatabaseError(read_only_folder_message(path))
        return ReadOnlyDatabaseError(read_only_file_message(path))
    return None


@contextmanager
def translated(path: Path | None, busy_seconds: float = 0) -> Iterator[None]:
    """Raise the typed error instead of SQLite's operational error, where there is one."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        typed = translate(exc, path, busy_seconds)
        if typed is None:
            raise
        raise typed from exc
