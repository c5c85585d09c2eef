"""Form 04: PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ (TT 01/2018/TT-VPCP, A5).

Issued and signed by the head of the agency that is late (NĐ 61/2018 Điều 19(9)),
not by the counter officer, so the left header names that agency. At most one per
dossier; the service enforces that, this module only prints.
"""

from __future__ import annotations

from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from printing.documents.layout import (A5_PORTRAIT, agency_header, Signer, build_pdf, field, form_mark,
                                       office_header, para, signatures, styles, title,
                                       unit_phrase)
from printing.documents.model import Apology
from printing.documents.text import clock_date, day_month_year, esc, numeric_date
from printing.documents.wording import FormWording, merged

# Wording after the Đồng Nai implementation of Mẫu 04 (domain-sources.md §1.3). The
# apology sentence and the closing line are our phrasing of the model's content:
# the official appendix was not available to check them word for word.
TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
NUMBER = "Số: {number}"
TO = "Kính gửi"
ADDRESS = "Địa chỉ"
PHONE = "Số điện thoại"
RECEIVED = "Ngày {date}, {unit} tiếp nhận hồ sơ của Ông/Bà."
CODE = "Mã hồ sơ (số biên nhận hồ sơ)"
ORIGINAL_DUE = "Thời gian hẹn trả kết quả giải quyết hồ sơ"
LATE = ("Tuy nhiên, đến nay {agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng "
        "thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
REASON = "Lý do"
APOLOGY = ("Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} xin lỗi Ông/Bà và "
           "hẹn lại thời gian trả kết quả như sau:")
NEW_DUE = "Thời gian hẹn trả kết quả lại"
NEW_DUE_DATE = "Ngày {d} tháng {m} năm {y}"
CLOSING = "Mong Ông/Bà thông cảm./."
SIGN_HINT = "(Ký, ghi rõ họ tên và đóng dấu)"
RECIPIENTS = ("Nơi nhận:", "- Như trên;", "- {unit};", "- Lưu: VT.")

# Everything above, by key: a form set (wording.py) may replace any of it.
WORDING = {
    "title": TITLE,
    "number": NUMBER,
    "to": TO,
    "address": ADDRESS,
    "phone": PHONE,
    "received": RECEIVED,
    "code": CODE,
    "original_due": ORIGINAL_DUE,
    "late": LATE,
    "reason": REASON,
    "apology": APOLOGY,
    "new_due": NEW_DUE,
    "new_due_date": NEW_DUE_DATE,
    "closing": CLOSING,
    "sign_hint": SIGN_HINT,
    "recipients": RECIPIENTS,
}


def render(data: Apology, wording: FormWording | None = None) -> bytes:
    w = merged(WORDING, wording)
    width = A5_PORTRAIT.width
    st = styles()
    a = data.applicant
    to = para(f"{esc(w['to'])}: <b>Ông/Bà {esc(a.full_name)}</b>", st.center)
    story = [*form_mark(wording), _header(data, width, w)]
    story += title(w["title"], Spacer(0, 1.5 * mm), to)
    agency = esc(data.agency_name)
    story += [field(w["address"], a.address), field(w["phone"], a.phone),
              para(esc(w["received"].format(date=numeric_date(data.received_at),
                                       unit=unit_phrase(data.header)))),
              field(w["code"], data.code, bold=True),
              field(w["original_due"], clock_date(data.original_due)),
              para(esc(w["late"]).format(agency=agency)), field(w["reason"], data.reason),
              para(esc(w["apology"]).format(agency=agency)),
              para(f"{esc(w['new_due'])}: <b>{esc(_new_due(data.new_due, w))}</b>"),
              para(esc(w["closing"])),
              signatures([_recipients(w["recipients"], unit_phrase(data.header)),
                          Signer(data.signer_title.upper(), data.signer_name,
                                                hint=w["sign_hint"])], width)]
    return build_pdf(story, A5_PORTRAIT, f"{w['title']} {data.number}", subject=data.code)


def _header(data: Apology, width: float, w: dict):
    header, unit = agency_header(data.header, data.agency_name)
    return office_header(header, data.issued_at, width, unit=unit,
                         number=w["number"].format(number=data.number))


def _new_due(when: datetime | date | None, w: dict) -> str:
    # The model asks for a date only; a return time, if any, is given by the counter.
    if when is None:
        return w["new_due_date"].format(d="……", m="……", y="………")
    d, m, y = day_month_year(when)
    return w["new_due_date"].format(d=d, m=m, y=y)


def _recipients(lines: tuple[str, ...], unit: str) -> list:
    st = styles()
    small = ParagraphStyle("recipients", parent=st.small, fontSize=st.small.fontSize - 0.5)
    head = ParagraphStyle("recipients_head", parent=small, fontName=st.bold)
    return [para(f"<i>{esc(lines[0].format(unit=unit))}</i>", head),
            *(para(esc(r.format(unit=unit)), small) for r in lines[1:])]
