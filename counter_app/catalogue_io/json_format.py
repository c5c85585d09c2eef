"""JSON: ``{"format": …, "version": 1, "fields": [...], "procedures": [...]}``.

The same keys as the spreadsheet columns, with real lists and numbers: fees as
``{"name", "amount_vnd"}`` or ``{"name", "text"}``, documents as
``{"name", "originals", "copies", "optional"}``.
"""

from __future__ import annotations

import json
from typing import Any

from counter_app.catalogue_io.records import CatalogueFile, RawRecord, decode_text
from counter_app.domain.catalogue import (FIELD_KEYS, GROUP_KEYS, PROCEDURE_KEYS, Field,
                                          Procedure, ProcedureGroup)
from counter_app.errors import UserInputError

FORMAT_ID = "quay-mot-cua/danh-muc-tthc"
VERSION = 1
TOP_KEYS = {"format", "version", "note", "fields", "procedures", "groups"}


def read(data: bytes, name: str) -> CatalogueFile:
    text = decode_text(data, name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserInputError(
            f"Tệp {name} không phải JSON hợp lệ hoặc bị cắt cụt: lỗi ở dòng {exc.lineno}, "
            f"cột {exc.colno}. Hãy xuất lại tệp hoặc kiểm tra dấu ngoặc, dấu phẩy.") from None
    if not isinstance(doc, dict):
        raise UserInputError(f"Tệp {name}: JSON phải là một đối tượng có 'fields' và "
                             "'procedures' (xem docs/catalogue-format.md).")
    _check_top(doc, name)
    return CatalogueFile(
        name, fields=_records(doc.get("fields"), "fields", "Lĩnh vực", FIELD_KEYS, name),
        procedures=_records(doc.get("procedures"), "procedures", "Thủ tục",
                            (*PROCEDURE_KEYS, "field_name"), name),
        groups=_records(doc.get("groups"), "groups", "Nhóm liên thông", GROUP_KEYS, name))


def _check_top(doc: dict, name: str) -> None:
    unknown = sorted(set(doc) - TOP_KEYS)
    if unknown:
        raise UserInputError(f"Tệp {name}: khóa {', '.join(map(repr, unknown))} không có trong "
                             f"định dạng danh mục; dùng {', '.join(sorted(TOP_KEYS))}.")
    if doc.get("format", FORMAT_ID) != FORMAT_ID:
        raise UserInputError(f"Tệp {name} không phải tệp danh mục thủ tục "
                             f"(format = {doc.get('format')!r}, cần {FORMAT_ID!r}).")
    if doc.get("version", VERSION) != VERSION:
        raise UserInputError(f"Tệp {name} dùng định dạng phiên bản {doc.get('version')!r}; "
                             f"phần mềm này đọc phiên bản {VERSION}.")


def _records(items: Any, key: str, label: str, allowed: tuple, name: str) -> list[RawRecord]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise UserInputError(f"Tệp {name}: {key!r} phải là một danh sách.")
    records = []
    for index, item in enumerate(items, start=1):
        code = item.get("code") if isinstance(item, dict) else None
        where = f"{label} thứ {index}" + (f" (mã {code})" if isinstance(code, str) else "")
        record = RawRecord(where, dict(item) if isinstance(item, dict) else {})
        if not isinstance(item, dict):
            record.problems.append("phải là một đối tượng JSON {...}")
        unknown = [k for k in record.values if k not in allowed]
        if unknown:
            record.problems.append(f"khóa {', '.join(map(repr, unknown))} không được hỗ trợ")
        records.append(record)
    return records


def write(fields: list[Field], procedures: list[Procedure],
          groups: list[ProcedureGroup] = ()) -> bytes:
    doc = {"format": FORMAT_ID, "version": VERSION,
           "fields": [f.to_dict() for f in fields],
           "procedures": [p.to_dict() for p in procedures]}
    if groups:
        doc["groups"] = [g.to_dict() for g in groups]
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
