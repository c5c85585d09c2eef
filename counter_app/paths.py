"""Default file locations (platformdirs); every command can override them."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "counter-app"
APP_AUTHOR = "QuayMotCua"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "counter.sqlite"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "config.json"


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
