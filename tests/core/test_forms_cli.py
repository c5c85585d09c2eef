"""Forms from real dossiers, read back with pdftotext; form 01's QR decoded."""

import json
from datetime import date, timedelta
import shutil
import subprocess

import pytest

from tests.core.test_cli import run

QR = "001099012345|123456789|Nguyễn Thị Ánh Tuyết|01011999|Nữ|Số 12, ngõ 34 phố Đội Cấn, Hà Nội|15082021"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def dossier(tmp_path):
    p = ["--db", tmp_path / "x.sqlite"]
    assert run(*p, "init", "--demo").returncode == 0
    p += ["--user", "canbo1"]            # a counter officer receives, prints the forms
    r = run(*p, "dossier", "receive", "--procedure", "DEMO-HT-05", "--citizen-qr", QR,
            "--received", "2026-11-18T10:30", "--json")
    return p, json.loads(r.stdout)["code"]


def test_form01_text_and_qr(dossier, tmp_path):
    p, code = dossier
    out = tmp_path / "f01.pdf"
    r = run(*p, "print", "form01", code, "--out", out, "--copies", "2")
    assert r.returncode == 0, r.stderr
    t = text(out)
    for s in ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Nguyễn Thị Ánh Tuyết", code,
              "UBND PHƯỜNG MẪU", "10 giờ 30 phút, ngày 18/11/2026", "Liên 2"):
        assert s in t, s
    assert (tmp_path / "documents" / "2026" / f"{code}-form01.pdf").exists()
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    texts = {b.text for b in zxingcpp.read_barcodes(image)}
    assert code in texts


def test_other_forms_and_book(dossier, tmp_path):
    p, code = dossier
    run(*p, "dossier", "transfer", code, "--to", "Công chức Tư pháp - Hộ tịch")
    later = (date.today() + timedelta(days=30)).isoformat()   # a new date must be after now
    r = run(*p, "dossier", "apologize", code, "--reason", "Chờ xác minh", "--new-due", later)
    assert r.returncode == 0 and "đã qua" in r.stderr      # the old date had passed: warned
    for form, must in (("form04", "XIN LỖI"), ("form05", "PHIẾU KIỂM SOÁT")):
        out = tmp_path / f"{form}.pdf"
        assert run(*p, "print", form, code, "--out", out).returncode == 0
        t = text(out)
        assert must in t and code in t and "Nguyễn Thị Ánh Tuyết" in t
    out = tmp_path / "book.pdf"
    assert run(*p, "print", "form06", "--year", "2026", "--out", out).returncode == 0
    book = text(out)
    assert "SỔ THEO DÕI HỒ SƠ" in book and "2026" in book and "H56-261118-0001" in book
    assert "Mẫu số 07" in book                       # the office's form set (TT 03/2025)


def test_book_as_excel_in_the_form_sets_wording(dossier, tmp_path):
    from openpyxl import load_workbook
    from printing.documents.form06_xlsx import FIRST_ROW
    p, code = dossier
    out = tmp_path / "book.xlsx"
    r = run(*p, "print", "form06", "--year", "2026", "--out", out, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["path"] == str(out)
    ws = load_workbook(out)["Quyển 01"]
    assert ws["A3"].value == "SỔ THEO DÕI HỒ SƠ" and ws["A4"].value == "Năm 2026 - Quyển số 01"
    row = [c.value for c in ws[FIRST_ROW]]
    assert row[:2] == [1, code] and row[3] == "Nguyễn Thị Ánh Tuyết"
    assert row[6].strftime("%d/%m/%Y %H:%M") == "18/11/2026 10:30"   # a date, local time
    assert not list(tmp_path.glob(".book.xlsx.*"))                    # written atomically


def test_wrong_form_for_the_dossier_exit_2(dossier, tmp_path):
    p, code = dossier
    r = run(*p, "print", "form03", code, "--out", tmp_path / "x.pdf")
    assert r.returncode == 2 and "từ chối" in r.stderr and not (tmp_path / "x.pdf").exists()
    r = run(*p, "print", "form06", "--year", "1999", "--out", tmp_path / "y.pdf")
    assert r.returncode == 2 and "chưa có hồ sơ" in r.stderr
