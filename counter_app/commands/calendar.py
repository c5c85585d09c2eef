"""``counter-app calendar …``: due dates and the office's working-day calendar."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from counter_app.domain.clock import LOCAL_TZ
from counter_app.errors import UserInputError
from counter_app.services import calendar
from counter_app.commands import command_core

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def register(sub, common) -> None:
    c = sub.add_parser("calendar", parents=[common], help="lịch làm việc và ngày hẹn trả")
    csub = c.add_subparsers(dest="calendar_command", metavar="LỆNH", required=True)
    d = csub.add_parser("due", parents=[common], help="tính ngày hẹn trả kết quả")
    d.add_argument("--received", required=True, metavar="THỜI_ĐIỂM",
                   help="thời điểm tiếp nhận, ví dụ 2027-02-03T10:00")
    d.add_argument("--days", required=True, metavar="SỐ_NGÀY",
                   help="thời hạn theo ngày làm việc (có thể lẻ: 0.5)")
    d.add_argument("--same-day", action="store_true", help="thủ tục giải quyết trong ngày")
    d.set_defaults(handler=cmd_due)
    for name, kind, help_text in (("off", "off", "khai báo ngày nghỉ"),
                                  ("work", "work", "khai báo ngày làm bù")):
        p = csub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("date", metavar="NGÀY", help="ngày, dạng YYYY-MM-DD")
        p.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do, số văn bản thông báo")
        p.set_defaults(handler=cmd_set, kind=kind)
    r = csub.add_parser("clear", parents=[common], help="xóa khai báo riêng của một ngày")
    r.add_argument("date", metavar="NGÀY", help="ngày, dạng YYYY-MM-DD")
    r.set_defaults(handler=cmd_clear)
    lst = csub.add_parser("list", parents=[common], help="các ngày nghỉ, ngày làm bù trong năm")
    lst.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm, ví dụ 2027")
    lst.set_defaults(handler=cmd_list)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError(f"Ngày không hợp lệ: {text!r} (dạng đúng: YYYY-MM-DD).") from None


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserInputError(
            f"Thời điểm không hợp lệ: {text!r} (dạng đúng: YYYY-MM-DDTHH:MM).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def cmd_due(args, out) -> int:
    received = _moment(args.received)
    try:
        days = Decimal(args.days)
    except InvalidOperation:
        raise UserInputError(f"Số ngày không hợp lệ: {args.days!r}.") from None
    if not days.is_finite() or not 0 <= days <= 3650:
        raise UserInputError("Số ngày phải từ 0 đến 3650.")
    with command_core(args) as core:
        due = calendar.due(core, received, days, args.same_day)
    local = received.astimezone(LOCAL_TZ)
    data = {"due": due.strftime("%Y-%m-%dT%H:%M"), "due_date": due.date().isoformat(),
            "due_time": due.strftime("%H:%M"), "received": local.strftime("%Y-%m-%dT%H:%M"),
            "days": int(days) if days == days.to_integral() else float(days), "same_day": args.same_day, "timezone": "Asia/Ho_Chi_Minh"}
    out.result(data, f"Hẹn trả kết quả: {due:%H} giờ {due:%M} phút, "
                     f"{WEEKDAYS[due.weekday()]} ngày {due:%d/%m/%Y}")
    return 0


def cmd_set(args, out) -> int:
    day = _date(args.date)
    with command_core(args) as core:
        calendar.set_day(core, day, args.kind, args.reason)
    word = "ngày nghỉ" if args.kind == "off" else "ngày làm việc"
    out.result({"ok": True, "date": day.isoformat(), "kind": args.kind},
               f"Đã khai báo {day:%d/%m/%Y} là {word}.")
    return 0


def cmd_clear(args, out) -> int:
    day = _date(args.date)
    with command_core(args) as core:
        calendar.clear_day(core, day)
    out.result({"ok": True, "date": day.isoformat()},
               f"Đã xóa khai báo riêng của ngày {day:%d/%m/%Y}.")
    return 0


def cmd_list(args, out) -> int:
    if not 1900 <= args.year <= 2200:
        raise UserInputError("Năm phải trong khoảng 1900–2200.")
    with command_core(args) as core:
        days = calendar.year_exceptions(core, args.year)
    out.result({"year": args.year, "days": days}, lambda: "\n".join(
        f"{d['date']}  {'Nghỉ ' if d['kind'] == 'off' else 'Làm việc'}  {d['reason']}"
        for d in days))
    return 0
