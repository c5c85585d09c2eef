"""``counter-app dossier …``: intake and the dossier's later steps from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

from counter_app.commands import command_core, dossier_fees
from counter_app.domain.cccd import parse as parse_cccd
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.statuses import parse_channel
from counter_app.errors import UserInputError
from counter_app.services import (attachments, competent, documents, dossiers, fees,
                                   group_intake, intake)
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest

SUMMARY_KEYS = ("code", "status", "status_label", "procedure_code", "procedure_name",
                "applicant_name", "applicant_id_number", "channel", "channel_label",
                "received_at_local", "due_at_local", "book_number", "book_line", "outcome")
SLIP_KEYS = ("number", "kind", "label", "outcome", "procedure_code", "procedure_name",
             "applicant_name", "applicant_id_number", "issued_at_local", "reason", "missing")


def register(sub, common) -> None:
    d = sub.add_parser("dossier", parents=[common], help="tiếp nhận, theo dõi, trả kết quả hồ sơ")
    dsub = d.add_subparsers(dest="dossier_command", metavar="LỆNH", required=True)
    r = dsub.add_parser("receive", parents=[common], help="tiếp nhận một hồ sơ")
    r.add_argument("--procedure", required=True, metavar="MÃ", help="mã thủ tục trong danh mục")
    who = r.add_mutually_exclusive_group(required=True)
    who.add_argument("--citizen-qr", metavar="MÃ_QR", help="nội dung mã QR trên thẻ căn cước")
    who.add_argument("--citizen-json", type=Path, metavar="TỆP", help="tệp JSON thông tin người nộp")
    r.add_argument("--phone", default="", metavar="SỐ_ĐIỆN_THOẠI", help="số điện thoại người nộp")
    r.add_argument("--channel", default="direct", metavar="KÊNH",
                   help="kênh nộp: direct | online | post")
    r.add_argument("--portal-code", default="", metavar="MÃ", help="mã hồ sơ trên Cổng Dịch vụ công")
    r.add_argument("--received", metavar="THỜI_ĐIỂM", help="thời điểm tiếp nhận (mặc định: bây giờ)")
    r.add_argument("--outcome", default="received", choices=sorted(intake.OUTCOMES),
                   help="kết quả tiếp nhận: nhận, chưa đầy đủ (incomplete) hoặc từ chối (refused)")
    r.add_argument("--reason", default="", metavar="LÝ_DO", help="lý do (khi chưa đầy đủ hoặc từ chối)")
    r.add_argument("--missing", action="append", default=[], metavar="GIẤY_TỜ",
                   help="giấy tờ cần bổ sung (lặp lại)")
    r.add_argument("--sets", type=int, default=1, metavar="SỐ", help="số bộ hồ sơ")
    r.add_argument("--delivery", default="counter", choices=sorted(intake.DELIVERY),
                   help="cách trả kết quả")
    r.add_argument("--competent-agency", default="", metavar="CƠ_QUAN",
                   help="nhận thay xã khác: cơ quan có thẩm quyền giải quyết")
    r.add_argument("--competent-received", metavar="THỜI_ĐIỂM",
                   help="nhận thay xã khác: thời điểm cơ quan có thẩm quyền tiếp nhận "
                        "(thời hạn tính từ đó)")
    dossier_fees.add_intake_flags(r)
    r.set_defaults(handler=cmd_receive)
    g = dsub.add_parser("receive-group", parents=[common],
                        help="tiếp nhận một nhóm thủ tục liên thông (mỗi thủ tục một hồ sơ)")
    g.add_argument("--group", required=True, metavar="MÃ_NHÓM", help="mã nhóm trong danh mục")
    who = g.add_mutually_exclusive_group(required=True)
    who.add_argument("--citizen-qr", metavar="MÃ_QR", help="nội dung mã QR trên thẻ căn cước")
    who.add_argument("--citizen-json", type=Path, metavar="TỆP", help="tệp JSON thông tin người nộp")
    g.add_argument("--phone", default="", metavar="SỐ_ĐIỆN_THOẠI", help="số điện thoại người nộp")
    g.add_argument("--received", metavar="THỜI_ĐIỂM", help="thời điểm tiếp nhận (mặc định: bây giờ)")
    dossier_fees.add_payment_flags(g, "mỗi hồ sơ nộp đủ phí khi tiếp nhận")
    g.set_defaults(handler=cmd_receive_group)
    s = dsub.add_parser("show", parents=[common], help="xem hồ sơ và lịch sử")
    s.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ")
    s.set_defaults(handler=cmd_show)
    f = dsub.add_parser("search", parents=[common], help="tìm hồ sơ (không phân biệt dấu)")
    f.add_argument("text", nargs="?", default="", metavar="CHUỖI",
                   help="mã hồ sơ, họ tên hoặc số định danh")
    f.add_argument("--overdue", action="store_true", help="chỉ hồ sơ quá hạn")
    f.add_argument("--due-today", action="store_true", help="chỉ hồ sơ đến hạn hôm nay")
    f.add_argument("--status", type=int, metavar="SỐ", help="trạng thái 1–10")
    f.set_defaults(handler=cmd_search)
    a = dsub.add_parser("attach", parents=[common], help="đính kèm tệp quét (PDF/JPG/PNG)")
    a.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ")
    a.add_argument("file", type=Path, metavar="TỆP", help="tệp quét cần đính kèm")
    a.add_argument("--document", type=int, metavar="SỐ", help="số thứ tự giấy tờ trong danh sách (từ 1)")
    a.set_defaults(handler=cmd_attach)
    w = dsub.add_parser("sweep", parents=[common], help="nhận các tệp trong thư mục máy quét")
    w.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục máy quét ghi tệp vào")
    w.set_defaults(handler=cmd_sweep)
    _register_steps(dsub, common)
    dossier_fees.register(dsub, common)


def _register_steps(dsub, common) -> None:
    def step(name: str, help_text: str, *extra: tuple[str, dict]):
        p = dsub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ")
        for flag, kwargs in extra:
            p.add_argument(flag, **kwargs)
        p.set_defaults(handler=cmd_step, step=name)

    def text(metavar: str, help_text: str, **kwargs) -> dict:
        return {"metavar": metavar, "help": help_text, **kwargs}

    reason = ("--reason", text("LÝ_DO", "lý do", required=True))
    step("transfer", "chuyển hồ sơ tới bộ phận giải quyết",
         ("--to", text("BỘ_PHẬN", "bộ phận giải quyết", required=True)),
         ("--receiver", text("NGƯỜI_NHẬN", "người nhận hồ sơ", default="")),
         ("--note", text("GHI_CHÚ", "ghi chú", default="")))
    step("supplement", "yêu cầu bổ sung hồ sơ", reason,
         ("--missing", text("GIẤY_TỜ", "giấy tờ cần bổ sung (lặp lại)", action="append",
                            required=True)))
    step("supplement-received", "đã nhận đủ giấy tờ bổ sung (tính lại thời hạn)")
    step("resolve", "đã giải quyết xong")
    step("return", "trả kết quả",
         ("--collected-by", text("NGƯỜI_NHẬN", "người nhận kết quả", default="")))
    step("withdraw", "công dân rút hồ sơ", reason)
    step("stop", "dừng xử lý (in thông báo dừng giải quyết hồ sơ)", reason,
         ("--out", text("TỆP", "ghi thêm thông báo ra tệp PDF này", type=Path, default=None)))
    step("competent-received", "nhận thay xã khác: cơ quan có thẩm quyền đã tiếp nhận hồ sơ "
         "(thời hạn tính từ đó)",
         ("--at", text("THỜI_ĐIỂM", "thời điểm cơ quan có thẩm quyền tiếp nhận, dạng "
                       "YYYY-MM-DDTHH:MM", required=True)),
         ("--agency", text("CƠ_QUAN", "tên cơ quan có thẩm quyền (khi lúc tiếp nhận chưa ghi, "
                           "hoặc để sửa)", default="")))
    step("apologize", "phiếu xin lỗi, hẹn lại ngày trả", reason,
         ("--new-due", text("THỜI_ĐIỂM", "ngày hẹn trả mới, dạng YYYY-MM-DDTHH:MM "
                            "(chỉ ghi ngày: giờ đóng cửa của ngày đó)",
                            required=True)))


def _moment(text: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserInputError(f"{what} không hợp lệ: {text!r} (dạng YYYY-MM-DDTHH:MM).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def _applicant(args) -> Applicant:
    if args.citizen_qr is not None:
        applicant = Applicant.from_cccd(parse_cccd(args.citizen_qr))
    else:
        try:
            data = json.loads(args.citizen_json.read_text(encoding="utf-8-sig"))
            applicant = Applicant(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise UserInputError(f"Không đọc được tệp thông tin người nộp: {exc}") from None
    if args.phone:
        applicant.phone = args.phone
    return applicant


def cmd_receive(args, out) -> int:
    req = IntakeRequest(
        procedure_code=args.procedure, applicant=_applicant(args), outcome=args.outcome,
        channel=parse_channel(args.channel), portal_code=args.portal_code,
        received_at=_moment(args.received, "Thời điểm tiếp nhận") if args.received else None,
        missing=[{"name": m} for m in args.missing], reason=args.reason, sets=args.sets,
        result_delivery=args.delivery, competent_agency=args.competent_agency,
        competent_received_at=_moment(args.competent_received, "Thời điểm cơ quan có thẩm "
                                      "quyền tiếp nhận") if args.competent_received else None,
        **dossier_fees.intake_fields(args))
    with command_core(args) as core:
        d = intake.receive(core, req)
    if "kind" in d:              # incomplete or refused: a numbered slip, not a dossier
        data = {k: d[k] for k in SLIP_KEYS}
        out.result(data, f"Đã lập {d['label'].lower()} số {d['number']} "
                         "(không cấp mã hồ sơ).")
        return 0
    data = {k: d[k] for k in SUMMARY_KEYS} | {"due": d["due_at_local"],
                                              "fee_total": d["fee_total"],
                                              "fee_paid": d["fee_paid"]}
    out.result(data, f"Đã tiếp nhận hồ sơ {d['code']} ({d['status_label']}); "
                     f"hẹn trả: {_due_text(d)}.")
    return 0


def cmd_receive_group(args, out) -> int:
    received = _moment(args.received, "Thời điểm tiếp nhận") if args.received else None
    with command_core(args) as core:
        found = group_intake.receive_group(core, args.group, _applicant(args),
                                           received_at=received, payment_method=args.pay,
                                           payment_reference=args.payment_reference)
    rows = [{k: d[k] for k in SUMMARY_KEYS} | {"due": d["due_at_local"],
                                                "group_id": d["group_id"]} for d in found]
    out.result({"group": args.group, "dossiers": rows}, lambda: "\n".join(
        [f"Đã tiếp nhận {len(rows)} hồ sơ liên thông:"]
        + [f"  {d['code']}  {d['procedure_name']} — hẹn trả {d['due_at_local']}"
           for d in found]))
    return 0


def cmd_show(args, out) -> int:
    with command_core(args) as core:
        d = dossiers.detail(core, args.code)
        d["payments"] = fees.payments(core, d["code"])
    out.result(d, lambda: "\n".join(
        [f"{d['code']} — {d['procedure_name']}", f"Người nộp: {d['applicant_name']}",
         f"Trạng thái: {d['status_label']}", f"Tiếp nhận: {d['received_at_local']}",
         f"Hẹn trả: {_due_text(d)}"]
        + ([f"Hồ sơ liên thông: {', '.join(d['linked'])}"] if d["linked"] else [])
        + ([f"Nhận thay cho: {d['competent_agency']} (thời hạn tính từ "
            f"{d['counted_from_local'] or 'khi cơ quan đó tiếp nhận'})"]
           if d["competent_agency"] else [])
        + dossier_fees.show_lines(d, d["payments"])
        + [f"  {h['at']}  {h['type']}" for h in d["history"]]))
    return 0


def _due_text(d: dict) -> str:
    """The due date, or why there is none yet (received on behalf of another commune)."""
    if competent.pending(d):
        return "chờ cơ quan có thẩm quyền tiếp nhận"
    return d["due_at_local"] or "—"


def cmd_search(args, out) -> int:
    with command_core(args) as core:
        rows = dossiers.search(core, args.text, status=args.status, overdue=args.overdue,
                               due_today=args.due_today)
    found = [{k: r[k] for k in SUMMARY_KEYS} for r in rows]
    out.result({"count": len(found), "dossiers": found}, lambda: "\n".join(
        f"{r['code']}  {r['applicant_name']:<28} {r['status_label']:<24} {r['due_at_local'] or ''}"
        for r in rows) or "Không tìm thấy hồ sơ nào.")
    return 0


def cmd_attach(args, out) -> int:
    index = args.document - 1 if args.document else None
    with command_core(args) as core:
        rec = attachments.attach(core, args.code, args.file, index)
    out.result(rec, f"Đã đính kèm {args.file.name} vào hồ sơ {args.code}.")
    return 0


def cmd_sweep(args, out) -> int:
    if not args.folder.is_dir():
        raise UserInputError(f"Không có thư mục {args.folder}.")
    with command_core(args) as core:
        report = attachments.sweep_folder(core, args.folder)
    out.result(report, lambda: "\n".join(
        [f"Đã nhận {len(report['attached'])} tệp."]
        + [f"  Bỏ qua {s['file']}: {s['reason']}" for s in report["skipped"]]))
    return 0


# The notice a step issues, printed (kept with the dossier, documents.save) right after it.
STEP_FORMS = {"stop": "stop_notice"}


def cmd_step(args, out) -> int:
    with command_core(args) as core:
        d = _run_step(core, args)
        form = STEP_FORMS.get(args.step)
        path = documents.save(core, form, d["code"], getattr(args, "out", None)) if form else None
    data = {k: d[k] for k in SUMMARY_KEYS} | {"apology_number": d["apology_number"]}
    message = f"Hồ sơ {d['code']}: {d['status_label']}."
    if args.step == "competent-received":
        message += (f" {d['competent_agency']} tiếp nhận lúc {d['counted_from_local']}; "
                    f"hẹn trả: {d['due_at_local']}.")
    for warning in d.get("warnings", []):
        print(f"Lưu ý: {warning}", file=sys.stderr)
    if d.get("warnings"):
        data["warnings"] = d["warnings"]
    if path:
        data["notice"] = str(path)
        message += f" Đã in thông báo vào {path}."
    out.result(data, message)
    return 0


def _run_step(core, args) -> dict:
    step = args.step
    if step == "transfer":
        return dossiers.transfer(core, args.code, args.to, args.receiver, args.note)
    if step == "supplement":
        return dossiers.request_supplement(core, args.code, args.reason,
                                           [{"name": m} for m in args.missing])
    if step == "supplement-received":
        return dossiers.supplement_received(core, args.code)
    if step == "resolve":
        return dossiers.resolve(core, args.code)
    if step == "return":
        return dossiers.return_result(core, args.code, args.collected_by)
    if step == "withdraw":
        return dossiers.withdraw(core, args.code, args.reason)
    if step == "stop":
        return dossiers.stop(core, args.code, args.reason)
    if step == "competent-received":
        return competent.record_receipt(
            core, args.code, _moment(args.at, "Thời điểm cơ quan có thẩm quyền tiếp nhận"),
            args.agency)
    return dossiers.apologize(core, args.code, args.reason, _day_or_moment(args.new_due))


def _day_or_moment(text: str) -> date | datetime:
    """A bare date (YYYY-MM-DD) stays a date: the service sets the closing time."""
    try:
        return date.fromisoformat(text) if len(text.strip()) == 10 else \
            _moment(text, "Ngày hẹn mới")
    except ValueError:
        raise UserInputError(f"Ngày hẹn mới không hợp lệ: {text!r} (dạng YYYY-MM-DD hoặc "
                             "YYYY-MM-DDTHH:MM).") from None
