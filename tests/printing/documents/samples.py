"""Realistic Vietnamese data for every form (shared by the tests and benchmarks/forms.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from printing.documents.model import (Apology, BookRow, ControlSlip, DocumentLine, Handover,
                                      MissingDocument, OfficeHeader, Person, Receipt, Refusal, StopNotice,
                                      SupplementRequest, TrackingBook)

CODE = "000.17.22.H56-270105-0012"
HEADER = OfficeHeader(name="Ủy ban nhân dân phường Ba Đình", parent_name="Thành phố Hà Nội",
                      place="Ba Đình")
# No unit configured: the header's unit is the commune's centre (office_names.unit_name).
UNIT = "Trung tâm Phục vụ hành chính công phường Ba Đình"
ADDRESS = "Số 12, ngõ 34 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội"
APPLICANT = Person(full_name="Nguyễn Thị Ánh Tuyết", id_number="001190012345",
                   address=ADDRESS, phone="0912 345 678", email="anhtuyet@example.vn")
RECEIVER = "Đặng Quốc Việt"
PROCEDURE = "Đăng ký khai sinh"
RECEIVED_AT = datetime(2027, 1, 5, 10, 30)
DUE_AT = datetime(2027, 1, 8, 16, 0)

DOCUMENTS = [
    DocumentLine("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
    DocumentLine("Giấy chứng sinh", originals=1),
    DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", copies=1),
    DocumentLine("Văn bản ủy quyền có chứng thực (trường hợp ủy quyền đăng ký khai sinh "
                 "cho người khác thực hiện)", originals=1, copies=1, quantity=2),
]


# Words with stacked diacritics, as Vietnamese names and addresses have them.
WORDS = "Nguyễn Thị Hường Phường Quỳnh Lưu Nghệ An Đặng Thuỵ Khuê Ngõ Hoà Bình Ưởng".split()


def vietnamese(length: int, start: int = 0) -> str:
    """Text of exactly ``length`` characters made of Vietnamese words (from the
    ``start``-th word on), for filling a field to its bound."""
    out, i = "", start
    while len(out) < length:
        out += WORDS[i % len(WORDS)] + " "
        i += 1
    text = out[:length].rstrip()
    return text + "ệ" * (length - len(text))


def receipt(**changes) -> Receipt:
    values = dict(
        code=CODE, header=HEADER, applicant=APPLICANT, procedure_name=PROCEDURE,
        documents=DOCUMENTS, sets=1, processing_days=Decimal(3), received_at=RECEIVED_AT,
        due_at=DUE_AT, result_delivery=f"Tại {UNIT}",
        fees=[("Lệ phí đăng ký khai sinh", 8000)], book_number=1, book_line=125,
        receiver_name=RECEIVER, copies=1, signed_at=RECEIVED_AT)
    values.update(changes)
    return Receipt(**values)


def long_receipt(n: int = 40) -> Receipt:
    docs = [DocumentLine(f"Giấy tờ số {i}: bản sao Giấy chứng nhận quyền sử dụng đất thửa "
                         f"đất số {100 + i}", copies=1) for i in range(1, n + 1)]
    return receipt(documents=docs)


def supplement() -> SupplementRequest:
    return SupplementRequest(
        code=CODE, header=HEADER, applicant=APPLICANT, procedure_name=PROCEDURE,
        missing=[MissingDocument("Giấy chứng sinh", original=True),
                 MissingDocument("Giấy chứng nhận kết hôn của cha, mẹ", certified_copy=True),
                 MissingDocument("Căn cước công dân của người đi đăng ký", photocopy=True)],
        reason="Hồ sơ còn thiếu Giấy chứng sinh và giấy tờ chứng minh quan hệ hôn nhân.",
        contact="công chức Đặng Quốc Việt, số điện thoại 024 3823 4567",
        guide_name=RECEIVER, issued_at=RECEIVED_AT)


def refusal(code: str = CODE) -> Refusal:
    return Refusal(
        code=code, header=HEADER, applicant=APPLICANT, procedure_name="Chứng thực bản sao từ "
        "bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        reason="Bản chính giấy tờ bị tẩy xóa, sửa chữa, thêm, bớt nội dung không hợp lệ "
        "(Nghị định 23/2015/NĐ-CP, Điều 22).", officer_name=RECEIVER, issued_at=RECEIVED_AT)


def apology() -> Apology:
    return Apology(
        number="01/PXL", header=HEADER, applicant=APPLICANT, code=CODE,
        received_at=RECEIVED_AT, original_due=DUE_AT,
        reason="Cần xác minh thông tin nơi cư trú của người được khai sinh.",
        new_due=datetime(2027, 1, 15, 16, 0), agency_name="Ủy ban nhân dân phường Ba Đình",
        signer_title="Chủ tịch", signer_name="Lê Văn Hùng", issued_at=datetime(2027, 1, 7, 9, 0))


def control_slip() -> ControlSlip:
    unit = UNIT
    return ControlSlip(
        code=CODE, header=HEADER, applicant=APPLICANT, procedure_name=PROCEDURE,
        received_at=RECEIVED_AT, due_at=DUE_AT, deciding_agency="Công chức Tư pháp - Hộ tịch",
        cooperating_agencies=["Công an phường Ba Đình"],
        handovers=[
            Handover(unit, "Công chức Tư pháp - Hộ tịch", datetime(2027, 1, 5, 14, 15),
                     RECEIVER, "Phạm Thu Hà", "Đúng hạn"),
            Handover("Công chức Tư pháp - Hộ tịch", unit, datetime(2027, 1, 8, 9, 5),
                     "Phạm Thu Hà", RECEIVER, "Trước hạn", "Đã ký số"),
        ])


PEOPLE = ["Nguyễn Thị Ánh Tuyết", "Đặng Quốc Việt", "Trần Văn Bình", "Lê Thị Hồng Nhung",
          "Phạm Đức Thắng", "Hoàng Ngọc Ánh"]
PROCEDURES = ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính",
              "Đăng ký thường trú", "Cấp bản sao trích lục hộ tịch",
              "Đăng ký kết hôn trong nước"]


def book(rows: int = 60, first_line: int = 1) -> TrackingBook:
    lines = []
    for i in range(rows):
        received = RECEIVED_AT + timedelta(hours=3 * i)
        lines.append(BookRow(
            line=first_line + i, code=f"000.17.22.H56-{received:%y%m%d}-{i + 1:04d}",
            procedure_name=PROCEDURES[i % len(PROCEDURES)],
            applicant_name=PEOPLE[i % len(PEOPLE)],
            address_phone=f"{ADDRESS}; 0912 345 {i:03d}", deciding_agency="UBND phường Ba Đình",
            received_at=received, due_at=received + timedelta(days=3),
            returned_at=received + timedelta(days=2) if i % 3 else None,
            delivery="Tại Bộ phận Một cửa" if i % 4 else "Qua bưu chính công ích",
            note="Trả trước hạn" if i % 5 == 0 else ""))
    return TrackingBook(header=HEADER, year=2027, book_number=1, rows=lines)


def stop() -> StopNotice:
    return StopNotice(
        code=CODE, header=HEADER, applicant=APPLICANT, procedure_name=PROCEDURE,
        received_at=RECEIVED_AT, reason="Người yêu cầu cung cấp giấy tờ giả mạo.",
        agency_name="Ủy ban nhân dân phường Ba Đình", signer_title="Chủ tịch",
        signer_name="Lê Văn Hùng", issued_at=datetime(2027, 1, 7, 9, 0), number="01/TB")


ALL = {"form01": receipt, "form02": supplement, "form03": refusal, "form04": apology,
       "form05": control_slip, "form06": book, "stop_notice": stop}
