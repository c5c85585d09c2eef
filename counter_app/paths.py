"""Default file locations; every command can override them (--db, --config).

From source: the user's folders (platformdirs). In the installed bundle the
Windows installer writes ``data-dir.txt`` beside the programs, naming the
per-machine data folder (``C:\\ProgramData\\QuayMotCua``): the counter, the kiosk
and the display board of one PC then share one database and one configuration
whichever Windows account runs them, and the command line finds them too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "counter-app"
APP_AUTHOR = "QuayMotCua"
MACHINE_DATA_FILE = "data-dir.txt"


def machine_data_dir(executable: str | None = None, frozen: bool | None = None) -> Path | None:
    """The per-machine data folder the installer recorded, or None (from source, or a
    bundle copied without the installer). NSIS writes UTF-16 with a byte-order mark."""
    if not (getattr(sys, "frozen", False) if frozen is None else frozen):
        return None
    marker = Path(executable or sys.executable).resolve().parent / MACHINE_DATA_FILE
    try:
        raw = marker.read_bytes()
    except OSError:
        return None
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else \
        raw.decode("utf-8-sig", errors="replace")
    text = text.strip()
    return Path(text) if text else None


def default_db_path() -> Path:
    machine = machine_data_dir()
    if machine is not None:
        return machine / "counter.sqlite"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "counter.sqlite"


def default_config_path() -> Path:
    machine = machine_data_dir()
    if machine is not None:
        return machine / "config.json"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "config.json"


def default_log_dir() -> Path:
    machine = machine_data_dir()
    if machine is not None:
        return machine / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
