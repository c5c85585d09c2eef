"""Form 03: PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ (TT 01/2018/TT-VPCP, A5).

Given when a dossier is refused at the counter, with the reason spelled out.
A refused dossier may have no code; the code line is then left out.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from printing.documents.layout import (A5_PORTRAIT, Signer, build_pdf, field, form_mark,
                                       office_header, para, signatures, styles, title,
                                       unit_phrase)
from printing.documents.model import Refusal
from printing.documents.text import esc
from printing.documents.wording import FormWording, merged

# Wording after the Thanh Hóa implementation of Mẫu 03 (domain-sources.md §1.3);
# the official appendix was not available to check it word for word.
TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
CODE_LABEL = "Mã hồ sơ"
RECEIVED_FROM = "Tiếp nhận hồ sơ của"
ADDRESS = "Địa chỉ"
PHONE, EMAIL = "Số điện thoại", "Email"
REQUEST = "Nội dung yêu cầu giải quyết"
DECISION = ("Qua xem xét, {unit} thông báo không tiếp nhận, giải quyết hồ sơ này "
            "với lý do cụ thể như sau:")
CLOSING = "Xin thông báo cho Ông/Bà được biết và thực hiện./."
APPLICANT_SIGN, OFFICER_SIGN = "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"

# Everything above, by key: a form set (wording.py) may replace any of it.
WORDING = {
    "title": TITLE,
    "code_label": CODE_LABEL,
    "received_from": RECEIVED_FROM,
    "address": ADDRESS,
    "phone": PHONE,
    "email": EMAIL,
    "request": REQUEST,
    "decision": DECISION,
    "closing": CLOSING,
    "applicant_sign": APPLICANT_SIGN,
    "officer_sign": OFFICER_SIGN,
}


def render(data: Refusal, wording: FormWording | None = None) -> bytes:
    w = merged(WORDING, wording)
    width = A5_PORTRAIT.width
    st = styles()
    a = data.applicant
    code = [para(f"{esc(w['code_label'])}: <b>{esc(data.code)}</b>", st.center)] \
        if data.code else []
    story = [*form_mark(wording), office_header(data.header, data.issued_at, width,
                                               number=f"Số: {data.number}" if data.number
                                               else "")]
    story += title(w["title"], *code)
    story += [field(w["received_from"], a.full_name, bold=True), field(w["address"], a.address),
              field(w["phone"], a.phone), field(w["email"], a.email),
              field(w["request"], data.procedure_name, bold=True),
              para(esc(w["decision"].format(unit=unit_phrase(data.header)))),
              para(esc(data.reason) or "…………",
                   ParagraphStyle("reason", parent=st.body, firstLineIndent=0, leftIndent=12)),
              para(esc(w["closing"])),
              signatures([Signer(w["applicant_sign"], a.full_name),
                          Signer(w["officer_sign"], data.officer_name)], width)]
    return build_pdf(story, A5_PORTRAIT, f"{w['title']} {data.code}".strip(), subject=data.code)
