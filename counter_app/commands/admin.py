"""``counter-app officer …`` and ``counter-app config …``.

Changing accounts or the configuration needs an administrator's ``--user``
(counter_app.commands); events are recorded under that officer.
"""

from __future__ import annotations

import getpass
import sys

from counter_app import config as config_mod
from counter_app.errors import InvalidConfigError, NotFound, UserInputError
from counter_app.services import office_config, officers
from counter_app.commands import command_core, login
from counter_app.domain.permissions import Device
from counter_app.services.core import Core
from db.database import open_database


def register(sub, common) -> None:
    o = sub.add_parser("officer", parents=[common], help="quản lý tài khoản cán bộ")
    osub = o.add_subparsers(dest="officer_command", metavar="LỆNH", required=True)
    osub.add_parser("list", parents=[common], help="liệt kê cán bộ").set_defaults(
        handler=cmd_officer_list)
    a = osub.add_parser("add", parents=[common], help="thêm cán bộ")
    a.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của cán bộ")
    a.add_argument("--name", required=True, metavar="HỌ_TÊN", help="họ và tên")
    a.add_argument("--role", required=True, metavar="VAI_TRÒ",
                   help="vai trò: counter | support | leader | admin")
    a.add_argument("--password", metavar="MẬT_KHẨU",
                   help="mật khẩu (bỏ trống để nhập từ bàn phím)")
    a.set_defaults(handler=cmd_officer_add)
    pw = osub.add_parser("passwd", parents=[common], help="đặt lại mật khẩu")
    pw.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của cán bộ")
    pw.add_argument("--password", metavar="MẬT_KHẨU", help="mật khẩu mới (bỏ trống để nhập từ bàn phím)")
    pw.set_defaults(handler=cmd_officer_passwd)
    for name, active in (("disable", False), ("enable", True)):
        d = osub.add_parser(name, parents=[common],
                            help="khóa tài khoản" if not active else "mở khóa tài khoản")
        d.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của cán bộ")
        d.set_defaults(handler=cmd_officer_active, active=active)

    c = sub.add_parser("config", parents=[common], help="xem, sửa cấu hình")
    csub = c.add_subparsers(dest="config_command", metavar="LỆNH", required=True)
    csub.add_parser("show", parents=[common], help="xem cấu hình").set_defaults(
        handler=cmd_config_show)
    s = csub.add_parser("set", parents=[common], help="đặt một giá trị, ví dụ office.name")
    s.add_argument("key", metavar="KHÓA", help="khóa cấu hình, ví dụ office.name")
    s.add_argument("value", metavar="GIÁ_TRỊ", help="giá trị mới")
    s.set_defaults(handler=cmd_config_set)


def _password(given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserInputError("Hãy cho mật khẩu bằng --password (không có bàn phím để nhập).")
    first = getpass.getpass("Mật khẩu: ")
    if first != getpass.getpass("Nhập lại mật khẩu: "):
        raise UserInputError("Hai lần nhập mật khẩu không khớp.")
    return first


def _find_id(core: Core, username: str) -> str:
    row = core.conn.execute("SELECT id FROM officers WHERE username = ? COLLATE NOCASE "
                            "ORDER BY active DESC, created_at LIMIT 1", (username,)).fetchone()
    if row is None:
        raise NotFound(f"Không có cán bộ với tên đăng nhập {username!r}.")
    return row["id"]


def cmd_officer_list(args, out) -> int:
    with command_core(args) as core:
        rows = officers.list_officers(core)
    out.result({"officers": rows}, lambda: "\n".join(
        f"{r['username']:<12} {r['full_name']:<28} {r['role_label']}"
        + ("" if r["active"] else " (đã khóa)") for r in rows) or "Chưa có cán bộ.")
    return 0


def cmd_officer_add(args, out) -> int:
    with command_core(args) as core:
        o = officers.create_officer(core, args.username, args.name, args.role,
                                    _password(args.password), must_change_password=True)
    out.result({"ok": True, "id": o.id, "username": o.username, "role": o.role.value},
               f"Đã thêm cán bộ {o.username} ({o.role.label}).")
    return 0


def cmd_officer_passwd(args, out) -> int:
    """One's own password (the login's is the old one), or an administrator's reset
    of someone else's: a temporary password, to be changed at that officer's next login."""
    with command_core(args) as core:
        target = _find_id(core, args.username)
        own = core.officer is not None and core.officer.id == target
        officers.change_password(core, target, _password(args.password),
                                 old_password=args.login_password if own else None)
    out.result({"ok": True}, f"Đã đặt lại mật khẩu cho {args.username}.")
    return 0


def cmd_officer_active(args, out) -> int:
    with command_core(args) as core:
        officers.set_active(core, _find_id(core, args.username), args.active)
    word = "mở khóa" if args.active else "khóa"
    out.result({"ok": True}, f"Đã {word} tài khoản {args.username}.")
    return 0


def cmd_config_show(args, out) -> int:
    """Works on a config with wrong keys too (that is when an admin needs it):
    the values as they are, and each problem on stderr."""
    data, problems = config_mod.inspect(args.config)
    out.result(data, lambda: "\n".join(
        f"{sec}.{k} = {v!r}" for sec, vals in data.items() if isinstance(vals, dict)
        for k, v in vals.items()))
    _warn(problems)
    return 0


def cmd_config_set(args, out) -> int:
    with _config_admin(args) as core:
        saved = office_config.set_value(core, args.key, args.value)
    value = saved.values[args.key]
    out.result({"ok": True, args.key: value}, f"Đã đặt {args.key} = {value!r}")
    _warn(saved.problems)
    return 0


def _config_admin(args) -> Core:
    """A Core to check who is setting the configuration. A config with wrong keys
    must still be fixable (that is when it is needed), so the login is checked
    against the database with the default configuration in that case."""
    try:
        return command_core(args)
    except InvalidConfigError:
        core = Core(open_database(args.db), _office_only(args.config), args.config, args.db,
                    device=Device.CONSOLE)
        try:
            login(core, args)
        except BaseException:
            core.close()
            raise
        return core


def _office_only(path) -> config_mod.Config:
    """Defaults, with the office of the file if that part is right (the login
    tells the demo office from a real one by it)."""
    data, _problems = config_mod.inspect(path)
    try:
        return config_mod.Config(office=config_mod.OfficeConfig(**data["office"]))
    except (KeyError, TypeError, ValueError):
        return config_mod.Config()


def _warn(problems) -> None:
    if problems:
        sys.stderr.write("Cảnh báo: cấu hình còn mục sai, phần mềm chưa dùng được cho đến khi "
                         "sửa xong:\n" + "".join(f"  - {p}\n" for p in problems))
