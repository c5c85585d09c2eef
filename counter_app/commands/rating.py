"""``counter-app rating paper|scale``: paper surveys handed back, and the rating scale.

``paper`` records one survey (the level, the reasons ticked, the officer and dossier it
names, the day it was filled in); ``scale`` shows the levels and reasons, or sets the
levels from a JSON file ``[{"code", "label", "satisfied"}, …]`` (best first).
"""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.commands import command_core
from counter_app.errors import UserInputError
from counter_app.reports.period import parse_date
from counter_app.services import ratings


def register(sub, common) -> None:
    p = sub.add_parser("rating", parents=[common], help="đánh giá của người dân")
    rsub = p.add_subparsers(dest="rating_command", metavar="LỆNH", required=True)
    paper = rsub.add_parser("paper", parents=[common], help="ghi một phiếu khảo sát giấy")
    paper.add_argument("--level", required=True, metavar="MỨC",
                       help="mã mức đánh giá (xem: counter-app rating scale)")
    paper.add_argument("--reason", action="append", default=[], metavar="LÝ_DO",
                       help="một lý do được đánh dấu trên phiếu; lặp lại cho nhiều lý do")
    paper.add_argument("--officer", default="", metavar="TÊN_ĐĂNG_NHẬP",
                       help="cán bộ được đánh giá (tên đăng nhập)")
    paper.add_argument("--dossier", default="", metavar="MÃ_HỒ_SƠ", help="hồ sơ phiếu nhắc tới")
    paper.add_argument("--date", metavar="NGÀY", help="ngày ghi trên phiếu, YYYY-MM-DD")
    paper.add_argument("--comment", default="", metavar="Ý_KIẾN", help="ý kiến khác trên phiếu")
    paper.set_defaults(handler=cmd_paper)
    scale = rsub.add_parser("scale", parents=[common], help="xem hoặc đặt thang đánh giá")
    scale.add_argument("--set", dest="file", type=Path, metavar="TỆP.json",
                       help='các mức, tốt nhất trước: [{"code", "label", "satisfied"}, …]')
    scale.set_defaults(handler=cmd_scale)


def cmd_paper(args, out) -> int:
    from datetime import datetime, time
    day = parse_date(args.date, "--date") if args.date else None
    with command_core(args) as core:
        rating = ratings.record_paper(
            core, args.level, args.reason, officer=args.officer, dossier_code=args.dossier,
            rated_on=datetime.combine(day, time(12)) if day else None, comment=args.comment)
    out.result(rating, f"Đã ghi phiếu khảo sát: {args.level}.")
    return 0


def cmd_scale(args, out) -> int:
    with command_core(args) as core:
        if args.file:
            try:
                levels = json.loads(args.file.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError) as exc:
                raise UserInputError(f"Không đọc được tệp thang đánh giá {args.file}: "
                                     f"{exc}.") from None
            ratings.set_scale(core, levels)
        levels, reasons = ratings.scale(core), ratings.reasons(core)
    data = {"levels": [lv.__dict__ for lv in levels], "reasons": list(reasons)}
    out.result(data, "\n".join(f"{lv.code:<16} {lv.label}" + (" (hài lòng)" if lv.satisfied
                                                              else "") for lv in levels))
    return 0
