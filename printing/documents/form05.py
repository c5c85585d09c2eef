"""Form 05: PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ (TT 01/2018/TT-VPCP, A5).

Travels with the dossier; each hand-over between agencies is one row pair: who
gives and who receives, when, with room for both to sign, and whether it was
early, on time or late. Blank row pairs follow the recorded ones (at least one, up to
MIN_PAIRS in all as the page holds), for the hand-overs still to come to be filled in
by hand.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from printing.documents.layout import (A5_PORTRAIT, build_pdf, cells, field, form_mark, grid,
                                       office_header, para, styles, table_style, title)
from printing.documents.model import ControlSlip, Handover
from printing.documents.text import clock_date, esc
from printing.documents.wording import FormWording, merged

# Wording after the Ninh Thuận implementation of Mẫu 05 (domain-sources.md §1.3);
# the official appendix was not available to check it word for word.
TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
CODE_LABEL = "Mã hồ sơ"
ATTACHED = "(Kèm theo hồ sơ của {name})"
REQUEST = "Nội dung yêu cầu giải quyết"
RECEIVED = "Ngày nhận"
DUE = "Ngày hẹn trả"
DECIDING = "Cơ quan (bộ phận) giải quyết hồ sơ"
COOPERATING = "Cơ quan phối hợp giải quyết hồ sơ"
COLUMNS = ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ")
RESULT_HINT = "(Trước hạn/ Đúng hạn/ Quá hạn)"
GIVE = "1. Giao:"
TAKE = "2. Nhận:"
GIVER = "Người giao"
RECEIVER = "Người nhận"
BLANK_TIME = "…… giờ …… phút, ngày ……/……/………"
MIN_PAIRS = 4
SIGN_SPACE = 9 * mm
# The "Ghi chú" column holds about eight characters a line: a longer note is
# printed under the table, its cell saying where ("Ghi chú (1)" → "(1) …").
NOTE_IN_CELL = 40
NOTE_MARK = "({n})"

# Everything above, by key: a form set (wording.py) may replace any of it.
WORDING = {
    "title": TITLE,
    "code_label": CODE_LABEL,
    "attached": ATTACHED,
    "request": REQUEST,
    "received": RECEIVED,
    "due": DUE,
    "deciding": DECIDING,
    "cooperating": COOPERATING,
    "columns": COLUMNS,
    "result_hint": RESULT_HINT,
    "give": GIVE,
    "take": TAKE,
    "giver": GIVER,
    "receiver": RECEIVER,
    "blank_time": BLANK_TIME,
}


def render(data: ControlSlip, wording: FormWording | None = None) -> bytes:
    w = merged(WORDING, wording)
    # Blank pairs for the hand-overs to come: up to MIN_PAIRS rows in all, but only as
    # many as the first page holds — a blank pair alone on a second sheet is waste.
    most = max(1, MIN_PAIRS - len(data.handovers))
    blanks = next((n for n in range(most, 1, -1)
                   if _fits_one_page(_story(data, w, wording, n))), 1)
    if blanks == 1 and not _fits_one_page(_story(data, w, wording, 1)):
        blanks = most              # many hand-overs: pages anyway, keep the full count
    return build_pdf(_story(data, w, wording, blanks), A5_PORTRAIT,
                     f"{w['title']} {data.code}", subject=data.code)


def _story(data: ControlSlip, w: dict, wording: FormWording | None, blanks: int) -> list:
    width = A5_PORTRAIT.width
    st = styles()
    heading = [para(f"{esc(w['code_label'])}: <b>{esc(data.code)}</b>", st.center),
               para(f"<i>{esc(w['attached'].format(name=data.applicant.full_name))}</i>",
                    st.center)]
    story = [*form_mark(wording), office_header(data.header, None, width, dated=False)]
    story += title(w["title"], *heading)
    story += [field(w["request"], data.procedure_name, bold=True),
              field(w["received"], clock_date(data.received_at)),
              field(w["due"], clock_date(data.due_at), bold=True),
              field(w["deciding"], data.deciding_agency),
              field(w["cooperating"], "; ".join(data.cooperating_agencies)),
              Spacer(0, 1.5 * mm), _table(data.handovers, blanks, width, w),
              *_long_notes(data.handovers)]
    return story


def _fits_one_page(story: list) -> bool:
    """Whether ``story`` fits the A5 frame (heights as laid out, with 1 mm to spare)."""
    page = A5_PORTRAIT
    height = sum(f.wrap(page.width, page.height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                 for f in story)
    return height <= page.height - 1 * mm


def _table(handovers: list[Handover], blanks: int, width: float, w: dict):
    st = styles()
    widths = [32 * mm, width - 32 * mm - 25 * mm - 16 * mm, 25 * mm, 16 * mm]
    head = cells(w["columns"], st.cell_head)
    hint = ParagraphStyle("hint", parent=st.cell_center, fontName=st.italic)
    head[2] = [head[2], para(esc(w["result_hint"]), hint)]
    rows, spans, long_notes = [head], [], 0
    for h in [*handovers, *[None] * blanks]:
        top = len(rows)
        note = h.note if h else ""
        if len(note) > NOTE_IN_CELL:
            long_notes += 1
            note = NOTE_MARK.format(n=long_notes)
        rows += _pair(h, widths[1], w, note)
        spans += [((c, top), (c, top + 1)) for c in (0, 2, 3)]
    return grid(rows, widths, spans=spans)


def _long_notes(handovers: list[Handover]) -> list:
    """The notes too long for their cell, numbered as their cells say."""
    long = [h.note for h in handovers if len(h.note) > NOTE_IN_CELL]
    return [Spacer(0, 1.5 * mm)] * bool(long) + [
        para(f"{NOTE_MARK.format(n=n)} {esc(note)}", styles().cell)
        for n, note in enumerate(long, start=1)]


def _pair(h: Handover | None, time_width: float, w: dict, note: str = "") -> list[list]:
    st = styles()
    agencies = [para(f"{esc(w['give'])} {esc(h.from_agency) if h else ''}", st.cell),
                para(f"{esc(w['take'])} {esc(h.to_agency) if h else ''}", st.cell)]
    when = para(clock_date(h.at) if h else w["blank_time"], st.cell_center)
    return [[agencies, when, para(esc(h.result) if h else "", st.cell_center),
             para(esc(note), st.cell)],
            ["", _signers(h, time_width, w), "", ""]]


def _signers(h: Handover | None, width: float, w: dict) -> Table:
    st = styles()
    hint = ParagraphStyle("signer", parent=st.cell_center, fontName=st.italic)
    names = (h.giver, h.receiver) if h else ("", "")
    table = Table([[para(esc(w["giver"]), hint), para(esc(w["receiver"]), hint)],
                   [Spacer(0, SIGN_SPACE), ""], cells(names, st.cell_center)],
                  colWidths=[(width - 6) / 2] * 2, splitInRow=1)
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table
