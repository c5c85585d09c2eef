"""``counter-app form sets|stats``: form sets filled under "Công dân không viết".

``sets`` lists the completed sets no intake has used yet (as the intake page offers
them); ``stats`` counts the citizens served this way per officer, field and month.
"""

from __future__ import annotations

from datetime import date

from counter_app.commands import command_core
from counter_app.errors import UserInputError
from counter_app.services import citizen_forms, citizen_forms_stats


def register(fsub, common) -> None:
    s = fsub.add_parser("sets", parents=[common],
                        help="bộ tờ khai đã hoàn tất, chờ tiếp nhận")
    s.add_argument("--search", default="", metavar="CHUỖI", help="họ tên (không cần dấu) hoặc số định danh")
    s.set_defaults(handler=cmd_sets)
    st = fsub.add_parser("stats", parents=[common],
                         help="số công dân được phục vụ theo mô hình Công dân không viết")
    st.add_argument("--from", dest="start", type=date.fromisoformat, required=True,
                    metavar="NGÀY", help="từ ngày, dạng YYYY-MM-DD")
    st.add_argument("--to", dest="end", type=date.fromisoformat, required=True,
                    metavar="NGÀY", help="đến ngày, dạng YYYY-MM-DD")
    st.add_argument("--by", default="officer", metavar="NHÓM[,NHÓM]",
                    help="officer, field, month hoặc kết hợp, ví dụ month,officer")
    st.set_defaults(handler=cmd_stats)


def cmd_sets(args, out) -> int:
    with command_core(args) as core:
        rows = citizen_forms.ready(core, args.search)
    out.result(rows, lambda: "\n".join(
        f"{r['completed_at'][:10]}  {r['applicant_name']:<28} {r['applicant_id_number']:<12}  "
        f"{r['procedure_name']}" for r in rows) or "Không có bộ tờ khai nào chờ tiếp nhận.")
    return 0


def cmd_stats(args, out) -> int:
    by = tuple(g.strip() for g in args.by.split(",") if g.strip())
    if not by:
        raise UserInputError("--by: hãy chọn ít nhất một nhóm (officer, field, month).")
    with command_core(args) as core:
        report = citizen_forms_stats.served(core, args.start, args.end, by)
    out.result(report, lambda: _text(report))
    return 0


def _text(report: dict) -> str:
    lines = [f"Công dân không viết, {report['from']} → {report['to']}:"]
    for r in report["rows"]:
        label = " · ".join(str(r.get(k)) for k in ("month", "officer_name", "field_name")
                           if k in r)
        lines.append(f"  {label}: {r['served']} lượt, {r['forms']} tờ khai, "
                     f"{r['dossiers']} hồ sơ")
    t = report["total"]
    lines.append(f"Tổng: {t['served']} lượt, {t['forms']} tờ khai, {t['dossiers']} hồ sơ.")
    return "\n".join(lines)
