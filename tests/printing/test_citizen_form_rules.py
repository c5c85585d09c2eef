"""The citizen forms as the rules stand in 2026 (docs/RULES.md, "Tờ khai công dân và lịch
nghỉ"), read back from real PDFs: the residence-period lines of the marital-status
declaration, the parents' marriage certificate line and the two-level footnote of the
birth declaration, the ID line naming its issuing authority, the birth date in words."""

from __future__ import annotations

from datetime import date

from counter_app.config import OfficeConfig
from counter_app.domain import cccd
from counter_app.domain.form_templates.values import card_issuer, id_document
from counter_app.services import form_templates as forms
from printing.forms import render_citizen_form
from tests.printing.documents import pdftools
from tests.printing.documents.pdftools import needs_poppler

TODAY = date(2026, 12, 5)
OFFICE = OfficeConfig(name="Ủy ban nhân dân phường Ba Đình", place="Ba Đình")
QR_AN = ("001099012345|123456789|Nguyễn Văn An|01011999|Nam|"
         "Số 1, Phố X, Phường Đội Cấn, Quận Ba Đình, Hà Nội|15082021")
QR_TUYET = ("001199054321||Nguyễn Thị Ánh Tuyết|12031998|Nữ|"
            "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội|20072024")
AN, TUYET = cccd.parse(QR_AN, TODAY), cccd.parse(QR_TUYET, TODAY)


def filled(template_id: str, typed: dict, people: dict | None = None):
    template = forms.find(template_id)
    context = forms.form_context(OFFICE, TODAY, AN, people or {})
    return forms.fill_form(template, context, typed)


@needs_poppler
def test_marital_status_declaration_prints_each_residence_period():
    form = filled("to-khai-xac-nhan-tinh-trang-hon-nhan", {
        "nyc_quan_he": "Bản thân", "tinh_trang": "Chưa đăng ký kết hôn với ai",
        "muc_dich": "Để đăng ký kết hôn", "nguoi_duoc_cap": [{"dan_toc": "Kinh"}],
        "cu_tru_truoc": [
            {"noi": "Xã Lê Ninh, thị xã Kinh Môn, tỉnh Hải Dương", "tu_ngay": "01/01/2015",
             "den_ngay": "30/06/2020"},
            {"noi": "Phường 15, quận Tân Bình, Thành phố Hồ Chí Minh",
             "tu_ngay": "1/7/2020", "den_ngay": "31/12/2024"}]}, {"nguoi_duoc_cap": [AN]})
    assert form.ok, form.problems
    text = pdftools.flat(render_citizen_form(form.template, form.data))
    assert ("Trong thời gian cư trú tại: Xã Lê Ninh, thị xã Kinh Môn, tỉnh Hải Dương "
            "từ ngày 01 tháng 01 năm 2015 đến ngày 30 tháng 6 năm 2020") in text
    assert ("Trong thời gian cư trú tại: Phường 15, quận Tân Bình, Thành phố Hồ Chí Minh "
            "từ ngày 01 tháng 7 năm 2020 đến ngày 31 tháng 12 năm 2024") in text
    # the periods come after the person and before the marital status
    assert text.index("Giấy tờ tùy thân") < text.index("Trong thời gian cư trú tại") \
        < text.index("Tình trạng hôn nhân")


@needs_poppler
def test_an_empty_marital_status_form_leaves_a_residence_line_to_write_in():
    template = forms.find("to-khai-xac-nhan-tinh-trang-hon-nhan")
    text = pdftools.flat(render_citizen_form(template, {}))
    assert "Trong thời gian cư trú tại:" in text
    assert "từ ngày …… tháng …… năm ……… đến ngày …… tháng …… năm ………" in text


@needs_poppler
def test_birth_declaration_has_the_marriage_certificate_line_and_two_levels():
    form = filled("to-khai-khai-sinh", {
        "kinh_gui": "Ủy ban nhân dân phường Ba Đình", "nyc_quan_he": "Cha",
        "ho_ten": "Nguyễn Minh Khang", "ngay_sinh": "03/01/2026", "gioi_tinh": "Nam",
        "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội", "que_quan": "Hà Nội",
        "gcn_kh_so": "25/2024", "gcn_kh_noi_cap": "UBND phường Đội Cấn",
        "gcn_kh_ngay": "12/05/2024", "cha_me": [{}, {}]}, {"cha_me": [TUYET, AN]})
    assert form.ok, form.problems
    text = pdftools.flat(render_citizen_form(form.template, form.data))
    assert ("Giấy chứng nhận kết hôn của cha, mẹ số: 25/2024 do UBND phường Đội Cấn "
            "cấp ngày 12 tháng 5 năm 2024") in text
    assert "02 cấp hành chính (xã/phường/đặc khu, tỉnh/thành phố)" in text
    assert "huyện" not in text and "03 cấp" not in text


@needs_poppler
def test_the_birth_date_in_words_is_generated_when_left_blank():
    form = filled("to-khai-khai-sinh", {
        "nyc_quan_he": "Cha", "ho_ten": "Nguyễn Minh Khang", "ngay_sinh": "24/04/2026",
        "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Hà Nội", "que_quan": "Hà Nội"},
        {"cha_me": [TUYET, AN]})
    assert form.data["ngay_sinh_chu"] == \
        "Ngày hai mươi tư, tháng tư, năm hai nghìn không trăm hai mươi sáu"
    assert not [p for p in form.problems if p.field == "ngay_sinh_chu"]
    text = pdftools.flat(render_citizen_form(form.template, form.data))
    assert "ghi bằng chữ: Ngày hai mươi tư, tháng tư, năm hai nghìn không trăm hai mươi sáu" \
        in text


def test_words_the_officer_typed_are_kept():
    form = filled("to-khai-khai-sinh", {"ngay_sinh": "24/04/2026",
                                        "ngay_sinh_chu": "Ngày hai mươi bốn tháng tư"})
    assert form.data["ngay_sinh_chu"] == "Ngày hai mươi bốn tháng tư"


def test_the_id_line_names_who_issued_the_card():
    assert id_document("001099012345", date(2021, 8, 15)) == (
        "Căn cước công dân số 001099012345 do Cục Cảnh sát QLHC về TTXH cấp ngày 15/08/2021")
    assert id_document("001199054321", date(2024, 7, 20)) == (
        "Thẻ căn cước số 001199054321 do Bộ Công an cấp ngày 20/07/2024")
    assert id_document("001199054321", date(2024, 6, 30)).startswith(
        "Căn cước công dân số 001199054321 do Cục Cảnh sát QLHC về TTXH")
    # Not known here: the barcode CCCD of 2016–2020 and the 9-digit CMND (provincial police)
    assert id_document("001099012345", date(2019, 3, 1)) == \
        "Căn cước công dân số 001099012345, cấp ngày 01/03/2019"
    assert id_document("123456789", date(2010, 1, 1)) == \
        "Chứng minh nhân dân số 123456789, cấp ngày 01/01/2010"
    assert card_issuer(None) == ("Căn cước công dân", "")


@needs_poppler
def test_the_printed_id_lines_carry_the_authority():
    form = filled("to-khai-khai-sinh", {}, {"cha_me": [TUYET, AN]})
    text = pdftools.flat(render_citizen_form(form.template, form.data))
    assert "Thẻ căn cước số 001199054321 do Bộ Công an cấp ngày 20/07/2024" in text
    assert "Căn cước công dân số 001099012345 do Cục Cảnh sát QLHC về TTXH cấp ngày " \
        "15/08/2021" in text
