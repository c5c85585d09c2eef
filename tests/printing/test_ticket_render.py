"""The ticket image: exact width, readable Vietnamese, a QR that decodes."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from printing import fonts
from printing.errors import PrintError
from printing.ticket import WIDTHS, TicketContent, render_ticket, time_text, waiting_text
from tests.printing.escpos_decode import decode_qr

VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ")


def black_share(img: Image.Image) -> float:
    return img.histogram()[0] / (img.width * img.height)


@pytest.mark.parametrize("width", WIDTHS)
def test_exact_width_one_bit_not_blank_and_qr_decodes(content, width):
    img = render_ticket(content, width)
    assert img.mode == "1" and img.width == width
    assert 300 < img.height < 2.2 * width
    assert 0.04 < black_share(img) < 0.5
    assert decode_qr(img) == [content.qr_text]


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_touches_the_edges(content, width):
    """A clipped diacritic or a line wider than the paper would leave ink on the border."""
    long = dataclasses.replace(
        content, agency_name="UBND XÃ ĐỒNG TÂM HUYỆN MỸ ĐỨC THÀNH PHỐ HÀ NỘI ỦY BAN ẨM",
        service_name="Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền "
                     "của Việt Nam cấp hoặc chứng nhận Dàiquámứcchophépmộtdòngkhôngcókhoảngtrắng")
    img = render_ticket(long, width)
    inside = Image.new("1", img.size, 0)
    ImageDraw.Draw(inside).rectangle((4, 2, width - 5, img.height - 3), fill=1)
    edges = ImageChops.logical_or(img, inside)     # white except where ink is on the border
    assert edges.histogram()[0] == 0
    assert img.height > render_ticket(content, width).height


def test_qr_with_vietnamese_text_round_trips(content):
    img = render_ticket(dataclasses.replace(content, qr_text="A042|Nguyễn Văn An|Đống Đa"), 384)
    assert decode_qr(img) == ["A042|Nguyễn Văn An|Đống Đa"]


def test_optional_parts_can_be_left_out(content):
    bare = TicketContent(agency_name="UBND XÃ A", number="B001", service_name="Đất đai",
                         issued_at=datetime(2027, 1, 4, 7, 30))
    img = render_ticket(bare, 576)
    assert img.width == 576 and decode_qr(img) == []
    assert img.height < render_ticket(content, 576).height


def test_texts():
    assert waiting_text(0) == "Bạn sẽ được gọi ngay"
    assert waiting_text(7) == "Số người được gọi trước bạn: 7"
    assert time_text(datetime(2027, 2, 7, 9, 3)) == "09:03  ·  Chủ Nhật, 07/02/2027"


def test_uses_be_vietnam_pro_and_every_vietnamese_letter_has_a_glyph():
    assert fonts.font_path("regular").name == "BeVietnamPro-Regular.ttf"
    f = fonts.font("regular", 40)

    def glyph(ch: str) -> bytes:
        img = Image.new("1", (60, 80), 1)
        ImageDraw.Draw(img).text((5, 60), ch, font=f, fill=0, anchor="ls")
        return img.tobytes()
    missing = glyph("\ue000")       # a private-use code point: the .notdef box
    letters = VIETNAMESE + VIETNAMESE.upper()
    assert all(glyph(ch) != missing for ch in letters)
    assert len({glyph(ch) for ch in letters}) == len(set(letters))


def test_never_pillow_default_font(monkeypatch, content):
    def refuse(*args, **kwargs):
        raise AssertionError("Pillow's bitmap font has no Vietnamese")
    monkeypatch.setattr(ImageFont, "load_default", refuse)
    render_ticket(content, 512)


def test_falls_back_to_dejavu_sans(monkeypatch, content):
    if fonts._dejavu("DejaVuSans.ttf") is None:
        pytest.skip("DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
    monkeypatch.setattr(fonts, "_bundled", lambda stem: None)
    fonts.font_path.cache_clear()
    fonts.font.cache_clear()
    try:
        assert fonts.font_path("bold").name == "DejaVuSans-Bold.ttf"
        img = render_ticket(content, 384)
        assert img.width == 384 and decode_qr(img) == [content.qr_text]
    finally:
        fonts.font_path.cache_clear()
        fonts.font.cache_clear()


def test_no_font_at_all_is_a_clear_error(monkeypatch, content):
    monkeypatch.setattr(fonts, "_bundled", lambda stem: None)
    monkeypatch.setattr(fonts, "_dejavu", lambda name: None)
    fonts.font_path.cache_clear()
    fonts.font.cache_clear()
    try:
        with pytest.raises(PrintError, match="phông chữ tiếng Việt"):
            render_ticket(content, 576)
    finally:
        fonts.font_path.cache_clear()
        fonts.font.cache_clear()


@pytest.mark.parametrize("width", [0, 100, 5000])
def test_bad_width(content, width):
    with pytest.raises(PrintError, match="Khổ in"):
        render_ticket(content, width)


def test_long_numbers_shrink_to_fit(content):
    img = render_ticket(dataclasses.replace(content, number="ƯT-12345678"), 384)
    assert img.width == 384
