"""Subcommands of ``counter-app``, one module per area. Each has ``register``.

Who a command acts as (docs/SECURITY.md): with ``--user NAME`` the officer NAME,
logged in with the password from ``COUNTER_APP_PASSWORD`` or typed at a
prompt, and every event it records carries that officer; without ``--user``
the command line is the ``console`` principal of the permission table, which
may only read public reference data (catalogue, calendar, queue counts, sync
status). Whatever changes the office needs an officer whose role allows it.
"""

from __future__ import annotations

import getpass
import os
import sys

from counter_app.domain.permissions import Device
from counter_app.errors import UserInputError
from counter_app.services import officers
from counter_app.services.core import Core

PASSWORD_VARIABLE = "COUNTER_APP_PASSWORD"


def command_core(args) -> Core:
    """The Core a command works with: the files named by --db/--config, acting as
    the officer of --user (logged in here) or, without it, as the console."""
    core = Core.open(args.db, args.config, device=Device.CONSOLE)
    try:
        login(core, args)
    except BaseException:
        core.close()
        raise
    return core


def login(core: Core, args) -> None:
    """Log ``--user`` in on ``core``; nothing to do without ``--user``."""
    user = getattr(args, "user", None)
    if not user:
        return
    args.login_password = password_for(user)
    officers.authenticate(core, user, args.login_password, via="cli")


def password_for(user: str) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserInputError(
            f"Cần mật khẩu của {user}: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy "
            "lệnh trong cửa sổ dòng lệnh để nhập mật khẩu.")
    return getpass.getpass(f"Mật khẩu của {user}: ")
