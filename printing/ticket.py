"""What a queue ticket shows (shared/domain.md §2.1) and its rendering to a 1-bit image.

The ticket is drawn with a Vietnamese-complete TrueType font at the printer's
dot width and sent as a raster image, because the code pages for Vietnamese
differ between printer models (shared/architecture.md §4).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printing.errors import PrintError
from printing.fonts import font

TITLE = "PHIẾU SỐ THỨ TỰ"
FOOTER = "Vui lòng giữ phiếu và chờ gọi số"
WIDTHS = (384, 512, 576)   # 58 mm at 203 dpi; 80 mm at 180 dpi (Epson TM-T88); 80 mm at 203 dpi
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WHITE, BLACK = 1, 0


@dataclass(frozen=True, kw_only=True)
class TicketContent:
    agency_name: str
    parent_name: str = ""
    title: str = TITLE
    number: str
    service_name: str
    waiting_ahead: int = 0
    issued_at: datetime              # already local time (Asia/Ho_Chi_Minh)
    priority_label: str | None = None
    qr_text: str | None = None
    footer: str = FOOTER
    counter_hint: str | None = None
    reprint: bool = False


def waiting_text(n: int) -> str:
    """``n`` is how many will be called first (priority counted first), not the length
    of the whole line."""
    return "Bạn sẽ được gọi ngay" if n <= 0 else f"Số người được gọi trước bạn: {n}"


def time_text(at: datetime) -> str:
    return f"{at:%H:%M}  ·  {WEEKDAYS[at.weekday()]}, {at:%d/%m/%Y}"


def render_ticket(content: TicketContent, width_dots: int) -> Image.Image:
    """The ticket as a mode "1" image exactly ``width_dots`` wide."""
    if not 256 <= width_dots <= 1024:
        raise PrintError(f"Khổ in {width_dots} điểm không hợp lệ (thường là 384, 512 hoặc 576).")
    c = _Canvas(width_dots)
    if content.parent_name:
        c.text(content.parent_name, "medium", 22)
    c.text(content.agency_name, "bold", 26, gap=4)
    c.rule()
    c.text(content.title, "bold", 32, gap=6)
    c.number(content.number)
    if content.priority_label:
        c.banner(content.priority_label)
    c.text(content.service_name, "semibold", 30, gap=8)
    c.text(waiting_text(content.waiting_ahead), "regular", 25, gap=6)
    if content.counter_hint:
        c.text(content.counter_hint, "semibold", 25, gap=4)
    c.text(time_text(content.issued_at), "regular", 23, gap=6)
    if content.qr_text:
        c.qr(content.qr_text)
    c.rule()
    c.text(content.footer, "italic", 23, gap=4)
    if content.reprint:
        c.text("(Phiếu in lại)", "italic", 20)
    return c.finish()


class _Canvas:
    """A top-to-bottom stack of strips, each exactly the ticket width."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.scale = (width / 576) ** 0.6     # 384 dots keep readable text: 0.78, not 0.67
        self.margin = self.px(14)
        self.strips: list[Image.Image] = [Image.new("1", (width, self.px(6)), WHITE)]

    def px(self, at_576: float) -> int:
        return max(1, round(at_576 * self.scale))

    def space(self, at_576: float) -> None:
        if at_576 > 0:
            self.strips.append(Image.new("1", (self.width, self.px(at_576)), WHITE))

    def text(self, text: str, weight: str, size: int, gap: float = 2) -> None:
        self.space(gap)
        f = font(weight, self.px(size))
        self.strips.append(self._lines(text, f, self.width - 2 * self.margin, BLACK))

    def _lines(self, text: str, f: ImageFont.FreeTypeFont, max_width: int, ink: int):
        """Wrapped, centred lines on a full-width strip; every line gets the same pitch,
        tall enough for stacked diacritics (Ẩ, Ặ) and descenders."""
        lines = _wrap(_clean(text), f, max_width)
        boxes = [f.getbbox(line, anchor="ls") for line in lines]
        above = max([-b[1] for b in boxes] + [round(f.size * 0.95)])
        below = max([b[3] for b in boxes] + [round(f.size * 0.22)])
        strip = Image.new("1", (self.width, (above + below) * len(lines)), 1 - ink)
        draw = ImageDraw.Draw(strip)
        for i, line in enumerate(lines):
            x = (self.width - f.getlength(line)) / 2
            draw.text((x, i * (above + below) + above), line, font=f, fill=ink, anchor="ls")
        return strip

    def number(self, number: str) -> None:
        """The ticket number, as large as fits the width."""
        text, size = _clean(number), self.px(150)
        f = font("extrabold", size)
        while f.getlength(text) > self.width - 2 * self.margin and size > 24:
            size -= 4
            f = font("extrabold", size)
        left, top, right, bottom = f.getbbox(text, anchor="ls")
        pad = self.px(10)
        strip = Image.new("1", (self.width, bottom - top + 2 * pad), WHITE)
        ImageDraw.Draw(strip).text(((self.width - (right - left)) / 2 - left, pad - top), text,
                                   font=f, fill=BLACK, anchor="ls")
        self.strips.append(strip)

    def banner(self, text: str) -> None:
        """White on black, for the priority category the officer must notice."""
        self.space(4)
        inner = self._lines(text.upper(), font("bold", self.px(24)),
                            self.width - 4 * self.margin, WHITE)
        pad = self.px(6)
        strip = Image.new("1", (self.width, inner.height + 2 * pad), WHITE)
        ImageDraw.Draw(strip).rectangle(
            (self.margin, 0, self.width - self.margin - 1, strip.height - 1), fill=BLACK)
        strip.paste(inner.crop((self.margin, 0, self.width - self.margin, inner.height)),
                    (self.margin, pad))
        self.strips.append(strip)

    def rule(self) -> None:
        self.space(10)
        strip = Image.new("1", (self.width, self.px(3)), WHITE)
        ImageDraw.Draw(strip).rectangle(
            (self.margin, 0, self.width - self.margin - 1, strip.height - 1), fill=BLACK)
        self.strips.append(strip)
        self.space(4)

    def qr(self, text: str) -> None:
        code = qr_image(text, max_size=round(self.width * 0.42), quiet=3)
        strip = Image.new("1", (self.width, code.height), WHITE)
        strip.paste(code, ((self.width - code.width) // 2, 0))
        self.strips.append(strip)

    def finish(self) -> Image.Image:
        self.space(10)
        out = Image.new("1", (self.width, sum(s.height for s in self.strips)), WHITE)
        y = 0
        for strip in self.strips:
            out.paste(strip, (0, y))
            y += strip.height
        return out


def qr_image(text: str, max_size: int, quiet: int = 4) -> Image.Image:
    """A QR code (level M) of whole dots per module, never under 3 dots, about
    ``max_size`` dots wide including ``quiet`` white modules on each side."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=quiet)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    n = len(matrix)
    small = Image.new("1", (n, n), WHITE)
    small.putdata([BLACK if cell else WHITE for row in matrix for cell in row])
    box = max(3, max_size // n)
    return small.resize((n * box, n * box), Image.Resampling.NEAREST)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word longer than the line is cut by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if f.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while f.getlength(word) > width and len(word) > 1:
            cut = max(1, next(i for i in range(len(word), 0, -1)
                              if f.getlength(word[:i]) <= width or i == 1))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines.append(current)
    return lines
