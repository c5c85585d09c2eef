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
    # Logged in with a password everyone knows (the demo's) in a real office:
    # nothing but a password change is allowed until it is replaced.
    must_change_password: bool = False


class Core:
    def __init__(self, conn: sqlite3.Connection, cfg: config_mod.Config,
                 config_path: Path, db_path: Path, clock: SystemClock | None = None,
                 system: bool = False) -> None:
        self.conn = conn
        self.config = cfg
        self.config_path = config_path
        self.db_path = db_path
        self.clock = clock or SystemClock()
        self.officer: Officer | None = None
        # True for setup and the command line: acting as the system, with no
        # officer logged in. The GUI's Core is never a system Core, so after a
        # logout nothing can be done until the next login.
        self.system = system
        self.login_failures: dict[str, tuple[int, int]] = {}

    @classmethod
    def open(cls, db_path: Path, config_path: Path, clock: SystemClock | None = None,
             create: bool = False, system: bool = False) -> "Core":
        cfg = config_mod.load(config_path)
        conn = open_database(db_path, create=create)
        return cls(conn, cfg, config_path, db_path, clock, system)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Core":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def device_id(self) -> str:
        return event_store.device_id(self.conn)

    @property
    def officer_id(self) -> str:
        if self.officer is not None:
            return self.officer.id
        if self.system:
            return SYSTEM_OFFICER
        raise PermissionDenied("Chưa đăng nhập: hãy đăng nhập để làm việc.")

    def record(self, decide: Decide | list, actor: str | None = None) -> list[Event]:
        """Record a command's events as the current officer on this device.

        ``actor`` names who acts where no officer logs in: the citizen at the
        kiosk or the rating screen (``PUBLIC_ACTOR``). Only such public
        actions pass it."""
        return commands.record(self.conn, self.clock.now_ms(), actor or self.officer_id, decide)

    def require(self, *roles: Role) -> None:
        """Refuse unless the logged-in officer has one of ``roles`` (system actions pass)."""
        if self.officer is None:
            if self.system:
                return
            raise PermissionDenied("Chưa đăng nhập: hãy đăng nhập để làm việc.")
        if self.officer.must_change_password:
            raise PermissionDenied("Hãy đổi mật khẩu trước khi làm việc.")
        if self.officer.role in roles:
            return
        raise PermissionDenied(
            f"Tài khoản {self.officer.username} ({self.officer.role.label}) "
            "không có quyền thực hiện thao tác này.")

    def save_config(self) -> None:
        config_mod.save(self.config, self.config_path)
