"""The spreadsheet layout shared by CSV and XLSX: columns and the syntax inside a cell.

Lists go one item per line of a cell (or separated by ``|``):
fees ``Lệ phí: 8.000 đồng`` / ``Lệ phí: theo Nghị quyết HĐND tỉnh``;
documents ``Tờ khai [1 chính, 0 sao, không bắt buộc]``. See docs/catalogue-format.md.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from counter_app.catalogue_io.records import RawRecord
from counter_app.domain.catalogue import Field, Procedure, ProcedureGroup, format_days, format_vnd
from counter_app.domain.text import fold
from counter_app.errors import UserInputError

PROCEDURE_COLUMNS = ("code", "name", "field_code", "field_name", "processing_days", "same_day",
                     "agency", "deciding_agency_name", "fees", "documents", "result_delivery",
                     "online_level", "citizen_forms", "legal_basis", "source", "demo", "active",
                     "effective_from")
FIELD_COLUMNS = ("code", "name", "active")
# Linked procedures (liên thông): in CSV a row whose ``group_procedures`` cell lists the
# member codes is a group, with its code, name, legal basis, source, demo and active in
# the columns of the same names; in XLSX the sheet ``nhom_lien_thong`` has GROUP_COLUMNS.
GROUP_CELL = "group_procedures"
GROUP_COLUMNS = ("code", "name", "procedures", "legal_basis", "source", "demo", "active")
CSV_COLUMNS = (*PROCEDURE_COLUMNS, GROUP_CELL)
CODE_COLUMNS = ("code", "field_code")
LIST_COLUMNS = ("result_delivery", "citizen_forms", "procedures", GROUP_CELL)
BOOL_COLUMNS = ("same_day", "demo", "active")
_ITEM_SPLIT = re.compile(r"\r\n|\r|\n|\|")
_DOC = re.compile(r"^(?P<name>[^\[\]]*?)\s*(?:\[(?P<spec>[^\[\]]*)\])?\s*$")
_ORIGINALS = re.compile(r"^(\d+)\s*(?:ban\s*)?chinh$")
_COPIES = re.compile(r"^(\d+)\s*(?:ban\s*)?sao$")
_OPTIONAL = {"khong bat buoc", "tuy chon", "neu co"}
_REQUIRED = {"bat buoc"}
# A cell starting with one of these is a formula to Excel/LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: ``'`` before a formula start (as Excel's
    own text prefix). A cell that already starts with ``'`` before one gets another, so
    ``restore`` gives back exactly what was written."""
    if cell.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The value ``neutralise`` protected; any other cell unchanged."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def header_keys(cells: Sequence[Any], allowed: Sequence[str], where: str) -> list[str]:
    """The column keys of a header row; a wrong header is refused as a whole."""
    keys = [str(c).strip().lower() if c is not None else "" for c in cells]
    unknown = [k for k in keys if k and k not in allowed]
    if unknown:
        raise UserInputError(
            f"{where}: tiêu đề không đúng định dạng danh mục — không có cột "
            f"{', '.join(repr(k) for k in unknown)}. Dòng 1 phải là tên cột, dùng các cột: "
            f"{', '.join(allowed)} (xem docs/catalogue-format.md).")
    seen = set()
    for key in keys:
        if key and key in seen:
            raise UserInputError(f"{where}: cột {key!r} xuất hiện hai lần ở dòng tiêu đề.")
        seen.add(key)
    if "code" not in seen:
        raise UserInputError(f"{where}: dòng tiêu đề thiếu cột 'code' (mã).")
    return keys


def is_blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def to_record(keys: list[str], cells: Sequence[str], location: str) -> RawRecord:
    """A data row as raw values; cell-syntax mistakes become the record's problems."""
    record = RawRecord(location, {})
    cells = list(cells) + [""] * (len(keys) - len(cells))  # a short row leaves cells empty
    for key, cell in zip(keys, cells):
        if key:
            _put(record, key, cell)
    extra = [c for c in cells[len(keys):] if c.strip()] + [
        c for k, c in zip(keys, cells) if not k and c.strip()]
    if extra:
        record.problems.append(f"có dữ liệu ở cột không có tên ({extra[0][:40]!r})")
    return record


def split_groups(records: list[RawRecord]) -> tuple[list[RawRecord], list[RawRecord]]:
    """(procedure rows, group rows) of a table with the ``group_procedures`` column: a
    row listing member codes there is a group; a cell of the row that a group does not
    have (field, days, fees…) is a mistake, said with the row, never dropped silently."""
    procedures, groups = [], []
    for record in records:
        members = record.values.pop(GROUP_CELL, None)
        if not members:
            procedures.append(record)
            continue
        extra = [k for k, v in record.values.items()
                 if k not in GROUP_COLUMNS and v not in ("", [], None)]
        if extra:
            record.problems.append(
                f"dòng nhóm liên thông (có cột {GROUP_CELL}) không dùng cột "
                f"{', '.join(extra)}: để trống, hoặc tách thủ tục ra dòng riêng")
        values = {k: v for k, v in record.values.items() if k in GROUP_COLUMNS}
        groups.append(RawRecord(record.location, values | {"procedures": members},
                                record.problems))
    return procedures, groups


def group_row(g: ProcedureGroup) -> list[str]:
    """A group in the XLSX sheet's GROUP_COLUMNS."""
    return [g.code, g.name, "\n".join(g.procedures), g.legal_basis, g.source, yes_no(g.demo),
            yes_no(g.active)]


def csv_group_row(g: ProcedureGroup) -> list[str]:
    """A group as a CSV row: CSV_COLUMNS, the procedure-only cells left empty."""
    row = dict(zip(GROUP_COLUMNS, group_row(g)))
    row[GROUP_CELL] = row.pop("procedures")
    return [row.get(key, "") for key in CSV_COLUMNS]


def _put(record: RawRecord, key: str, cell: str) -> None:
    if key in BOOL_COLUMNS:
        if cell.strip():
            record.values[key] = cell
    elif key == "fees":
        record.values[key] = [f for f in (_fee(i, record.problems) for i in _lines(cell)) if f]
    elif key == "documents":
        record.values[key] = [d for d in (_doc(i, record.problems) for i in _lines(cell)) if d]
    elif key in LIST_COLUMNS:
        record.values[key] = _lines(cell)
    else:
        record.values[key] = cell


def _lines(cell: str) -> list[str]:
    return [item.strip() for item in _ITEM_SPLIT.split(cell) if item.strip()]


def _fee(item: str, problems: list[str]) -> dict | None:
    name, sep, value = item.partition(":")
    if not sep or not name.strip() or not value.strip():
        problems.append(f"khoản phí {item!r} phải viết 'Tên khoản phí: mức thu', "
                        "ví dụ 'Lệ phí: 8.000 đồng'")
        return None
    return {"name": name.strip(), "text": value.strip()}


def _doc(item: str, problems: list[str]) -> dict | None:
    match = _DOC.match(item)
    if not match or not match.group("name"):
        problems.append(f"giấy tờ {item!r} phải viết 'Tên giấy tờ [1 chính, 0 sao]'")
        return None
    doc = {"name": match.group("name"), "originals": 1, "copies": 0, "optional": False}
    for token in filter(None, (t.strip() for t in fold(match.group("spec") or "").split(","))):
        if not _doc_token(doc, token):
            problems.append(f"giấy tờ {doc['name']!r}: không hiểu {token!r} trong [...] "
                            "(ví dụ đúng: [1 chính, 2 sao, không bắt buộc])")
            return None
    return doc


def _doc_token(doc: dict, token: str) -> bool:
    if m := _ORIGINALS.match(token):
        doc["originals"] = int(m.group(1))
    elif m := _COPIES.match(token):
        doc["copies"] = int(m.group(1))
    elif token in _OPTIONAL or token in _REQUIRED:
        doc["optional"] = token in _OPTIONAL
    elif token == "xuat trinh":
        doc["presented"] = True
    else:
        return False
    return True


def yes_no(value: bool) -> str:
    return "có" if value else "không"


def _counts(d) -> str:
    return "xuất trình" if d.presented else f"{d.originals} chính, {d.copies} sao"


def procedure_row(p: Procedure, field_names: dict[str, str]) -> list[str]:
    fees = "\n".join(f"{f.name}: {format_vnd(f.amount_vnd) if f.amount_vnd is not None else f.text}"
                     for f in p.fees)
    docs = "\n".join(f"{d.name} [{_counts(d)}{', không bắt buộc' if d.optional else ''}]"
                     for d in p.documents)
    return [p.code, p.name, p.field_code, field_names.get(p.field_code, ""),
            format_days(p.processing_days), yes_no(p.same_day), p.agency,
            p.deciding_agency_name, fees, docs,
            "\n".join(p.result_delivery), p.online_level, "\n".join(p.citizen_forms),
            p.legal_basis, p.source, yes_no(p.demo), yes_no(p.active), p.effective_from]


def field_row(f: Field) -> list[str]:
    return [f.code, f.name, yes_no(f.active)]
