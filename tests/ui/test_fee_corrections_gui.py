"""The dossier page's "Sửa phí, lệ phí…" (an exemption decided after the fee was paid, with
the reason) and "Hoàn trả tiền thừa…" (handing back what was taken beyond what is due),
in the real window with the real database."""

from __future__ import annotations

from counter_app.services import dossiers, fees
from tests.ui.test_dossiers_page import enabled, run_dialog, select
from tests.ui.test_dossiers_page import open_page as dossiers_page
from tests.ui.test_dossiers_page import private_settings
from tests.ui.test_fees_gui import FEE, owing

# The pages' fixtures, shared with their own tests.
__all__ = ["dossiers_page", "owing", "private_settings"]


def history_texts(page) -> list[str]:
    table = page.detail.history_table
    return [table.item(r, 1).text() for r in range(table.rowCount())]


def test_an_exemption_after_payment_then_the_refund(qtbot, desk, owing, dossiers_page):
    fees.pay(desk, owing, "cash")
    page = dossiers_page()
    select(qtbot, page, owing)
    assert "fees" in enabled(page) and "refund" not in enabled(page)
    assert page.detail.action_buttons["pay"].isVisibleTo(page)
    assert not page.detail.refund_badge.isVisibleTo(page)

    def exempt(dialog):
        [row] = dialog.rows
        assert (row.fee.name, row.amount.value()) == (FEE, 10000)
        assert not dialog.ok_button.isEnabled()          # the reason is required
        row.exempt.setChecked(True)
        row.reason.setText("Người có công với cách mạng")
        assert dialog.total_label.text() == ("Phải nộp sau điều chỉnh: 0 đồng — thu thừa "
                                             "10.000 đồng, cần hoàn trả")
        dialog.reason_edit.setText("Giấy chứng nhận người có công nộp sau")
    run_dialog(qtbot, page, "fees", exempt)
    d = dossiers.by_code(desk, owing)
    assert (d["fee_total"], d["fee_paid"]) == (0, 10000)
    assert page.detail.refund_badge.isVisibleTo(page)
    assert page.detail.refund_badge.text() == "Thu thừa 10.000 đ — cần hoàn trả"
    assert "refund" in enabled(page) and page.detail.action_buttons["refund"].isVisibleTo(page)
    assert not page.detail.action_buttons["pay"].isVisibleTo(page)
    assert history_texts(page)[-1] == "Điều chỉnh phí, lệ phí: phải nộp 10.000 → 0 đồng"

    def hand_back(dialog):
        assert dialog.amount_spin.value() == dialog.amount_spin.maximum() == 10000
        dialog.note_edit.setText("Trả tiền mặt tại quầy")
    run_dialog(qtbot, page, "refund", hand_back)
    assert dossiers.by_code(desk, owing)["fee_paid"] == 0
    assert not page.detail.refund_badge.isVisibleTo(page)
    assert history_texts(page)[-1] == "Hoàn trả tiền thu thừa: 10.000 đồng"
    rows = dict(page.detail.info_rows(page.view))
    assert rows["Đã nộp phí"].startswith("0 / 0 đồng — tiền mặt 10.000 đồng")
    assert "hoàn trả tiền mặt 10.000 đồng" in rows["Đã nộp phí"]


def test_a_fee_added_is_owed_and_the_leader_may_correct(qtbot, desk, owing, dossiers_page):
    page = dossiers_page("lanhdao")
    select(qtbot, page, owing)
    assert enabled(page) & {"fees", "pay", "refund"} == {"fees"}

    def add(dialog):
        dialog.new_name.setText("Phí bản sao")
        dialog.new_amount.setValue(2000)
        dialog.reason_edit.setText("Công dân xin thêm bản sao")
    run_dialog(qtbot, page, "fees", add)
    d = dossiers.by_code(desk, owing)
    assert d["fees"][-1] == {"name": "Phí bản sao", "amount_vnd": 2000}
    assert d["fee_total"] == 12000
    assert page.message_bar.text() == (f"Đã điều chỉnh phí, lệ phí hồ sơ {owing}: phải nộp "
                                       "12.000 đồng, đã nộp 0 đồng.")
    # a second correction replaces the first: the history says which one counts
    before = len(history_texts(page))
    fees.correct(desk, owing, d["fees"][:-1], "Công dân thôi không lấy bản sao")
    page.open_code(owing)                   # read again: the step was made elsewhere
    qtbot.waitUntil(lambda: len(history_texts(page)) == before + 1)
    assert history_texts(page)[-2:] == [
        "Điều chỉnh phí, lệ phí: phải nộp 10.000 → 12.000 đồng (đã được thay bằng lần "
        "điều chỉnh sau)",
        "Điều chỉnh phí, lệ phí: phải nộp 12.000 → 10.000 đồng"]
