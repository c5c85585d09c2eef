"""Fees on a dossier: what was charged at intake, the payments, and the VietQR code
for a bank transfer printed on the receipt (form 01).

A payment is the event ``dossier.paid`` (projected into ``dossier_payments`` and the
dossier's ``fee_paid``). It may come at intake (``intake.receive`` records it in the
same transaction) or later: the citizen pays by transfer after reading the receipt's
code, or in cash when the result is returned. A payment never exceeds what is still
owed: a mistaken extra payment is refunded outside the app, not recorded as paid.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from counter_app.domain import fees as fee_rules
from counter_app.domain import limits, vietqr
from counter_app.domain.catalogue import format_vnd
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.statuses import FINAL, Status
from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services import dossiers
from counter_app.services.core import Core, guarded


@dataclass(frozen=True)
class TransferCode:
    """A VietQR code for the amount still owed, to the office's account."""

    payload: str
    amount: int
    note: str
    bank_bin: str
    account_number: str
    account_name: str
    bank_name: str


def payment_event(dossier_id: str, amount: int, method: str, paid_at: datetime,
                  reference: str = "", note: str = "") -> NewEvent:
    """The event of one payment (checked by the caller)."""
    return NewEvent("dossier", dossier_id, "dossier.paid", {
        "payment_id": new_id(), "amount": amount, "method": method,
        "paid_at": paid_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reference": reference, "note": note})


@guarded
def pay(core: Core, code: str, method: str, amount: int | None = None,
        reference: str = "", note: str = "") -> dict:
    """Record a payment of ``code``'s fees; ``amount`` None = all that is still owed.
    Returns the dossier as stored."""
    fee_rules.check_method(method)
    reference = limits.check("Số giao dịch", clean(reference), fee_rules.REFERENCE)
    note = limits.check("Ghi chú", clean(note), limits.NOTE)
    if amount is not None:
        fee_rules.check_amount(amount)
    d = dossiers.by_code(core, code)
    if d["status"] == Status.NOT_RECEIVED:
        raise UserInputError(f"Hồ sơ {d['code']} đã bị từ chối: không thu phí.")

    def decide(conn: sqlite3.Connection):
        row = conn.execute("SELECT fee_total, fee_paid FROM dossiers WHERE id = ?",
                           (d["id"],)).fetchone()
        owed = row[0] - row[1]
        if owed <= 0:
            raise UserInputError(f"Hồ sơ {d['code']} không còn khoản phí, lệ phí nào phải "
                                 "nộp." if row[0] else
                                 f"Hồ sơ {d['code']} không có khoản phí, lệ phí nào phải nộp.")
        paid = owed if amount is None else amount
        if not 0 < paid <= owed:
            raise UserInputError(f"Số tiền nộp phải từ 1 đến {format_vnd(owed)} "
                                 "(số còn phải nộp).")
        return [payment_event(d["id"], paid, method, core.clock.now_utc(), reference, note)]

    core.record(decide)
    return dossiers.by_code(core, code)


@guarded
def payments(core: Core, code: str) -> list[dict]:
    """The payments of ``code``, oldest first."""
    d = dossiers.by_code(core, code)
    return [dict(r) | {"method_label": fee_rules.METHODS.get(r["method"], r["method"])}
            for r in core.conn.execute(
                "SELECT id, amount, method, paid_at, reference, note, recorded_by "
                "FROM dossier_payments WHERE dossier_id = ? ORDER BY paid_at, id", (d["id"],))]


@guarded
def transfer_code(core: Core, d: dict) -> TransferCode | None:
    """The VietQR code for what ``d`` still owes, with its code as the transfer note;
    None when nothing is owed, no account is configured, or the dossier is closed.
    An online dossier is paid through the portal, so its receipt gets no code."""
    p = core.config.payment
    owed = int(d.get("fee_total") or 0) - int(d.get("fee_paid") or 0)
    if owed <= 0 or not (p.bank_bin and p.account_number) or d.get("channel") == 2 \
            or d.get("status") in [int(s) for s in FINAL]:
        return None
    note = d["code"]
    if vietqr.note_problem(note):
        return None       # a code format the bank apps cannot carry: no code, not a wrong one
    payload = vietqr.build(vietqr.Transfer(p.bank_bin, p.account_number, owed, note))
    return TransferCode(payload, owed, note, p.bank_bin, p.account_number, p.account_name,
                        p.bank_name)
