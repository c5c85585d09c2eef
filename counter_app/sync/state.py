"""What the last sync did, for ``sync status`` and the status bar (any process).

A small JSON file beside the database (``<db>.sync-status.json``), written atomically
after every attempt by whoever synced (the app's worker or ``counter-app sync now``).
It is a report, not state sync depends on: what was sent and received is in the
database (``push_acked_seq``, ``pull_cursor``); a missing or unreadable file only
means "never synced" is shown.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.config import write_raw
from counter_app.domain.clock import to_local, utc_iso

SKEW_WARN_S = 120


def path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".sync-status.json")


def load(db_path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path_for(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record(db_path: Path, now_ms: int, *, error: dict | None, counts: dict[str, int],
           clock_skew_s: float | None) -> dict[str, Any]:
    """Save one attempt: a success moves ``last_success``; a failure keeps it and says why."""
    data = load(db_path)
    data["last_attempt"] = utc_iso(now_ms)
    if error is None:
        data["last_success"] = data["last_attempt"]
        data["last_error"] = None
        data["last_counts"] = counts
    else:
        data["last_error"] = {**error, "at": data["last_attempt"]}
    if clock_skew_s is not None:
        data["clock_skew_s"] = round(clock_skew_s, 1)
    try:
        write_raw(data, path_for(db_path))
    except OSError:
        pass    # a report we cannot write must not fail the sync it reports on
    return data


def record_mode(db_path: Path, now_ms: int, mode: str, why: str | None) -> None:
    """Remember how the last queue action went: ``office`` (the hub decided) or
    ``island`` (the hub was out of reach; this PC decided alone, with its island tag)."""
    data = load(db_path)
    if data.get("mode") == mode and mode == "office":
        return          # nothing new: spare the disk a write per call
    data.update(mode=mode, mode_since=utc_iso(now_ms), mode_why=why)
    try:
        write_raw(data, path_for(db_path))
    except OSError:
        pass


def write(db_path: Path, data: dict[str, Any]) -> None:
    """Save the whole report (atomically)."""
    write_raw(data, path_for(db_path))


def skew_warning(skew_s: float | None) -> str | None:
    """The warning shown (never blocking) when this PC's clock is off by over 2 minutes."""
    if skew_s is None or abs(skew_s) <= SKEW_WARN_S:
        return None
    minutes = round(abs(skew_s) / 60)
    way = "nhanh" if skew_s > 0 else "chậm"
    return (f"Đồng hồ máy này {way} {minutes} phút so với máy chủ — hãy chỉnh lại giờ "
            "(vẫn làm việc bình thường).")


def local_time(iso: str | None, fmt: str = "%H:%M") -> str | None:
    """A stored UTC time as shown in the office (Asia/Ho_Chi_Minh)."""
    if not iso:
        return None
    try:
        return to_local(datetime.fromisoformat(iso.replace("Z", "+00:00"))).strftime(fmt)
    except ValueError:
        return None
