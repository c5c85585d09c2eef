"""Online payments and fees in the dossier report (docs/REPORTS.md): payments dated by
when they were made, grouped by their dossier; the same figures from PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.statuses import Channel
from counter_app.reports import dossiers as dossier_report
from counter_app.reports.period import Period, utc_text
from counter_app.services import dossiers, fees, intake, reports
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


def at(core, *when) -> datetime:
    moment = datetime(*when, tzinfo=LOCAL_TZ)
    core.clock = FixedClock(int(moment.timestamp() * 1000))
    return moment


def receive(core, procedure, *when, **kw) -> str:
    received = at(core, *when)
    return intake.receive(core, IntakeRequest(procedure, Applicant(full_name="Lê Thị Phí"),
                                              received_at=received, **kw))["code"]


@pytest.fixture
def office(core):
    """A year earlier: one cash payment. In November 2026: an earlier dossier paid online,
    one received online and paid online at intake, a dossier finished in 2025 whose fee
    (DEMO-CT-04, 50.000 đồng) is paid by transfer only now, an exempted one; in
    December: a cash payment outside the period."""
    old = receive(core, "DEMO-CT-02", 2025, 11, 10, 9)
    at(core, 2025, 11, 10, 9, 30)
    fees.pay(core, old, "cash")
    earlier = receive(core, "DEMO-CT-02", 2026, 10, 20, 9)
    at(core, 2026, 11, 5, 14)
    fees.pay(core, earlier, "online", reference="DVC-1")
    receive(core, "DEMO-CT-02", 2026, 11, 15, 10, channel=Channel.ONLINE,
            portal_code="G09.20-20261115-0000001", payment_method="online")
    late = receive(core, "DEMO-CT-04", 2025, 6, 2, 9)
    at(core, 2025, 6, 3, 9)
    dossiers.resolve(core, late)
    at(core, 2026, 11, 12, 15)
    fees.pay(core, late, "transfer", reference="FT1")
    receive(core, "DEMO-CT-02", 2026, 11, 16, 9, exempt={
        "Phí chứng thực chữ ký (mỗi trường hợp)": "Người có công"})
    december = receive(core, "DEMO-CT-02", 2026, 12, 1, 9)
    at(core, 2026, 12, 1, 9, 5)
    fees.pay(core, december, "cash")
    at(core, 2026, 12, 2, 9)
    return core


def payment_figures(figures: dict) -> tuple:
    return tuple(figures[k] for k in ("payments", "payments_amount", "payments_online",
                                      "payments_online_amount", "online_payment_share"))


def test_totals_and_the_year_before(office):
    data = reports.build(office, "dossiers", NOVEMBER)
    assert payment_figures(data["totals"]) == (3, 70000, 2, 20000, 66.7)
    assert payment_figures(data["previous_totals"]) == (1, 10000, 0, 0, 0.0)


def test_breakdowns_follow_the_dossier(office):
    rows = reports.build(office, "dossiers", NOVEMBER)["breakdowns"]
    by_procedure = {r["key"]: payment_figures(r) for r in rows["procedure"]}
    # The 2025 dossier counts for nothing else in November 2026: its row is its payment.
    assert by_procedure["DEMO-CT-04"] == (1, 50000, 0, 0, 0.0)
    assert by_procedure["DEMO-CT-02"] == (2, 20000, 2, 20000, 100.0)
    by_channel = {r["key"]: payment_figures(r)[:4] for r in rows["channel"]}
    assert by_channel == {"direct": (2, 60000, 1, 10000), "online": (1, 10000, 1, 10000)}


def test_a_refund_in_the_period_nets_the_amounts(office):
    """The exempted dossier of 16 November was first charged and paid in cash; the
    exemption decided on the 20th leaves 10.000 đồng to hand back, on the 21st."""
    code = receive(office, "DEMO-CT-02", 2026, 11, 17, 9, payment_method="cash")
    at(office, 2026, 11, 20, 9)
    d = dossiers.by_code(office, code)
    fees.correct(office, code, [dict(d["fees"][0], exempt=True, exempt_reason="Hộ nghèo")],
                 "Giấy xác nhận hộ nghèo nộp bổ sung")
    at(office, 2026, 11, 21, 9)
    fees.refund(office, code, "cash")
    at(office, 2026, 12, 2, 9)
    data = reports.build(office, "dossiers", NOVEMBER)
    t = data["totals"]
    assert payment_figures(t) == (4, 70000, 2, 20000, 50.0)
    assert (t["refunds"], t["refunds_amount"]) == (1, 10000)
    assert "Đã hoàn trả 1 lượt thu thừa, 10.000 đồng" in data["text"]
    by_procedure = {r["key"]: (r["payments"], r["payments_amount"], r["refunds"])
                    for r in data["breakdowns"]["procedure"]}
    assert by_procedure["DEMO-CT-02"] == (3, 20000, 1)


def test_no_payment_leaves_the_share_empty(core):
    data = reports.build(core, "dossiers", NOVEMBER)
    assert payment_figures(data["totals"]) == (0, 0, 0, 0, None)


def test_postgresql_gives_the_same_figures(office):
    psycopg = pytest.importorskip("psycopg")
    from tests.core.test_reports_postgres import copy_tables
    from tests.sync_server.pg import fresh_database
    now = utc_text(office.clock.now_utc())
    local = dossier_report.report(office.conn, NOVEMBER, now)
    with fresh_database() as dsn, psycopg.connect(dsn) as pg:
        copy_tables(office, pg, "A")
        remote = dossier_report.report(pg, NOVEMBER, now, scope={"office_id": "A"})
    assert payment_figures(remote["totals"]) == payment_figures(local["totals"])
    assert remote["breakdowns"] == local["breakdowns"]


def test_the_text_block_names_the_payments(office):
    text = reports.build(office, "dossiers", NOVEMBER)["text"]
    assert ("Ghi nhận 3 lượt nộp phí, lệ phí với tổng số tiền 70.000 đồng, trong đó nộp "
            "trực tuyến 2 lượt, 20.000 đồng (tỷ lệ 66,7%).") in text
