"""The fees of a linked group on the intake page: each member's fees under its name (the
residence registration's fee is set by the province: the officer types it), one total,
paid at intake — each dossier that owes gets its payment, the others none."""

from __future__ import annotations

from counter_app.services import fees
from tests.ui.test_intake_group import choose_group
from tests.ui.test_intake_page import QR, field, open_page, scan  # noqa: F401
from ui.qt import Qt

RESIDENCE = "DEMO-CTR-01"


def test_each_linked_dossier_shows_its_fees_and_is_paid_at_intake(qtbot, open_page, desk):
    page = open_page()
    choose_group(qtbot, page)
    card = page.fees_card
    assert card.isVisibleTo(page)
    names = [m.procedure.name for m in page.group.members]
    # the birth registration's fees are texts (waived, or set by the province); the
    # insurance card charges nothing and has no heading
    assert [h.text() for h in card.headings] == [f"Thủ tục 1: {names[0]}",
                                                 f"Thủ tục 2: {names[1]}"]
    assert [r.procedure for r in card.rows] == ["DEMO-HT-01", "DEMO-HT-01", RESIDENCE]
    row = card.rows[-1]
    assert row.fee.name == "Lệ phí đăng ký cư trú"
    assert not card.payment_combo.isEnabled()                 # no amount typed yet
    row.amount.setValue(15000)
    assert card.total_label.text() == "Phải nộp: 15.000 đồng"
    card.payment_combo.setCurrentIndex(card.payment_combo.findData("cash"))
    scan(qtbot, page, QR)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.group_done, timeout=15_000)
    got = {r.dossier["procedure_code"]: (r.dossier["fee_total"], r.dossier["fee_paid"])
           for r in page.group_result.results}
    assert got[RESIDENCE] == (15000, 15000)
    assert {v for k, v in got.items() if k != RESIDENCE} == {(0, 0)}
    code = next(r.dossier["code"] for r in page.group_result.results
                if r.dossier["procedure_code"] == RESIDENCE)
    assert [(p["amount"], p["method"]) for p in fees.payments(desk, code)] == [(15000, "cash")]
    shown = {r.dossier["procedure_code"]: page.group_done.fees_text(r.dossier)
             for r in page.group_result.results}
    assert shown[RESIDENCE] == "Phí 15.000 đ: đã nộp"        # each dossier's own fee
    assert {v for k, v in shown.items() if k != RESIDENCE} == {"Không thu phí"}


def test_leaving_the_group_clears_its_fees(qtbot, open_page):
    page = open_page()
    choose_group(qtbot, page)
    assert page.fees_card.rows
    qtbot.mouseClick(page.group_card.leave_button, Qt.MouseButton.LeftButton)
    assert page.fees_card.rows == [] and not page.fees_card.isVisibleTo(page)
