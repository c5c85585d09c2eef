"""Fees on a dossier: charged at intake (catalogue, changed, exempted), paid at intake or
later, refused when nothing is owed; the receipt's VietQR code read back from the PDF."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from counter_app.domain import vietqr
from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.errors import PermissionDenied, UserInputError
from counter_app.services import documents, dossiers, fees, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump
from tests.printing.documents import pdftools
from tests.printing.documents.pdftools import needs_poppler

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)
# DEMO-CT-02 charges "Phí chứng thực chữ ký (mỗi trường hợp)" 10.000 đồng.
SIGNATURE_FEE = "Phí chứng thực chữ ký (mỗi trường hợp)"


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def receive(c, procedure="DEMO-CT-02", **kw) -> dict:
    return intake.receive(c, IntakeRequest(procedure, Applicant.from_cccd(parse(QR)), **kw))


def with_account(c) -> None:
    c.config.payment.bank_bin = "970436"
    c.config.payment.account_number = "0011004455667"
    c.config.payment.account_name = "UBND PHUONG HOAN KIEM"
    c.config.payment.bank_name = "Vietcombank"


def test_the_catalogue_amount_is_charged_and_paid_later(c):
    d = receive(c)
    assert d["fees"] == [{"name": SIGNATURE_FEE, "amount_vnd": 10000}]
    assert (d["fee_total"], d["fee_paid"]) == (10000, 0)
    d = fees.pay(c, d["code"], "cash", 4000)
    d = fees.pay(c, d["code"], "transfer", reference="FT26322123456")
    assert (d["fee_total"], d["fee_paid"]) == (10000, 10000)
    shown = [(p["amount"], p["method"], p["reference"]) for p in fees.payments(c, d["code"])]
    assert shown == [(4000, "cash", ""), (6000, "transfer", "FT26322123456")]
    with pytest.raises(UserInputError, match="không còn khoản phí"):
        fees.pay(c, d["code"], "cash")


def test_changed_amounts_and_an_exemption_with_its_reason(c):
    d = receive(c, fees=[{"name": SIGNATURE_FEE, "amount_vnd": 20000},
                         {"name": "Phí bản sao", "amount_vnd": 5000, "exempt": True,
                          "exempt_reason": "Người có công với cách mạng"}],
                payment_method="online", payment_reference="DVC-778899")
    assert (d["fee_total"], d["fee_paid"]) == (20000, 20000)
    assert d["fees"][1]["exempt_reason"] == "Người có công với cách mạng"
    assert fees.payments(c, d["code"])[0]["method"] == "online"


@pytest.mark.parametrize("kw, words", [
    ({"fees": [{"name": "Lệ phí", "amount_vnd": 8000, "exempt": True}]}, "lý do miễn"),
    ({"fees": [{"name": "Lệ phí", "amount_vnd": -1}]}, "số đồng nguyên"),
    ({"fees": [{"name": "", "amount_vnd": 8000}]}, "phải có tên"),
    ({"payment_method": "bitcoin"}, "cash"),
    ({"fees": [], "payment_method": "cash"}, "không có khoản phí"),
])
def test_bad_fees_at_intake_are_refused_and_nothing_is_recorded(c, kw, words):
    with pytest.raises(UserInputError, match=words):
        receive(c, **kw)
    assert c.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0


def test_a_payment_above_what_is_owed_is_refused(c):
    code = receive(c)["code"]
    with pytest.raises(UserInputError, match="10.000 đồng"):
        fees.pay(c, code, "cash", 15000)
    free = receive(c, "DEMO-HT-05")["code"]
    with pytest.raises(UserInputError, match="không có khoản phí"):
        fees.pay(c, free, "cash")


def test_only_the_counter_records_payments(c):
    code = receive(c)["code"]
    c.officer = None
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        fees.pay(c, code, "cash")
    assert fees.payments(c, code) == []


def test_rebuild_equals_live_with_payments(c):
    code = receive(c, payment_method="cash")["code"]
    fees.pay(c, receive(c)["code"], "transfer", 3000)
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live
    assert dossiers.by_code(c, code)["fee_paid"] == 10000


def test_transfer_code_only_for_what_is_owed_with_an_account(c):
    d = receive(c)
    assert fees.transfer_code(c, d) is None            # no account configured
    with_account(c)
    code = fees.transfer_code(c, d)
    assert vietqr.parse(code.payload) == vietqr.Transfer("970436", "0011004455667", 10000,
                                                         d["code"])
    d = fees.pay(c, d["code"], "cash", 4000)
    assert vietqr.parse(fees.transfer_code(c, d).payload).amount == 6000
    d = fees.pay(c, d["code"], "cash")
    assert fees.transfer_code(c, d) is None


@needs_poppler
def test_receipt_carries_a_vietqr_that_decodes_to_the_transfer(c):
    with_account(c)
    d = receive(c)
    pdf = documents.render(c, "form01", d["code"])
    found = pdftools.barcodes(pdf)
    payloads = [t for t in found["QRCode"] if t.startswith("000201")]
    assert len(payloads) == 1, found
    transfer = vietqr.parse(payloads[0])            # CRC checked
    assert (transfer.bank_bin, transfer.account, transfer.amount, transfer.note) == \
        ("970436", "0011004455667", 10000, d["code"])
    assert d["code"] in found["QRCode"]             # the dossier's own code still scans
    text = pdftools.flat(pdf)
    for words in ("7. Phí, lệ phí: Phí chứng thực chữ ký (mỗi trường hợp) 10.000 đồng.",
                  "Vietcombank, tài khoản 0011004455667 – UBND PHUONG HOAN KIEM,",
                  "số tiền 10.000 đồng, nội dung", d["code"]):
        assert words in text
    assert len(pdftools.page_sizes(pdf)) == 1


@needs_poppler
def test_a_paid_receipt_has_no_transfer_code_and_says_what_was_paid(c):
    with_account(c)
    d = receive(c, fees=[{"name": SIGNATURE_FEE, "amount_vnd": 10000},
                         {"name": "Phí bản sao", "amount_vnd": 5000, "exempt": True,
                          "exempt_reason": "Hộ nghèo"}], payment_method="cash")
    pdf = documents.render(c, "form01", d["code"])
    assert pdftools.barcodes(pdf)["QRCode"] == [d["code"]]
    assert "Phí bản sao (miễn: Hộ nghèo); đã nộp 10.000 đồng." in pdftools.flat(pdf)
