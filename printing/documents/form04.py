"""Form 04: PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ (TT 01/2018/TT-VPCP, A5).

Issued and signed by the head of the agency that is late (NĐ 61/2018 Điều 19(9)),
not by the counter officer, so the left header names that agency. At most one per
dossier; the service enforces that, this module only prints.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from printing.documents.layout import (A5_PORTRAIT, Signer, build_pdf, field, office_header,
                                       para, signatures, styles, title, unit_phrase)
from printing.documents.model import Apology, OfficeHeader
from printing.documents.text import clock_date, day_month_year, esc, numeric_date

# Wording after the Đồng Nai implementation of Mẫu 04 (domain-sources.md §1.3). The
# apology sentence and the closing line are our phrasing of the model's content:
# the official appendix was not available to check them word for word.
TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
NUMBER = "Số: {number}"
TO = "Kính gửi"
ADDRESS, PHONE = "Địa chỉ", "Số điện thoại"
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
RECIPIENTS = ("Nơi nhận:", "- Như trên;", "- Bộ phận Tiếp nhận và Trả kết quả;", "- Lưu: VT.")


def render(data: Apology) -> bytes:
    width = A5_PORTRAIT.width
    st = styles()
    a = data.applicant
    to = para(f"{TO}: <b>Ông/Bà {esc(a.full_name)}</b>", st.center)
    story = [_header(data, width)]
    story += title(TITLE, Spacer(0, 1.5 * mm), to)
    agency = esc(data.agency_name)
    story += [field(ADDRESS, a.address), field(PHONE, a.phone),
              para(esc(RECEIVED.format(date=numeric_date(data.received_at),
                                       unit=unit_phrase(data.header)))),
              field(CODE, data.code, bold=True),
              field(ORIGINAL_DUE, clock_date(data.original_due)),
              para(LATE.format(agency=agency)), field(REASON, data.reason),
              para(APOLOGY.format(agency=agency)),
              para(f"{esc(NEW_DUE)}: <b>{esc(_new_due(data.new_due))}</b>"), para(CLOSING),
              signatures([_recipients(), Signer(data.signer_title.upper(), data.signer_name,
                                                hint=SIGN_HINT)], width)]
    return build_pdf(story, A5_PORTRAIT, f"{TITLE} {data.number}", subject=data.code)


def _header(data: Apology, width: float):
    header: OfficeHeader = data.header
    if data.agency_name.strip().upper() == header.name.strip().upper():
        # The office itself is late: its parent above, the office in bold.
        header = replace(header, name=header.parent_name, parent_name="")
        unit = data.header.name
    else:
        header = replace(header, parent_name="")
        unit = data.agency_name
    return office_header(header, data.issued_at, width, unit=unit,
                         number=NUMBER.format(number=data.number))


def _new_due(when: datetime | date | None) -> str:
    # The model asks for a date only; a return time, if any, is given by the counter.
    if when is None:
        return NEW_DUE_DATE.format(d="……", m="……", y="………")
    d, m, y = day_month_year(when)
    return NEW_DUE_DATE.format(d=d, m=m, y=y)


def _recipients() -> list:
    st = styles()
    small = ParagraphStyle("recipients", parent=st.small, fontSize=st.small.fontSize - 0.5)
    head = ParagraphStyle("recipients_head", parent=small, fontName=st.bold)
    return [para(f"<i>{esc(RECIPIENTS[0])}</i>", head),
            *(para(esc(r), small) for r in RECIPIENTS[1:])]
