"""Fees on a dossier: what was charged at intake, the payments, and the VietQR code
for a bank transfer printed on the receipt (form 01).

A payment is the event ``dossier.paid`` (projected into ``dossier_payments`` and the
dossier's ``fee_paid``). It may come at intake (``intake.receive`` records it in the
same transaction) or later: the citizen pays by transfer after reading the receipt's
code, or in cash when the result is returned. A payment never exceeds what is still
owed on this PC; two PCs taking payment while apart may together take more, and both
payments stand (cash was taken): the dossier then shows what is owed back.

After intake the fees may be corrected (``correct``: ``dossier.fees_corrected``, with
the reason; the latest correction by the event clock wins when two PCs correct the
same dossier apart). Payments are never rewritten: a correction below what was paid,
or an overpayment, leaves an amount to refund, recorded by ``refund``
(``dossier.refunded``, a negative row of ``dossier_payments``).
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


def _money_input(method: str, amount: int | None, reference: str,
                 note: str) -> tuple[str, str]:
    """Check a payment's or refund's fields; the reference and note cleaned."""
    fee_rules.check_method(method)
    if amount is not None:
        fee_rules.check_amount(amount)
    return (limits.check("Số giao dịch", clean(reference), fee_rules.REFERENCE),
            limits.check("Ghi chú", clean(note), limits.NOTE))


def _balance(conn: sqlite3.Connection, dossier_id: str) -> int:
    """What the dossier owes now, in the transaction (negative: taken beyond it)."""
    row = conn.execute("SELECT fee_total, fee_paid FROM dossiers WHERE id = ?",
                       (dossier_id,)).fetchone()
    return row[0] - row[1]


@guarded
def pay(core: Core, code: str, method: str, amount: int | None = None,
        reference: str = "", note: str = "") -> dict:
    """Record a payment of ``code``'s fees; ``amount`` None = all that is still owed.
    Returns the dossier as stored."""
    reference, note = _money_input(method, amount, reference, note)
    d = dossiers.by_code(core, code)
    if d["status"] == Status.NOT_RECEIVED:
        raise UserInputError(f"Hồ sơ {d['code']} đã bị từ chối: không thu phí.")

    def decide(conn: sqlite3.Connection):
        owed = _balance(conn, d["id"])
        if owed < 0:
            raise UserInputError(f"Hồ sơ {d['code']} đã thu thừa {format_vnd(-owed)}: "
                                 "không thu thêm, cần hoàn trả cho công dân.")
        if owed == 0:
            raise UserInputError(f"Hồ sơ {d['code']} không còn khoản phí, lệ phí nào phải "
                                 "nộp." if d["fee_total"] else
                                 f"Hồ sơ {d['code']} không có khoản phí, lệ phí nào phải nộp.")
        paid = owed if amount is None else amount
        if not 0 < paid <= owed:
            raise UserInputError(f"Số tiền nộp phải từ 1 đến {format_vnd(owed)} "
                                 "(số còn phải nộp).")
        return [payment_event(d["id"], paid, method, core.clock.now_utc(), reference, note)]

    core.record(decide)
    return dossiers.by_code(core, code)


@guarded
def correct(core: Core, code: str, fees: list[dict], reason: str) -> dict:
    """Replace the fees charged on ``code`` by ``fees`` (the whole list, in the shape
    of intake's: amounts, exemptions with reasons), with the ``reason`` for the change.
    What was paid stays; returns the dossier as stored."""
    reason = limits.check("Lý do điều chỉnh", clean(reason), limits.REASON)
    if not reason:
        raise UserInputError("Điều chỉnh phí, lệ phí: hãy ghi lý do (thu nhầm mức, quyết "
                             "định miễn, bổ sung khoản phí…).")
    new = fee_rules.clean_fees(fees)
    d = dossiers.by_code(core, code)
    if d["status"] == Status.NOT_RECEIVED:
        raise UserInputError(f"Hồ sơ {d['code']} đã bị từ chối: không thu phí.")
    if d["outcome"] != "received":
        raise UserInputError(f"Hồ sơ {d['code']} chưa được tiếp nhận (chờ bổ sung, hoàn "
                             "thiện): phí, lệ phí điều chỉnh khi tiếp nhận lại.")
    if new == d["fees"]:
        raise UserInputError(f"Phí, lệ phí của hồ sơ {d['code']} không thay đổi.")
    core.record(lambda conn: [NewEvent("dossier", d["id"], "dossier.fees_corrected", {
        "fees": new, "before": d["fees"], "reason": reason})])
    return dossiers.by_code(core, code)


@guarded
def refund(core: Core, code: str, method: str, amount: int | None = None,
           reference: str = "", note: str = "") -> dict:
    """Record money handed back for ``code`` (what was paid beyond what is due);
    ``amount`` None = all of it. Returns the dossier as stored."""
    reference, note = _money_input(method, amount, reference, note)
    d = dossiers.by_code(core, code)

    def decide(conn: sqlite3.Connection):
        extra = -_balance(conn, d["id"])
        if extra <= 0:
            raise UserInputError(f"Hồ sơ {d['code']} không có khoản thu thừa nào phải "
                                 "hoàn trả.")
        back = extra if amount is None else amount
        if not 0 < back <= extra:
            raise UserInputError(f"Số tiền hoàn trả phải từ 1 đến {format_vnd(extra)} "
                                 "(số đã thu thừa).")
        return [NewEvent("dossier", d["id"], "dossier.refunded", {
            "refund_id": new_id(), "amount": back, "method": method,
            "refunded_at": core.clock.now_utc().astimezone(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ"),
            "reference": reference, "note": note})]

    core.record(decide)
    return dossiers.by_code(core, code)


@guarded
def payments(core: Core, code: str) -> list[dict]:
    """The payments of ``code``, oldest first; a refund has a negative amount and
    ``refund`` True."""
    d = dossiers.by_code(core, code)
    return [dict(r) | {"method_label": fee_rules.METHODS.get(r["method"], r["method"]),
                       "refund": r["amount"] < 0}
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
