"""The fee flags of ``counter-app dossier receive`` and ``counter-app dossier pay``
(fees charged, exemptions, payments: domain/fees.py)."""

from __future__ import annotations

from counter_app.commands import command_core
from counter_app.domain import fees as fee_rules
from counter_app.domain.catalogue import format_vnd
from counter_app.errors import UserInputError
from counter_app.services import fees

METHODS = sorted(fee_rules.METHODS)


def add_intake_flags(r) -> None:
    r.add_argument("--fee", action="append", default=None, metavar="TÊN=SỐ_TIỀN",
                   help="khoản phí, lệ phí thu (lặp lại; thay danh sách của danh mục), "
                        "ví dụ \"Lệ phí=8000\"")
    r.add_argument("--exempt", action="append", default=[], metavar="TÊN=LÝ_DO",
                   help="miễn khoản phí tên TÊN, với lý do (lặp lại)")
    r.add_argument("--pay", default="", choices=METHODS,
                   help="đã nộp đủ phí khi tiếp nhận: cash (tiền mặt), transfer (chuyển "
                        "khoản) hoặc online (trực tuyến)")
    r.add_argument("--payment-reference", default="", metavar="SỐ_GIAO_DỊCH",
                   help="số giao dịch ngân hàng hoặc của Cổng Dịch vụ công")


def intake_fields(args) -> dict:
    """The IntakeRequest fields the fee flags give."""
    exempt = {}
    for item in args.exempt:
        name, sep, reason = item.partition("=")
        if not sep or not name.strip() or not reason.strip():
            raise UserInputError(f"--exempt cần dạng TÊN=LÝ_DO, ví dụ \"Lệ phí=Người có "
                                 f"công\"; đang là {item!r}.")
        exempt[" ".join(name.split())] = reason.strip()
    fields = {"exempt": exempt, "payment_method": args.pay,
              "payment_reference": args.payment_reference}
    if args.fee is not None:
        fields["fees"] = [fee_rules.parse_fee(f) for f in args.fee]
    return fields


def register(dsub, common) -> None:
    p = dsub.add_parser("pay", parents=[common], help="ghi nhận nộp phí, lệ phí của hồ sơ")
    p.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ")
    p.add_argument("--method", required=True, choices=METHODS,
                   help="hình thức: cash (tiền mặt), transfer (chuyển khoản), online")
    p.add_argument("--amount", type=int, metavar="SỐ_TIỀN",
                   help="số tiền (đồng); mặc định: toàn bộ số còn phải nộp")
    p.add_argument("--reference", default="", metavar="SỐ_GIAO_DỊCH",
                   help="số giao dịch ngân hàng hoặc của Cổng Dịch vụ công")
    p.add_argument("--note", default="", metavar="GHI_CHÚ", help="ghi chú")
    p.set_defaults(handler=cmd_pay)


def cmd_pay(args, out) -> int:
    with command_core(args) as core:
        d = fees.pay(core, args.code, args.method, args.amount, args.reference, args.note)
        paid = fees.payments(core, d["code"])
    owed = d["fee_total"] - d["fee_paid"]
    data = {"code": d["code"], "fee_total": d["fee_total"], "fee_paid": d["fee_paid"],
            "owed": owed, "payments": paid}
    out.result(data, f"Hồ sơ {d['code']}: đã nộp {format_vnd(d['fee_paid'])} trên "
                     f"{format_vnd(d['fee_total'])}"
                     + (f", còn {format_vnd(owed)}." if owed else " (đã nộp đủ)."))
    return 0


def show_lines(d: dict, paid: list[dict]) -> list[str]:
    """The fee lines of ``dossier show``."""
    if not d["fees"] and not paid:
        return []
    lines = [f"Phí, lệ phí: phải nộp {format_vnd(d['fee_total'])}, đã nộp "
             f"{format_vnd(d['fee_paid'])}"]
    for f in d["fees"]:
        amount = format_vnd(f["amount_vnd"]) if f.get("amount_vnd") is not None else \
            f.get("text", "")
        lines.append(f"  {f['name']}: {amount}"
                     + (f" (miễn: {f['exempt_reason']})" if f.get("exempt") else ""))
    lines += [f"  Đã nộp {format_vnd(p['amount'])} — {p['method_label']} — {p['paid_at']}"
              + (f" — {p['reference']}" if p["reference"] else "") for p in paid]
    return lines
