"""Fees corrected after intake (a wrong amount, an exemption decided later, a fee added),
with the reason in the history; payments never rewritten: a correction below what was
paid leaves an amount to refund, and the refund is recorded as a negative payment."""

from __future__ import annotations

import pytest

from counter_app.domain import fees as fee_rules
from counter_app.errors import PermissionDenied, UserInputError
from counter_app.services import dossiers, fees, officers
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump
from tests.core.test_fees import SIGNATURE_FEE, c, receive  # noqa: F401 (fixture)

COPY_FEE = "Phí bản sao"


def test_an_exemption_decided_after_payment_leaves_a_refund_due(c):
    d = receive(c, payment_method="cash")
    assert (d["fee_total"], d["fee_paid"]) == (10000, 10000)
    new = fee_rules.corrected(d["fees"], exempt={SIGNATURE_FEE: "Người có công"})
    d = fees.correct(c, d["code"], new, "Quyết định miễn của Chủ tịch UBND ngày 20/11")
    assert d["fees"] == [{"name": SIGNATURE_FEE, "amount_vnd": 10000, "exempt": True,
                          "exempt_reason": "Người có công"}]
    assert (d["fee_total"], d["fee_paid"]) == (0, 10000)       # the cash taken stays
    assert (fee_rules.owed(d), fee_rules.overpaid(d)) == (0, 10000)
    with pytest.raises(UserInputError, match="thu thừa 10.000 đồng"):
        fees.pay(c, d["code"], "cash")
    with pytest.raises(UserInputError, match="10.000 đồng"):
        fees.refund(c, d["code"], "cash", 12000)
    d = fees.refund(c, d["code"], "cash", 4000, note="Trả lần 1")
    assert (d["fee_paid"], fee_rules.overpaid(d)) == (6000, 6000)
    d = fees.refund(c, d["code"], "transfer", reference="FT-HOAN-1")
    assert (d["fee_total"], d["fee_paid"], fee_rules.overpaid(d)) == (0, 0, 0)
    rows = [(p["amount"], p["method"], p["refund"]) for p in fees.payments(c, d["code"])]
    assert rows == [(10000, "cash", False), (-4000, "cash", True), (-6000, "transfer", True)]
    with pytest.raises(UserInputError, match="không có khoản thu thừa"):
        fees.refund(c, d["code"], "cash")
    history = [h["type"] for h in dossiers.detail(c, d["code"])["history"]]
    assert history[-3:] == ["dossier.fees_corrected", "dossier.refunded", "dossier.refunded"]
    corrected = dossiers.detail(c, d["code"])["history"][-3]["payload"]
    assert corrected["reason"] == "Quyết định miễn của Chủ tịch UBND ngày 20/11"
    assert corrected["before"] == [{"name": SIGNATURE_FEE, "amount_vnd": 10000}]


def test_a_fee_added_and_a_wrong_amount_fixed_are_owed_and_paid(c):
    d = receive(c)
    new = fee_rules.corrected(d["fees"], amounts={SIGNATURE_FEE: 20000, COPY_FEE: 5000})
    d = fees.correct(c, d["code"], new, "Ký 2 trường hợp, thêm bản sao")
    assert [f["name"] for f in d["fees"]] == [SIGNATURE_FEE, COPY_FEE]
    assert (d["fee_total"], d["fee_paid"]) == (25000, 0)
    d = fees.pay(c, d["code"], "cash")
    assert d["fee_paid"] == 25000
    d = fees.correct(c, d["code"], fee_rules.corrected(d["fees"], remove=[COPY_FEE]),
                     "Bản sao không cần")
    assert (d["fee_total"], fee_rules.overpaid(d)) == (20000, 5000)
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live


@pytest.mark.parametrize("change, words", [
    ({"exempt": {"Không có": "x"}}, "không có khoản phí: Không có"),
    ({"amounts": {SIGNATURE_FEE: -5}}, "số đồng nguyên"),
    ({"exempt": {SIGNATURE_FEE: " "}}, "lý do miễn"),
])
def test_bad_corrections_are_refused(c, change, words):
    d = receive(c)
    with pytest.raises(UserInputError, match=words):
        fees.correct(c, d["code"], fee_rules.corrected(d["fees"], **change), "Sửa")


def test_a_correction_needs_a_reason_and_a_change(c):
    d = receive(c)
    new = fee_rules.corrected(d["fees"], amounts={SIGNATURE_FEE: 5000})
    with pytest.raises(UserInputError, match="hãy ghi lý do"):
        fees.correct(c, d["code"], new, "  ")
    with pytest.raises(UserInputError, match="không thay đổi"):
        fees.correct(c, d["code"], d["fees"], "Không đổi gì")
    assert dossiers.by_code(c, d["code"])["fee_total"] == 10000


def test_the_leader_may_correct_but_not_take_or_hand_back_money(c):
    d = receive(c, payment_method="cash")
    c.officer = None
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    d = fees.correct(c, d["code"], fee_rules.corrected(d["fees"], amounts={SIGNATURE_FEE: 0}),
                     "Lãnh đạo quyết định miễn thu")
    assert fee_rules.overpaid(d) == 10000
    with pytest.raises(PermissionDenied):
        fees.refund(c, d["code"], "cash")
    last = dossiers.detail(c, d["code"])["history"][-1]
    assert (last["type"], last["officer_id"]) == ("dossier.fees_corrected", c.officer.id)
