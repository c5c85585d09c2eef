"""``counter-app slip …``: guidance (form 02) and refusal (form 03) slips given at the counter.

They are recorded by ``counter-app dossier receive --outcome incomplete|refused``;
here they are listed, shown and printed again.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from counter_app.commands import command_core
from counter_app.services import slips

SUMMARY_KEYS = ("number", "kind", "label", "legacy_code", "procedure_code", "procedure_name",
                "applicant_name", "applicant_id_number", "issued_at_local", "reason",
                "citizen_not_write")


def register(sub, common) -> None:
    s = sub.add_parser("slip", parents=[common],
                       help="phiếu hướng dẫn bổ sung (mẫu 02) và phiếu từ chối (mẫu 03) tại quầy")
    ssub = s.add_subparsers(dest="slip_command", metavar="LỆNH", required=True)
    ls = ssub.add_parser("list", parents=[common], help="liệt kê, tìm phiếu (mới nhất trước)")
    ls.add_argument("text", nargs="?", default="", metavar="CHUỖI",
                    help="số phiếu, họ tên, số định danh, số điện thoại, thủ tục")
    ls.add_argument("--kind", choices=("guidance", "refusal"), metavar="LOẠI",
                    help="guidance (hướng dẫn bổ sung) | refusal (từ chối)")
    ls.add_argument("--procedure", metavar="MÃ", help="chỉ phiếu của thủ tục này")
    ls.add_argument("--from", dest="date_from", type=_date, metavar="NGÀY",
                    help="lập từ ngày (YYYY-MM-DD, giờ Việt Nam)")
    ls.add_argument("--to", dest="date_to", type=_date, metavar="NGÀY",
                    help="lập đến hết ngày (YYYY-MM-DD)")
    ls.set_defaults(handler=cmd_list)
    sh = ssub.add_parser("show", parents=[common], help="xem một phiếu")
    sh.add_argument("number", metavar="SỐ_PHIẾU", help="ví dụ 01/2026/HDHS")
    sh.set_defaults(handler=cmd_show)
    pr = ssub.add_parser("print", parents=[common], help="in lại phiếu ra tệp PDF")
    pr.add_argument("number", metavar="SỐ_PHIẾU", help="ví dụ 01/2026/HDHS")
    pr.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp PDF cần ghi")
    pr.set_defaults(handler=cmd_print)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải ngày dạng YYYY-MM-DD") from None


def _line(s: dict) -> str:
    return f"{s['number']:<28} {s['issued_at_local']}  {s['applicant_name']:<28} {s['label']}"


def cmd_list(args, out) -> int:
    with command_core(args) as core:
        rows = slips.search(core, args.text, args.kind, procedure_code=args.procedure,
                            date_from=args.date_from, date_to=args.date_to)
    out.result({"count": len(rows), "slips": [{k: r[k] for k in SUMMARY_KEYS} for r in rows]},
               lambda: "\n".join(_line(r) for r in rows) or "Không có phiếu nào.")
    return 0


def cmd_show(args, out) -> int:
    with command_core(args) as core:
        s = slips.by_number(core, args.number)
    missing = "; ".join(m["name"] for m in s["missing"])
    out.result(s, lambda: "\n".join(
        [f"{s['label']} số {s['number']}", f"Người nộp: {s['applicant_name']}",
         f"Thủ tục: {s['procedure_name']}", f"Lập lúc: {s['issued_at_local']}",
         f"Lý do: {s['reason']}"] + ([f"Cần bổ sung: {missing}"] if missing else [])))
    return 0


def cmd_print(args, out) -> int:
    with command_core(args) as core:
        s = slips.by_number(core, args.number)
        path = slips.save(core, s, args.out)
    out.result({"ok": True, "number": s["number"], "form": s["form"], "path": str(path)},
               f"Đã ghi {s['label'].lower()} số {s['number']} vào {path}.")
    return 0
