"""THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ (A5): the deciding agency stops a dossier.

TT 03/2025/TT-VPCP reportedly has it as Mẫu 05 (a secondary listing of its appendix;
the circular itself could not be read here). The wording below is ours, built on the
content such a notice must carry (who, which dossier, received when, the reason), and
is marked unverified in the shipped form sets: an office corrects it there.
"""

from __future__ import annotations


from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from printing.documents.layout import (A5_PORTRAIT, agency_header, Signer, build_pdf, field, form_mark,
                                       office_header, para, signatures, styles, title,
                                       unit_phrase)
from printing.documents.model import StopNotice
from printing.documents.text import BLANK, esc, numeric_date
from printing.documents.wording import FormWording, merged

WORDING = {
    "title": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "number": "Số: {number}",
    "to": "Kính gửi",
    "address": "Địa chỉ",
    "received": "Ngày {date}, {unit} tiếp nhận hồ sơ của Ông/Bà.",
    "code": "Mã hồ sơ",
    "request": "Nội dung yêu cầu giải quyết",
    "decision": "{agency} thông báo dừng giải quyết hồ sơ của Ông/Bà với lý do như sau:",
    "closing": "Xin thông báo để Ông/Bà được biết./.",
    "sign_hint": "(Ký, ghi rõ họ tên và đóng dấu)",
    "recipients": ("Nơi nhận:", "- Như trên;", "- {unit};", "- Lưu: VT."),
}


def render(data: StopNotice, wording: FormWording | None = None) -> bytes:
    w = merged(WORDING, wording)
    width = A5_PORTRAIT.width
    st = styles()
    a = data.applicant
    unit = unit_phrase(data.header)
    to = para(f"{esc(w['to'])}: <b>Ông/Bà {esc(a.full_name)}</b>", st.center)
    # The agency that stops the dossier heads the notice (layout.agency_header).
    header, agency = agency_header(data.header, data.agency_name)
    # Dossier steps number no stop notices: the agency writes its own register's number.
    number = w["number"].format(number=data.number or BLANK)
    story = [*form_mark(wording),
             office_header(header, data.issued_at, width, unit=agency, number=number)]
    story += title(w["title"], Spacer(0, 1.5 * mm), to)
    story += [field(w["address"], a.address),
              para(esc(w["received"].format(date=numeric_date(data.received_at), unit=unit))),
              field(w["code"], data.code, bold=True),
              field(w["request"], data.procedure_name, bold=True),
              para(esc(w["decision"].format(agency=data.agency_name))),
              para(esc(data.reason) or "…………",
                   ParagraphStyle("reason", parent=st.body, firstLineIndent=0, leftIndent=12)),
              para(esc(w["closing"])),
              signatures([_recipients(w["recipients"], unit),
                          Signer(data.signer_title.upper(), data.signer_name,
                                 hint=w["sign_hint"])], width)]
    return build_pdf(story, A5_PORTRAIT, f"{w['title']} {data.code}", subject=data.code)


def _recipients(lines: tuple[str, ...], unit: str) -> list:
    st = styles()
    small = ParagraphStyle("recipients", parent=st.small, fontSize=st.small.fontSize - 0.5)
    head = ParagraphStyle("recipients_head", parent=small, fontName=st.bold)
    return [para(f"<i>{esc(lines[0])}</i>", head),
            *(para(esc(r.format(unit=unit)), small) for r in lines[1:])]
