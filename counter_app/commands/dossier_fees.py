"""The fee flags of ``counter-app dossier receive``, and ``dossier pay``, ``dossier fees``
(a correction after intake, with its reason) and ``dossier refund`` (money handed back
when more was taken than is due): domain/fees.py, services/fees.py."""

from __future__ import annotations

from counter_app.commands import command_core
from counter_app.domain import fees as fee_rules
from counter_app.domain.catalogue import format_vnd
from counter_app.errors import UserInputError
from counter_app.services import dossiers, fees

METHODS = sorted(fee_rules.METHODS)


def add_intake_flags(r) -> None:
    r.add_argument("--fee", action="append", default=None, metavar="TÊN=SỐ_TIỀN",
                   help="khoản phí, lệ phí thu (lặp lại; thay danh sách của danh mục), "
                        "ví dụ \"Lệ phí=8000\"")
    r.add_argument("--exempt", action="append", default=[], metavar="TÊN=LÝ_DO",
                   help="miễn khoản phí tên TÊN, với lý do (lặp lại)")
    add_payment_flags(r, "đã nộp đủ phí khi tiếp nhận")


def add_payment_flags(r, what: str) -> None:
    """``--pay`` and ``--payment-reference`` (one dossier, or each of a linked group)."""
    r.add_argument("--pay", default="", choices=METHODS,
                   help=f"{what}: cash (tiền mặt), transfer (chuyển khoản) hoặc online "
                        "(trực tuyến)")
    r.add_argument("--payment-reference", default="", metavar="SỐ_GIAO_DỊCH",
                   help="số giao dịch ngân hàng hoặc của Cổng Dịch vụ công")


def intake_fields(args) -> dict:
    """The IntakeRequest fields the fee flags give."""
    fields = {"exempt": _exemptions(args.exempt), "payment_method": args.pay,
              "payment_reference": args.payment_reference}
    if args.fee is not None:
        fields["fees"] = [fee_rules.parse_fee(f) for f in args.fee]
    return fields


def _exemptions(items: list[str]) -> dict[str, str]:
    """``--exempt TÊN=LÝ_DO`` flags: fee name → reason."""
    exempt = {}
    for item in items:
        name, sep, reason = item.partition("=")
        if not sep or not name.strip() or not reason.strip():
            raise UserInputError(f"--exempt cần dạng TÊN=LÝ_DO, ví dụ \"Lệ phí=Người có "
                                 f"công\"; đang là {item!r}.")
        exempt[" ".join(name.split())] = reason.strip()
    return exempt


def _money_flags(p, what: str) -> None:
    p.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ")
    p.add_argument("--method", required=True, choices=METHODS,
                   help="hình thức: cash (tiền mặt), transfer (chuyển khoản), online")
    p.add_argument("--amount", type=int, metavar="SỐ_TIỀN", help=f"số tiền (đồng); {what}")
    p.add_argument("--reference", default="", metavar="SỐ_GIAO_DỊCH",
                   help="số giao dịch ngân hàng hoặc của Cổng Dịch vụ công")
    p.add_argument("--note", default="", metavar="GHI_CHÚ", help="ghi chú")


def register(dsub, common) -> None:
    p = dsub.add_parser("pay", parents=[common], help="ghi nhận nộp phí, lệ phí của hồ sơ")
    _money_flags(p, "mặc định: toàn bộ số còn phải nộp")
    p.set_defaults(handler=cmd_pay)
    f = dsub.add_parser("fees", parents=[common],
                        help="điều chỉnh phí, lệ phí của hồ sơ sau khi tiếp nhận (ghi lý do)")
    f.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ")
    f.add_argument("--set", action="append", default=[], metavar="TÊN=SỐ_TIỀN",
                   help="mức thu mới của khoản TÊN; tên chưa có là thêm khoản mới (lặp lại)")
    f.add_argument("--exempt", action="append", default=[], metavar="TÊN=LÝ_DO",
                   help="miễn khoản TÊN, với lý do (lặp lại)")
    f.add_argument("--unexempt", action="append", default=[], metavar="TÊN",
                   help="bỏ miễn khoản TÊN (lặp lại)")
    f.add_argument("--remove", action="append", default=[], metavar="TÊN",
                   help="bỏ khoản TÊN khỏi hồ sơ (lặp lại)")
    f.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do điều chỉnh")
    f.set_defaults(handler=cmd_fees)
    r = dsub.add_parser("refund", parents=[common],
                        help="ghi nhận hoàn trả số tiền phí, lệ phí đã thu thừa")
    _money_flags(r, "mặc định: toàn bộ số thu thừa")
    r.set_defaults(handler=cmd_refund)


def _balance(core, out, d: dict) -> int:
    """Print the dossier's fees after a change (JSON with its payments)."""
    paid = fees.payments(core, d["code"])
    owed, extra = fee_rules.owed(d), fee_rules.overpaid(d)
    data = {"code": d["code"], "fees": d["fees"], "fee_total": d["fee_total"],
            "fee_paid": d["fee_paid"], "owed": owed, "overpaid": extra, "payments": paid}
    tail = (f", còn {format_vnd(owed)}." if owed else
            f"; thu thừa {format_vnd(extra)} — cần hoàn trả." if extra else " (đã nộp đủ).")
    out.result(data, f"Hồ sơ {d['code']}: đã nộp {format_vnd(d['fee_paid'])} trên "
                     f"{format_vnd(d['fee_total'])}{tail}")
    return 0


def cmd_pay(args, out) -> int:
    with command_core(args) as core:
        d = fees.pay(core, args.code, args.method, args.amount, args.reference, args.note)
        return _balance(core, out, d)


def cmd_fees(args, out) -> int:
    amounts = {}
    for item in args.set:
        fee = fee_rules.parse_fee(item)
        amounts[fee["name"]] = fee["amount_vnd"]
    with command_core(args) as core:
        d = dossiers.by_code(core, args.code)
        new = fee_rules.corrected(d["fees"], amounts, _exemptions(args.exempt),
                                  [" ".join(n.split()) for n in args.unexempt],
                                  [" ".join(n.split()) for n in args.remove])
        return _balance(core, out, fees.correct(core, d["code"], new, args.reason))


def cmd_refund(args, out) -> int:
    with command_core(args) as core:
        d = fees.refund(core, args.code, args.method, args.amount, args.reference, args.note)
        return _balance(core, out, d)


def show_lines(d: dict, paid: list[dict]) -> list[str]:
    """The fee lines of ``dossier show``."""
    if not d["fees"] and not paid:
        return []
    lines = [f"Phí, lệ phí: phải nộp {format_vnd(d['fee_total'])}, đã nộp "
             f"{format_vnd(d['fee_paid'])}"
             + (f" — thu thừa {format_vnd(fee_rules.overpaid(d))}, cần hoàn trả"
                if fee_rules.overpaid(d) else "")]
    for f in d["fees"]:
        amount = format_vnd(f["amount_vnd"]) if f.get("amount_vnd") is not None else \
            f.get("text", "")
        lines.append(f"  {f['name']}: {amount}"
                     + (f" (miễn: {f['exempt_reason']})" if f.get("exempt") else ""))
    lines += [f"  {'Đã hoàn trả' if p['refund'] else 'Đã nộp'} {format_vnd(abs(p['amount']))}"
              f" — {p['method_label']} — {p['paid_at']}"
              + (f" — {p['reference']}" if p["reference"] else "") for p in paid]
    return lines
