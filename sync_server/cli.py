"""``counter-sync-server``: run the server and administer it (docs/cli.md).

Conventions as ``counter-app``: ``--json`` prints exactly one JSON document on stdout;
messages go to stderr in Vietnamese; bad input exits 2, an unreachable database 3,
both without a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Any, Callable

import psycopg

from counter_app.argparse_vi import ViArgumentParser
from sync_server import admin, migrations
from sync_server import read_model_commands, report_commands
from sync_server.errors import DatabaseUnavailable, NotMigrated, ServerError

DSN_ENV = "COUNTER_SYNC_DSN"


class Parser(ViArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"Lỗi: lệnh không hợp lệ ({message}).\n"
                         f"Xem hướng dẫn: {self.prog} --help\n")
        raise SystemExit(2)


def _common() -> argparse.ArgumentParser:
    p = ViArgumentParser(add_help=False)
    p.add_argument("--dsn", default=argparse.SUPPRESS, metavar="CHUỖI_KẾT_NỐI",
                   help=f"chuỗi kết nối PostgreSQL (mặc định: biến môi trường {DSN_ENV})")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                   help="in kết quả dạng JSON")
    return p


def build_parser() -> Parser:
    common = _common()
    parser = Parser(prog="counter-sync-server", parents=[common],
                    description="Máy chủ đồng bộ Quầy Một cửa (PostgreSQL) và các lệnh quản trị.")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", required=True)

    def command(name: str, handler: Callable, help: str, parent=sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = command("serve", _serve, "chạy máy chủ đồng bộ (HTTP)")
    p.add_argument("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", help="địa chỉ lắng nghe (mặc định: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, metavar="CỔNG", help="cổng (mặc định: 8765)")
    p.add_argument("--no-read-model", action="store_true",
                   help="không tự cập nhật mô hình đọc của các đơn vị (khi một máy chủ khác làm việc này)")
    command("migrate", _migrate, "tạo hoặc nâng cấp các bảng của máy chủ đồng bộ")
    office = sub.add_parser("office", help="quản lý đơn vị", description="Quản lý đơn vị.")
    office_sub = office.add_subparsers(dest="office_command", metavar="LỆNH", required=True)
    p = command("add", _office_add, "thêm một đơn vị (xã/phường, cơ quan)", office_sub)
    p.add_argument("code", metavar="MÃ", help="mã đơn vị")
    p.add_argument("--name", required=True, metavar="TÊN", help="tên đơn vị")
    p.add_argument("--agency", metavar="MÃ", help="mã cơ quan cấp trên (nếu có)")
    p = command("enroll-code", _enroll_code, "tạo mã đăng ký dùng một lần cho một máy của đơn vị")
    p.add_argument("office", metavar="ĐƠN_VỊ", help="mã đơn vị")
    p.add_argument("--hours", type=int, default=24, metavar="SỐ_GIỜ", help="thời hạn của mã, giờ (mặc định: 24)")
    p = command("devices", _devices, "liệt kê thiết bị, lần đồng bộ cuối và số thay đổi chờ")
    p.add_argument("--office", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này")
    p = command("revoke", _revoke, "thu hồi quyền đồng bộ của một thiết bị")
    p.add_argument("device", metavar="THIẾT_BỊ", help="mã thiết bị")
    p = command("quarantine", _quarantine, "liệt kê sự kiện bị cách ly (vi phạm quy tắc)")
    p.add_argument("--office", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này")
    p = command("chain-breaks", _chain_breaks, "liệt kê các lần chuỗi băm của thiết bị bị đứt")
    p.add_argument("--office", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này")
    p = command("scrub-hashes", _scrub_hashes,
                "xoá mã băm mật khẩu mà phiên bản cũ đã ghi vào các sự kiện trên máy chủ "
                "(chạy khi mọi máy của đơn vị đã dùng phiên bản mới)")
    p.add_argument("--office", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này")
    read_model_commands.add(sub, command)
    report_commands.add(sub, command)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    args.json = getattr(args, "json", False)
    args.dsn = getattr(args, "dsn", None) or os.environ.get(DSN_ENV)
    try:
        if not args.dsn:
            raise ServerError(f"Thiếu chuỗi kết nối: dùng --dsn hoặc biến môi trường {DSN_ENV}.")
        return args.handler(args) or 0
    except ServerError as exc:
        sys.stderr.write(f"Lỗi: {exc}\n")
        return exc.exit_code
    except psycopg.errors.UndefinedTable:
        sys.stderr.write(f"Lỗi: {_NOT_MIGRATED}\n")
        return 2
    except psycopg.Error as exc:
        sys.stderr.write(f"Lỗi cơ sở dữ liệu: {str(exc).strip()}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 130


_NOT_MIGRATED = "Cơ sở dữ liệu chưa có bảng đồng bộ; hãy chạy: counter-sync-server migrate"


def connect(dsn: str) -> psycopg.Connection:
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"Không kết nối được PostgreSQL ({_first_line(exc)}).") from None
    except psycopg.ProgrammingError as exc:
        raise ServerError(f"Chuỗi kết nối không hợp lệ ({_first_line(exc)}).") from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text() + "\n")


def _serve(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        if migrations.pending(conn):
            raise NotMigrated(_NOT_MIGRATED)
    import uvicorn

    from sync_server.app import create_app
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.stderr.write(f"Máy chủ đồng bộ lắng nghe tại http://{args.host}:{args.port}\n")
    uvicorn.run(create_app(args.dsn, read_model=not args.no_read_model), host=args.host,
                port=args.port, log_level="warning")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        done = migrations.migrate(conn)
        names = migrations.applied(conn)
    _emit(args, {"applied": done, "schema": names},
          lambda: ("Đã áp dụng: " + ", ".join(done)) if done
          else "Cơ sở dữ liệu đã là bản mới nhất.")
    return 0


def _office_add(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        office = admin.add_office(conn, args.code, args.name, args.agency)
    _emit(args, office, lambda: f"Đã thêm đơn vị {office['code']} — {office['name']}.")
    return 0


def _enroll_code(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        code = admin.enroll_code(conn, args.office, args.hours)
    _emit(args, code, lambda: f"Mã đăng ký cho đơn vị {code['office']}: {code['code']} "
                              f"(dùng một lần, hết hạn {code['expires_at']})")
    return 0


def _devices(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        rows = admin.devices(conn, args.office)

    def text() -> str:
        if not rows:
            return "Chưa có thiết bị nào."
        return "\n".join(
            f"{r['id']}  {r['office']}  {r['label'] or '-'}  "
            f"{_device_state(r)}  đã nhận đến số {r['acked_seq']}  "
            f"gửi lần cuối {r['last_push_at'] or 'chưa'}  "
            f"nhận lần cuối {r['last_pull_at'] or 'chưa'}  "
            f"chờ nhận {r['pending_pull']}  cách ly {r['quarantined']}  "
            f"đứt chuỗi {r['chain_breaks']}" for r in rows)
    _emit(args, rows, text)
    return 0


def _device_state(row: dict) -> str:
    if row["revoked_at"]:
        return "ĐÃ THU HỒI"
    return f"đã đăng ký lại thành {row['replaced_by']}" if row["replaced_by"] else "hoạt động"


def _revoke(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        done = admin.revoke(conn, args.device)
    _emit(args, done, lambda: f"Đã thu hồi thiết bị {done['device_id']} ({done['office']}).")
    return 0


def _scrub_hashes(args: argparse.Namespace) -> int:
    import time

    from sync_server import scrub
    with connect(args.dsn) as conn:
        offices = [args.office] if args.office else scrub.offices_with_hashes(conn)
        if args.office:
            admin.require_office(conn, args.office)
        done = [scrub.scrub_office(conn, office, int(time.time() * 1000)) for office in offices]
    _emit(args, {"offices": done}, lambda: "\n".join(
        f"{d['office']}: đã xoá mã băm mật khẩu trong {d['scrubbed']} sự kiện"
        + (f"; {len(d['altered'])} sự kiện không khớp mã băm, để nguyên: "
           + ", ".join(d['altered']) if d["altered"] else "") for d in done)
        or "Không còn sự kiện nào chứa mã băm mật khẩu.")
    return 0


def _quarantine(args: argparse.Namespace) -> int:
    return _listing(args, admin.quarantine, "Không có sự kiện nào bị cách ly.", lambda r: (
        f"{r['office']}  {r['device_id']}#{r['device_seq']}  {r['type']}  {r['id']}: "
        f"{r['reason']}"))


def _chain_breaks(args: argparse.Namespace) -> int:
    return _listing(args, admin.chain_breaks, "Không có lần đứt chuỗi nào.", lambda r: (
        f"{r['at']}  {r['office']}  {r['device']} tại số {r['seq']}: {r['reason']}"))


def _listing(args: argparse.Namespace, fetch: Callable, empty: str,
             line: Callable[[dict], str]) -> int:
    """Print an office-filtered listing: one JSON array, or one line per row."""
    with connect(args.dsn) as conn:
        rows = fetch(conn, args.office)
    _emit(args, rows, lambda: "\n".join(line(r) for r in rows) or empty)
    return 0
