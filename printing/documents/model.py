"""What the one-stop forms of TT 01/2018/TT-VPCP print: plain frozen dataclasses.

No database, no configuration reading: the intake service fills these from its
projections and the office configuration, and ``printing.documents.render_form``
turns one into PDF bytes. Datetimes are local wall-clock times (Asia/Ho_Chi_Minh),
naive or aware; they are printed as they are, never converted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

HANDOVER_RESULTS = ("Trước hạn", "Đúng hạn", "Quá hạn", "")


@dataclass(frozen=True)
class OfficeHeader:
    """The left header column and the place in the date line, from configuration.

    ``name``: the office ("Ủy ban nhân dân phường Ba Đình"); ``parent_name``: the body
    above it ("Thành phố Hà Nội"), may be empty; ``place``: the place name of the date
    line ("Ba Đình"); ``unit_name``: the counter's own name under the office, as
    configured (``office.unit_name``); empty, the forms print the name derived from the
    office's (``office_names.unit_name``: the commune's public-service centre). The
    header prints names in capitals; give them as they read inside a sentence (form
    04 names the office in its text).
    """

    name: str
    parent_name: str
    place: str
    unit_name: str = ""


@dataclass(frozen=True)
class Person:
    """The applicant (người nộp hồ sơ): a citizen or an organisation."""

    full_name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One paper received: how many originals (bản chính) and copies (bản sao).

    ``quantity`` is the "Số lượng" column; ``None`` prints originals + copies.
    """

    name: str
    originals: int = 0
    copies: int = 0
    quantity: int | None = None
    presented: bool = False     # shown for inspection and handed back: no count printed


@dataclass(frozen=True)
class TransferQr:
    """A VietQR code to pay the fees still owed by bank transfer (``payload``: the EMVCo
    text the code holds) and what is printed beside it."""

    payload: str
    amount: int
    note: str
    account_number: str
    account_name: str
    bank_name: str = ""


@dataclass(frozen=True)
class Receipt:
    """Form 01, GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ.

    ``processing_days``: working days by rule, 0 = same day, decimals allowed.
    ``fees``: (name, amount in VND). ``copies``: 1, or 2 for "Liên 1" and "Liên 2".
    ``signed_at``: the date of the header's date line.
    """

    code: str
    header: OfficeHeader
    applicant: Person
    procedure_name: str
    documents: list[DocumentLine]
    sets: int
    processing_days: Decimal
    received_at: datetime
    due_at: datetime | None
    result_delivery: str
    fees: list[tuple[str, int]]
    book_number: int | None
    book_line: int | None
    receiver_name: str
    copies: int = 1
    signed_at: datetime | None = None
    portal_code: str = ""       # an online dossier's code on the national portal, printed
                                # as its code; ``code`` then follows as a small reference
    # Received on behalf of another commune (NĐ 309/2026 art. 14(4)): the competent agency;
    # ``due_at`` is None while it has not received the dossier (the date is counted from then).
    competent_agency: str = ""
    exempt: tuple[tuple[str, str], ...] = ()     # fees waived: (name, reason)
    paid: int = 0               # paid so far, in đồng
    transfer: TransferQr | None = None           # a code to pay the rest by transfer


@dataclass(frozen=True)
class MissingDocument:
    """One line of form 02: a paper to bring, and in which forms."""

    name: str
    original: bool = False
    certified_copy: bool = False
    photocopy: bool = False


@dataclass(frozen=True)
class SupplementRequest:
    """Form 02, PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ ("Số: <code>/HDHS").

    ``contact``: whom to ask, printed after "liên hệ với" (e.g. "công chức Trần Văn
    Bình, số điện thoại 024 3823 4567"); ``guide_name``: the officer who signs.
    """

    code: str
    header: OfficeHeader
    applicant: Person
    procedure_name: str
    missing: list[MissingDocument]
    reason: str
    contact: str
    guide_name: str
    issued_at: datetime
    number: str = ""    # a guidance slip's own number ("07/2026/HDHS"); else "Số: <code>/HDHS"


@dataclass(frozen=True)
class Refusal:
    """Form 03, PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ. ``code`` may be empty."""

    code: str
    header: OfficeHeader
    applicant: Person
    procedure_name: str
    reason: str
    officer_name: str
    issued_at: datetime
    number: str = ""    # a refusal slip's own number ("07/2026/TCHS"), printed as "Số: …"


@dataclass(frozen=True)
class Apology:
    """Form 04, PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ, from the late agency.

    ``number``: the slip's own number ("01/PXL"); ``code``: the dossier code;
    ``agency_name``: the agency that is late, which signs (``signer_title``,
    e.g. "CHỦ TỊCH", and ``signer_name``).
    """

    number: str
    header: OfficeHeader
    applicant: Person
    code: str
    received_at: datetime
    original_due: datetime
    reason: str
    new_due: datetime | date
    agency_name: str
    signer_title: str
    signer_name: str
    issued_at: datetime


@dataclass(frozen=True)
class Handover:
    """One hand-over of the dossier between two agencies (a row pair of form 05)."""

    from_agency: str
    to_agency: str
    at: datetime
    giver: str
    receiver: str
    result: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.result not in HANDOVER_RESULTS:
            raise ValueError(f"result must be one of {HANDOVER_RESULTS}, not {self.result!r}")


@dataclass(frozen=True)
class ControlSlip:
    """Form 05, PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ."""

    code: str
    header: OfficeHeader
    applicant: Person
    procedure_name: str
    received_at: datetime
    due_at: datetime
    deciding_agency: str
    cooperating_agencies: list[str] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)


@dataclass(frozen=True)
class BookRow:
    """One line of the tracking book; ``line`` is the book's running number."""

    line: int
    code: str
    procedure_name: str
    applicant_name: str
    address_phone: str
    deciding_agency: str
    received_at: datetime
    due_at: datetime
    returned_at: datetime | None
    delivery: str
    note: str = ""
    book_number: int = 0       # which book of the year the line is in (0: the book's own)
    collected_by: str = ""     # who collected the result (the workbook's "Ký nhận")


@dataclass(frozen=True)
class TrackingBook:
    """Form 06, SỔ THEO DÕI HỒ SƠ (A4 landscape), one book of one year."""

    header: OfficeHeader
    year: int
    book_number: int
    rows: list[BookRow]


@dataclass(frozen=True)
class StopNotice:
    """THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ (Mẫu 05 of TT 03/2025/TT-VPCP as reported; not
    in the TT 01/2018 set): the deciding agency tells the applicant it stops processing
    the dossier, and why. ``agency_name`` signs (``signer_title``, ``signer_name``)."""

    code: str
    header: OfficeHeader
    applicant: Person
    procedure_name: str
    received_at: datetime
    reason: str
    agency_name: str
    issued_at: datetime
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"
    signer_name: str = ""
    number: str = ""
