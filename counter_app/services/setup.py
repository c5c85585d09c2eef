"""First start: create the database and the configuration, optionally the demo office."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from counter_app import config as config_mod
from counter_app.domain.clock import SystemClock
from counter_app.domain.ids import new_id
from counter_app.domain.roles import Role
from counter_app.errors import UserInputError
from counter_app.services import calendar, catalogue, demo as demo_office, office, officers
from counter_app.services import queue_config
from counter_app.services.core import Core
from counter_app.services.demo import DEMO_OFFICE, DEMO_PASSWORD, is_demo
from db import connection, event_store
from db.connection import write_transaction
from db.database import open_database

# Demo data: a fictional ward office (DEMO_OFFICE). Marked as demo everywhere it shows.
DEMO_OFFICERS = [
    ("admin", "Quản trị viên (mẫu)", Role.ADMIN),
    ("canbo1", "Nguyễn Thị Lan (mẫu)", Role.COUNTER),
    ("canbo2", "Trần Văn Hùng (mẫu)", Role.COUNTER),
    ("hotro", "Lê Thị Mai (mẫu)", Role.SUPPORT),
    ("lanhdao", "Phạm Quốc Minh (mẫu)", Role.LEADER),
]
DEMO_COUNTERS = [(1, "Quầy 1"), (2, "Quầy 2"), (3, "Quầy 3")]
# code, name, prefix, counters serving it, catalogue fields it covers
DEMO_SERVICES = [
    ("HOTICH", "Hộ tịch", "A", [1, 3], ["HOTICH"]),
    ("CHUNGTHUC", "Chứng thực", "B", [1, 3], ["CHUNGTHUC"]),
    ("DATDAI", "Đất đai - Xây dựng", "C", [2], []),
    ("KINHDOANH", "Đăng ký kinh doanh", "D", [2], ["KINHDOANH"]),
    ("BAOTRO", "Bảo trợ xã hội", "E", [2, 3], ["BAOTRO"]),
    ("TRAKETQUA", "Trả kết quả", "F", [3], ["TRAKETQUA"]),
]

# Swaps the holidays package does not know are shipped in vn_holidays.ANNOUNCED_SWAPS
# (the 2026 New Year swap is there); a later one an administrator adds with
# `calendar off/work`. The demo office needs none of its own.
DEMO_CALENDAR: list[tuple[date, str, str]] = []


@dataclass
class InitResult:
    db_path: Path
    config_path: Path
    device_id: str
    demo: bool
    accounts: list[dict] = field(default_factory=list)
    archived: demo_office.Archived | None = None


def initialise(db_path: Path, config_path: Path, *, demo: bool,
               admin_username: str = "admin", admin_password: str | None = None,
               admin_name: str = "Quản trị viên", clock: SystemClock | None = None) -> InitResult:
    """Create a new database and the config.

    An existing database is never touched, except the demo office's when a real
    office is created: the demo is then archived beside it (demo.archive), not
    deleted, and the real office starts with a blank office section."""
    if not demo and not admin_password:
        raise UserInputError("Hãy đặt mật khẩu cho tài khoản quản trị (--admin-password).")
    cfg = config_mod.load(config_path)
    replaces_demo = _check_target(db_path, cfg, demo)
    if demo:
        cfg.office = replace(DEMO_OFFICE)
        cfg.device.counter_number = cfg.device.counter_number or 1
    elif is_demo(cfg):
        cfg.office = config_mod.OfficeConfig()
    clock = clock or SystemClock()
    # Built under a temporary name and renamed when complete, so a failed or
    # interrupted init never leaves a half-made database behind.
    tmp = db_path.with_name(db_path.name + ".init-tmp")
    _remove_sqlite_files(tmp)
    core = Core(_create_db(tmp, clock.now_ms()), cfg, config_path, db_path, clock, system=True)
    try:
        result = InitResult(db_path, config_path, core.device_id, demo)
        if demo:
            result.accounts = _seed_demo(core)
        else:
            officers.create_officer(core, admin_username, admin_name, Role.ADMIN, admin_password)
            queue_config.seed_defaults(core)
            result.accounts = [{"username": admin_username, "role": Role.ADMIN.value}]
        core.close()
        if replaces_demo:
            result.archived = demo_office.archive(db_path, config_path, clock.now_ms())
        os.replace(tmp, db_path)
        core.save_config()
    except BaseException:
        core.close()
        _remove_sqlite_files(tmp)
        raise
    return result


def create_office(db_path: Path, config_path: Path, settings: dict[str, str], *,
                  admin_username: str, admin_name: str, admin_password: str,
                  clock: SystemClock | None = None) -> InitResult:
    """A real office from the first-start wizard: the settings (``office.name``,
    ``device.role``, ``printer.ticket_url``… as typed) and the first administrator.

    Everything is checked before anything is written: the account's rules, then the
    settings against the config file (all or nothing); then the settings are saved
    and the database created (``initialise``). A demo office already there is
    archived, as ``counter-app init`` does."""
    username = admin_username.strip().lower()
    if not officers.USERNAME_RE.match(username):
        raise UserInputError("Tên đăng nhập phải dài 3–32 ký tự, chỉ gồm chữ thường không "
                             "dấu, số, '.', '_', '-'.")
    if not admin_name.strip():
        raise UserInputError("Hãy nhập họ và tên của quản trị viên.")
    if len(admin_password) < officers.MIN_PASSWORD:
        raise UserInputError(f"Mật khẩu phải có ít nhất {officers.MIN_PASSWORD} ký tự.")
    if admin_password == DEMO_PASSWORD:
        raise UserInputError("Không dùng mật khẩu mẫu cho cơ quan thật; hãy chọn mật khẩu khác.")
    if not str(settings.get("office.name", "")).strip():
        raise UserInputError("Hãy nhập tên cơ quan (ví dụ: UBND PHƯỜNG HOÀN KIẾM).")
    cfg = config_mod.load(config_path)
    _check_target(db_path, cfg, demo=False)
    if is_demo(cfg):                 # the demo's office section is not this office's
        blank = {f"office.{k}": "" for k in config_mod.OfficeConfig().__dict__}
        settings = blank | settings
    config_mod.set_values(config_path, settings, dry_run=True)
    config_mod.set_values(config_path, settings)
    return initialise(db_path, config_path, demo=False, admin_username=username,
                      admin_password=admin_password, admin_name=admin_name.strip(),
                      clock=clock)


def _check_target(db_path: Path, cfg: config_mod.Config, demo: bool) -> bool:
    """True if ``db_path`` holds the demo office that a real one replaces; raise
    if it holds anything else."""
    if not connection.check_header(db_path):
        return False
    if not demo and demo_office.is_demo_database(db_path, cfg):
        return True
    raise UserInputError(
        f"Đã có cơ sở dữ liệu tại {db_path}; không khởi tạo lại để tránh mất dữ liệu. "
        "Hãy chọn đường dẫn khác bằng --db.")


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _create_db(db_path: Path, now_ms: int):
    conn = open_database(db_path, create=True)
    with write_transaction(conn):
        event_store.init_device(conn, new_id(), now_ms)
    return conn


def _seed_demo(core: Core) -> list[dict]:
    queue_config.seed_defaults(core)
    accounts = []
    for username, name, role in DEMO_OFFICERS:
        officers.create_officer(core, username, name, role, DEMO_PASSWORD,
                                must_change_password=True)
        accounts.append({"username": username, "full_name": name, "role": role.value,
                         "role_label": role.label, "password": DEMO_PASSWORD})
    for number, name in DEMO_COUNTERS:
        office.define_counter(core, number, name)
    for position, (code, name, prefix, counters, fields) in enumerate(DEMO_SERVICES, 1):
        office.define_service(core, code, name, prefix)
        queue_config.update_service(core, code, counters=counters, field_codes=fields,
                                    position=position)
    for day, kind, reason in DEMO_CALENDAR:
        calendar.set_day(core, day, kind, reason)
    catalogue.seed_demo_catalogue(core)
    return accounts
