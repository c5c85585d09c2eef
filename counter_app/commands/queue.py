"""``counter-app ticket …`` and ``counter-app queue …``: the queue from the command line."""

from __future__ import annotations

from datetime import date

from counter_app.commands import command_core
from counter_app.errors import UserInputError
from counter_app.services import queue, queue_config, queue_stats, ticket_printing

ACTIONS = {"recall": "gọi lại", "start": "bắt đầu phục vụ", "finish": "kết thúc",
           "no-show": "vắng mặt", "cancel": "hủy", "requeue": "đưa lại vào hàng chờ"}


def register(sub, common) -> None:
    t = sub.add_parser("ticket", parents=[common], help="phiếu số thứ tự")
    tsub = t.add_subparsers(dest="ticket_command", metavar="LỆNH", required=True)
    i = tsub.add_parser("issue", parents=[common], help="lấy số (như ở ki-ốt) và in phiếu")
    i.add_argument("service", metavar="DỊCH_VỤ", help="mã, ký hiệu hoặc tên dịch vụ, ví dụ A hoặc HOTICH")
    i.add_argument("--priority", metavar="MÃ", help="mã đối tượng ưu tiên, ví dụ NCT")
    i.add_argument("--printer", metavar="ĐỊA_CHỈ", help="máy in, ví dụ tcp:192.0.2.5:9100 (mặc định: cấu hình)")
    i.add_argument("--no-print", action="store_true", help="chỉ cấp số, không in")
    i.set_defaults(handler=cmd_issue)
    c = tsub.add_parser("call", parents=[common], help="gọi số tiếp theo (hoặc một số cụ thể)")
    c.add_argument("--counter", type=int, required=True, metavar="SỐ_QUẦY", help="số quầy")
    c.add_argument("--number", metavar="SỐ_PHIẾU", help="gọi đúng số này, ví dụ A025")
    c.set_defaults(handler=cmd_call)
    for name, label in ACTIONS.items():
        a = tsub.add_parser(name, parents=[common], help=label)
        a.add_argument("number", metavar="SỐ_PHIẾU", help="số trên phiếu, ví dụ A025")
        a.add_argument("--counter", type=int, metavar="SỐ_QUẦY", help="số quầy")
        a.set_defaults(handler=cmd_action, action=name.replace("-", "_"))
    tr = tsub.add_parser("transfer", parents=[common], help="chuyển sang dịch vụ hoặc quầy khác")
    tr.add_argument("number", metavar="SỐ_PHIẾU", help="số trên phiếu, ví dụ A025")
    tr.add_argument("--service", metavar="DỊCH_VỤ", help="chuyển sang dịch vụ này")
    tr.add_argument("--to-counter", type=int, metavar="SỐ_QUẦY", help="chuyển tới quầy này")
    tr.set_defaults(handler=cmd_transfer)
    rp = tsub.add_parser("reprint", parents=[common], help="in lại phiếu")
    rp.add_argument("number", metavar="SỐ_PHIẾU", help="số trên phiếu, ví dụ A025")
    rp.add_argument("--printer", metavar="ĐỊA_CHỈ", help="máy in (mặc định: cấu hình)")
    rp.set_defaults(handler=cmd_reprint)
    _register_queue(sub, common)


def _register_queue(sub, common) -> None:
    q = sub.add_parser("queue", parents=[common], help="tình hình hàng đợi, thống kê, cài đặt")
    qsub = q.add_subparsers(dest="queue_command", metavar="LỆNH", required=True)
    qsub.add_parser("status", parents=[common], help="số đang chờ, số ở từng quầy").set_defaults(
        handler=cmd_status)
    st = qsub.add_parser("stats", parents=[common], help="thời gian chờ, phục vụ, vắng mặt")
    st.add_argument("--from", dest="start", required=True, metavar="NGÀY", help="từ ngày YYYY-MM-DD")
    st.add_argument("--to", dest="end", required=True, metavar="NGÀY", help="đến ngày YYYY-MM-DD")
    st.add_argument("--by", choices=queue_stats.GROUPS, default="service",
                    help="nhóm theo dịch vụ, quầy, cán bộ hoặc giờ")
    st.set_defaults(handler=cmd_stats)
    po = qsub.add_parser("policy", parents=[common], help="chính sách ưu tiên")
    po.add_argument("mode", choices=["strict", "every_n"],
                    help="strict: luôn gọi ưu tiên trước; every_n: xen kẽ theo --every")
    po.add_argument("--every", type=int, default=3, metavar="SỐ", help="với every_n: số lượt thường giữa hai lượt ưu tiên")
    po.set_defaults(handler=cmd_policy)
    sv = qsub.add_parser("service", parents=[common], help="cài đặt một dịch vụ")
    sv.add_argument("service", metavar="DỊCH_VỤ", help="mã, ký hiệu hoặc tên dịch vụ")
    sv.add_argument("--range", metavar="ĐẦU-CUỐI", help="dãy số, ví dụ 1-999")
    sv.add_argument("--cap", metavar="SỐ", help="số phiếu tối đa mỗi ngày (0: không giới hạn)")
    sv.add_argument("--counters", metavar="CÁC_QUẦY", help="các quầy phục vụ, ví dụ 1,3 (trống: mọi quầy)")
    sv.add_argument("--fields", metavar="CÁC_MÃ", help="mã lĩnh vực, ví dụ HOTICH,CHUNGTHUC")
    sv.set_defaults(handler=cmd_service)


def _ticket_json(t: dict, printed=None, error=None) -> dict:
    return {"number": t["number"], "service": t["service_code"], "service_name": t["service_name"],
            "waiting_ahead": t["waiting_ahead"], "status": t["status"],
            "priority": t["priority_label"], "counter": t["counter"], "id": t["id"],
            "printed": bool(t["printed"]) if printed is None else printed, "error": error}


def cmd_issue(args, out) -> int:
    with command_core(args) as core:
        t, result = ticket_printing.issue_and_print(core, args.service, args.priority,
                                                    args.printer, not args.no_print)
    error = result.error if result else None
    text = f"Số {t['number']} — {t['service_name']}; trước quý khách còn {t['waiting_ahead']} người."
    if error:
        text += f"\nKhông in được phiếu: {error} (số vẫn được cấp; in lại: ticket reprint)."
    out.result(_ticket_json(t, bool(result and result.ok), error), text)
    return 0


def cmd_call(args, out) -> int:
    with command_core(args) as core:
        t = queue.call_number(core, args.counter, args.number) if args.number \
            else queue.call_next(core, args.counter)
    if t is None:
        out.result({"number": None, "counter": args.counter, "message": "Không còn ai đang chờ."},
                   "Không còn ai đang chờ.")
        return 0
    out.result(_ticket_json(t), f"Xin mời số {t['number']} đến quầy số {args.counter}")
    return 0


def cmd_action(args, out) -> int:
    with command_core(args) as core:
        t = queue.act(core, queue.find_today(core, args.number)["id"], args.action, args.counter)
    out.result(_ticket_json(t), f"Số {t['number']}: {t['status_label']}.")
    return 0


def cmd_transfer(args, out) -> int:
    with command_core(args) as core:
        found = queue.find_today(core, args.number)
        t = queue.transfer(core, found["id"], args.service, args.to_counter)
    out.result(_ticket_json(t), f"Đã chuyển số {t['number']} ({t['service_name']}).")
    return 0


def cmd_reprint(args, out) -> int:
    with command_core(args) as core:
        found = queue.find_today(core, args.number)
        result = ticket_printing.print_now(core, found["id"], args.printer, reprint=True)
        t = queue.get_ticket(core, found["id"])
    out.result(_ticket_json(t, result.ok, result.error),
               f"Đã in lại số {t['number']}." if result.ok else f"Không in được: {result.error}")
    return 0 if result.ok else 2


def cmd_status(args, out) -> int:
    with command_core(args) as core:
        s = queue_stats.status(core)
    out.result(s, lambda: "\n".join(
        [f"{x['prefix']} {x['name']}: {x['waiting']} người chờ" for x in s["services"]]
        + [f"Quầy {c['number']}: {c['current'] or '—'}" for c in s["counters"]]))
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError(f"Ngày không hợp lệ: {text!r} (dạng đúng: YYYY-MM-DD).") from None


def cmd_stats(args, out) -> int:
    start, end = _day(args.start), _day(args.end)
    if end < start:
        raise UserInputError("Ngày kết thúc phải sau ngày bắt đầu.")
    with command_core(args) as core:
        rows = queue_stats.stats(core, start, end, args.by)
    out.result({"from": start.isoformat(), "to": end.isoformat(), "by": args.by, "rows": rows},
               lambda: "\n".join(f"{r['key']:<12} phiếu {r['tickets']:>4}  xong {r['served']:>4}  "
                                 f"vắng {r['no_shows']:>3}  chờ TB {r['avg_wait_min']} phút"
                                 for r in rows) or "Không có phiếu nào.")
    return 0


def cmd_policy(args, out) -> int:
    with command_core(args) as core:
        queue_config.set_policy(core, args.mode, args.every)
    out.result({"ok": True, "mode": args.mode, "every": args.every},
               "Đã đặt chính sách ưu tiên.")
    return 0


def _ints(text: str, what: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise UserInputError(f"{what} phải là các số cách nhau bởi dấu phẩy.") from None


def cmd_service(args, out) -> int:
    changes: dict = {}
    if args.range:
        lo, _, hi = args.range.partition("-")
        start_end = _ints(f"{lo},{hi}", "Dãy số")
        if len(start_end) != 2:
            raise UserInputError("Dãy số phải có dạng ĐẦU-CUỐI, ví dụ 1-999.")
        changes["number_start"], changes["number_end"] = start_end
    if args.cap is not None:
        cap = _ints(args.cap, "Giới hạn")
        changes["daily_cap"] = (cap[0] or None) if cap else None
    if args.counters is not None:
        changes["counters"] = _ints(args.counters, "Danh sách quầy")
    if args.fields is not None:
        changes["field_codes"] = [f.strip().upper() for f in args.fields.split(",") if f.strip()]
    with command_core(args) as core:
        s = queue_config.update_service(core, args.service, **changes)
    out.result(s, f"Đã cập nhật dịch vụ {s['prefix']} — {s['name']}.")
    return 0
