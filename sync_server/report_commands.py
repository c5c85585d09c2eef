"""``counter-sync-server report dossiers|queue|ratings`` (reports across offices, the
office app's ``counter-app report`` flags plus ``--offices``/``--all``) and
``counter-sync-server leader add|list|revoke`` (who may read them over HTTP)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable

from counter_app.errors import UserInputError
from counter_app.reports.document import as_json
from counter_app.reports.period import Period, parse_date
from sync_server import read_model
from sync_server.errors import ServerError
from sync_server.reports import build, leaders
from sync_server.reports.http import offices_param

HELP = {"dossiers": "báo cáo kết quả tiếp nhận, giải quyết hồ sơ của nhiều đơn vị",
        "queue": "báo cáo xếp hàng (số phiếu, thời gian chờ, phục vụ) của nhiều đơn vị",
        "ratings": "báo cáo đánh giá sự hài lòng của người dân ở nhiều đơn vị"}


def _scope(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--offices", metavar="MÃ,MÃ", help="các đơn vị, cách nhau bởi dấu phẩy")
    which.add_argument("--all", action="store_true", help="mọi đơn vị")


def add(sub, command: Callable) -> None:
    group = sub.add_parser("report", help="báo cáo định kỳ tổng hợp nhiều đơn vị",
                           description="Báo cáo định kỳ tổng hợp nhiều đơn vị, từ mô hình "
                                       "đọc của từng đơn vị trên máy chủ.")
    inner = group.add_subparsers(dest="report_kind", metavar="BÁO_CÁO", required=True)
    for kind, text in HELP.items():
        p = command(kind, _report, text, inner)
        _scope(p)
        p.add_argument("--from", dest="start", required=True, metavar="NGÀY",
                       help="ngày đầu kỳ, dạng YYYY-MM-DD")
        p.add_argument("--to", dest="end", required=True, metavar="NGÀY",
                       help="ngày cuối kỳ (tính cả ngày này), dạng YYYY-MM-DD")
        p.add_argument("--by", choices=list(build.GROUPS[kind]), metavar="NHÓM",
                       help="chia theo: " + ", ".join(build.GROUPS[kind]))
        p.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json",
                       metavar="ĐỊNH_DẠNG", help="json (mặc định), xlsx hoặc pdf")
        p.add_argument("--out", type=Path, metavar="TỆP",
                       help="tệp cần ghi (bắt buộc với xlsx, pdf; json không có thì in ra)")
        p.add_argument("--refresh", action="store_true",
                       help="cập nhật mô hình đọc của các đơn vị trước khi lập báo cáo")
        p.add_argument("--issuer", default="", metavar="TÊN",
                       help="cơ quan lập báo cáo, in ở đầu tệp PDF")
        p.add_argument("--place", default="", metavar="ĐỊA_DANH",
                       help="địa danh ở dòng ngày tháng (PDF)")
        p.add_argument("--workers", type=int, metavar="SỐ",
                       help="số kết nối đọc các đơn vị cùng lúc (mặc định: bằng số nhân "
                            "của máy chủ; 1: một kết nối)")
        if kind == "queue":
            p.add_argument("--threshold", type=float, default=15.0, metavar="PHÚT",
                           help="ngưỡng thời gian chờ (mặc định 15 phút)")

    group = sub.add_parser("leader", help="lãnh đạo xem báo cáo nhiều đơn vị qua HTTP",
                           description="Mã truy cập của lãnh đạo cho GET /v1/reports/….")
    inner = group.add_subparsers(dest="leader_command", metavar="LỆNH", required=True)
    p = command("add", _leader_add, "tạo lãnh đạo và mã truy cập (chỉ hiện một lần)", inner)
    p.add_argument("id", metavar="MÃ", help="mã lãnh đạo (ví dụ: vp-ubnd-tinh)")
    p.add_argument("--name", required=True, metavar="TÊN", help="tên người hoặc cơ quan")
    _scope(p)
    command("list", _leader_list, "liệt kê lãnh đạo và phạm vi đơn vị", inner)
    p = command("revoke", _leader_revoke, "thu hồi mã truy cập của một lãnh đạo", inner)
    p.add_argument("id", metavar="MÃ", help="mã lãnh đạo")


def _report(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    try:
        period = Period(parse_date(args.start, "--from"), parse_date(args.end, "--to"))
    except UserInputError as exc:
        raise ServerError(str(exc)) from None
    if args.format != "json" and args.out is None:
        raise ServerError(f"Định dạng {args.format} cần --out TỆP (tệp cần ghi).")
    codes = None if args.all else offices_param(args.offices)
    if not args.all and not codes:
        raise ServerError("--offices cần ít nhất một mã đơn vị.")
    with connect(args.dsn) as conn:
        if args.refresh:
            for office in codes or [r[0] for r in conn.execute("SELECT code FROM offices")]:
                read_model.refresh(conn, office)
        try:
            data = build.build(conn, args.report_kind, period, codes, args.by,
                               getattr(args, "threshold", 15.0),
                               connect=lambda: connect(args.dsn),
                               workers=max(1, min(args.workers or os.cpu_count() or 1, 32)))
        except UserInputError as exc:       # e.g. an office's rating scale is broken
            raise ServerError(str(exc)) from None
    if args.format == "json":
        document = as_json(data, args.by)
        if args.out is None:
            sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            return 0
        payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        payload = build.render(data, args.format, args.issuer, args.place)
    _write(args.out, payload)
    done = {"ok": True, "report": args.report_kind, "format": args.format,
            "path": str(args.out), "period": period.to_dict(),
            "offices": [o["code"] for o in data["offices"]]}
    _emit(args, done, lambda: f"Đã ghi báo cáo {len(data['offices'])} đơn vị "
                              f"{period.label} vào {args.out}.")
    return 0


def _write(path: Path, payload: bytes) -> None:
    from printing.reports.files import save
    try:
        save(path, payload)
    except OSError as exc:
        raise ServerError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from None


def _leader_add(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    codes = None if args.all else offices_param(args.offices)
    if not args.all and not codes:
        raise ServerError("--offices cần ít nhất một mã đơn vị.")
    with connect(args.dsn) as conn:
        made = leaders.add(conn, args.id, args.name, codes)
    scope = "mọi đơn vị" if codes is None else ", ".join(made["offices"])
    _emit(args, made, lambda: f"Đã tạo lãnh đạo {made['id']} ({scope}). Mã truy cập (chỉ hiện "
                              f"một lần): {made['token']}")
    return 0


def _leader_list(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    with connect(args.dsn) as conn:
        rows = leaders.listing(conn)
    _emit(args, rows, lambda: "\n".join(
        f"{r['id']}  {r['name']}  "
        f"{'mọi đơn vị' if r['offices'] == 'all' else ', '.join(r['offices'])}  "
        f"{'ĐÃ THU HỒI' if r['revoked_at'] else 'hoạt động'}  "
        f"dùng lần cuối {r['last_used_at'] or 'chưa'}" for r in rows) or "Chưa có lãnh đạo nào.")
    return 0


def _leader_revoke(args: argparse.Namespace) -> int:
    from sync_server.cli import _emit, connect
    with connect(args.dsn) as conn:
        done = leaders.revoke(conn, args.id)
    _emit(args, done, lambda: f"Đã thu hồi mã truy cập của lãnh đạo {done['id']}.")
    return 0
