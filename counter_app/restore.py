"""``restore``: put a backup in place of the database, checked first, nothing lost.

In this order, and nothing is replaced until every step before the swap passed:
1. The "app is running" lock (db/lock.py) is taken exclusively: a running app
   (or another restore) keeps it, and the restore is refused with a message.
2. The backup is copied to a private staging file beside the database and
   verified there (db/backup.py ``verify``): integrity, schema, hash chains. A
   corrupt or truncated file is refused; the database is left as it was.
3. On a PC enrolled with a sync server the staged copy syncs before it is put
   in place. A backup is usually behind the server: the server already has this
   PC's events recorded after the backup. The sync takes them back (the pull
   adopts this device's own events that continue its chain; counter_app/sync/
   inbound.py), so the restored database continues from the server's last
   sequence number and never records a second, different event under a number
   the server already has. If the server cannot be reached the restore stops,
   unless ``offline`` is asked for (docs/SECURITY.md says when that is safe).
4. The database being replaced is kept beside it (``<name>.replaced-<time>``),
   written with the backup API so what was in its WAL is kept too (a file SQLite
   cannot read any more is moved aside as it is). Its ``-wal``/``-shm`` are then
   removed — a stale WAL beside the restored file would be replayed into it — and
   the staged copy is renamed into place.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from counter_app import config as config_mod
from counter_app.errors import CounterError, DatabaseError
from db import backup
from db.connection import create_private, dated_sibling
from db.lock import AppLock

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")


class AppRunningError(CounterError):
    """The database is in use by the desktop app (or another restore)."""


class BackupRefused(DatabaseError):
    """The backup did not pass ``verify``: nothing was replaced."""


APP_RUNNING = ("Phần mềm Quầy Một cửa đang mở trên cơ sở dữ liệu {db}. Hãy đóng mọi cửa sổ "
               "của phần mềm trên máy này rồi khôi phục lại. Chưa có gì bị thay thế.")


@dataclass
class RestoreResult:
    db: Path
    kept: Path | None            # the database that was replaced, kept beside it
    verdict: backup.Verdict
    synced: dict | None = None    # the catch-up sync's summary (enrolled PCs)
    warning: str | None = None

    def as_dict(self) -> dict:
        return {"ok": True, "db": str(self.db), "kept": str(self.kept) if self.kept else None,
                "backup": self.verdict.as_dict(), "synced": self.synced,
                "warning": self.warning}


def restore(db_path: Path, config_path: Path, source: Path, *,
            offline: bool = False) -> RestoreResult:
    """Replace ``db_path`` by the backup ``source`` (see the module's steps)."""
    db_path, source = Path(db_path), Path(source)
    if not source.is_file():
        raise BackupRefused(f"Không tìm thấy tệp sao lưu {source}. Chưa có gì bị thay thế.")
    lock = AppLock(db_path)
    if not lock.acquire(exclusive=True):
        raise AppRunningError(APP_RUNNING.format(db=db_path))
    staged = db_path.with_name(db_path.name + ".restoring")
    try:
        _remove(staged)
        create_private(staged)
        shutil.copyfile(source, staged)
        verdict = backup.verify(staged)
        if not verdict.ok:
            verdict.path = str(source)
            raise BackupRefused(verdict.message)
        result = RestoreResult(db_path, None, verdict)
        _catch_up(staged, config_path, offline, result)
        result.kept = _keep_replaced(db_path)
        for suffix in SIDE_FILES:
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(staged, db_path)
        log.info("database %s restored from a backup (replaced copy kept: %s)",
                 db_path, result.kept)
        return result
    finally:
        _remove(staged)
        lock.release()


def _remove(path: Path) -> None:
    for suffix in ("", *SIDE_FILES, ".sync-status.json"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _catch_up(staged: Path, config_path: Path, offline: bool, result: RestoreResult) -> None:
    """Sync the staged copy with the server, if this PC is enrolled (step 3)."""
    try:
        cfg = config_mod.load(config_path).sync
    except CounterError:
        cfg = None
    if cfg is None or not (cfg.server_url and cfg.device_secret):
        return
    from counter_app.services.core import Core
    from counter_app.sync import client
    with Core.open(staged, config_path, system=True) as core:
        summary = client.sync_once(core)
    result.synced = summary.as_dict()
    if summary.ok:
        return
    failure = summary.failure
    if getattr(failure, "kind", "") == "network" and offline:
        result.warning = ("Chưa liên lạc được máy chủ đồng bộ: dữ liệu được khôi phục mà chưa "
                          "nhận lại các thay đổi máy này đã gửi lên sau lúc sao lưu. Hãy đồng bộ "
                          "(counter-app sync now) trước khi làm việc tiếp.")
        return
    hint = (" Nếu chắc chắn máy chủ không có dữ liệu mới hơn của máy này, có thể khôi phục "
            "mà không đồng bộ: thêm --offline." if getattr(failure, "kind", "") == "network"
            else "")
    raise DatabaseError(f"Không khôi phục: bản sao lưu chưa đồng bộ lại được với máy chủ "
                        f"({failure}).{hint} Chưa có gì bị thay thế.")


def _keep_replaced(db_path: Path) -> Path | None:
    """Keep the database being replaced beside it (step 4); None if there is none."""
    if not db_path.exists():
        return None
    kept = dated_sibling(db_path, "replaced")
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            backup.take(conn, kept)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        # Unreadable (that may be why it is being replaced): moved aside as it is.
        kept.unlink(missing_ok=True)
        os.replace(db_path, kept)
        for suffix in SIDE_FILES:
            side = Path(str(db_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(kept) + suffix))
    return kept
