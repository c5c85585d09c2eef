"""Fees through the command line: fee flags at intake, ``dossier pay``, the transfer
account in ``config set`` (validated), and ``print form01`` with its VietQR code."""

import json

import pytest

from counter_app.domain import vietqr
from tests.core.test_cli import run
from tests.printing.documents import pdftools
from tests.printing.documents.pdftools import needs_poppler

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
FEE = "Phí chứng thực chữ ký (mỗi trường hợp)"


@pytest.fixture
def paths(tmp_path):
    p = ["--db", tmp_path / "x.sqlite"]
    assert run(*p, "init", "--demo").returncode == 0
    return p


def receive(paths, *extra):
    r = run(*paths, "--user", "canbo1", "dossier", "receive", "--procedure", "DEMO-CT-02",
            "--citizen-qr", QR, "--received", "2026-11-18T10:00", *extra, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_fee_flags_then_pay_in_two_parts(paths):
    d = receive(paths, "--fee", f"{FEE}=20.000", "--fee", "Phí bản sao=5000",
                "--exempt", "Phí bản sao=Hộ nghèo")
    assert (d["fee_total"], d["fee_paid"]) == (20000, 0)
    r = run(*paths, "--user", "canbo1", "dossier", "pay", d["code"], "--method", "transfer",
            "--amount", "5000", "--reference", "FT123", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["owed"] == 15000
    r = run(*paths, "--user", "canbo1", "dossier", "pay", d["code"], "--method", "cash")
    assert r.returncode == 0 and "đã nộp 20.000 đồng trên 20.000 đồng (đã nộp đủ)" in r.stdout
    shown = run(*paths, "--user", "canbo1", "dossier", "show", d["code"]).stdout
    assert "Phí bản sao: 5.000 đồng (miễn: Hộ nghèo)" in shown
    assert "Đã nộp 5.000 đồng — Chuyển khoản" in shown and "FT123" in shown


def test_paid_at_intake(paths):
    d = receive(paths, "--pay", "online", "--payment-reference", "DVC-1")
    assert (d["fee_total"], d["fee_paid"]) == (10000, 10000)


@pytest.mark.parametrize("extra, words", [
    (["--fee", "Lệ phí"], "TÊN=SỐ_TIỀN"),
    (["--exempt", "Không có=Lý do"], "Không có khoản phí “Không có” để miễn"),
    (["--exempt", FEE], "TÊN=LÝ_DO"),
    (["--pay", "bitcoin"], "invalid choice"),
])
def test_bad_fee_flags_exit_2_in_vietnamese(paths, extra, words):
    r = run(*paths, "--user", "canbo1", "dossier", "receive", "--procedure", "DEMO-CT-02",
            "--citizen-qr", QR, *extra)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert words in r.stderr or "lựa chọn không hợp lệ" in r.stderr, r.stderr


def test_overpaying_is_refused(paths):
    code = receive(paths)["code"]
    r = run(*paths, "--user", "canbo1", "dossier", "pay", code, "--method", "cash",
            "--amount", "20000")
    assert r.returncode == 2 and "10.000 đồng (số còn phải nộp)" in r.stderr


@pytest.mark.parametrize("key, value, words", [
    ("payment.bank_bin", "97043", "6 chữ số"),
    ("payment.account_number", "12-34", "chữ số"),
])
def test_a_wrong_account_is_refused_by_config_set(paths, key, value, words):
    r = run(*paths, "--user", "admin", "config", "set", key, value)
    assert r.returncode == 2 and words in r.stderr, r.stderr


@needs_poppler
def test_form01_from_the_cli_carries_the_transfer_code(paths, tmp_path):
    for key, value in (("payment.bank_bin", "970436"),
                       ("payment.account_number", "0011004455667"),
                       ("payment.account_name", "UBND PHUONG MAU")):
        r = run(*paths, "--user", "admin", "config", "set", key, value)
        assert r.returncode == 0, r.stderr
    code = receive(paths)["code"]
    out = tmp_path / "r.pdf"
    r = run(*paths, "--user", "canbo1", "print", "form01", code, "--out", out)
    assert r.returncode == 0, r.stderr
    texts = pdftools.barcodes(out.read_bytes())["QRCode"]
    [payload] = [t for t in texts if t != code]
    assert vietqr.parse(payload) == vietqr.Transfer("970436", "0011004455667", 10000, code)


def test_fees_corrected_then_the_extra_refunded(paths):
    d = receive(paths, "--pay", "cash")
    r = run(*paths, "--user", "canbo1", "dossier", "fees", d["code"], "--exempt",
            f"{FEE}=Người có công", "--set", "Phí bản sao=2.000", "--reason",
            "Giấy xác nhận người có công nộp sau", "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert (got["fee_total"], got["fee_paid"], got["overpaid"]) == (2000, 10000, 8000)
    shown = run(*paths, "--user", "canbo1", "dossier", "show", d["code"]).stdout
    assert "đã nộp 10.000 đồng — thu thừa 8.000 đồng, cần hoàn trả" in shown
    r = run(*paths, "--user", "canbo1", "dossier", "refund", d["code"], "--method", "cash")
    assert r.returncode == 0, r.stderr
    assert "đã nộp 2.000 đồng trên 2.000 đồng (đã nộp đủ)." in r.stdout
    shown = run(*paths, "--user", "canbo1", "dossier", "show", d["code"]).stdout
    assert "Đã hoàn trả 8.000 đồng — Tiền mặt" in shown
    audit = run(*paths, "--user", "admin", "audit", "--dossier", d["code"]).stdout
    assert "Điều chỉnh phí, lệ phí" in audit and "Hoàn trả tiền phí thu thừa" in audit


@pytest.mark.parametrize("extra, words", [
    ([], "--reason"),
    (["--reason", "Sửa", "--remove", "Không có"], "không có khoản phí: Không có"),
    (["--reason", "Sửa", "--set", "Lệ phí"], "TÊN=SỐ_TIỀN"),
])
def test_bad_corrections_exit_2_in_vietnamese(paths, extra, words):
    d = receive(paths)
    r = run(*paths, "--user", "canbo1", "dossier", "fees", d["code"], *extra)
    assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr


def test_a_linked_group_paid_at_intake_needs_a_fee_owed(paths):
    """The demo group's fees have no fixed amount (waived, or set by the province): paying
    at intake is refused and nothing is recorded."""
    r = run(*paths, "--user", "canbo1", "dossier", "receive-group", "--group", "LT-KHAISINH",
            "--citizen-qr", QR, "--received", "2026-11-18T10:00", "--pay", "cash")
    assert r.returncode == 2 and "không có khoản phí, lệ phí nào phải nộp" in r.stderr
    r = run(*paths, "--user", "canbo1", "dossier", "search", "--json")
    assert json.loads(r.stdout)["count"] == 0
