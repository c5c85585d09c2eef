"""Backups with SQLite's online backup API, and the check a backup passes before use.

Why the backup API and not a file copy: the live database is in WAL mode, so the
main file alone misses whatever is still in ``-wal``, and a copy taken while a
write is under way can be torn (a test lost 17 of 150 acknowledged dossiers that
way). ``Connection.backup`` with every page in one step copies one read snapshot
of the database, WAL included; writers in other processes are not blocked (WAL
readers never block writers) and what they commit later is simply not in it.

A backup is written beside its target as ``…partial`` (0600 from its creation),
switched to a single self-contained file (journal mode DELETE: no ``-wal`` to
lose), flushed to disk, and only then renamed to its name: a backup file that
exists is complete.

``verify`` is what ``restore`` asks of a file before it replaces anything:
SQLite's integrity check, our application id, a schema this version knows (an
older one is migrated when opened), this PC's device identity, and every hash
chain of the event log.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db import chain
from db.connection import APPLICATION_ID, SQLITE_HEADER, create_private
from db.migrations import SCHEMA_VERSION, known_names

log = logging.getLogger(__name__)


def take(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``conn``'s database to ``target`` (0600)."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private(partial)
    try:
        dest = sqlite3.connect(str(partial), isolation_level=None)
        try:
            conn.backup(dest)           # pages=-1: the whole database from one snapshot
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        _fsync(partial)
        os.replace(partial, target)
        os.chmod(target, 0o600)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("backup written to %s", target)
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Verdict:
    """What ``verify`` found; ``ok`` only when nothing is wrong."""

    path: str
    problems: list[str] = field(default_factory=list)
    device_id: str | None = None
    last_seq: int = 0              # this device's newest event in the backup
    events: int = 0
    schema_version: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        """The refusal, in Vietnamese, as the administrator reads it."""
        return (f"Bản sao lưu {self.path} không dùng được: {'; '.join(self.problems)}. "
                "Không có gì bị thay thế: cơ sở dữ liệu hiện tại được giữ nguyên.")

    def as_dict(self) -> dict:
        return {"ok": self.ok, "path": self.path, "problems": self.problems,
                "device_id": self.device_id, "last_seq": self.last_seq,
                "events": self.events, "schema_version": self.schema_version}


def verify(path: Path, device_id: str | None = None) -> Verdict:
    """Check a backup file (read-only use; pass a private copy, SQLite may add a
    journal beside it). ``device_id``: the identity the file must carry (this PC's)."""
    verdict = Verdict(str(path))
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        verdict.problems.append(f"không đọc được tệp ({exc.strerror or exc})")
        return verdict
    if head != SQLITE_HEADER:
        verdict.problems.append("tệp không phải cơ sở dữ liệu SQLite (hỏng hoặc nhầm tệp)")
        return verdict
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _inspect(conn, verdict, device_id)
    except sqlite3.DatabaseError as exc:
        verdict.problems.append(f"tệp bị hỏng, SQLite không đọc được ({exc})")
    finally:
        conn.close()
    return verdict


def _inspect(conn: sqlite3.Connection, verdict: Verdict, device_id: str | None) -> None:
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    if integrity != ["ok"]:
        verdict.problems.append("kiểm tra toàn vẹn không đạt (" + "; ".join(integrity[:3]) + ")")
        return
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        verdict.problems.append("đây không phải cơ sở dữ liệu của Quầy Một cửa")
        return
    verdict.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
    applied = [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'counter_app'")]
    unknown = [n for n in applied if n not in known_names()]
    if unknown or verdict.schema_version > SCHEMA_VERSION:
        verdict.problems.append("bản sao lưu do phiên bản phần mềm mới hơn tạo "
                                f"(lược đồ {verdict.schema_version}); hãy cập nhật phần mềm")
        return
    own = conn.execute("SELECT device_id, next_seq FROM device_state WHERE id = 1").fetchone()
    if own is None:
        verdict.problems.append("thiếu định danh thiết bị")
        return
    verdict.device_id, verdict.last_seq = own[0], own[1] - 1
    if device_id is not None and own[0] != device_id:
        verdict.problems.append(f"bản sao lưu của một máy khác (thiết bị {own[0]}, máy này là "
                                f"{device_id})")
    verdict.events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.execute("BEGIN")
    try:
        links = chain.verify(conn)
    finally:
        conn.execute("COMMIT")
    if not links.ok:
        verdict.problems.append(links.summary)
