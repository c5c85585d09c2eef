"""Fees paid in a period (issue 14 items 2–3): how many payments, how much, and how many
and how much online — in total and by the dossier's field, procedure, receiving officer
and channel, for the period and the same period a year earlier.

A payment is dated by ``paid_at`` (when the money came, which may be long after the
dossier was received: a dossier received last year and paid at this period's return
counts here), so it is read in its own scan of ``dossier_payments`` joined to its
dossier for the grouping columns, with the same portable SQL as the dossier report.

A refund (``dossier.refunded``: an overpayment, or fees corrected below what was paid)
is a negative row dated when the money was handed back: the amounts are net (taken
less handed back), the counts are of payments, and refunds have their own count and
amount. An online amount is net of refunds made online.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.statuses import Channel
from counter_app.reports import sql
from counter_app.reports.period import Period

KEYS = ("payments", "payments_amount", "payments_online", "payments_online_amount",
        "refunds", "refunds_amount")
_WITHIN = "CASE WHEN p.paid_at >= :lo{0} AND p.paid_at < :hi{0} THEN 1 ELSE 0 END"
# online (1) or not (0) + 2 × paid in the period + 4 × paid in the year before
# + 8 × a refund (a negative amount).
CODE = (f"(CASE p.method WHEN 'online' THEN 1 ELSE 0 END) + 2 * ({_WITHIN.format('_now')})"
        f" + 4 * ({_WITHIN.format('_before')}) + 8 * (CASE WHEN p.amount < 0 THEN 1 ELSE 0 END)")
_CHANNEL_KEYS = {int(c): c.key for c in Channel}


@dataclass
class Figures:
    """(period, year before) payment figures, in total and by breakdown and key."""

    total: tuple[dict, dict] = field(default_factory=lambda: (_zero(), _zero()))
    by: dict[str, dict[str, tuple[dict, dict]]] = field(default_factory=dict)


def _zero() -> dict:
    return dict.fromkeys(KEYS, 0)


def _statement(scope: dict | None) -> tuple[str, list]:
    clause, extra = sql.scope_clause("d", scope)
    payment_clause, payment_extra = sql.scope_clause("p", scope)
    text = (f"SELECT {CODE}, d.channel, d.field_code, d.procedure_code, d.officer_id, "
            "count(*), sum(p.amount) FROM dossier_payments p "
            "JOIN dossiers d ON d.id = p.dossier_id "
            "WHERE ((p.paid_at >= :lo_now AND p.paid_at < :hi_now) "
            "OR (p.paid_at >= :lo_before AND p.paid_at < :hi_before))"
            f"{clause}{payment_clause} GROUP BY 1, 2, 3, 4, 5")
    return text, extra + payment_extra


def _add(target: dict, code: int, count: int, amount: int) -> None:
    """Add ``count`` rows summing to ``amount`` (negative for refunds) of kind ``code``."""
    online, refund = bool(code & 1), bool(code & 8)
    target["payments_amount"] += amount
    if online:
        target["payments_online_amount"] += amount
    if refund:
        target["refunds"] += count
        target["refunds_amount"] -= amount
        return
    target["payments"] += count
    if online:
        target["payments_online"] += count


def rows_of(conn: Any, period: Period, previous: Period,
            scope: dict | None = None) -> list[tuple]:
    """The payments of both periods as rows ``(code, channel, field, procedure, officer,
    count, amount)``: of one office, which the central server pools (adding the office)."""
    text, extra = _statement(scope)
    statement, params = sql.bind(text, {"lo_now": period.lo, "hi_now": period.hi,
                                        "lo_before": previous.lo, "hi_before": previous.hi})
    return [(int(code), channel, field_code, procedure, officer, int(n), int(amount or 0))
            for code, channel, field_code, procedure, officer, n, amount
            in sql.rows(conn, statement, params + extra)]   # PostgreSQL sums as numeric


def assemble(rows: list[tuple], by: tuple[str, ...]) -> Figures:
    """The figures from ``rows_of`` rows (one office's, or several offices' pooled: an
    eighth value is the office, for the "office" breakdown)."""
    out = Figures(by={b: defaultdict(lambda: (_zero(), _zero())) for b in by})
    for row in rows:
        code, channel, field_code, procedure, officer, n, amount = row[:7]
        keys = {"channel": _CHANNEL_KEYS.get(channel, str(channel)), "field": field_code,
                "procedure": procedure, "officer": officer,
                "office": row[7] if len(row) > 7 else None}
        for which, place in ((0, 2), (1, 4)):
            if not code & place:
                continue
            _add(out.total[which], code, n, amount)
            for b in by:
                key = "" if keys[b] is None else str(keys[b])
                _add(out.by[b][key][which], code, n, amount)
    return out


def figures(conn: Any, period: Period, previous: Period, by: tuple[str, ...],
            scope: dict | None = None) -> Figures:
    return assemble(rows_of(conn, period, previous, scope), by)


def merge(counts: dict, previous: dict, found: tuple[dict, dict] | None) -> None:
    """Put a group's payment figures beside its dossier counts."""
    if found:
        counts.update(found[0])
        previous.update(found[1])
