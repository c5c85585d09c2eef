"""Forms 02–06 read back, and what every form shares: header, page size, fonts."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from printing.documents import render_form
from printing.documents.model import Handover
from tests.printing.documents import pdftools, samples
from tests.printing.documents.pdftools import needs_poppler

A5 = (419.53, 595.28)
A4_LANDSCAPE = (841.89, 595.28)
TITLES = {
    "form01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "form02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "form03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "form04": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "form05": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "form06": "SỔ THEO DÕI HỒ SƠ",
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {kind: render_form(kind, make()) for kind, make in samples.ALL.items()}


@needs_poppler
@pytest.mark.parametrize("kind", sorted(TITLES))
def test_title_and_national_header(pdfs, kind):
    text = pdftools.flat(pdfs[kind])
    assert TITLES[kind] in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH" in text
    if kind != "form04":  # issued by the late agency, not the counter
        assert "THÀNH PHỐ HÀ NỘI" in text and samples.UNIT.upper() in text


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_paper_size(pdfs, kind):
    expected = A4_LANDSCAPE if kind == "form06" else A5
    for size in pdftools.page_sizes(pdfs[kind]):
        assert size == pytest.approx(expected, abs=0.5)


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_only_embedded_vietnamese_capable_fonts(pdfs, kind):
    fonts = pdftools.fonts(pdfs[kind])
    assert fonts and all(fonts.values()), fonts
    for name in fonts:
        base = name.split("+")[-1]
        assert base.startswith(("LiberationSerif", "TimesNewRoman")), name
        assert not base.startswith(("Times-", "Helvetica", "Courier")), name


@needs_poppler
def test_form02_supplement_request(pdfs):
    text = pdftools.flat(pdfs["form02"])
    for expected in [
        f"Số: {samples.CODE}/HDHS", "Ba Đình, ngày 05 tháng 01 năm 2027",
        "Tiếp nhận hồ sơ của Ông/Bà: Nguyễn Thị Ánh Tuyết",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh", f"Địa chỉ: {samples.ADDRESS}",
        "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:",
        "Thành phần hồ sơ", "Số lượng", "Bản chính", "Bản chứng thực", "Bản photo",
        "Giấy chứng sinh", "Căn cước công dân của người đi đăng ký",
        "Lý do: Hồ sơ còn thiếu Giấy chứng sinh và giấy tờ chứng minh quan hệ hôn nhân.",
        "liên hệ với công chức Đặng Quốc Việt, số điện thoại 024 3823 4567 để được "
        "hướng dẫn./.", "NGƯỜI HƯỚNG DẪN", "Đặng Quốc Việt",
    ]:
        assert expected in text, expected


@needs_poppler
def test_form03_refusal_with_and_without_code(pdfs):
    text = pdftools.flat(pdfs["form03"])
    for expected in [
        f"Mã hồ sơ: {samples.CODE}", "Tiếp nhận hồ sơ của: Nguyễn Thị Ánh Tuyết",
        "Email: anhtuyet@example.vn",
        f"Qua xem xét, {samples.UNIT} thông báo không tiếp nhận, giải "
        "quyết hồ sơ này với lý do cụ thể như sau:",
        "Bản chính giấy tờ bị tẩy xóa, sửa chữa",
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Đặng Quốc Việt",
    ]:
        assert expected in text, expected
    no_code = pdftools.flat(render_form("form03", samples.refusal(code="")))
    assert "Mã hồ sơ" not in no_code and "PHIẾU TỪ CHỐI" in no_code


@needs_poppler
def test_form04_apology(pdfs):
    text = pdftools.flat(pdfs["form04"])
    for expected in [
        "Số: 01/PXL", "Ba Đình, ngày 07 tháng 01 năm 2027",
        "Kính gửi: Ông/Bà Nguyễn Thị Ánh Tuyết",
        f"Ngày 05/01/2027, {samples.UNIT} tiếp nhận hồ sơ của Ông/Bà.",
        f"Mã hồ sơ (số biên nhận hồ sơ): {samples.CODE}",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 08/01/2027",
        "Lý do: Cần xác minh thông tin nơi cư trú của người được khai sinh.",
        "Thời gian hẹn trả kết quả lại: Ngày 15 tháng 01 năm 2027",
        "CHỦ TỊCH", "Lê Văn Hùng", "Nơi nhận:",
    ]:
        assert expected in text, expected


@needs_poppler
def test_form04_names_a_late_agency_other_than_the_office():
    data = samples.apology()
    other = type(data)(**{**data.__dict__, "agency_name": "Phòng Kinh tế, Hạ tầng và Đô thị"})
    text = pdftools.flat(render_form("form04", other))
    assert "PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ" in text
    assert "đến nay Phòng Kinh tế, Hạ tầng và Đô thị chưa trả kết quả" in text


@needs_poppler
def test_form05_control_slip(pdfs):
    text = pdftools.flat(pdfs["form05"])
    for expected in [
        f"Mã hồ sơ: {samples.CODE}", "(Kèm theo hồ sơ của Nguyễn Thị Ánh Tuyết)",
        "Ngày nhận: 10 giờ 30 phút, ngày 05/01/2027",
        "Ngày hẹn trả: 16 giờ 00 phút, ngày 08/01/2027",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Công chức Tư pháp - Hộ tịch",
        "Cơ quan phối hợp giải quyết hồ sơ: Công an phường Ba Đình",
        "TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "GHI CHÚ",
        "14 giờ 15 phút, ngày 05/01/2027", "09 giờ 05 phút, ngày 08/01/2027",
        "Đúng hạn", "Trước hạn", "Đã ký số", "Phạm Thu Hà", "Người giao", "Người nhận",
    ]:
        assert expected in text, expected
    assert text.count("1. Giao:") == 4, "two recorded hand-overs, two blank pairs"


def test_handover_result_is_checked():
    with pytest.raises(ValueError):
        Handover("A", "B", datetime(2027, 1, 5, 9, 0), "x", "y", result="Sớm")


@needs_poppler
def test_form06_book_runs_over_landscape_pages_numbered_continuously():
    pdf = render_form("form06", samples.book(60, first_line=101))
    sizes = pdftools.page_sizes(pdf)
    assert len(sizes) >= 3
    numbers, codes = [], []
    for page in range(1, len(sizes) + 1):
        text = pdftools.text(pdf, page)
        assert "Mã hồ sơ" in text and "(12)" in text, f"header row repeated on page {page}"
        assert f"Trang {page}" in text
        numbers += [int(n) for n in re.findall(r"^\s*(\d{3})\s", text, re.M)]
        codes += re.findall(r"000\.17\.22\.H56-\d{6}-\d{4}", text)
    assert numbers == list(range(101, 161))
    assert codes == [row.code for row in samples.book(60).rows]


@needs_poppler
def test_form06_row_content(pdfs):
    text = pdftools.flat(pdfs["form06"])
    for expected in ["Năm 2027 - Quyển số 01", "Tên thủ tục hành chính", "Ngày, tháng, năm",
                     "Nhận hồ sơ", "Phương thức nhận kết quả", "Ký nhận",
                     "Nguyễn Thị Ánh Tuyết", "Hoàng Ngọc Ánh",
                     "10:30 05/01/2027 10:30 08/01/2027", "Qua bưu chính công ích"]:
        assert expected in text, expected


@needs_poppler
def test_form06_empty_book_is_one_page_of_headings():
    pdf = render_form("form06", samples.book(0))
    assert len(pdftools.page_sizes(pdf)) == 1
    assert "SỔ THEO DÕI HỒ SƠ" in pdftools.flat(pdf)


@needs_poppler
def test_missing_dates_print_as_dots_to_fill_in():
    refusal = samples.refusal()
    undated = type(refusal)(**{**refusal.__dict__, "issued_at": None})
    assert "Ba Đình, ngày …… tháng …… năm ………" in pdftools.flat(render_form("form03", undated))
    slip = samples.control_slip()
    no_due = type(slip)(**{**slip.__dict__, "due_at": None})
    assert "Ngày hẹn trả: …… giờ …… phút, ngày ……/……/………" in pdftools.flat(
        render_form("form05", no_due))
