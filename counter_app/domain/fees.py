"""Fees charged on a dossier (phí, lệ phí) and how they were paid.

At intake the catalogue's fixed amounts are charged; the officer may change an amount
(a fee "theo Nghị quyết HĐND tỉnh" has no amount in the catalogue) or exempt a fee
(miễn, giảm: people with merit, poor households, …) with the reason, which is recorded.
A dossier's ``fees`` keep the catalogue's shape (``name`` with ``amount_vnd`` or a
``text``) and add ``exempt`` and ``exempt_reason`` when a fee is waived. What is due is
the sum of the amounts not exempted; payments (cash at the counter, a bank transfer,
online through the portal) may come at intake or later, at the latest when the result
is returned.

Fees may be corrected after intake (a wrong amount, an exemption decided later, a fee
added), always with the reason; what was paid is never rewritten. When what was paid
(``fee_paid``, net of refunds) exceeds what is now due (``fee_total``), the difference
is owed back to the citizen (``overpaid``) until a refund is recorded. Two PCs taking
payment for the same dossier while apart can cause the same: both payments are facts.
"""

from __future__ import annotations

from typing import Any, Iterable

from counter_app.domain import limits
from counter_app.domain.text import clean
from counter_app.errors import UserInputError

METHODS = {"cash": "Tiền mặt", "transfer": "Chuyển khoản", "online": "Trực tuyến"}
# The largest amount one fee or payment may have: far above any one-stop fee (land
# registration fees run to a few million đồng), low enough to catch a slipped key.
MAX_AMOUNT = 1_000_000_000
FEE_NAME = 200
REFERENCE = 100       # a bank transaction number or the portal's payment number


def total_due(fees: Iterable[dict[str, Any]]) -> int:
    """What the citizen owes: every fee with an amount that is not exempted."""
    return sum(int(f.get("amount_vnd") or 0) for f in fees if not f.get("exempt"))


def owed(d: dict[str, Any]) -> int:
    """What a dossier (``fee_total``, ``fee_paid``) still owes; 0 when paid or overpaid."""
    return max(0, int(d.get("fee_total") or 0) - int(d.get("fee_paid") or 0))


def overpaid(d: dict[str, Any]) -> int:
    """What was taken beyond what is due (to refund); 0 when none."""
    return max(0, int(d.get("fee_paid") or 0) - int(d.get("fee_total") or 0))


def check_amount(amount: Any, what: str = "Số tiền") -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or \
            not 0 <= amount <= MAX_AMOUNT:
        raise UserInputError(f"{what} phải là số đồng nguyên, từ 0 đến "
                             f"{MAX_AMOUNT:,} đồng.".replace(",", "."))
    return amount


def clean_fees(fees: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fees as recorded: names cleaned and within limits, amounts whole đồng, an
    exemption always with its reason. A fee without an amount keeps its text."""
    out = []
    for raw in fees:
        name = limits.check("Tên khoản phí", clean(str(raw.get("name", ""))), FEE_NAME)
        if not name:
            raise UserInputError("Mỗi khoản phí, lệ phí phải có tên.")
        fee: dict[str, Any] = {"name": name}
        if raw.get("amount_vnd") is not None:
            fee["amount_vnd"] = check_amount(raw["amount_vnd"], f"Mức thu “{name}”")
        else:
            fee["text"] = clean(str(raw.get("text", "")))
        if raw.get("exempt"):
            reason = limits.check("Lý do miễn", clean(str(raw.get("exempt_reason", ""))),
                                  limits.REASON)
            if not reason:
                raise UserInputError(f"Miễn “{name}”: hãy ghi lý do miễn (đối tượng, "
                                     "văn bản cho phép miễn).")
            fee.update(exempt=True, exempt_reason=reason)
        out.append(fee)
    return out


def parse_fee(text: str) -> dict[str, Any]:
    """``TÊN=SỐ_TIỀN`` (the command line's ``--fee``): ``Lệ phí=8000`` or ``8.000``."""
    name, sep, amount = text.rpartition("=")
    digits = amount.strip().replace(".", "").replace(" ", "")
    if not sep or not clean(name) or not digits.isdigit():
        raise UserInputError(f"--fee cần dạng TÊN=SỐ_TIỀN, ví dụ \"Lệ phí=8000\"; "
                             f"đang là {text!r}.")
    return {"name": clean(name), "amount_vnd": int(digits)}


def check_method(method: str) -> str:
    if method not in METHODS:
        raise UserInputError("Hình thức nộp phải là: cash (tiền mặt), transfer (chuyển "
                             "khoản) hoặc online (trực tuyến).")
    return method


def corrected(fees: Iterable[dict[str, Any]], amounts: dict[str, int] | None = None,
              exempt: dict[str, str] | None = None, unexempt: Iterable[str] = (),
              remove: Iterable[str] = ()) -> list[dict[str, Any]]:
    """``fees`` with amounts set (a name not there is a fee added), exemptions given or
    taken back, fees removed, by name; the order kept, added fees last. A name given
    that ``fees`` lack (other than in ``amounts``) is refused: a typo must not pass."""
    amounts, exempt = dict(amounts or {}), dict(exempt or {})
    unexempt, remove = set(unexempt), set(remove)
    out = [dict(f) for f in fees]
    names = [f.get("name", "") for f in out]
    unknown = (set(exempt) | unexempt | remove) - set(names) - set(amounts)
    if unknown:
        raise UserInputError("Hồ sơ không có khoản phí: " + "; ".join(sorted(unknown))
                             + ". Các khoản đang thu: " + ("; ".join(names) or "không có") + ".")
    out += [{"name": n} for n in amounts if n not in names]
    kept = []
    for f in out:
        name = f.get("name", "")
        if name in remove:
            continue
        if name in amounts:
            f["amount_vnd"] = amounts[name]
            f.pop("text", None)
        if name in exempt:
            f.update(exempt=True, exempt_reason=exempt[name])
        if name in unexempt:
            f.pop("exempt", None)
            f.pop("exempt_reason", None)
        kept.append(f)
    return clean_fees(kept)
