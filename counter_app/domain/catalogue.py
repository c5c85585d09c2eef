"""The procedure catalogue as values: fields (lĩnh vực) and procedures (TTHC).

Pure data and rules, no storage. ``parse_field`` and ``parse_procedure`` turn a
plain mapping (from JSON, a spreadsheet row, or the database) into a value, or
raise ``InvalidRecord`` carrying every Vietnamese reason found, so one bad row
is reported completely at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from counter_app.domain import limits
from counter_app.domain.catalogue_cells import (format_days, is_missing, parse_amount,
                                              parse_date, parse_decimal, read_bool,
                                              read_code, read_count, read_days, read_items,
                                              read_strings, read_text)
from counter_app.errors import UserInputError

FIELD_KEYS = ("code", "name", "active")
PROCEDURE_KEYS = ("code", "name", "field_code", "processing_days", "same_day", "agency",
                  "deciding_agency_name", "fees",
                  "documents", "result_delivery", "online_level", "citizen_forms", "legal_basis",
                  "source", "demo", "active", "effective_from")
GROUP_KEYS = ("code", "name", "procedures", "legal_basis", "source", "demo", "active")


class InvalidRecord(ValueError):
    """A record that breaks the rules; ``reasons`` are Vietnamese, lower-case first."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


class CatalogueImportError(UserInputError):
    """An import refused as a whole; ``problems`` are "Dòng 7: thiếu mã thủ tục" lines."""

    SHOWN = 30

    def __init__(self, problems: list[str], heading: str = "Không nhập danh mục") -> None:
        self.problems = problems
        lines = problems[:self.SHOWN]
        more = len(problems) - len(lines)
        text = "\n".join(f"  - {p}" for p in lines) + (f"\n  … và {more} lỗi khác." if more else "")
        super().__init__(f"{heading}: tệp có {len(problems)} lỗi; chưa có gì được ghi vào "
                         f"cơ sở dữ liệu. Sửa các dòng sau rồi nhập lại:\n{text}")


@dataclass(frozen=True)
class Fee:
    """A fee or charge: a fixed amount in đồng, or a text such as "theo Nghị quyết HĐND tỉnh"."""

    name: str
    amount_vnd: int | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        if self.amount_vnd is not None:
            return {"name": self.name, "amount_vnd": self.amount_vnd}
        return {"name": self.name, "text": self.text}

    def describe(self) -> str:
        return format_vnd(self.amount_vnd) if self.amount_vnd is not None else self.text


@dataclass(frozen=True)
class DocumentRequirement:
    """One item of the dossier (thành phần hồ sơ) with how many originals and copies."""

    name: str
    originals: int = 1
    copies: int = 0
    optional: bool = False
    presented: bool = False     # shown for inspection and handed back ("xuất trình")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "originals": self.originals, "copies": self.copies,
                "optional": self.optional, **({"presented": True} if self.presented else {})}


@dataclass(frozen=True)
class Field:
    code: str
    name: str
    active: bool = True

    def to_payload(self) -> dict[str, Any]:
        return {"name": self.name, "active": self.active}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.to_payload()}


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field_code: str
    processing_days: float
    same_day: bool = False
    agency: str = ""
    # The deciding agency's proper name where the law names it (form 04's apologising
    # agency), e.g. "Ủy ban nhân dân xã Tân Lập"; empty → the office's People's Committee.
    deciding_agency_name: str = ""
    fees: tuple[Fee, ...] = ()
    documents: tuple[DocumentRequirement, ...] = ()
    result_delivery: tuple[str, ...] = ()
    online_level: str = ""
    citizen_forms: tuple[str, ...] = ()
    legal_basis: str = ""
    source: str = ""
    demo: bool = False
    active: bool = True
    # A version's first day ("YYYY-MM-DD"); "" for the base record, in force until the
    # first dated version. Intake uses the version in force on the day of receipt.
    effective_from: str = ""

    def to_payload(self) -> dict[str, Any]:
        """Everything but the code (the event's entity_id) and the version date, in plain
        JSON types."""
        return {"name": self.name, "field_code": self.field_code,
                "processing_days": self.processing_days, "same_day": self.same_day,
                "agency": self.agency, "deciding_agency_name": self.deciding_agency_name,
                "fees": [f.to_dict() for f in self.fees],
                "documents": [d.to_dict() for d in self.documents],
                "result_delivery": list(self.result_delivery), "online_level": self.online_level,
                "citizen_forms": list(self.citizen_forms), "legal_basis": self.legal_basis,
                "source": self.source, "demo": self.demo, "active": self.active}

    def to_dict(self) -> dict[str, Any]:
        out = {"code": self.code, **self.to_payload()}
        if self.effective_from:
            out["effective_from"] = self.effective_from
        return out


@dataclass(frozen=True)
class ProcedureGroup:
    """Linked procedures received in one intake, each becoming its own dossier linked to
    the others (liên thông, e.g. NĐ 63/2024/NĐ-CP as amended: birth registration +
    permanent residence + health insurance card for a child under 6)."""

    code: str
    name: str
    procedures: tuple[str, ...]
    legal_basis: str = ""
    source: str = ""
    demo: bool = False
    active: bool = True

    def to_payload(self) -> dict[str, Any]:
        return {"name": self.name, "procedures": list(self.procedures),
                "legal_basis": self.legal_basis, "source": self.source, "demo": self.demo,
                "active": self.active}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.to_payload()}


def format_vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def parse_field(raw: Mapping[str, Any]) -> Field:
    reasons: list[str] = []
    code = read_code(raw.get("code"), "mã lĩnh vực", reasons)
    name = read_text(raw.get("name"), "tên lĩnh vực", reasons, required=True,
                 limit=limits.AGENCY)
    active = read_bool(raw.get("active"), "active", True, reasons)
    if reasons:
        raise InvalidRecord(reasons)
    return Field(code, name, active)


def parse_procedure(raw: Mapping[str, Any]) -> Procedure:
    reasons: list[str] = []
    code = read_code(raw.get("code"), "mã thủ tục", reasons)
    name = read_text(raw.get("name"), "tên thủ tục", reasons, required=True,
                 limit=limits.PROCEDURE_NAME)
    field_code = read_code(raw.get("field_code"), "mã lĩnh vực", reasons)
    days = read_days(raw.get("processing_days"), reasons)
    same_day = read_bool(raw.get("same_day"), "same_day", False, reasons)
    if same_day and days:
        reasons.append(f"thủ tục trả kết quả trong ngày (same_day = có) phải có thời hạn 0, "
                       f"không phải {format_days(days)}; nếu không còn trả trong ngày, "
                       "ghi same_day = không")
    procedure = Procedure(
        code=code, name=name, field_code=field_code, processing_days=days, same_day=same_day,
        agency=read_text(raw.get("agency"), "cơ quan giải quyết", reasons, limit=limits.AGENCY),
        deciding_agency_name=read_text(raw.get("deciding_agency_name"),
                                   "tên cơ quan có thẩm quyền giải quyết", reasons,
                                   limit=limits.AGENCY),
        fees=tuple(_fees(raw.get("fees"), reasons)),
        documents=tuple(_documents(raw.get("documents"), reasons)),
        result_delivery=read_strings(raw.get("result_delivery"), "cách nhận kết quả", reasons),
        online_level=read_text(raw.get("online_level"), "mức dịch vụ trực tuyến", reasons),
        citizen_forms=read_strings(raw.get("citizen_forms"), "mẫu đơn, tờ khai", reasons),
        legal_basis=read_text(raw.get("legal_basis"), "căn cứ pháp lý", reasons),
        source=read_text(raw.get("source"), "nguồn số liệu", reasons),
        demo=read_bool(raw.get("demo"), "demo", False, reasons),
        active=read_bool(raw.get("active"), "active", True, reasons),
        effective_from=parse_date(raw.get("effective_from"), reasons))
    if reasons:
        raise InvalidRecord(reasons)
    return procedure


def parse_group(raw: Mapping[str, Any]) -> ProcedureGroup:
    reasons: list[str] = []
    code = read_code(raw.get("code"), "mã nhóm thủ tục", reasons)
    name = read_text(raw.get("name"), "tên nhóm thủ tục", reasons, required=True,
                 limit=limits.PROCEDURE_NAME)
    members = read_strings(raw.get("procedures"), "thủ tục trong nhóm", reasons)
    if len(members) < 2:
        reasons.append("nhóm liên thông phải có ít nhất hai thủ tục")
    if len(set(members)) != len(members):
        reasons.append("một thủ tục ghi hai lần trong nhóm")
    group = ProcedureGroup(
        code, name, members,
        legal_basis=read_text(raw.get("legal_basis"), "căn cứ pháp lý", reasons),
        source=read_text(raw.get("source"), "nguồn số liệu", reasons),
        demo=read_bool(raw.get("demo"), "demo", False, reasons),
        active=read_bool(raw.get("active"), "active", True, reasons))
    if reasons:
        raise InvalidRecord(reasons)
    return group


def _fees(value: Any, reasons: list[str]) -> list[Fee]:
    fees = []
    for item in read_items(value, "phí, lệ phí", reasons):
        if not isinstance(item, Mapping):
            reasons.append(f"phí, lệ phí {item!r} phải có tên và mức thu")
            continue
        name = read_text(item.get("name"), "tên khoản phí", reasons, required=True,
                     limit=limits.DOCUMENT_NAME)
        if any(ch in name for ch in ":|"):
            reasons.append(f"tên khoản phí {name!r} không được chứa ':' hoặc '|'")
        amount, text = item.get("amount_vnd"), item.get("text")
        if not is_missing(amount):
            whole = parse_decimal(amount)
            if whole is None or whole < 0 or whole != int(whole):
                reasons.append(f"mức thu của {name!r} phải là số đồng nguyên, không âm")
                continue
            fees.append(Fee(name, amount_vnd=int(whole)))
        elif not is_missing(text):
            text = read_text(text, f"mức thu của {name!r}", reasons)
            amount = parse_amount(text)
            fees.append(Fee(name, text=text) if amount is None else Fee(name, amount_vnd=amount))
        else:
            reasons.append(f"khoản phí {name!r} thiếu mức thu (số đồng hoặc ghi chú)")
    return fees


def _documents(value: Any, reasons: list[str]) -> list[DocumentRequirement]:
    docs = []
    for item in read_items(value, "thành phần hồ sơ", reasons):
        if not isinstance(item, Mapping):
            reasons.append(f"thành phần hồ sơ {item!r} phải có tên và số bản")
            continue
        name = read_text(item.get("name"), "tên giấy tờ", reasons, required=True,
                     limit=limits.DOCUMENT_NAME)
        if any(ch in name for ch in "[]|"):
            reasons.append(f"tên giấy tờ {name!r} không được chứa '[', ']' hoặc '|'")
        originals = read_count(item.get("originals", 1), name, "bản chính", reasons)
        copies = read_count(item.get("copies", 0), name, "bản sao", reasons)
        presented = read_bool(item.get("presented"), "presented", False, reasons)
        if presented:
            originals = copies = 0          # shown and handed back: nothing is kept
        elif originals + copies == 0:
            reasons.append(f"giấy tờ {name!r} phải có ít nhất một bản chính hoặc bản sao")
        optional = read_bool(item.get("optional"), "optional", False, reasons)
        docs.append(DocumentRequirement(name, originals, copies, optional, presented))
    return docs


