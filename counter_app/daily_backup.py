"""Automatic daily backups (Qt-free): what, where, how long kept, and the thread.

Rules:
- Once a day (the office's local date), the first time the app finds no backup of
  today in the backup folder, it writes one with SQLite's online backup API
  (db/backup.py ``take``): consistent while counters keep working.
- The folder is ``backup.folder`` or, empty, ``backups`` beside the database (0700).
  Files are ``<db name>-YYYYMMDD-HHMMSS.sqlite`` (local time), 0600.
- ``backup.second_folder`` (a USB disk): the same file is also copied there. A
  folder that is not there (disk not plugged in) or cannot be written is a warning
  in Vietnamese, never a failure: the backup in the first folder stands.
- Automatic backups older than ``backup.keep_days`` days are deleted, in both
  folders; only files named as above are ever touched (a backup taken by hand with
  ``counter-app backup --out`` under another name is kept).
- What the last run did is saved beside the database (``<db>.backup-status.json``)
  for the status bar, like the sync's report.
- ``DailyBackups`` runs this off the GUI thread: its own thread and its own
  connection; it looks every ``check_s`` seconds whether a backup is due.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from counter_app import config as config_mod
from counter_app.config import BackupConfig, write_raw
from counter_app.domain.clock import to_local
from db import backup, connection

log = logging.getLogger(__name__)

THREAD_NAME = "db-worker-backup"   # the GUI tests check no "db-worker…" thread outlives them
STAMP = "%Y%m%d-%H%M%S"


@dataclass
class DailyResult:
    path: Path | None = None           # the backup written (None: not due)
    copy: Path | None = None           # its copy in the second folder
    removed: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"path": str(self.path) if self.path else None,
                "copy": str(self.copy) if self.copy else None,
                "removed": [str(p) for p in self.removed], "warnings": self.warnings}


def folder_for(db_path: Path, cfg: BackupConfig) -> Path:
    return Path(cfg.folder).expanduser() if cfg.folder else Path(db_path).parent / "backups"


def _pattern(db_path: Path) -> re.Pattern:
    return re.compile(rf"^{re.escape(Path(db_path).stem)}-(\d{{8}}-\d{{6}})\.sqlite$")


def backups_in(folder: Path, db_path: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups of ``db_path`` in ``folder``, oldest first (local times)."""
    pattern, found = _pattern(db_path), []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        match = pattern.match(name)
        if match:
            try:
                found.append((datetime.strptime(match[1], STAMP), folder / name))
            except ValueError:
                continue
    return sorted(found)


def due(db_path: Path, cfg: BackupConfig, now: datetime) -> bool:
    """True when no automatic backup of today (local date of ``now``) exists yet."""
    today = to_local(now).date()
    return not any(taken.date() == today for taken, _ in backups_in(folder_for(db_path, cfg),
                                                                     db_path))


def run_daily(conn: sqlite3.Connection, db_path: Path, cfg: BackupConfig,
              now: datetime | None = None, force: bool = False) -> DailyResult:
    """Write today's backup if due (or ``force``), copy it, delete expired ones.
    Raises ``OSError`` when the first folder cannot be written (nothing to stand on)."""
    now = now or datetime.now(timezone.utc)
    result = DailyResult()
    if not (force or due(db_path, cfg, now)):
        return result
    folder = folder_for(db_path, cfg)
    folder.mkdir(mode=connection.PRIVATE_FOLDER, parents=True, exist_ok=True)
    name = f"{Path(db_path).stem}-{to_local(now).strftime(STAMP)}.sqlite"
    result.path = backup.take(conn, folder / name)
    if cfg.second_folder:
        result.copy = _copy_to_second(result.path, Path(cfg.second_folder).expanduser(),
                                      result.warnings)
    limit = to_local(now).replace(tzinfo=None) - timedelta(days=cfg.keep_days)
    for place in (folder, Path(cfg.second_folder).expanduser() if cfg.second_folder else None):
        if place is None:
            continue
        for taken, path in backups_in(place, db_path):
            if taken < limit:
                try:
                    path.unlink()
                    result.removed.append(path)
                except OSError as exc:
                    log.warning("could not delete an expired backup: %s", exc)
    return result


def _copy_to_second(source: Path, folder: Path, warnings: list[str]) -> Path | None:
    if not folder.is_dir():
        warnings.append(f"Không thấy thư mục sao lưu thứ hai {folder} (ổ USB chưa cắm?). "
                        f"Bản sao lưu hôm nay chỉ có ở {source.parent}.")
        return None
    target = folder / source.name
    partial = folder / (source.name + ".partial")
    try:
        connection.create_private(partial)
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        os.chmod(target, connection.PRIVATE_FILE)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        warnings.append(f"Không chép được bản sao lưu sang thư mục thứ hai {folder} "
                        f"({exc.strerror or exc}). Bản sao lưu hôm nay chỉ có ở {source.parent}.")
        return None
    return target


def status_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".backup-status.json")


def load_status(db_path: Path) -> dict:
    try:
        data = json.loads(status_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_status(db_path: Path, data: dict) -> None:
    try:
        write_raw(data, status_path(db_path))
    except OSError:
        pass        # a report we cannot write must not fail the backup it reports on


def run_and_report(db_path: Path, config_path: Path, now: datetime | None = None) -> DailyResult:
    """One check of the daily backup on its own connection, its outcome saved for the
    status bar. A failure is reported there (and logged), never raised."""
    now = now or datetime.now(timezone.utc)
    try:
        cfg = config_mod.load(config_path).backup
        if not cfg.daily or not due(db_path, cfg, now):
            return DailyResult()
        conn = connection.connect(db_path)
        try:
            result = run_daily(conn, db_path, cfg, now)
        finally:
            conn.close()
    except Exception as exc:     # noqa: BLE001 - reported, and tried again later
        log.warning("daily backup failed: %s", exc)
        result = DailyResult(warnings=[f"Sao lưu tự động hằng ngày không thực hiện được "
                                       f"({getattr(exc, 'strerror', None) or exc}). Hãy báo "
                                       "quản trị viên."])
    for warning in result.warnings:
        log.warning("daily backup: %s", warning)
    _save_status(db_path, {"at": now.isoformat(), **result.as_dict()})
    return result


class DailyBackups:
    """The background thread: ``start()``, ``stop()``; ``on_result`` runs on it."""

    def __init__(self, db_path: Path, config_path: Path, *, check_s: float = 600.0,
                 on_result: Callable[[DailyResult], None] | None = None) -> None:
        self.db_path, self.config_path = Path(db_path), Path(config_path)
        self.check_s, self.on_result = check_s, on_result
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """End the thread; a backup under way finishes first (``timeout``: how long to
        wait for it; None: do not wait, the GUI thread must not)."""
        self._stopping.set()
        if self._thread is not None and timeout is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            result = run_and_report(self.db_path, self.config_path)
            if self.on_result and (result.path or result.warnings):
                try:
                    self.on_result(result)
                except Exception:
                    log.exception("backup result callback failed")
            self._stopping.wait(self.check_s)
