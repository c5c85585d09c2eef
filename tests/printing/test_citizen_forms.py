"""Citizens' forms on paper: every template renders, every value is printed exactly,
a QR prefill lands in the right lines, long values wrap, bad data never crashes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain import cccd
from counter_app.domain.form_templates import (FormContext, display_text, fill, parse_date,
                                               parse_template, validate_data)
from counter_app.domain.form_templates.display import words_date
from counter_app.services import form_templates as forms
from printing.forms import render_citizen_form
from tests.printing.documents import pdftools
from tests.printing.documents.pdftools import needs_poppler

TODAY = date(2027, 1, 5)
A4 = (595.28, 841.89)
QR_AN = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
QR_TUYET = ("001199054321||Nguyễn Thị Ánh Tuyết|12031998|Nữ|"
            "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội|20072024")
AN, TUYET = cccd.parse(QR_AN, TODAY), cccd.parse(QR_TUYET, TODAY)

# template id → (people read from cards per group, what the officer typed)
SAMPLES = {
    "to-khai-khai-sinh": ({"cha_me": [TUYET, AN]}, {
        "nyc_quan_he": "Cha", "ho_ten": "Nguyễn Minh Khang", "ngay_sinh": "03/01/2027",
        "ngay_sinh_chu": "Ngày ba tháng một năm hai nghìn không trăm hai mươi bảy",
        "gioi_tinh": "Nam", "dan_toc": "Kinh", "que_quan": "Xã Đông Anh, thành phố Hà Nội",
        "noi_sinh": "Bệnh viện Phụ sản Hà Nội, số 929 đường La Thành, phường Giảng Võ, "
                    "thành phố Hà Nội", "cap_ban_sao": "Có", "so_ban_sao": "2",
        "cha_me": [{"dan_toc": "Kinh"}, {"dan_toc": "Mường"}]}),
    "to-khai-ket-hon": ({"hai_ben": [TUYET, AN]}, {
        "cap_ban_sao": "Không", "hai_ben": [{"dan_toc": "Kinh", "lan_ket_hon": "Lần thứ nhất"},
                                            {"dan_toc": "Tày", "lan_ket_hon": "Lần thứ hai"}]}),
    "to-khai-khai-tu": ({}, {
        "nyc_quan_he": "Con", "gio_chet": "14:30", "ngay_chet": "02/01/2027",
        "noi_chet": "Bệnh viện Bạch Mai, số 78 đường Giải Phóng, Hà Nội",
        "nguyen_nhan": "Bệnh già", "so_giay_bao_tu": "Giấy báo tử số 12/GBT",
        "co_quan_cap": "Bệnh viện Bạch Mai", "ngay_cap": "03/01/2027", "cap_ban_sao": "Có",
        "so_ban_sao": "3", "nguoi_chet": [{"ho_ten": "Nguyễn Văn Bình", "ngay_sinh": "1940",
                                            "gioi_tinh": "Nam", "dan_toc": "Kinh"}]}),
    "to-khai-cap-ban-sao-trich-luc": ({"nguoi_duoc_cap": [AN]}, {
        "nyc_quan_he": "Bản thân", "loai_trich_luc": "Trích lục khai sinh",
        "noi_dang_ky": "Ủy ban nhân dân phường Ba Đình", "ngay_dang_ky": "10/01/1999",
        "so_dang_ky": "15", "quyen_so": "01/1999", "so_ban_sao": "2",
        "nguoi_duoc_cap": [{"gioi_tinh": "Nam", "dan_toc": "Kinh"}]}),
    "to-khai-xac-nhan-tinh-trang-hon-nhan": ({"nguoi_duoc_cap": [AN]}, {
        "nyc_quan_he": "Bản thân", "tinh_trang": "Chưa đăng ký kết hôn với ai",
        "muc_dich": "Để làm thủ tục đăng ký kết hôn với chị Nguyễn Thị Ánh Tuyết, sinh ngày "
                    "12/03/1998", "nguoi_duoc_cap": [{"dan_toc": "Kinh"}]}),
    "phieu-yeu-cau-chung-thuc": ({}, {
        "dien_thoai": "0912345678", "email": "an.nguyen@example.vn",
        "loai_yeu_cau": "Hợp đồng, giao dịch", "so_ban": "3", "gio_nhan": "09:15",
        "noi_dung": "Hợp đồng tặng cho xe máy biển số 29-B1 123.45",
        "giay_to_kem": [{"ten": "Dự thảo hợp đồng tặng cho", "so_luong": "03 bản"},
                        {"ten": "Bản sao Giấy chứng nhận đăng ký xe", "so_luong": "01 bản"}]}),
    "don-de-nghi": ({}, {
        "dien_thoai": "0912 345 678", "ly_do": "Bổ sung hồ sơ xin việc.",
        "noi_dung": "Đề nghị Ủy ban nhân dân phường xác nhận tôi cư trú tại địa chỉ trên "
                    "từ năm 2015 đến nay.", "tai_lieu": [{"ten": "Bản sao thẻ căn cước"}]}),
}
BOXES = {"cap_ban_sao", "loai_yeu_cau"}


def context(people) -> FormContext:
    return FormContext(today=TODAY, citizen=AN, office_name="Ủy ban nhân dân phường Ba Đình",
                       office_place="Ba Đình", procedure_name="Xác nhận thông tin cư trú",
                       people=people)


def filled(template_id: str):
    template = forms.find(template_id)
    people, typed = SAMPLES[template_id]
    return template, fill(template, context(people), typed)


@pytest.fixture(scope="module")
def pdfs() -> dict[str, tuple]:
    out = {}
    for template_id in SAMPLES:
        template, data = filled(template_id)
        out[template_id] = (template, data, render_citizen_form(template, data))
    return out


def test_samples_cover_every_shipped_template_and_are_complete():
    assert set(SAMPLES) == {e.id for e in forms.catalogue()}
    for template_id in SAMPLES:
        template, data = filled(template_id)
        assert validate_data(template, data, TODAY) == [], template_id


@pytest.mark.parametrize("template_id", sorted(SAMPLES))
def test_every_template_renders_filled_and_empty_on_one_a4_page(pdfs, template_id):
    template, _, pdf = pdfs[template_id]
    for doc in (pdf, render_citizen_form(template, {})):
        assert doc.startswith(b"%PDF") and pdftools.page_sizes(doc) == [pytest.approx(A4,
                                                                                    abs=0.5)]
        fonts = pdftools.fonts(doc)
        assert fonts and all(fonts.values()), fonts
        assert all(n.split("+")[-1].startswith(("LiberationSerif", "TimesNewRoman"))
                   for n in fonts), fonts


def printed_values(template, data):
    """Every non-empty value as it should read on paper (check boxes apart; the date of
    the "Làm tại" line is written out: "ngày 05 tháng 01 năm 2027")."""
    dated = template.layout.place_date.date if template.layout.place_date else None
    values = [words_date(parse_date(data[f.id])) if f.id == dated else
              display_text(f, data.get(f.id)) for f in template.fields if f.id not in BOXES]
    for group in template.groups:
        for entry in data.get(group.id, []):
            values += [display_text(f, entry.get(f.id)) for f in group.fields]
    return [v for v in values if v]


@needs_poppler
@pytest.mark.parametrize("template_id", sorted(SAMPLES))
def test_every_value_is_printed_with_exact_diacritics(pdfs, template_id):
    template, data, pdf = pdfs[template_id]
    flat = pdftools.flat(pdf)
    layout = " ".join(pdftools.text(pdf).split())
    assert template.title in layout and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in layout
    assert "Độc lập - Tự do - Hạnh phúc" in layout
    for value in printed_values(template, data):
        value = " ".join(value.split())
        assert value in flat, value
        if template_id != "to-khai-ket-hon":  # a two-column table interleaves in -layout
            assert value in layout, value
    for line in template.layout.commitment:
        assert " ".join(line.split()) in layout


@needs_poppler
def test_ticked_boxes_hold_an_x(pdfs):
    text = pdftools.flat(pdfs["to-khai-khai-sinh"][2])
    assert "Có X" in text and "Không X" not in text
    text = pdftools.flat(pdfs["to-khai-ket-hon"][2])
    assert "Không X" in text and "Có X" not in text


def layout_lines(pdf: bytes) -> list[str]:
    return [" ".join(line.split()) for line in pdftools.text(pdf).splitlines() if line.strip()]


def line_with(lines: list[str], label: str, start: int = 0) -> tuple[int, str]:
    pattern = re.compile(re.escape(label) + r"\s*(?:\(\d\))?\s*:")
    for n in range(start, len(lines)):
        if pattern.search(lines[n]):
            return n, lines[n]
    raise AssertionError(f"no line with {label!r}")


@needs_poppler
def test_a_qr_prefill_lands_on_the_right_lines():
    template = forms.find("to-khai-khai-sinh")
    data = fill(template, context({"cha_me": [TUYET]}), {})
    lines = layout_lines(render_citizen_form(template, data))
    n, line = line_with(lines, "Họ, chữ đệm, tên người yêu cầu")
    assert line.endswith(": Nguyễn Văn An")
    assert line_with(lines, "Ngày, tháng, năm sinh", n)[1].endswith(": 01/01/1999")
    assert line_with(lines, "Nơi cư trú", n)[1].endswith(": Số 1, Phố X, Phường Y, Hà Nội")
    g, line = line_with(lines, "Giấy tờ tùy thân", n)
    assert " ".join([line, lines[g + 1].strip()]).endswith(    # the long line wraps once
        ": Căn cước công dân số 001099012345 do Cục Cảnh sát QLHC về TTXH cấp ngày 15/08/2021")
    m, line = line_with(lines, "Họ, chữ đệm, tên người mẹ")
    assert line.endswith(": Nguyễn Thị Ánh Tuyết") and m > n
    assert re.search(r"Năm sinh\s*\(?5?\)?\s*: 12/03/1998", line_with(lines, "Năm sinh", m)[1])
    assert line_with(lines, "Nơi cư trú", m)[1].endswith(
        ": Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội")
    assert "Thẻ căn cước số 001199054321" in line_with(lines, "Giấy tờ tùy thân", m)[1]
    f, line = line_with(lines, "Họ, chữ đệm, tên người cha")
    assert f > m and "...." in line      # no card for the father: dots to fill in
    assert any(x.startswith("Làm tại: Ba Đình, ngày 05 tháng 01 năm 2027") for x in lines)
    assert lines.index(next(x for x in lines if x.startswith("Nguyễn Văn An"))) > f


@needs_poppler
def test_long_values_wrap_inside_the_margins():
    template = forms.find("to-khai-khai-sinh")
    address = ("Thôn Đồng Tâm, " * 12) + "xã Đông Anh, thành phố Hà Nội, Việt Nam"
    people, typed = SAMPLES["to-khai-khai-sinh"]
    data = fill(template, context(people), {**typed, "noi_sinh": address})
    pdf = render_citizen_form(template, data)
    assert " ".join(address.split()) in pdftools.flat(pdf)
    right_edge = A4[0] - 15 * pdftools.MM + 1
    assert all(w[4] <= right_edge for w in pdftools.words(pdf))


@needs_poppler
def test_an_empty_form_has_dots_to_fill_by_hand():
    template = forms.find("to-khai-khai-sinh")
    text = pdftools.text(render_citizen_form(template, {}))
    assert "None" not in text and "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text
    assert re.search(r"Họ, chữ đệm, tên người yêu cầu: \.{20,}", text)
    assert "……/……/………" in text and "Người yêu cầu" in text
    assert "Làm tại: ……………, ngày …… tháng …… năm ………" in text


@settings(max_examples=15, deadline=None)
@given(st.dictionaries(st.sampled_from(["ho_ten", "ngay_sinh", "gioi_tinh", "so_ban_sao",
                                        "cap_ban_sao", "cha_me", "noi_sinh", "x"]),
                       st.one_of(st.text(max_size=80), st.integers(), st.booleans(),
                                 st.none(), st.lists(st.one_of(st.none(), st.text(max_size=5),
                                                               st.dictionaries(st.text(max_size=8),
                                                                               st.text(max_size=20)
                                                                               )), max_size=4))))
def test_any_data_renders_without_crashing(data):
    template = forms.find("to-khai-khai-sinh")
    assert render_citizen_form(template, data).startswith(b"%PDF")


def test_markup_in_values_is_printed_not_interpreted():
    template = parse_template((forms.SHIPPED_DIR / "don-de-nghi.yaml").read_bytes(),
                              "don-de-nghi.yaml")
    pdf = render_citizen_form(template, {"noi_dung": "<b>a & b</b> <br/>", "ho_ten": "A<B"})
    assert pdf.startswith(b"%PDF")
