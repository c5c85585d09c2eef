"""Form 06: SỔ THEO DÕI HỒ SƠ (TT 01/2018/TT-VPCP), A4 landscape, one book per year.

The table runs over as many pages as it needs, its header rows repeated on each,
and the pages are numbered (TT 01/2018 Điều 10(2): consecutive pages, no blanks).
Rows are measured once and cut into one table per page here: left to reportlab,
every page break re-measures all the rows still to come, and a year's book
(thousands of rows) takes minutes instead of seconds.
The running numbers come from the rows: a second book in the same year continues
the first one's numbering, which only the caller knows.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, TableStyle

from printing.documents.layout import (A4_LANDSCAPE, build_pdf, cells, fitted, form_mark, grid,
                                       office_header, para, styles, title)
from printing.documents.model import BookRow, TrackingBook
from printing.documents.text import esc, numeric_date, two_digits
from printing.documents.wording import FormWording, merged

# The column list is the Thanh Hóa template styled on Mẫu 06 plus a "Ghi chú" column;
# the official column list was NOT verified (domain-sources.md §1.3 and §9).
TITLE = "SỔ THEO DÕI HỒ SƠ"
SUBTITLE = "Năm {year} - Quyển số {book}"
DATES_GROUP = "Ngày, tháng, năm"
# (heading, width in mm or None for "the rest", under DATES_GROUP?)
COLUMNS = (
    ("TT", 9, False), ("Mã hồ sơ", 38, False), ("Tên thủ tục hành chính", None, False),
    ("Tên cá nhân, tổ chức", 29, False), ("Địa chỉ, số điện thoại", 38, False),
    ("Cơ quan chủ trì giải quyết", 24, False), ("Nhận hồ sơ", 17, True),
    ("Hẹn trả kết quả", 17, True), ("Trả kết quả", 17, True),
    ("Phương thức nhận kết quả", 25, False), ("Ký nhận", 13, False), ("Ghi chú", 14, False),
)
# "Phương thức nhận kết quả" is wide enough for "Tại" + the centre's name in three lines.
PAGE_LABEL = "Trang {n}"

# The wording by key: a form set (wording.py) may replace any of it (not the widths).
WORDING = {"title": TITLE, "subtitle": SUBTITLE, "dates_group": DATES_GROUP,
           "headings": tuple(heading for heading, _, _ in COLUMNS), "page_label": PAGE_LABEL}


def render(data: TrackingBook, wording: FormWording | None = None) -> bytes:
    w = merged(WORDING, wording)
    width = A4_LANDSCAPE.width
    st = styles()
    book = two_digits(data.book_number)
    subtitle = para(f"<b>{esc(w['subtitle'].format(year=data.year, book=book))}"
                    "</b>", st.center)
    story = [*form_mark(wording), office_header(data.header, None, width, dated=False, size=11)]
    story += title(w["title"], subtitle)
    story.append(Spacer(0, 1 * mm))
    story += _tables(data.rows, width, A4_LANDSCAPE.height - _height(story, width), w)
    return build_pdf(story, A4_LANDSCAPE, f"{w['title']} {data.year} - {data.book_number:02d}",
                     on_page=lambda canvas, doc: _page_number(canvas, doc, w["page_label"]))


def _widths(width: float) -> list[float]:
    fixed = sum(w for _, w, _ in COLUMNS if w) * mm
    return [w * mm if w else width - fixed for _, w, _ in COLUMNS]


def _header_rows(w: dict) -> tuple[list[list], list[tuple]]:
    st = styles()
    top, sub, spans = [], [], []
    first_date = next(i for i, c in enumerate(COLUMNS) if c[2])
    for i, ((_, _, dated), heading) in enumerate(zip(COLUMNS, w["headings"])):
        if dated:
            top.append(para(esc(w["dates_group"]), st.cell_head) if i == first_date else "")
            sub.append(para(esc(heading), st.cell_head))
        else:
            top.append(para(esc(heading), st.cell_head))
            sub.append("")
            spans.append(((i, 0), (i, 1)))
    last_date = first_date + sum(1 for c in COLUMNS if c[2]) - 1
    spans.append(((first_date, 0), (last_date, 0)))
    numbers = cells([f"({i})" for i in range(1, len(COLUMNS) + 1)], st.cell_center)
    return [top, sub, numbers], spans


def _tables(rows: list[BookRow], width: float, first_room: float, w: dict) -> list:
    """One table per page, each with the header rows, page breaks between. A row
    taller than a whole page (a very long name or address) gets a table of its own
    that reportlab splits inside the row, continued on the next pages; the book
    goes on on a fresh page after it."""
    widths = _widths(width)
    body = [_row(r, widths[1]) for r in rows]
    heights = _row_heights(body, widths, w)
    head_height = _row_heights(_header_rows(w)[0], widths, w, header=True)
    full = A4_LANDSCAPE.height - head_height
    out, start, used, room = [], 0, head_height, first_room
    for i, h in enumerate(heights):
        if i > start and (used + h > room or h > full):
            out += [_grid(body[start:i], widths, w), PageBreak()]
            start, used, room = i, head_height, A4_LANDSCAPE.height
        if h > full:
            out += [_grid(body[i:i + 1], widths, w, tall=True), PageBreak()]
            start, used, room = i + 1, head_height, A4_LANDSCAPE.height
            continue
        used += h
    # An empty book still prints its header; after a tall last row no empty table follows.
    return out + [_grid(body[start:], widths, w)] if start < len(body) or not body else out[:-1]


def _grid(body: list[list], widths: list[float], w: dict, tall: bool = False):
    head, spans = _header_rows(w)
    table = grid(head + body, widths, header_rows=len(head), spans=spans, centered=(0,))
    if tall:    # reportlab splits a row inside only when its cells sit at the top
        table.setStyle(TableStyle([("VALIGN", (0, len(head)), (-1, -1), "TOP")]))
    return table


def _row_heights(rows: list[list], widths: list[float], w: dict, header: bool = False):
    if not rows:
        return [] if not header else 0.0
    table = _grid(rows, widths, w) if not header else _grid([], widths, w)
    table.wrap(sum(widths), 10**6)
    heights = table._rowHeights  # reportlab has no public accessor
    return sum(heights) if header else heights[len(heights) - len(rows):]


def _height(story: list, width: float) -> float:
    """Height the flowables of ``story`` take, a little more to be safe."""
    return sum(f.wrap(width, A4_LANDSCAPE.height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in story) + 2


def _row(r: BookRow, code_width: float) -> list:
    st = styles()
    return [two_digits(r.line), _code(r.code, code_width),
            *cells([r.procedure_name, r.applicant_name, r.address_phone, r.deciding_agency],
                   st.cell),
            *(para(_when(t), st.cell_center) for t in (r.received_at, r.due_at, r.returned_at)),
            *cells([r.delivery, "", r.note], st.cell)]


def _code(code: str, width: float):
    """The code on one line, in smaller type if need be; broken only at its hyphens."""
    st = styles()
    size = fitted(code, st.font, st.cell.fontSize, width - 6, floor=6.5)
    return para(esc(code), ParagraphStyle("code", parent=st.cell, fontSize=size,
                                          embeddedHyphenation=1, splitLongWords=0))


def _when(t: datetime | None) -> str:
    return "" if t is None else f"{t.hour:02d}:{t.minute:02d}<br/>{numeric_date(t)}"


def _page_number(canvas, doc, label: str = PAGE_LABEL) -> None:
    st = styles()
    canvas.saveState()
    canvas.setFont(st.italic, 9)
    canvas.drawCentredString(A4_LANDSCAPE.size[0] / 2, 6 * mm, label.format(n=doc.page))
    canvas.restoreState()
