"""The fee lines of a dossier's Info tab: fees charged, payments and refunds, money owed
back (also the header's badge). The fee steps' dialogs: payment.py, fee_changes.py."""

from __future__ import annotations

from counter_app.domain.fees import overpaid
from ui.pages.dossiers.ops import local_text
from ui.qt import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("DetailPanel", text)


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def fee_text(fee: dict) -> str:
    """"Lệ phí: 8.000 đồng (miễn: Hộ nghèo)"; a fee without an amount by its name."""
    amount = fee.get("amount_vnd")
    text = fee.get("name", "") if amount is None else _tr("{name}: {amount} đồng").format(
        name=fee.get("name", ""), amount=_vnd(amount))
    if fee.get("exempt"):
        text += _tr(" (miễn: {reason})").format(reason=fee.get("exempt_reason", ""))
    return text


def paid_text(d: dict) -> str:
    """"8.000 / 10.000 đồng — tiền mặt 8.000 đồng (18/11/2026 10:05)"; a refund as
    "hoàn trả tiền mặt 2.000 đồng (…)"; "" if nothing is owed and nothing was paid."""
    if not d["fee_total"] and not d["fee_paid"] and not d.get("payments"):
        return ""
    parts = [_tr("{paid} / {total} đồng").format(paid=_vnd(d["fee_paid"]),
                                                 total=_vnd(d["fee_total"]))]
    for p in d.get("payments", []):
        text = _tr("{method} {amount} đồng ({at})").format(
            method=p["method_label"].lower(), amount=_vnd(abs(p["amount"])),
            at=local_text(p["paid_at"]))
        parts.append(_tr("hoàn trả {what}").format(what=text) if p["refund"] else text)
    return " — ".join(parts)


def overpaid_text(d: dict) -> str:
    """"Thu thừa 10.000 đ — cần hoàn trả", or "" when nothing is owed back."""
    extra = overpaid(d)
    return _tr("Thu thừa {amount} đ — cần hoàn trả").format(amount=_vnd(extra)) if extra else ""
