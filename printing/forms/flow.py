"""Building blocks of a citizen's form on A4: the national heading, "Label: value"
lines with dotted leaders where a value is missing, and lines with check boxes.

Dots are measured, not guessed: an empty value gets exactly the dots that fill its
share of the line, so an unfilled form can be completed by hand like the official
one. Liberation Serif and Times New Roman have no ☐/☒ glyphs, so check boxes are
drawn: a square, with the letter X inside when ticked ("đánh dấu X vào ô").
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from printing.documents.layout import MOTTO, NATION, Rule, line, table_style
from printing.documents.text import esc

DOT = "."
GAP = "\u00a0\u00a0\u00a0"
MIN_DOTS_WIDTH = 18.0


@dataclass(frozen=True)
class Piece:
    """One field on a line: its printed label, footnote mark, value (or empty),
    the shape of an empty date/time ("……/……/………"), and a suffix ("bản")."""

    label: str
    value: str = ""
    mark: str = ""
    colon: bool = True
    blank: str | None = None
    suffix: str = ""
    box: bool | None = None        # a check box item: ticked or not
    options: tuple[tuple[str, bool], ...] = ()   # choice shown as boxes


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    size: float


def style(fonts: Fonts, *, align=TA_LEFT, font: str | None = None, size: float | None = None,
          before: float = 0, after: float = 1.5, indent: float = 0) -> ParagraphStyle:
    size = size or fonts.size
    return ParagraphStyle("form", fontName=font or fonts.regular, fontSize=size,
                          leading=size * 1.28, alignment=align, spaceBefore=before,
                          spaceAfter=after, leftIndent=indent)


def national_heading(fonts: Fonts, width: float) -> list[Flowable]:
    """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc, centred,
    with the short rule under the motto (Nghị định 30/2020, Phụ lục I)."""
    size = fonts.size
    motto_size = size + 1
    return [line(NATION, fonts.bold, size, width), line(MOTTO, fonts.bold, motto_size, width),
            Rule(stringWidth(MOTTO, fonts.bold, motto_size), gap=3, after=2)]


def title(fonts: Fonts, text: str, width: float) -> Paragraph:
    return Paragraph(esc(text).replace("\n", "<br/>"),
                     style(fonts, align=TA_CENTER, font=fonts.bold, size=fonts.size + 1.5,
                           before=10, after=4))


def _label_markup(p: Piece, fonts: Fonts) -> str:
    if not p.label and not p.mark:
        return ""
    mark = f"<font size={fonts.size * 0.7:.1f}><super>{esc(p.mark)}</super></font>" \
        if p.mark else ""
    return f"{esc(p.label)}{mark}{':' if p.colon and p.label else ''} "


def _label_width(p: Piece, fonts: Fonts) -> float:
    text = p.label + (":" if p.colon and p.label else "") + " "
    return stringWidth(text if (p.label or p.mark) else "", fonts.regular, fonts.size) + \
        stringWidth(p.mark, fonts.regular, fonts.size * 0.7)


def dots(width: float, fonts: Fonts) -> str:
    return DOT * max(3, int(width / stringWidth(DOT, fonts.regular, fonts.size)))


def text_line(pieces: list[Piece], fonts: Fonts, width: float, indent: float = 0) -> Paragraph:
    """"Label: value    Label: ………" on one line (wrapping when values are long),
    the dots of empty values sharing what the labels and values leave free."""
    gap_w = stringWidth(GAP, fonts.regular, fonts.size)
    used = sum(_label_width(p, fonts) for p in pieces) + gap_w * (len(pieces) - 1)
    used += sum(stringWidth(p.value or p.blank or "", fonts.regular, fonts.size) +
                stringWidth(" " + p.suffix if p.suffix else "", fonts.regular, fonts.size)
                for p in pieces)
    empty = [p for p in pieces if not p.value and p.blank is None]
    share = (width - indent - used - 4) / len(empty) if empty else 0
    markup = ""
    for n, p in enumerate(pieces):
        value = esc(p.value).replace("\n", "<br/>") if p.value else \
            esc(p.blank) if p.blank is not None else dots(max(share, MIN_DOTS_WIDTH), fonts)
        if n:  # "…phút, ngày …": a label starting with a comma sticks to what precedes
            markup += "" if p.label[:1] in ",;" else GAP
        markup += _label_markup(p, fonts) + value + (" " + esc(p.suffix) if p.suffix else "")
    return Paragraph(markup, style(fonts, indent=indent))


def dotted_lines(count: int, fonts: Fonts, width: float) -> list[Paragraph]:
    """Blank lines of dots, for a multi-line answer written by hand."""
    return [Paragraph(dots(width - 4, fonts), style(fonts)) for _ in range(count)]


def aligned(text: str, fonts: Fonts, *, align: str = "left", font: str | None = None,
            size: float | None = None, before: float = 0) -> Paragraph:
    modes = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
    return Paragraph(esc(text).replace("\n", "<br/>"),
                     style(fonts, align=modes[align], font=font, size=size, before=before))


class BoxLine(Flowable):
    """A line with drawn check boxes: "Label: Có ☒, Không ☐   Số lượng: 2 bản".

    Tokens are laid out left to right and wrap at word boundaries; a ticked box
    holds a real letter X, so the text layer (and pdftotext) shows the choice."""

    def __init__(self, pieces: list[Piece], fonts: Fonts) -> None:
        super().__init__()
        self.fonts = fonts
        self.tokens = _tokens(pieces, fonts)
        self.box = fonts.size * 0.72
        self.leading = fonts.size * 1.35
        self._lines: list[list[tuple[float, tuple]]] = []

    def wrap(self, avail_width, avail_height):
        self._lines = _place(self.tokens, avail_width, self._width)
        return avail_width, self.leading * max(1, len(self._lines)) + 1.5

    def _width(self, token: tuple) -> float:
        kind, value, font, size = token
        if kind == "box":
            return self.box + 2
        if kind == "option":
            return stringWidth(value[0] + " ", font, size) + self.box + 2
        return stringWidth(value, font, size)

    def draw(self) -> None:
        c = self.canv
        top = self.leading * len(self._lines)
        for n, placed in enumerate(self._lines):
            base = top - self.leading * (n + 1) + self.leading * 0.28
            for x, (kind, value, font, size) in placed:
                if kind == "box":
                    self._draw_box(x, base, value)
                elif kind == "option":
                    c.setFont(font, size)
                    c.drawString(x, base, value[0])
                    self._draw_box(x + stringWidth(value[0] + " ", font, size), base, value[1])
                else:
                    c.setFont(font, size)
                    c.drawString(x, base + (size * 0.5 if kind == "mark" else 0), value)

    def _draw_box(self, x: float, base: float, ticked: bool) -> None:
        c = self.canv
        c.setLineWidth(0.6)
        c.rect(x + 1, base - 0.5, self.box, self.box, stroke=1, fill=0)
        if ticked:
            size = self.box * 1.05
            c.setFont(self.fonts.bold, size)
            c.drawCentredString(x + 1 + self.box / 2, base + self.box * 0.12, "X")


def _tokens(pieces: list[Piece], fonts: Fonts) -> list[tuple]:
    """Words, spaces and boxes of a box line, each ``(kind, value, font, size)``."""
    out: list[tuple] = []
    regular, size = fonts.regular, fonts.size

    def words(text: str, font: str = regular, sz: float = size) -> None:
        for i, word in enumerate(text.split(" ")):
            if i:
                out.append(("space", " ", font, sz))
            if word:
                out.append(("word", word, font, sz))

    for n, p in enumerate(pieces):
        if n:
            out.append(("space", GAP, regular, size))
        words(p.label)
        if p.mark:
            out.append(("mark", p.mark, regular, size * 0.7))
        if p.label and p.colon:
            out.append(("word", ":", regular, size))
        out.append(("space", " ", regular, size))
        if p.options:
            for i, (name, ticked) in enumerate(p.options):
                out.append(("option", (name, ticked), regular, size))   # never split
                if i < len(p.options) - 1:
                    out.append(("word", ",", regular, size))
                    out.append(("space", "  ", regular, size))
        elif p.box is not None:
            out.append(("box", p.box, regular, size))
        else:
            words(p.value or p.blank or DOT * 20)
        if p.suffix:
            words(" " + p.suffix)
    return out


def _place(tokens: list[tuple], width: float, measure) -> list[list[tuple[float, tuple]]]:
    lines: list[list[tuple[float, tuple]]] = [[]]
    x = 0.0
    for token in tokens:
        w = measure(token)
        if token[0] == "space":
            if lines[-1]:
                x += w
            continue
        if x + w > width and lines[-1]:
            lines.append([])
            x = 0.0
        lines[-1].append((x, token))
        x += w
    return lines


@dataclass(frozen=True)
class Sign:
    title: str
    hint: str
    name: str = ""


def signature_block(columns: list, fonts: Fonts, width: float,
                    gap: float = 24 * mm) -> Flowable:
    """Signature columns side by side, kept on one page: a ``Sign`` (title, hint,
    room to sign, the name), a list of flowables, or ``None`` for an empty column."""
    head = style(fonts, align=TA_CENTER, font=fonts.bold, after=0)
    hint = style(fonts, align=TA_CENTER, font=fonts.italic, size=fonts.size - 1.5, after=0)
    cells = []
    for col in columns:
        if isinstance(col, Sign):
            cells.append([Paragraph(esc(col.title), head), Paragraph(esc(col.hint), hint),
                          Spacer(0, gap), Paragraph(esc(col.name), head)])
        else:
            cells.append(col or "")
    table = Table([cells], colWidths=[width / len(cells)] * len(cells), splitInRow=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(0, 2), table])
