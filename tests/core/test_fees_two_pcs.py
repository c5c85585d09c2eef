"""Two counter PCs take the whole fee of one dossier while apart (issue 14 item 2): both
payments are facts and stay; after sync every replica shows the overpayment, an officer
records the refund, and the reports count the net amount. Real client databases, the
real server process, real PostgreSQL, HTTP on loopback.
"""

from __future__ import annotations

import time

from counter_app.domain import fees as fee_rules
from counter_app.domain.clock import to_local
from counter_app.reports.period import Period
from counter_app.services import dossiers, fees, reports
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest, receive
from tests.core.test_office_crossing import _everyone_has_everything, _same_everywhere
from tests.core.test_office_mode import office  # noqa: F401 (fixture)
from tests.core.test_office_numbers import _sync_until
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)

AN = Applicant(full_name="Nguyễn Văn An", id_number="001090000001")


def _paid(pc, code: str) -> int | None:
    row = pc.conn.execute("SELECT fee_paid FROM dossiers WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


def test_two_pcs_take_the_same_fee_apart_and_the_extra_is_refunded(office, dsn):
    code, a, b = office
    d = receive(a, IntakeRequest("DEMO-CT-02", AN))
    _sync_until([a, b], lambda: _paid(b, d["code"]) == 0)
    fees.pay(a, d["code"], "cash")                          # neither knows of the other
    fees.pay(b, d["code"], "transfer", reference="FT26323000111")
    _sync_until([a, b], lambda: _paid(a, d["code"]) == _paid(b, d["code"]) == 20000
                and _everyone_has_everything([a, b]))
    for pc in (a, b):
        seen = dossiers.by_code(pc, d["code"])
        assert (seen["fee_total"], fee_rules.overpaid(seen)) == (10000, 10000)
        assert sorted(p["method"] for p in fees.payments(pc, d["code"])) == ["cash", "transfer"]
    fees.refund(b, d["code"], "cash", note="Trả lại tiền mặt, đã nhận chuyển khoản")
    _sync_until([b, a], lambda: _paid(a, d["code"]) == 10000 and _everyone_has_everything([a, b]))
    assert fee_rules.overpaid(dossiers.by_code(a, d["code"])) == 0
    _same_everywhere([a, b], dsn, code)
    day = to_local(a.clock.now_utc()).date()
    totals = reports.build(a, "dossiers", Period(day, day))["totals"]
    assert (totals["payments"], totals["payments_amount"]) == (2, 10000)    # net
    assert (totals["refunds"], totals["refunds_amount"]) == (1, 10000)


def test_two_corrections_made_apart_the_later_stands_everywhere(office, dsn):
    code, a, b = office
    d = receive(a, IntakeRequest("DEMO-CT-02", AN))
    _sync_until([a, b], lambda: _paid(b, d["code"]) == 0)
    fee = d["fees"][0]["name"]
    fees.correct(a, d["code"], fee_rules.corrected(d["fees"], amounts={fee: 20000}), "Hai bản")
    time.sleep(0.01)
    fees.correct(b, d["code"], fee_rules.corrected(d["fees"], amounts={fee: 30000}), "Ba bản")

    def total(pc):
        return dossiers.by_code(pc, d["code"])["fee_total"]
    _sync_until([b, a], lambda: total(a) == total(b) == 30000 and _everyone_has_everything([a, b]))
    for pc in (a, b):
        shown = {h["payload"]["reason"]: h["replaced"]
                 for h in dossiers.detail(pc, d["code"])["history"]
                 if h["type"] == "dossier.fees_corrected"}
        # both kept in the history; the one that does not count is marked as replaced
        assert shown == {"Ba bản": False, "Hai bản": True}
    _same_everywhere([a, b], dsn, code)
