"""What a reader hands the import: raw records with where they came from.

A reader only decodes the file and the cell syntax; the rules of what a valid
field or procedure is live in ``counter_app.domain.catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from counter_app.errors import UserInputError


@dataclass
class RawRecord:
    """One row or object: ``location`` is how a person finds it ("Dòng 7")."""

    location: str
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)


@dataclass
class CatalogueFile:
    name: str
    fields: list[RawRecord] = field(default_factory=list)
    procedures: list[RawRecord] = field(default_factory=list)
    groups: list[RawRecord] = field(default_factory=list)       # linked procedures


def decode_text(data: bytes, name: str) -> str:
    """Strict UTF-8, with or without the BOM Excel writes; a clear message otherwise."""
    if not data.strip():
        raise UserInputError(f"Tệp {name} rỗng.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserInputError(
            f"Tệp {name} được lưu bằng mã UTF-16 (kiểu 'Unicode Text' của Excel). "
            "Hãy mở bằng Excel và lưu lại với kiểu 'CSV UTF-8 (Comma delimited)'.")
    if data.startswith(b"PK\x03\x04"):
        raise UserInputError(
            f"Tệp {name} là tệp Excel (.xlsx) chứ không phải tệp văn bản; "
            "hãy đặt đuôi tệp là .xlsx rồi nhập lại.")
    if b"\x00" in data[:4096]:
        raise UserInputError(f"Tệp {name} không phải là tệp văn bản (có byte 0).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserInputError(
            f"Tệp {name} không phải mã UTF-8 (lỗi ở dòng văn bản {line}, byte "
            f"0x{data[exc.start]:02X}); có thể tệp được lưu bằng mã Windows-1258 hoặc TCVN3. "
            "Hãy mở bằng Excel và lưu lại với kiểu 'CSV UTF-8 (Comma delimited)'.") from None
