"""``counter-app report dossiers|queue|ratings``: the periodic reports (docs/REPORTS.md).

``--format json`` without ``--out`` prints one JSON object (``period``, ``totals`` and,
with ``--by``, ``rows``); ``xlsx`` and ``pdf`` need ``--out``. Bad dates or groups exit 2
with a Vietnamese message and write nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from counter_app.commands import command_core
from counter_app.errors import UserInputError
from counter_app.reports.document import as_json
from counter_app.reports.measures import BREAKDOWNS, QUEUE_BREAKDOWNS
from counter_app.reports.period import Period, parse_date
from counter_app.reports.ratings import BREAKDOWNS as RATING_BREAKDOWNS
from counter_app.services import reports

HELP = {"dossiers": ("báo cáo kết quả tiếp nhận, giải quyết hồ sơ", BREAKDOWNS),
        "queue": ("báo cáo xếp hàng: số phiếu, thời gian chờ, thời gian phục vụ",
                  QUEUE_BREAKDOWNS),
        "ratings": ("báo cáo đánh giá sự hài lòng của người dân", RATING_BREAKDOWNS)}


def register(sub, common) -> None:
    p = sub.add_parser("report", parents=[common], help="báo cáo định kỳ (tháng, quý, năm)")
    rsub = p.add_subparsers(dest="report_kind", metavar="BÁO_CÁO", required=True)
    for kind, (text, groups) in HELP.items():
        r = rsub.add_parser(kind, parents=[common], help=text)
        r.add_argument("--from", dest="start", required=True, metavar="NGÀY",
                       help="ngày đầu kỳ, dạng YYYY-MM-DD")
        r.add_argument("--to", dest="end", required=True, metavar="NGÀY",
                       help="ngày cuối kỳ (tính cả ngày này), dạng YYYY-MM-DD")
        r.add_argument("--by", choices=list(groups), metavar="NHÓM",
                       help="chia theo: " + ", ".join(groups))
        r.add_argument("--format", choices=list(reports.FORMATS), default="json",
                       metavar="ĐỊNH_DẠNG", help="json (mặc định), xlsx hoặc pdf")
        r.add_argument("--out", type=Path, metavar="TỆP",
                       help="tệp cần ghi (bắt buộc với xlsx, pdf; json không có thì in ra)")
        if kind == "queue":
            r.add_argument("--threshold", type=float, default=15.0, metavar="PHÚT",
                           help="ngưỡng thời gian chờ (mặc định 15 phút)")
        r.set_defaults(handler=cmd_report)


def cmd_report(args, out) -> int:
    period = Period(parse_date(args.start, "--from"), parse_date(args.end, "--to"))
    if args.format != "json" and args.out is None:
        raise UserInputError(f"Định dạng {args.format} cần --out TỆP (tệp cần ghi).")
    with command_core(args) as core:
        data = reports.build(core, args.report_kind, period, args.by,
                             getattr(args, "threshold", 15.0))
        if args.format != "json":
            path = reports.write(core, data, args.format, args.out)
    if args.format == "json":
        document = as_json(data, args.by)
        if args.out is None:
            sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            return 0
        _write_json(args.out, document)
        path = args.out
    out.result({"ok": True, "report": args.report_kind, "format": args.format,
                "path": str(path), "period": period.to_dict()},
               f"Đã ghi báo cáo {period.label} vào {path}.")
    return 0


def _write_json(path: Path, document: dict) -> None:
    try:
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from None
