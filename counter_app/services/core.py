"""``Core``: an open database, the clock, the config and who is working.

One ``Core`` per thread (SQLite connections are per thread). The UI keeps its
``Core`` on a single database worker thread.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from counter_app import config as config_mod
from counter_app.domain.clock import SystemClock
from counter_app.domain.events import SYSTEM_OFFICER, Event
from counter_app.domain.roles import Role
from counter_app.errors import PermissionDenied
from db import commands, event_store
from db.commands import Decide
from db.database import open_database


@dataclass(frozen=True)
class Officer:
    id: str
    username: str
    full_name: str
    role: Role


class Core:
    def __init__(self, conn: sqlite3.Connection, cfg: config_mod.Config,
                 config_path: Path, db_path: Path, clock: SystemClock | None = None) -> None:
        self.conn = conn
        self.config = cfg
        self.config_path = config_path
        self.db_path = db_path
        self.clock = clock or SystemClock()
        self.officer: Officer | None = None

    @classmethod
    def open(cls, db_path: Path, config_path: Path, clock: SystemClock | None = None,
             create: bool = False) -> "Core":
        cfg = config_mod.load(config_path)
        conn = open_database(db_path, create=create)
        return cls(conn, cfg, config_path, db_path, clock)

    def close(self) -> None:
        self.conn.close()

    @property
    def device_id(self) -> str:
        return event_store.device_id(self.conn)

    @property
    def officer_id(self) -> str:
        return self.officer.id if self.officer else SYSTEM_OFFICER

    def record(self, decide: Decide | list) -> list[Event]:
        """Record a command's events as the current officer on this device."""
        return commands.record(self.conn, self.clock.now_ms(), self.officer_id, decide)

    def require(self, *roles: Role) -> None:
        """Refuse unless the logged-in officer has one of ``roles`` (system actions pass)."""
        if self.officer is None or self.officer.role in roles:
            return
        raise PermissionDenied(
            f"Tài khoản {self.officer.username} ({self.officer.role.label}) "
            "không có quyền thực hiện thao tác này.")

    def save_config(self) -> None:
        config_mod.save(self.config, self.config_path)
