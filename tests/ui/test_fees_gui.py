"""Fees in the GUI: the intake page's fee card (amount changed, an exemption with its
reason, paid now) and the dossier page's "Nộp phí, lệ phí…" step, paid in two parts."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.services import dossiers, fees, intake
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from tests.ui.test_dossiers_page import enabled, ms, run_dialog, select
from tests.ui.test_dossiers_page import open_page as dossiers_page
from tests.ui.test_dossiers_page import private_settings
from tests.ui.test_intake_page import choose, finish, open_page

# The pages' fixtures, shared with their own tests.
__all__ = ["dossiers_page", "open_page", "private_settings"]

FEE = "Phí chứng thực chữ ký (mỗi trường hợp)"


def test_intake_charges_the_catalogue_fee_changed_and_paid_now(qtbot, open_page, desk):
    page = open_page()
    assert not page.fees_card.isVisibleTo(page)
    choose(qtbot, page, "DEMO-CT-02")
    card = page.fees_card
    assert card.isVisibleTo(page) and [r.fee.name for r in card.rows] == [FEE]
    assert card.total_label.text() == "Phải nộp: 10.000 đồng"
    card.rows[0].amount.setValue(20000)
    assert card.total_label.text() == "Phải nộp: 20.000 đồng"
    card.payment_combo.setCurrentIndex(card.payment_combo.findData("transfer"))
    assert card.reference_edit.isVisibleTo(page)
    card.reference_edit.setText("FT26322000111")
    page.applicant.set_value("full_name", "Đỗ Văn Phí")
    page.receive()
    d = finish(qtbot, page)
    assert (d["fee_total"], d["fee_paid"]) == (20000, 20000)
    [paid] = fees.payments(desk, d["code"])
    assert (paid["method"], paid["reference"]) == ("transfer", "FT26322000111")


def test_an_exemption_needs_its_reason(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page, "DEMO-CT-02")
    row = page.fees_card.rows[0]
    assert not row.reason.isEnabled()
    row.exempt.setChecked(True)
    assert row.reason.isEnabled()
    assert page.fees_card.total_label.text() == "Phải nộp: 0 đồng"
    assert not page.fees_card.payment_combo.isEnabled()       # nothing to pay
    page.applicant.set_value("full_name", "Đỗ Văn Miễn")
    page.receive()
    qtbot.waitUntil(lambda: "lý do miễn" in page.message_bar.text())
    assert page.form_shown()                                  # nothing lost
    row.reason.setText("Người có công với cách mạng")
    page.receive()
    d = finish(qtbot, page)
    assert d["fee_total"] == 0 and d["fees"][0]["exempt_reason"] == "Người có công với cách mạng"


def test_a_free_procedure_hides_the_card_a_fee_by_resolution_takes_an_amount(qtbot,
                                                                             open_page):
    page = open_page()
    choose(qtbot, page, "DEMO-BT-01")
    assert not page.fees_card.isVisibleTo(page) and page.fees_card.fees() is None
    choose(qtbot, page, "DEMO-HT-05")         # "Theo nghị quyết HĐND cấp tỉnh": no amount
    row = page.fees_card.rows[0]
    assert "Theo nghị quyết HĐND cấp tỉnh" in row.name.toolTip() and row.amount.value() == 0
    assert row.amount.text() == "nhập mức thu"
    assert page.fees_card.fees()[0].keys() == {"name", "text"}
    row.amount.setValue(30000)
    assert page.fees_card.fees() == [{"name": "Lệ phí", "amount_vnd": 30000}]


@pytest.fixture
def owing(desk) -> str:
    at = datetime(2026, 11, 18, 9, 0, tzinfo=LOCAL_TZ)
    desk.clock = FixedClock(ms(at))
    return intake.receive(desk, IntakeRequest("DEMO-CT-02", Applicant(full_name="Vũ Thị Nợ"),
                                              received_at=at))["code"]


def test_paying_later_on_the_dossier_page(qtbot, desk, owing, dossiers_page):
    page = dossiers_page()
    select(qtbot, page, owing)
    assert "pay" in enabled(page)

    def part(dialog):
        assert dialog.amount_spin.value() == 10000 and dialog.amount_spin.maximum() == 10000
        dialog.amount_spin.setValue(4000)
    run_dialog(qtbot, page, "pay", part)
    assert dossiers.by_code(desk, owing)["fee_paid"] == 4000
    assert page.message_bar.text() == f"Hồ sơ {owing}: đã nộp 4.000 trên 10.000 đồng phí, lệ phí."

    def rest(dialog):
        assert dialog.amount_spin.value() == 6000
        dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("online"))
        dialog.reference_edit.setText("DVC-42")
    run_dialog(qtbot, page, "pay", rest)
    assert [p["method"] for p in fees.payments(desk, owing)] == ["cash", "online"]
    assert "pay" not in enabled(page)
    assert "không còn khoản phí" in page.detail.action_buttons["pay"].toolTip()
    history = [page.detail.history_table.item(r, 1).text()
               for r in range(page.detail.history_table.rowCount())]
    assert history[-2:] == ["Nộp phí, lệ phí: 4.000 đồng", "Nộp phí, lệ phí: 6.000 đồng"]


def test_a_leader_sees_the_payments_but_does_not_record_them(qtbot, desk, owing, dossiers_page):
    fees.pay(desk, owing, "cash", 1000)
    page = dossiers_page("lanhdao")
    select(qtbot, page, owing)
    assert "pay" not in enabled(page)
    rows = dict(page.detail.info_rows(page.view))
    assert rows["Đã nộp phí"].startswith("1.000 / 10.000 đồng — tiền mặt 1.000 đồng")


def test_the_fee_card_goes_into_the_draft_and_back(qtbot):
    from counter_app.domain.catalogue import Fee
    from ui.pages.intake.fees import FeesCard
    fees_list = (Fee(FEE, 10000), Fee("Phí bản sao", 5000))
    card = FeesCard()
    qtbot.addWidget(card)
    card.set_fees(fees_list)
    card.rows[0].amount.setValue(12000)
    card.rows[1].exempt.setChecked(True)
    card.rows[1].reason.setText("Hộ nghèo")
    card.payment_combo.setCurrentIndex(card.payment_combo.findData("cash"))
    kept = card.state()
    again = FeesCard()
    qtbot.addWidget(again)
    again.set_fees(fees_list)
    again.restore_state(kept)
    assert again.fees() == card.fees() == [
        {"name": FEE, "amount_vnd": 12000},
        {"name": "Phí bản sao", "amount_vnd": 5000, "exempt": True, "exempt_reason": "Hộ nghèo"}]
    assert again.payment_method() == "cash"
    assert again.total_label.text() == "Phải nộp: 12.000 đồng"
