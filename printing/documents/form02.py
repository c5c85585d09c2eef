"""Form 02: PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ (TT 01/2018/TT-VPCP, A5).

Given when a dossier is incomplete: everything missing is asked for once, in one
list (NĐ 61/2018 Điều 15(3)). Numbered "Số: <mã hồ sơ>/HDHS".
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from counter_app.domain.office_names import OLD_UNIT
from printing.documents.layout import (A5_PORTRAIT, Signer, build_pdf, cells, field, fields,
                                       form_mark, grid, office_header, para, signatures,
                                       styles, title, unit_phrase)
from printing.documents.model import SupplementRequest
from printing.documents.text import esc
from printing.documents.wording import FormWording, merged

# Wording after the Thanh Hóa implementation of Mẫu 02 (domain-sources.md §1.3);
# the official appendix was not available to check it word for word.
TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
NUMBER = "Số: {code}/HDHS"
RECEIVED_FROM = "Tiếp nhận hồ sơ của Ông/Bà"
REQUEST = "Nội dung yêu cầu giải quyết"
ADDRESS = "Địa chỉ"
PHONE, EMAIL = "Số điện thoại", "Email"
INTRO = "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:"
COLUMNS = ("TT", "Thành phần hồ sơ", "Số lượng")
SUB_COLUMNS = ("Bản chính", "Bản chứng thực", "Bản photo")
MARK = "x"
REASON = "Lý do"
CONTACT = ("Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "
           "{contact} để được hướng dẫn./.")
# Whom to ask: empty is the office's counter unit (``office.unit_name``, by default the
# commune's public-service centre); a form set may name someone else instead.
DEFAULT_CONTACT = ""
GUIDE_SIGN = "NGƯỜI HƯỚNG DẪN"

# Everything above, by key: a form set (wording.py) may replace any of it.
WORDING = {
    "title": TITLE,
    "number": NUMBER,
    "received_from": RECEIVED_FROM,
    "request": REQUEST,
    "address": ADDRESS,
    "phone": PHONE,
    "email": EMAIL,
    "intro": INTRO,
    "columns": COLUMNS,
    "sub_columns": SUB_COLUMNS,
    "mark": MARK,
    "reason": REASON,
    "contact": CONTACT,
    "default_contact": DEFAULT_CONTACT,
    "guide_sign": GUIDE_SIGN,
}


def render(data: SupplementRequest, wording: FormWording | None = None) -> bytes:
    w = merged(WORDING, wording)
    width = A5_PORTRAIT.width
    a = data.applicant
    story = [*form_mark(wording), office_header(data.header, data.issued_at, width,
                           number=f"Số: {data.number}" if data.number
                           else w["number"].format(code=data.code))]
    story += title(w["title"])
    story += [field(w["received_from"], a.full_name, bold=True),
              field(w["request"], data.procedure_name, bold=True),
              field(w["address"], a.address), fields((w["phone"], a.phone), (w["email"], a.email)),
              para(esc(w["intro"])), _table(data, width, w), Spacer(0, 1.5 * mm),
              field(w["reason"], data.reason),
              para(esc(w["contact"].format(contact=_contact(data, w)))),
              signatures([None, Signer(w["guide_sign"], data.guide_name)], width)]
    return build_pdf(story, A5_PORTRAIT, f"{w['title']} {data.code}", subject=data.code)


def _contact(data: SupplementRequest, w: dict) -> str:
    """Whom the citizen asks: the slip's own contact, else the form set's, else the
    counter unit. A set copied before the unit became configuration carries the old
    name as its contact; that was the shipped default, not a choice, so it follows the
    configured unit like the other forms (an office keeping the old name configures it
    as ``office.unit_name``)."""
    contact = data.contact or w["default_contact"]
    if not contact or contact.casefold() == OLD_UNIT.casefold():
        return unit_phrase(data.header)
    return contact


def _table(data: SupplementRequest, width: float, w: dict):
    st = styles()
    head = cells(w["columns"], st.cell_head)
    rows = [[head[0], head[1], head[2], "", ""], ["", "", *cells(w["sub_columns"], st.cell_head)]]
    for i, doc in enumerate(data.missing, start=1):
        marks = [w["mark"] if flag else "" for flag in (doc.original, doc.certified_copy,
                                                   doc.photocopy)]
        rows.append([str(i), para(esc(doc.name), st.cell), *marks])
    fixed = [8 * mm, 15 * mm, 17 * mm, 15 * mm]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (4, 0))]
    return grid(rows, widths, header_rows=2, spans=spans, centered=(0, 2, 3, 4))
