"""The demo office: how it is recognised, and how it is set aside for a real one.

Rules:
- An office is the demo while its config names the demo office (code and "MẪU").
- A database counts as the demo office's only if its config says so *and* the
  database holds the demo's own accounts: a real database is never taken for
  the demo because its config was left unconfigured.
- Going real archives the demo: the database (and any -wal/-shm beside it) and
  its config are renamed beside themselves with a timestamp, never deleted, so
  whatever was typed during the trial can still be opened with ``--db``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app import config as config_mod
from counter_app.domain.clock import LOCAL_TZ
from counter_app.errors import UserInputError

DEMO_OFFICE = config_mod.OfficeConfig(
    name="UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)",
    parent_name="UBND THÀNH PHỐ HÀ NỘI",
    code="000.17.22.H56",
    place="Hà Nội",
)
DEMO_PASSWORD = "demo1234"
# Every demo account's full name carries this mark (setup.DEMO_OFFICERS).
DEMO_NAME_MARK = "(mẫu)"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def is_demo(cfg: config_mod.Config) -> bool:
    return cfg.office.code == DEMO_OFFICE.code and "MẪU" in cfg.office.name


def is_demo_database(db_path: Path, cfg: config_mod.Config) -> bool:
    """True if ``db_path`` (an existing SQLite file) is the demo office's database."""
    if not is_demo(cfg):
        return False
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT count(*) FROM officers WHERE full_name LIKE ?",
                               (f"%{DEMO_NAME_MARK}",)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row[0] > 0


@dataclass(frozen=True)
class Archived:
    db_path: Path
    config_path: Path | None


def archive(db_path: Path, config_path: Path, now_ms: int) -> Archived:
    """Rename the demo database and its config beside themselves, stamped with the time."""
    _settle(db_path)
    stamp = datetime.fromtimestamp(now_ms / 1000, LOCAL_TZ).strftime("%Y%m%d-%H%M%S")
    db_target = _free_name(db_path, stamp)
    try:
        db_path.rename(db_target)
    except OSError as exc:
        raise _in_use(db_path) from exc
    for suffix in SQLITE_COMPANIONS:
        left = Path(str(db_path) + suffix)
        if left.exists():
            left.rename(Path(str(db_target) + suffix))
    config_target = None
    if config_path.exists():
        config_target = _free_name(config_path, stamp)
        config_path.rename(config_target)
    return Archived(db_target, config_target)


def _settle(db_path: Path) -> None:
    """Fold the WAL into the main file so the archive is one file; refuse if the
    app still has the database open (its WAL stays while any connection lives)."""
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _in_use(db_path) from exc
    if Path(str(db_path) + "-wal").exists():
        raise _in_use(db_path)


def _in_use(db_path: Path) -> UserInputError:
    return UserInputError(
        f"Cơ sở dữ liệu mẫu {db_path} đang được mở (phần mềm Quầy Một cửa đang chạy?). "
        "Hãy đóng mọi cửa sổ của phần mềm rồi chạy lại lệnh; dữ liệu mẫu được giữ nguyên.")


def _free_name(path: Path, stamp: str) -> Path:
    """``counter.sqlite`` → ``counter.demo-20261215-103000.sqlite`` (numbered if taken)."""
    candidate = path.with_name(f"{path.stem}.demo-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.demo-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate
