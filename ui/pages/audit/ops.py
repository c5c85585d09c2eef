"""What Nhật ký hoạt động reads and writes, as plain operations; nothing here imports Qt.

The search and the export run on the database worker. The hash chains' check reads the
whole log (some 20 s for a million events), so it runs on a thread of its own with a
``Core`` of its own, logged in as the officer looking — the same permission check as
every other read.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from counter_app.services import audit
from counter_app.services.audit import AuditFilter
from counter_app.services.core import Core, Officer

RANGES = (("today", "Hôm nay"), ("week", "7 ngày qua"), ("month", "30 ngày qua"),
          ("all", "Mọi lúc"), ("custom", "Tự chọn ngày"))


def range_dates(key: str, today: date) -> tuple[date | None, date | None]:
    if key == "today":
        return today, today
    if key == "week":
        return today - timedelta(days=6), today
    if key == "month":
        return today - timedelta(days=29), today
    return None, None


def search(core: Core, f: AuditFilter) -> dict:
    return audit.search(core, f)


def export(core: Core, f: AuditFilter, path: Path, chain_summary: str | None) -> dict:
    return audit.export(core, f, path, chain_summary)


def officers(core: Core) -> list[dict]:
    return audit.officers(core)


def check_chain(db_path: Path, config_path: Path, officer: Officer) -> dict:
    """``audit.chain_status`` on a connection of its own, as ``officer``."""
    with Core.open(db_path, config_path) as core:
        core.officer = officer
        return audit.chain_status(core)


def where_text(row: dict) -> str:
    """"Quầy 2 · máy này" / "máy 01HX…": the PC and counter of an event."""
    pc = "máy này" if row["this_device"] else f"máy {row['device_id'][-6:]}"
    return f"Quầy {row['counter']} · {pc}" if row["counter"] else pc.capitalize()


def count_text(found: dict) -> str:
    shown, total = len(found["rows"]), found["total"]
    if total == 0:
        return "Không có sự kiện nào khớp bộ lọc."
    if shown == total:
        return f"{number_text(total)} sự kiện, mới nhất trước."
    return (f"Hiện {number_text(shown)} sự kiện mới nhất trong {number_text(total)}; thu "
            "hẹp bộ lọc, hoặc xuất Excel để có đủ.")


def number_text(value: int) -> str:
    return f"{value:,}".replace(",", ".")
