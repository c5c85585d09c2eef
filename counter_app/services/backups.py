"""Backups by hand and restore, as administrator actions (docs/SECURITY.md, Backups).

The work is Qt-free and Core-free (db/backup.py, counter_app/restore.py); these are
the guarded entry points, so the permission table decides who may do them.
"""

from __future__ import annotations

from pathlib import Path

from counter_app import restore as restore_mod
from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded
from db import backup


@guarded
def backup_to(core: Core, out: Path | str) -> dict:
    """Write a verified backup of this database to ``out`` (0600); an existing file
    is not overwritten."""
    out = Path(out)
    if out.exists():
        raise UserInputError(f"Tệp {out} đã có; hãy chọn tên khác cho bản sao lưu.")
    if not out.parent.is_dir():
        raise UserInputError(f"Không có thư mục {out.parent}; hãy tạo thư mục trước.")
    backup.take(core.conn, out)
    return backup.verify(out).as_dict()


@guarded
def restore(core: Core, source: Path | str, offline: bool = False) -> restore_mod.RestoreResult:
    """Replace this database by the backup ``source`` (counter_app/restore.py). The
    Core's connection is closed first, so the Core is done with afterwards."""
    source, db_path, config_path = Path(source), core.db_path, core.config_path
    core.close()
    return restore_mod.restore(db_path, config_path, source, offline=offline)
