"""``counter-sync-server read-model status|refresh|rebuild|held``: the administrator's view
of the per-office read models (sync_server/read_model)."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from sync_server import read_model
from sync_server.read_model.status import held


def add(sub, command: Callable) -> None:
    """Register the ``read-model`` group on the main parser's subcommands."""
    group = sub.add_parser("read-model", help="mô hình đọc theo đơn vị (hồ sơ, số thứ tự, …)",
                           description="Mô hình đọc của từng đơn vị trên máy chủ.")
    inner = group.add_subparsers(dest="read_model_command", metavar="LỆNH", required=True)
    p = command("status", _status, "mỗi đơn vị: đã đọc đến đâu, còn chờ, bị giữ lại", inner)
    p.add_argument("--office", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này")
    p = command("refresh", _refresh, "áp dụng ngay các sự kiện mới vào mô hình đọc", inner)
    p.add_argument("--office", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này (mặc định: mọi đơn vị)")
    p = command("rebuild", _rebuild, "dựng lại mô hình đọc của một đơn vị từ nhật ký sự kiện",
                inner)
    p.add_argument("--office", metavar="ĐƠN_VỊ", required=True, help="mã đơn vị")
    command("follow", _follow, "chạy riêng việc cập nhật mô hình đọc (cho máy chủ chạy "
            "serve --no-read-model), đến khi bị dừng", inner)
    p = command("held", _held, "các sự kiện chưa áp dụng được và lý do", inner)
    p.add_argument("--office", metavar="ĐƠN_VỊ", required=True, help="mã đơn vị")


def _status(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    with connect(args.dsn) as conn:
        rows = read_model.status(conn, args.office)

    def text() -> str:
        return "\n".join(
            f"{r['office']}  {'đúng quy tắc hiện hành' if r['current'] else 'CẦN DỰNG LẠI'}  "
            f"đã áp dụng {r['applied']}  chờ đọc {r['pending']}  chờ sự kiện trước "
            f"{r['waiting']}  bị từ chối {r['refused']}  cập nhật {r['refreshed_at'] or 'chưa'}"
            for r in rows) or "Chưa có đơn vị nào."
    _emit(args, rows, text)
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    with connect(args.dsn) as conn:
        offices = [args.office] if args.office else [
            r[0] for r in conn.execute("SELECT code FROM offices ORDER BY code")]
        reports = [read_model.refresh(conn, office).as_dict() for office in offices]
    _emit(args, reports, lambda: "\n".join(_line(r) for r in reports) or "Chưa có đơn vị nào.")
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    with connect(args.dsn) as conn:
        read_model.ensure(conn, args.office)
        report = read_model.rebuild(conn, args.office).as_dict()
    _emit(args, report, lambda: "Đã dựng lại. " + _line(report))
    return 0


def _follow(args: argparse.Namespace) -> int:
    from sync_server.cli import connect
    from sync_server.read_model.runner import follow
    with connect(args.dsn):
        pass                            # refuse a bad DSN with the usual message first
    sys.stderr.write("Đang cập nhật mô hình đọc của các đơn vị (Ctrl+C để dừng).\n")
    follow(args.dsn)
    return 0


def _held(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    with connect(args.dsn) as conn:
        read_model.ensure(conn, args.office)
        rows = held(conn, args.office)
    _emit(args, rows, lambda: "\n".join(
        f"{r['device_id']}#{r['device_seq']}  {r['type']}  {r['state']}  "
        f"(thử {r['attempts']} lần): {r['reason']}" for r in rows)
        or "Không có sự kiện nào bị giữ lại.")
    return 0


def _line(r: dict) -> str:
    return (f"{r['office']}: áp dụng {r['applied'] + r['released']}, giữ lại {r['held']}, "
            f"bỏ qua (bị cách ly) {r['skipped']}{', đã dựng lại' if r['rebuilt'] else ''}.")
