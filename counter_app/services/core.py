"""``Core``: an open database, the clock, the config and who is working.

One ``Core`` per thread (SQLite connections are per thread). The UI keeps its
``Core`` on a single database worker thread.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from counter_app import config as config_mod
from counter_app.domain.clock import SystemClock
from counter_app.domain.events import SYSTEM_OFFICER, Event
from counter_app.domain import permissions
from counter_app.domain.permissions import Device, Principal
from counter_app.domain.roles import Role
from counter_app.errors import PermissionDenied, SessionEnded
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
                 system: bool = False, device: Device | None = None) -> None:
        self.conn = conn
        self.config = cfg
        self.config_path = config_path
        self.db_path = db_path
        self.clock = clock or SystemClock()
        self.officer: Officer | None = None
        # Who acts when no officer is logged in: the system (setup, background
        # sync, maintenance), the kiosk, the board, or the command line without
        # --user. None (the GUI's counter Core): after a logout nothing can be
        # done until the next login.
        self.device: Device | None = Device.SYSTEM if system else device
        # Nesting depth of guarded service calls: only the outermost is checked,
        # what it calls inside is part of the same action.
        self._acting = 0

    @classmethod
    def open(cls, db_path: Path, config_path: Path, clock: SystemClock | None = None,
             create: bool = False, system: bool = False,
             device: Device | None = None) -> "Core":
        cfg = config_mod.load(config_path)
        conn = open_database(db_path, create=create)
        return cls(conn, cfg, config_path, db_path, clock, system, device)

    @property
    def system(self) -> bool:
        return self.officer is None and self.device == Device.SYSTEM

    @property
    def principal(self) -> Principal | None:
        """The logged-in officer's role, else the device role, else None (nobody)."""
        return self.officer.role if self.officer is not None else self.device

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

    def may(self, action: str) -> bool:
        """True if whoever acts here may do ``action`` (the table, without the
        database check of ``authorize``): for showing or hiding what is offered."""
        return permissions.allowed(self.principal, action)

    def authorize(self, action: str) -> None:
        """Refuse ``action`` unless the permission table allows it to whoever acts.

        A logged-in officer is checked against the database first: an account
        disabled, or given another role, since the login ends its session here."""
        if action in permissions.OPEN_ACTIONS:
            return
        officer = self.officer
        if officer is not None:
            row = self.conn.execute("SELECT role, active FROM officers WHERE id = ?",
                                    (officer.id,)).fetchone()
            if row is None or not row["active"] or row["role"] != officer.role.value:
                self.officer = None
                raise SessionEnded(
                    f"Phiên làm việc của {officer.username} đã kết thúc: tài khoản vừa bị "
                    "khóa hoặc đổi vai trò. Hãy đăng nhập lại.")
            if officer.must_change_password and \
                    action not in permissions.PASSWORD_CHANGE_ACTIONS:
                raise PermissionDenied("Hãy đổi mật khẩu trước khi làm việc.")
        if permissions.allowed(self.principal, action):
            return
        if officer is not None:
            raise PermissionDenied(f"Tài khoản {officer.username} ({officer.role.label}) "
                                   "không có quyền thực hiện thao tác này.")
        if self.device is not None:
            raise PermissionDenied(f"{self.device.label} không được làm thao tác này."
                                   + (" Hãy đăng nhập: thêm --user TÊN_ĐĂNG_NHẬP."
                                      if self.device == Device.CONSOLE else ""))
        raise PermissionDenied("Chưa đăng nhập: hãy đăng nhập để làm việc.")

    def save_config(self) -> None:
        config_mod.save(self.config, self.config_path)


F = TypeVar("F", bound=Callable)
# Every guarded service function by its action name (the permission-matrix test
# calls each of them as every principal).
GUARDED: dict[str, Callable] = {}


def guarded(fn: F) -> F:
    """Make ``fn(core, …)`` a service action named ``module.function``, checked
    against the permission table before it runs. A function with no row in the
    table cannot be guarded: the import fails."""
    action = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"
    if action not in permissions.PERMISSIONS and action not in permissions.OPEN_ACTIONS:
        raise RuntimeError(f"{action}: no row in counter_app/domain/permissions.py")

    @functools.wraps(fn)
    def checked(core: Core, *args, **kwargs):
        if core._acting == 0:
            core.authorize(action)
        core._acting += 1
        try:
            return fn(core, *args, **kwargs)
        finally:
            core._acting -= 1

    checked.action = action  # type: ignore[attr-defined]
    GUARDED[action] = checked
    return checked  # type: ignore[return-value]
