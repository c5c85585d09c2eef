"""Which set of one-stop forms an office prints, and where its files live.

Shipped sets are in ``counter_app/data/one_stop_forms/`` (TT 01/2018/TT-VPCP, and the
current TT 03/2025/TT-VPCP set). An administrator corrects the wording by copying a
set to ``official-forms/<id>.yaml`` beside the database and editing the copy: it
replaces the shipped set with the same id (like citizen forms, services/form_templates).
A broken file is refused with its lines, never silently replaced by the shipped one.
The office chooses the set with ``office.form_set`` (empty: ``DEFAULT_SET``).
"""

from __future__ import annotations

from pathlib import Path

from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded
from printing.documents import WORDINGS
from printing.documents.wording import FormSet, parse_set

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "one_stop_forms"
# The set in force since 15/9/2025 (NĐ 118/2025); TT 01/2018 stays available.
DEFAULT_SET = "tt03-2025"


def admin_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "official-forms"


def set_file(db_path: Path, set_id: str) -> Path:
    """The file of set ``set_id``: the administrator's copy if there is one."""
    for folder in (admin_dir(db_path), SHIPPED_DIR):
        path = folder / f"{set_id}.yaml"
        if path.is_file():
            return path
    known = sorted({p.stem for d in (admin_dir(db_path), SHIPPED_DIR) if d.is_dir()
                    for p in d.glob("*.yaml")})
    raise UserInputError(f"Không có bộ mẫu một cửa {set_id!r} (office.form_set). "
                         f"Các bộ mẫu có: {', '.join(known)}.")


def load_set(path: Path) -> FormSet:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserInputError(f"Không mở được tệp bộ mẫu {path}: {exc.strerror or exc}.") from None
    return parse_set(data, str(path), WORDINGS)


@guarded
def current(core: Core) -> FormSet:
    """The office's chosen set of one-stop forms."""
    return load_set(set_file(core.db_path, core.config.office.form_set or DEFAULT_SET))
