"""Building blocks shared by the forms: page sizes, styles, the two-column header,
labelled lines, bordered tables, signature blocks, and the PDF build itself.

Everything flows (reportlab platypus), so long names wrap and long tables carry
on to the next page instead of running off the paper.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from counter_app.domain.office_names import is_office_committee, unit_lines, unit_name
from printing.documents.fonts import serif_family
from printing.documents.model import OfficeHeader
from printing.documents.text import BLANK, esc, place_date

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGN_HINT = "(Ký và ghi rõ họ tên)"
CREATOR = "Quầy Một cửa"


@dataclass(frozen=True)
class Page:
    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.size[0] - self.left - self.right

    @property
    def height(self) -> float:
        return self.size[1] - self.top - self.bottom


# Nghị định 30/2020's A4 margins (30/20 mm) would leave too little of an A5 slip.
A5_PORTRAIT = Page(A5, 12 * mm, 10 * mm, 8 * mm, 8 * mm)
A4_LANDSCAPE = Page(landscape(A4), 15 * mm, 12 * mm, 12 * mm, 12 * mm)


@dataclass(frozen=True)
class Styles:
    font: str
    bold: str
    italic: str
    body: ParagraphStyle
    center: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle


@functools.lru_cache(maxsize=8)
def styles(size: float = 10.0) -> Styles:
    """Paragraph styles in the serif family, body text at ``size`` points."""
    fam = serif_family()
    body = ParagraphStyle("body", fontName=fam.name, fontSize=size, leading=size * 1.25,
                          alignment=TA_JUSTIFY, spaceAfter=1.2)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER, spaceAfter=0)
    cell = ParagraphStyle("cell", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.2,
                          alignment=TA_LEFT, spaceAfter=0)
    return Styles(
        font=fam.name, bold=fam.faces["bold"], italic=fam.faces["italic"],
        body=body, center=center,
        title=ParagraphStyle("title", parent=center, fontName=fam.faces["bold"],
                             fontSize=size + 1.5, leading=(size + 1.5) * 1.25),
        cell=cell,
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("cell_head", parent=cell, alignment=TA_CENTER,
                                 fontName=fam.faces["bold"]),
        small=ParagraphStyle("small", parent=body, fontSize=size - 2,
                             leading=(size - 2) * 1.2, alignment=TA_LEFT))


class Rule(Flowable):
    """A horizontal line of ``length`` points, centred in the space it is given,
    ``gap`` points below the text above it."""

    def __init__(self, length: float, thickness: float = 0.6, gap: float = 4.0,
                 after: float = 1.5) -> None:
        super().__init__()
        self.length, self.thickness, self.gap, self.after = length, thickness, gap, after
        self._avail = length

    def wrap(self, avail_width, avail_height):
        self._avail = avail_width
        return avail_width, self.gap + self.after

    def draw(self) -> None:
        x0 = (self._avail - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, self.after, x0 + self.length, self.after)


def table_style(commands: list) -> TableStyle:
    """A TableStyle in our font: the default Helvetica would otherwise be named
    (not embedded) by every table, even one of paragraphs only."""
    return TableStyle([("FONT", (0, 0), (-1, -1), styles().font), *commands])


def fitted(text: str, font: str, size: float, width: float, floor: float = 7.0) -> float:
    """The largest size ≤ ``size`` (down to ``floor``) at which ``text`` fits one line."""
    while size > floor and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def line(text: str, font: str, size: float, width: float, *, floor: float = 7.0,
         align: int = TA_CENTER) -> Paragraph:
    """One header line, shrunk to fit on one line down to ``floor`` points; a text
    too long even then keeps its size and wraps."""
    smaller = fitted(text, font, size, width, floor)
    if stringWidth(text, font, smaller) <= width:
        size = smaller
    return Paragraph(esc(text), ParagraphStyle("line", fontName=font, fontSize=size,
                                               leading=size * 1.2, alignment=align))


def office_header(header: OfficeHeader, when: date | None, width: float, *,
                  dated: bool = True, number: str = "", unit: str | None = None,
                  size: float = 9.5) -> Table:
    """Left: office / counter with a short rule (and "Số: …"); right: national title,
    motto with a rule under it, and unless not ``dated`` the italic "<place>, ngày …
    tháng … năm …" (dots when ``when`` is None)."""
    st = styles()
    left_w, right_w = width * 0.45, width * 0.55
    texts = [(t.upper(), st.font) for t in (header.parent_name, header.name) if t]
    unit_text = (unit or unit_phrase(header)).upper()
    # A unit too long for one line even at 8 pt ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG
    # PHƯỜNG …") goes on two, cut before its commune, both at a size that fits (≥ 7 pt).
    parts = unit_lines(unit_text) if stringWidth(unit_text, st.bold, 8) > left_w \
        else [unit_text]
    # One size for the other lines: the largest at which each fits (≥ 8 pt).
    whole = texts + ([(parts[0], st.bold)] if len(parts) == 1 else [])
    common = min((fitted(t, font, size, left_w, floor=8) for t, font in whole), default=size)
    left = [line(t, font, common, left_w, floor=common) for t, font in texts]
    unit_size = min(fitted(p, st.bold, common, left_w, floor=7) for p in parts)
    left += [line(p, st.bold, unit_size, left_w, floor=unit_size) for p in parts]
    left.append(Rule(min(left_w * 0.45, 30 * mm)))
    nation = fitted(NATION, st.bold, size, right_w - 2)
    motto = fitted(MOTTO, st.bold, nation + 1, right_w - 2)
    right = [line(NATION, st.bold, nation, right_w), line(MOTTO, st.bold, motto, right_w),
             Rule(stringWidth(MOTTO, st.bold, motto))]
    below_left = line(number, st.font, size, left_w) if number else ""
    below_right = line(place_date(header.place, when), st.italic, size, right_w) \
        if dated else ""
    rows = [[left, right], [below_left, below_right]]
    if not (number or dated):       # no empty line of height between header and title
        rows.pop()
    table = Table(rows, colWidths=[left_w, right_w], splitInRow=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 1), (-1, 1), 3)]))
    return table


def agency_header(header: OfficeHeader, agency_name: str) -> tuple[OfficeHeader, str]:
    """The header of a document an agency issues (form 04, the stop notice) and the unit
    line under it. The office's own People's Committee: its parent above, the committee
    in bold. Another agency (the commune police, social insurance…): the agency alone —
    its superior is not the commune's, and the office does not know it."""
    if is_office_committee(agency_name, header.name):
        return replace(header, name=header.parent_name, parent_name=""), header.name
    return replace(header, name="", parent_name=""), agency_name


def unit_phrase(header: OfficeHeader) -> str:
    """The counter's name inside a sentence (the header prints it in capitals): the
    configured one, else the commune's centre (``office_names.unit_name``)."""
    return unit_name(header.unit_name, header.name)


def form_mark(wording) -> list[Flowable]:
    """The form's number and legal-basis line at the top right ("Mẫu số 01", "Ban hành
    kèm theo …"), from its form set (``wording.FormWording``); nothing if it has none."""
    if wording is None or not (wording.number or wording.basis):
        return []
    st = styles()
    small = ParagraphStyle("mark", parent=st.small, alignment=TA_RIGHT, fontSize=7.5,
                           leading=8.5, spaceAfter=0)
    out = [para(f"<b>{esc(wording.number)}</b>", small)] if wording.number else []
    if wording.basis:
        out.append(para(f"<i>{esc(wording.basis)}</i>", small))
    return [*out, Spacer(0, 0.5 * mm)]


def spaced(text: str) -> str:
    """``text`` escaped, with runs of three spaces kept as wide gaps (a paragraph would
    otherwise close them to one)."""
    return esc(text).replace("   ", "&nbsp;&nbsp;&nbsp;")


class Title(Paragraph):
    """A form's title; too long for one line, it breaks where its two lines come out
    nearest in length ("… GIA HẠN / THỜI GIAN GIẢI QUYẾT"), not a last word alone."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self.plain = text
        super().__init__(esc(text), style)

    def wrap(self, avail_width, avail_height):
        st = self.style
        words = self.plain.split()
        if stringWidth(self.plain, st.fontName, st.fontSize) > avail_width and len(words) > 1:
            def longer(i: int) -> float:
                return max(stringWidth(" ".join(part), st.fontName, st.fontSize)
                           for part in (words[:i], words[i:]))
            cut = min(range(1, len(words)), key=longer)
            if longer(cut) <= avail_width:
                super().__init__(f"{esc(' '.join(words[:cut]))}<br/>"
                                 f"{esc(' '.join(words[cut:]))}", st)
        return super().wrap(avail_width, avail_height)


def title(text: str, *extra: Flowable) -> list[Flowable]:
    st = styles()
    return [Spacer(0, 3 * mm), Title(text, st.title), *extra, Spacer(0, 2 * mm)]


def field(label: str, value: object, *, bold: bool = False, style=None) -> Paragraph:
    """``Label: value`` with dots to fill in by hand when the value is empty."""
    text = esc(value) if value not in (None, "") else BLANK
    if bold and value not in (None, ""):
        text = f"<b>{text}</b>"
    return Paragraph(f"{esc(label)}: {text}", style or styles().body)


def fields(*pairs: tuple[str, object]) -> Paragraph:
    """Several short ``Label: value`` pairs on one line (phone and e-mail)."""
    parts = [f"{esc(k)}: {esc(v) if v else BLANK}" for k, v in pairs]
    return Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;".join(parts), styles().body)


def para(markup: str, style=None) -> Paragraph:
    """A paragraph of already escaped markup."""
    return Paragraph(markup, style or styles().body)


def grid(rows: list[list], widths: Sequence[float], *, header_rows: int = 1,
         spans: Sequence[tuple] = (), centered: Sequence[int] = ()) -> Table:
    """A bordered table; the header rows repeat on every page it runs onto.

    Plain strings in body cells (numbers, marks: cheaper than paragraphs, and they
    never wrap) are set at the cell size, centred in the ``centered`` columns."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, splitByRow=1,
                  splitInRow=1)
    commands = [("FONTSIZE", (0, 0), (-1, -1), styles().cell.fontSize),
                *(("ALIGN", (c, header_rows), (c, -1), "CENTER") for c in centered),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
    commands += [("SPAN", a, b) for a, b in spans]
    table.setStyle(table_style(commands))
    return table


def cells(values: Sequence[object], style) -> list[Paragraph | str]:
    """One table cell per value; an empty value stays an empty string (cheaper)."""
    return [Paragraph(esc(v), style) if v not in (None, "") else "" for v in values]


@dataclass(frozen=True)
class Signer:
    heading: str
    name: str = ""
    hint: str = SIGN_HINT
    above: str = ""


def signatures(signers: Sequence[Signer | list | None], width: float, *,
               gap: float = 14 * mm) -> Flowable:
    """Signature blocks side by side, kept on one page. A column may also be ``None``
    (left empty) or a list of flowables (the "Nơi nhận" list of form 04)."""
    st = styles()
    head = ParagraphStyle("sig_head", parent=st.center, fontName=st.bold)
    hint = ParagraphStyle("sig_hint", parent=st.center, fontName=st.italic,
                          fontSize=st.center.fontSize - 1)
    columns = []
    for s in signers:
        if not isinstance(s, Signer):
            columns.append(s or "")
            continue
        block = [para(esc(s.above), ParagraphStyle("sig_above", parent=st.center,
                                                   fontName=st.italic))] if s.above else []
        block += [para(esc(s.heading), head), para(esc(s.hint), hint), Spacer(0, gap),
                  para(f"<b>{esc(s.name)}</b>" if s.name else "", st.center)]
        columns.append(block)
    table = Table([columns], colWidths=[width / len(columns)] * len(columns), splitInRow=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 1),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 1)]))
    return KeepTogether([Spacer(0, 3 * mm), table])


PageHook = Callable[[object, object], None]


def build_pdf(story: list[Flowable], page: Page, title_text: str, subject: str = "",
              on_page: PageHook | None = None) -> bytes:
    """Lay ``story`` out on ``page`` and return the PDF bytes."""
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=page.size, leftMargin=page.left,
                          rightMargin=page.right, topMargin=page.top,
                          bottomMargin=page.bottom, title=title_text, subject=subject,
                          author=CREATOR, creator=CREATOR, lang="vi",
                          # else every page names an unused, unembedded Helvetica
                          initialFontName=styles().font)
    # No frame padding: text and tables then share the margins exactly.
    frame = Frame(page.left, page.bottom, page.width, page.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=on_page or _no_hook)])
    doc.build(story)
    return out.getvalue()


def _no_hook(canvas, doc) -> None:
    pass
