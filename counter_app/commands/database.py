"""``counter-app init`` and ``counter-app db …``."""

from __future__ import annotations

from counter_app.commands import command_core
from counter_app.services.setup import initialise
from db import commands
from db.check import check


def register(sub, common) -> None:
    p = sub.add_parser("init", parents=[common], help="khởi tạo cơ sở dữ liệu và cấu hình (cơ sở dữ liệu "
                       "mẫu, nếu có, được cất sang tệp có ghi thời gian)")
    p.add_argument("--demo", action="store_true", help="tạo văn phòng mẫu có sẵn cán bộ, quầy, dịch vụ")
    p.add_argument("--admin-user", default="admin", metavar="TÊN_ĐĂNG_NHẬP",
                   help="tên đăng nhập quản trị (khi không --demo)")
    p.add_argument("--admin-password", metavar="MẬT_KHẨU", help="mật khẩu quản trị (khi không --demo)")
    p.set_defaults(handler=cmd_init)

    db = sub.add_parser("db", parents=[common], help="kiểm tra, bảo trì cơ sở dữ liệu")
    dbsub = db.add_subparsers(dest="db_command", metavar="LỆNH", required=True)
    c = dbsub.add_parser("check", parents=[common], help="kiểm tra toàn vẹn dữ liệu")
    c.set_defaults(handler=cmd_check)
    r = dbsub.add_parser("rebuild-projections", parents=[common],
                         help="dựng lại các bảng từ nhật ký sự kiện")
    r.set_defaults(handler=cmd_rebuild)


def cmd_init(args, out) -> int:
    res = initialise(args.db, args.config, demo=args.demo, admin_username=args.admin_user,
                     admin_password=args.admin_password)
    data = {"ok": True, "db": str(res.db_path), "config": str(res.config_path),
            "device_id": res.device_id, "demo": res.demo, "accounts": res.accounts,
            "archived": None}
    if res.archived:
        data["archived"] = {"db": str(res.archived.db_path),
                            "config": str(res.archived.config_path or "")}

    def text() -> str:
        lines = [f"Đã khởi tạo cơ sở dữ liệu: {res.db_path}", f"Cấu hình: {res.config_path}"]
        if res.archived:
            lines.append(f"Dữ liệu mẫu đã được cất sang: {res.archived.db_path}"
                         + (f" (cấu hình: {res.archived.config_path})"
                            if res.archived.config_path else ""))
            lines.append("Hãy đặt tên, mã cơ quan: counter-app config set office.name …")
        if res.demo:
            lines.append("Văn phòng mẫu — tài khoản đăng nhập (mật khẩu mẫu, hãy đổi khi dùng thật):")
            lines += [f"  {a['username']:<8} {a['password']:<10} {a['role_label']}"
                      for a in res.accounts]
        return "\n".join(lines)
    out.result(data, text)
    return 0


def cmd_check(args, out) -> int:
    with command_core(args) as core:
        report = check(core.conn, args.db)

    def text() -> str:
        head = "Cơ sở dữ liệu tốt." if report["ok"] else "Cơ sở dữ liệu có lỗi:"
        lines = [head, f"  Tệp: {report['path']}",
                 f"  Phiên bản lược đồ: {report['schema_version']}",
                 f"  Số sự kiện: {report['event_count']}",
                 f"  Chờ đồng bộ: {report['pending_sync']}",
                 "  Nhật ký sự kiện: " + ("nguyên vẹn" if report["chain"]["ok"] else
                                          f"{report['chain']['break_count']} chỗ hỏng")]
        return "\n".join(lines + [f"  - {p}" for p in report["problems"]])
    out.result(report, text)
    return 0 if report["ok"] else 1


def cmd_rebuild(args, out) -> int:
    with command_core(args) as core:
        core.authorize("database.rebuild_projections")
        n = commands.rebuild_projections(core.conn)
    out.result({"ok": True, "events_replayed": n},
               f"Đã dựng lại dữ liệu từ {n} sự kiện.")
    return 0
