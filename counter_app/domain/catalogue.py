"""The procedure catalogue as values: fields (lĩnh vực) and procedures (TTHC).

Pure data and rules, no storage. ``parse_field`` and ``parse_procedure`` turn a
plain mapping (from JSON, a spreadsheet row, or the database) into a value, or
raise ``InvalidRecord`` carrying every Vietnamese reason found, so one bad row
is reported completely at once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from counter_app.domain import limits
from counter_app.domain.text import clean, fold
from counter_app.errors import UserInputError

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_AMOUNT_RE = re.compile(r"^(\d{1,3}(?:[.,\s]\d{3})+|\d+)\s*(?:d|dong|vnd)?$")
MAX_DAYS = 365
MAX_COUNT = 99
MAX_TEXT = 4000     # text never printed on a form (legal basis, source)
TRUE_WORDS = {"1", "x", "có", "co", "true", "yes", "đúng", "dung"}
FALSE_WORDS = {"0", "không", "khong", "false", "no", "sai"}
FIELD_KEYS = ("code", "name", "active")
PROCEDURE_KEYS = ("code", "name", "field_code", "processing_days", "same_day", "agency",
                  "deciding_agency_name", "fees",
                  "documents", "result_delivery", "online_level", "citizen_forms", "legal_basis",
                  "source", "demo", "active", "effective_from")
GROUP_KEYS = ("code", "name", "procedures", "legal_basis", "source", "demo", "active")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})/(\d{1,2})/(\d{4})$")


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


def format_days(days: float) -> str:
    """3.0 → "3", 0.5 → "0.5": how days are written in files."""
    return f"{days:g}"


def parse_field(raw: Mapping[str, Any]) -> Field:
    reasons: list[str] = []
    code = _code(raw.get("code"), "mã lĩnh vực", reasons)
    name = _text(raw.get("name"), "tên lĩnh vực", reasons, required=True,
                 limit=limits.AGENCY)
    active = _bool(raw.get("active"), "active", True, reasons)
    if reasons:
        raise InvalidRecord(reasons)
    return Field(code, name, active)


def parse_procedure(raw: Mapping[str, Any]) -> Procedure:
    reasons: list[str] = []
    code = _code(raw.get("code"), "mã thủ tục", reasons)
    name = _text(raw.get("name"), "tên thủ tục", reasons, required=True,
                 limit=limits.PROCEDURE_NAME)
    field_code = _code(raw.get("field_code"), "mã lĩnh vực", reasons)
    days = _days(raw.get("processing_days"), reasons)
    same_day = _bool(raw.get("same_day"), "same_day", False, reasons)
    if same_day and days:
        reasons.append(f"thủ tục trả kết quả trong ngày (same_day = có) phải có thời hạn 0, "
                       f"không phải {format_days(days)}; nếu không còn trả trong ngày, "
                       "ghi same_day = không")
    procedure = Procedure(
        code=code, name=name, field_code=field_code, processing_days=days, same_day=same_day,
        agency=_text(raw.get("agency"), "cơ quan giải quyết", reasons, limit=limits.AGENCY),
        deciding_agency_name=_text(raw.get("deciding_agency_name"),
                                   "tên cơ quan có thẩm quyền giải quyết", reasons,
                                   limit=limits.AGENCY),
        fees=tuple(_fees(raw.get("fees"), reasons)),
        documents=tuple(_documents(raw.get("documents"), reasons)),
        result_delivery=_strings(raw.get("result_delivery"), "cách nhận kết quả", reasons),
        online_level=_text(raw.get("online_level"), "mức dịch vụ trực tuyến", reasons),
        citizen_forms=_strings(raw.get("citizen_forms"), "mẫu đơn, tờ khai", reasons),
        legal_basis=_text(raw.get("legal_basis"), "căn cứ pháp lý", reasons),
        source=_text(raw.get("source"), "nguồn số liệu", reasons),
        demo=_bool(raw.get("demo"), "demo", False, reasons),
        active=_bool(raw.get("active"), "active", True, reasons),
        effective_from=parse_date(raw.get("effective_from"), reasons))
    if reasons:
        raise InvalidRecord(reasons)
    return procedure


def parse_group(raw: Mapping[str, Any]) -> ProcedureGroup:
    reasons: list[str] = []
    code = _code(raw.get("code"), "mã nhóm thủ tục", reasons)
    name = _text(raw.get("name"), "tên nhóm thủ tục", reasons, required=True,
                 limit=limits.PROCEDURE_NAME)
    members = _strings(raw.get("procedures"), "thủ tục trong nhóm", reasons)
    if len(members) < 2:
        reasons.append("nhóm liên thông phải có ít nhất hai thủ tục")
    if len(set(members)) != len(members):
        reasons.append("một thủ tục ghi hai lần trong nhóm")
    group = ProcedureGroup(
        code, name, members,
        legal_basis=_text(raw.get("legal_basis"), "căn cứ pháp lý", reasons),
        source=_text(raw.get("source"), "nguồn số liệu", reasons),
        demo=_bool(raw.get("demo"), "demo", False, reasons),
        active=_bool(raw.get("active"), "active", True, reasons))
    if reasons:
        raise InvalidRecord(reasons)
    return group


def parse_date(value: Any, reasons: list[str]) -> str:
    """A version's first day: "2027-03-01" or "01/03/2027" → "2027-03-01"; blank → ""."""
    if _missing(value):
        return ""
    match = _DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if match:
        y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else \
            (match.group(6), match.group(5), match.group(4))
        try:
            return date(int(y), int(m), int(d)).isoformat()
        except ValueError:
            pass
    reasons.append(f"ngày hiệu lực {value!r} không phải ngày (dạng 2027-03-01 hoặc 01/03/2027)")
    return ""


def parse_amount(text: str) -> int | None:
    """Whole đồng written as "8.000 đồng", "8,000", "8000 VNĐ"; None for any other text."""
    match = _AMOUNT_RE.match(fold(text))
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def parse_decimal(value: Any) -> float | None:
    """A number from JSON or a cell; "0,5" (Vietnamese decimal comma) is 0.5. None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _code(value: Any, label: str, reasons: list[str]) -> str:
    if _missing(value):
        reasons.append(f"thiếu {label}")
        return ""
    if not isinstance(value, str):
        reasons.append(f"{label} phải là chữ (văn bản), không phải {value!r}")
        return ""
    code = value.strip()
    if not CODE_RE.match(code):
        reasons.append(f"{label} {code!r} chỉ được gồm chữ không dấu, số, '.', '-', '_' "
                       "(tối đa 40 ký tự)")
    return code


def _text(value: Any, label: str, reasons: list[str], required: bool = False,
          limit: int = MAX_TEXT) -> str:
    if _missing(value):
        if required:
            reasons.append(f"thiếu {label}")
        return ""
    if not isinstance(value, str):
        reasons.append(f"{label} phải là chữ (văn bản)")
        return ""
    text = clean(value)
    if len(text) > limit:
        reasons.append(f"{label} dài quá {limit} ký tự")
    return text


def _bool(value: Any, label: str, default: bool, reasons: list[str]) -> bool:
    if _missing(value):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    word = value.strip().lower() if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    reasons.append(f"cột {label}: {value!r} không phải có/không (dùng 'có' hoặc 'không')")
    return default


def _days(value: Any, reasons: list[str]) -> float:
    if _missing(value):
        reasons.append("thiếu thời hạn giải quyết (processing_days)")
        return 0.0
    days = parse_decimal(value)
    if days is None:
        reasons.append(f"thời hạn giải quyết {value!r} không phải là số ngày làm việc")
        return 0.0
    if days < 0:
        reasons.append(f"thời hạn giải quyết không được âm ({format_days(days)})")
    elif days > MAX_DAYS:
        reasons.append(f"thời hạn giải quyết {format_days(days)} ngày quá lớn (tối đa {MAX_DAYS})")
    return round(days, 3)


def _items(value: Any, label: str, reasons: list[str]) -> list:
    if _missing(value):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    reasons.append(f"{label} phải là một danh sách")
    return []


def _strings(value: Any, label: str, reasons: list[str]) -> tuple[str, ...]:
    out = []
    for item in _items(value, label, reasons):
        text = _text(item, label, reasons, required=True)
        if "|" in text:
            reasons.append(f"{label} {text!r} không được chứa ký tự '|'")
        elif text:
            out.append(text)
    return tuple(out)


def _fees(value: Any, reasons: list[str]) -> list[Fee]:
    fees = []
    for item in _items(value, "phí, lệ phí", reasons):
        if not isinstance(item, Mapping):
            reasons.append(f"phí, lệ phí {item!r} phải có tên và mức thu")
            continue
        name = _text(item.get("name"), "tên khoản phí", reasons, required=True,
                     limit=limits.DOCUMENT_NAME)
        if any(ch in name for ch in ":|"):
            reasons.append(f"tên khoản phí {name!r} không được chứa ':' hoặc '|'")
        amount, text = item.get("amount_vnd"), item.get("text")
        if not _missing(amount):
            whole = parse_decimal(amount)
            if whole is None or whole < 0 or whole != int(whole):
                reasons.append(f"mức thu của {name!r} phải là số đồng nguyên, không âm")
                continue
            fees.append(Fee(name, amount_vnd=int(whole)))
        elif not _missing(text):
            text = _text(text, f"mức thu của {name!r}", reasons)
            amount = parse_amount(text)
            fees.append(Fee(name, text=text) if amount is None else Fee(name, amount_vnd=amount))
        else:
            reasons.append(f"khoản phí {name!r} thiếu mức thu (số đồng hoặc ghi chú)")
    return fees


def _documents(value: Any, reasons: list[str]) -> list[DocumentRequirement]:
    docs = []
    for item in _items(value, "thành phần hồ sơ", reasons):
        if not isinstance(item, Mapping):
            reasons.append(f"thành phần hồ sơ {item!r} phải có tên và số bản")
            continue
        name = _text(item.get("name"), "tên giấy tờ", reasons, required=True,
                     limit=limits.DOCUMENT_NAME)
        if any(ch in name for ch in "[]|"):
            reasons.append(f"tên giấy tờ {name!r} không được chứa '[', ']' hoặc '|'")
        originals = _count(item.get("originals", 1), name, "bản chính", reasons)
        copies = _count(item.get("copies", 0), name, "bản sao", reasons)
        presented = _bool(item.get("presented"), "presented", False, reasons)
        if presented:
            originals = copies = 0          # shown and handed back: nothing is kept
        elif originals + copies == 0:
            reasons.append(f"giấy tờ {name!r} phải có ít nhất một bản chính hoặc bản sao")
        optional = _bool(item.get("optional"), "optional", False, reasons)
        docs.append(DocumentRequirement(name, originals, copies, optional, presented))
    return docs


def _count(value: Any, name: str, label: str, reasons: list[str]) -> int:
    number = parse_decimal(value)
    if number is None or number != int(number) or not 0 <= number <= MAX_COUNT:
        reasons.append(f"số {label} của {name!r} phải là số nguyên từ 0 đến {MAX_COUNT}")
        return 0
    return int(number)
