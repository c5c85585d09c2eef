"""Reading one catalogue cell: codes, texts, yes/no, days, amounts, dates, counts.

Each reader takes the raw value (from JSON, a spreadsheet cell, or the database) and
either returns it cleaned or appends a Vietnamese reason to ``reasons`` (so one bad row is
reported completely at once, ``catalogue.InvalidRecord``).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from counter_app.domain.text import clean, fold

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_AMOUNT_RE = re.compile(r"^(\d{1,3}(?:[.,\s]\d{3})+|\d+)\s*(?:d|dong|vnd)?$")
MAX_DAYS = 365
MAX_COUNT = 99
MAX_TEXT = 4000     # text never printed on a form (legal basis, source)
TRUE_WORDS = {"1", "x", "có", "co", "true", "yes", "đúng", "dung"}
FALSE_WORDS = {"0", "không", "khong", "false", "no", "sai"}
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})/(\d{1,2})/(\d{4})$")


def format_days(days: float) -> str:
    """3.0 → "3", 0.5 → "0.5": how days are written in files."""
    return f"{days:g}"


def parse_date(value: Any, reasons: list[str]) -> str:
    """A version's first day: "2027-03-01" or "01/03/2027" → "2027-03-01"; blank → ""."""
    if is_missing(value):
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


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_code(value: Any, label: str, reasons: list[str]) -> str:
    if is_missing(value):
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


def read_text(value: Any, label: str, reasons: list[str], required: bool = False,
          limit: int = MAX_TEXT) -> str:
    if is_missing(value):
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


def read_bool(value: Any, label: str, default: bool, reasons: list[str]) -> bool:
    if is_missing(value):
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


def read_days(value: Any, reasons: list[str]) -> float:
    if is_missing(value):
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


def read_items(value: Any, label: str, reasons: list[str]) -> list:
    if is_missing(value):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    reasons.append(f"{label} phải là một danh sách")
    return []


def read_strings(value: Any, label: str, reasons: list[str]) -> tuple[str, ...]:
    out = []
    for item in read_items(value, label, reasons):
        text = read_text(item, label, reasons, required=True)
        if "|" in text:
            reasons.append(f"{label} {text!r} không được chứa ký tự '|'")
        elif text:
            out.append(text)
    return tuple(out)


def read_count(value: Any, name: str, label: str, reasons: list[str]) -> int:
    number = parse_decimal(value)
    if number is None or number != int(number) or not 0 <= number <= MAX_COUNT:
        reasons.append(f"số {label} của {name!r} phải là số nguyên từ 0 đến {MAX_COUNT}")
        return 0
    return int(number)
