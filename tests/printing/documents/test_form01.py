"""Form 01 (receipt and appointment): text read back, codes scanned back, pages."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from counter_app.services import official_forms
from printing.documents import render_form
from printing.documents.model import DocumentLine, Person
from tests.printing.documents import pdftools, samples
from tests.printing.documents.pdftools import needs_poppler

pytestmark = needs_poppler


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return render_form("form01", samples.receipt())


def test_receipt_shows_every_field_exactly(receipt_pdf):
    text = pdftools.flat(receipt_pdf)
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {samples.CODE}",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Ánh Tuyết",
        "Số định danh cá nhân: 001190012345",
        f"Địa chỉ: {samples.ADDRESS}",
        "Số điện thoại: 0912 345 678 Email: anhtuyet@example.vn",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "1. Thành phần hồ sơ nộp gồm:",
        "Tờ khai đăng ký khai sinh (theo mẫu)", "Giấy chứng nhận kết hôn của cha, mẹ",
        "2. Số lượng hồ sơ: 01 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 10 giờ 30 phút, ngày 05/01/2027",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 08/01/2027",
        f"6. Đăng ký nhận kết quả: Tại {samples.UNIT}",
        "7. Phí, lệ phí: Lệ phí đăng ký khai sinh 8.000 đồng.",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01 Số thứ tự: 125",
        "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)",
        "Đặng Quốc Việt",
    ]:
        assert expected in text, expected


def test_receipt_header_in_two_columns(receipt_pdf):
    lines = pdftools.text(receipt_pdf).splitlines()
    first = next(line for line in lines if line.strip())
    assert "THÀNH PHỐ HÀ NỘI" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert any("ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH" in line and "Độc lập - Tự do - Hạnh phúc"
               in line for line in lines)
    # The centre's name is too long for one line: cut before the commune, not inside it.
    assert any(line.strip() == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" for line in lines)
    assert any(line.strip() == "PHƯỜNG BA ĐÌNH" for line in lines)
    assert any(line.strip() == "Ba Đình, ngày 05 tháng 01 năm 2027" for line in lines)


def test_receipt_qr_and_code128_decode_to_the_code(receipt_pdf):
    found = pdftools.barcodes(receipt_pdf)
    assert found.get("QRCode") == [samples.CODE]
    assert found.get("Code128") == [samples.CODE]


def test_a_2026_style_code_scans_too():
    code = "G09.20-20260609-0092637"
    found = pdftools.barcodes(render_form("form01", samples.receipt(code=code)))
    assert found.get("QRCode") == [code] and found.get("Code128") == [code]


def test_one_copy_is_one_a5_page_without_a_copy_label(receipt_pdf):
    assert len(pdftools.page_sizes(receipt_pdf)) == 1
    assert "Liên" not in pdftools.text(receipt_pdf)


def test_the_current_set_keeps_a_usual_receipt_on_one_page():
    """TT 03/2025's form mark and the centre's two-line name above the title, four
    documents (one of two lines) and a fee: still one page, the signatures on it."""
    form_set = official_forms.load_set(official_forms.SHIPPED_DIR / "tt03-2025.yaml")
    pdf = render_form("form01", samples.receipt(), form_set.wording("form01"))
    assert len(pdftools.page_sizes(pdf)) == 1
    text = pdftools.flat(pdf)
    assert "Mẫu số 01" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert pdftools.barcodes(pdf).get("QRCode") == [samples.CODE]


def test_two_copies_make_two_labelled_pages_each_scannable():
    pdf = render_form("form01", samples.receipt(copies=2))
    assert len(pdftools.page_sizes(pdf)) == 2
    first, second = pdftools.flat(pdf, 1), pdftools.flat(pdf, 2)
    assert "(Liên 1: Lưu)" in first and "Liên 2" not in first
    assert "(Liên 2: Giao người nộp hồ sơ)" in second and "Liên 1" not in second
    for page, page_text in ((1, first), (2, second)):
        assert "Nguyễn Thị Ánh Tuyết" in page_text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in page_text
        assert pdftools.barcodes(pdf, page).get("QRCode") == [samples.CODE]


def test_forty_documents_continue_on_the_next_page():
    pdf = render_form("form01", samples.long_receipt(40))
    pages = len(pdftools.page_sizes(pdf))
    assert pages >= 2
    whole = pdftools.flat(pdf)
    for i in (1, 17, 40):
        assert f"Giấy tờ số {i}: bản sao" in whole
    last = pdftools.flat(pdf, pages)
    assert "Tên giấy tờ" in pdftools.flat(pdf, 2), "the header row repeats on the next page"
    assert "Giấy tờ số 40" in last and "NGƯỜI TIẾP NHẬN HỒ SƠ" in last


@pytest.mark.parametrize("days, shown", [
    (Decimal(0), "Trong ngày"), (Decimal("0.5"), "0,5 ngày làm việc"),
    (Decimal(12), "12 ngày làm việc"), (Decimal("1.50"), "1,5 ngày làm việc")])
def test_processing_time_wording(days, shown):
    text = pdftools.flat(render_form("form01", samples.receipt(processing_days=days)))
    assert f"theo quy định là: {shown}" in text


def test_post_delivery_several_fees_and_no_book_entry():
    pdf = render_form("form01", samples.receipt(
        result_delivery="Qua dịch vụ bưu chính công ích", book_number=None, book_line=None,
        fees=[("Phí thẩm định", 50000), ("Lệ phí cấp giấy", 1250000)]))
    text = pdftools.flat(pdf)
    assert "6. Đăng ký nhận kết quả: Qua dịch vụ bưu chính công ích" in text
    assert "Phí thẩm định 50.000 đồng; Lệ phí cấp giấy 1.250.000 đồng; " \
           "tổng cộng 1.300.000 đồng." in text
    assert "Quyển số: ………… Số thứ tự: …………" in text


def test_no_fees_no_documents_and_blank_contacts():
    pdf = render_form("form01", samples.receipt(
        fees=[], documents=[], applicant=Person("Đặng Quốc Việt")))
    text = pdftools.flat(pdf)
    assert "Phí, lệ phí" not in text and "Không có giấy tờ kèm theo" in text
    assert "Địa chỉ: …………" in text and "Số định danh" not in text


def test_long_names_and_addresses_wrap_inside_the_margins():
    long_address = ("Tổ dân phố số 7, số nhà 123/45/6 đường Nguyễn Văn Cừ nối dài, khu đô thị "
                    "mới Nam Thăng Long, phường Xuân Đỉnh, thành phố Hà Nội, Việt Nam") * 2
    person = Person("Công ty Trách nhiệm hữu hạn Một thành viên Thương mại và Dịch vụ "
                    "Xây dựng Ánh Dương Việt Nam", address=long_address)
    docs = [DocumentLine("Bản sao " + "giấy chứng nhận đăng ký doanh nghiệp " * 6, copies=1)]
    pdf = render_form("form01", samples.receipt(applicant=person, documents=docs,
                                                procedure_name="Đăng ký " * 40))
    assert_inside_margins(pdf)
    assert "Ánh Dương Việt Nam" in pdftools.flat(pdf)


def assert_inside_margins(pdf: bytes, left_mm: float = 12, right_mm: float = 10) -> None:
    slack = 1.5  # points: glyph overhang of italics and rounding
    for page, width, x0, _, x1, _, word in pdftools.words(pdf):
        assert x0 >= left_mm * pdftools.MM - slack, (page, word, x0)
        assert x1 <= width - right_mm * pdftools.MM + slack, (page, word, x1, width)


def test_every_a5_form_stays_inside_its_margins():
    for kind in ("form01", "form02", "form03", "form04", "form05"):
        assert_inside_margins(render_form(kind, samples.ALL[kind]()))


def test_receipt_renders_within_budget():
    render_form("form01", samples.receipt())
    best = min(_timed(samples.receipt()) for _ in range(5))
    assert best < 0.5, f"form 01 took {best * 1000:.0f} ms (budget 100 ms, see benchmarks)"


def _timed(data) -> float:
    t0 = time.perf_counter()
    render_form("form01", data)
    return time.perf_counter() - t0
