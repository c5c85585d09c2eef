"""``counter-app backup --out FILE`` and ``counter-app restore FILE`` (docs/SECURITY.md).

Both are an administrator's (``--user``). A restore is also allowed without a login
when the current database is missing or SQLite cannot read it: that is when a
restore is most needed, no account can be checked against it, and whoever runs the
command already is the system user who owns the files (they are 0600).
"""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app import restore as restore_mod
from counter_app.commands import command_core
from counter_app.errors import DatabaseError, NotADatabaseError
from counter_app.services import backups


def register(sub, common) -> None:
    b = sub.add_parser("backup", parents=[common],
                       help="sao lưu cơ sở dữ liệu ra một tệp (an toàn cả khi phần mềm đang chạy)")
    b.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp sao lưu sẽ tạo")
    b.set_defaults(handler=cmd_backup)
    r = sub.add_parser("restore", parents=[common],
                       help="khôi phục cơ sở dữ liệu từ một tệp sao lưu (kiểm tra trước, giữ lại "
                            "tệp cũ); phần mềm phải đang đóng")
    r.add_argument("file", type=Path, metavar="TỆP", help="tệp sao lưu")
    r.add_argument("--offline", action="store_true",
                   help="khôi phục dù không liên lạc được máy chủ đồng bộ (xem hướng dẫn)")
    r.set_defaults(handler=cmd_restore)


def cmd_backup(args, out) -> int:
    with command_core(args) as core:
        report = backups.backup_to(core, args.out)
    out.result(report, f"Đã sao lưu {report['events']} sự kiện vào {report['path']} "
                       "(đã kiểm tra: nguyên vẹn).")
    return 0


def cmd_restore(args, out) -> int:
    try:
        core = command_core(args)
    except DatabaseError as exc:
        if Path(args.db).exists() and type(exc) not in (DatabaseError, NotADatabaseError):
            raise
        # No database to log in against: the one case a restore needs no one.
        result = restore_mod.restore(args.db, args.config, args.file, offline=args.offline)
    else:
        with core:
            result = backups.restore(core, args.file, offline=args.offline)
    data = result.as_dict()

    def text() -> str:
        lines = [f"Đã khôi phục {result.db} từ {args.file} ({result.verdict.events} sự kiện, "
                 "đã kiểm tra: nguyên vẹn)."]
        if result.kept:
            lines.append(f"Cơ sở dữ liệu cũ được giữ lại: {result.kept}")
        if result.synced:
            lines.append(f"Đã đồng bộ lại với máy chủ: nhận {result.synced['pulled']} sự kiện.")
        return "\n".join(lines)
    out.result(data, text)
    if result.warning:
        sys.stderr.write(f"Cảnh báo: {result.warning}\n")
    return 0
