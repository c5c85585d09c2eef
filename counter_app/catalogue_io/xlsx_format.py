"""XLSX (openpyxl): sheet ``thu_tuc`` with the CSV columns, optional sheets ``linh_vuc``
(fields) and ``nhom_lien_thong`` (groups of linked procedures).

Codes are written as text cells: Excel would turn ``2.000720`` typed as a
number into ``2.00072``, so a code that arrives as a number is refused.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from counter_app.catalogue_io import tabular
from counter_app.catalogue_io.records import CatalogueFile, RawRecord
from counter_app.domain.catalogue import Field, Procedure, ProcedureGroup
from counter_app.errors import UserInputError

PROCEDURE_SHEET = "thu_tuc"
FIELD_SHEET = "linh_vuc"
GROUP_SHEET = "nhom_lien_thong"
_OLE_HEADER = b"\xd0\xcf\x11\xe0"
_WIDTHS = {"code": 14, "name": 48, "field_code": 12, "field_name": 22, "fees": 36,
           "documents": 60, "legal_basis": 40, "source": 60}


def read(data: bytes, name: str) -> CatalogueFile:
    workbook = _open(data, name)
    try:
        result = CatalogueFile(name)
        procedures = _sheet(workbook, name)
        if procedures is not None:
            # A CSV export saved as .xlsx keeps its group rows: they are read as in CSV.
            result.procedures, result.groups = tabular.split_groups(
                _rows(procedures, tabular.CSV_COLUMNS, name))
        if FIELD_SHEET in workbook.sheetnames:
            result.fields = _rows(workbook[FIELD_SHEET], tabular.FIELD_COLUMNS, name)
        if GROUP_SHEET in workbook.sheetnames:
            result.groups += _rows(workbook[GROUP_SHEET], tabular.GROUP_COLUMNS, name)
        return result
    finally:
        workbook.close()


def _open(data: bytes, name: str):
    if data.startswith(_OLE_HEADER):
        raise UserInputError(f"Tệp {name} là bảng tính Excel kiểu cũ (.xls); "
                             "hãy mở bằng Excel và lưu lại thành .xlsx.")
    if not data.startswith(b"PK\x03\x04"):
        raise UserInputError(f"Tệp {name} không phải là tệp Excel .xlsx (có thể là tệp văn bản "
                             "được đặt nhầm đuôi .xlsx).")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UserInputError(f"Tệp {name} bị hỏng hoặc không phải tệp Excel .xlsx hợp lệ "
                             f"({type(exc).__name__}).") from None


def _sheet(workbook, name: str):
    if PROCEDURE_SHEET in workbook.sheetnames:
        return workbook[PROCEDURE_SHEET]
    others = [s for s in workbook.sheetnames if s not in (FIELD_SHEET, GROUP_SHEET)]
    if len(others) == 1:
        return workbook[others[0]]
    if not others:
        return None  # only fields
    raise UserInputError(f"Tệp {name} không có trang (sheet) {PROCEDURE_SHEET!r} chứa danh mục "
                         "thủ tục.")


def _rows(sheet, allowed: tuple, name: str) -> list[RawRecord]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise UserInputError(f"Tệp {name}, trang {sheet.title}: trang trống, thiếu dòng tiêu đề.")
    keys = tabular.header_keys(header, allowed, f"Tệp {name}, trang {sheet.title}")
    records = []
    for number, cells in enumerate(rows, start=2):
        if tabular.is_blank(cells):
            continue
        where = f"Trang {sheet.title}, dòng {number}"
        record = tabular.to_record(keys, [_text(c) for c in cells], where)
        for key, cell in zip(keys, cells):
            if key in tabular.CODE_COLUMNS and isinstance(cell, (int, float)):
                record.problems.append(
                    f"ô {key} đang là số ({cell!r}), Excel có thể đã làm mất số 0 ở cuối mã; "
                    "hãy định dạng cột là Văn bản (Text) và gõ lại mã")
        records.append(record)
    return records


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return tabular.yes_no(cell)
    if isinstance(cell, float):
        return f"{cell:g}"
    if isinstance(cell, (datetime, date, time)):
        return cell.isoformat()
    return str(cell)


def write(fields: list[Field], procedures: list[Procedure],
          groups: list[ProcedureGroup] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = PROCEDURE_SHEET
    names = {f.code: f.name for f in fields}
    _fill(sheet, tabular.PROCEDURE_COLUMNS,
          [_numeric_days(tabular.procedure_row(p, names)) for p in procedures])
    _fill(workbook.create_sheet(FIELD_SHEET), tabular.FIELD_COLUMNS,
          [tabular.field_row(f) for f in fields])
    _fill(workbook.create_sheet(GROUP_SHEET), tabular.GROUP_COLUMNS,
          [tabular.group_row(g) for g in groups])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _numeric_days(row: list) -> list:
    """Days as a number cell, so Excel does not flag "number stored as text"."""
    index = tabular.PROCEDURE_COLUMNS.index("processing_days")
    days = float(row[index])
    row[index] = int(days) if days.is_integer() else days
    return row


def _fill(sheet, columns: tuple, rows: list[list[str]]) -> None:
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, not a formula Excel would evaluate
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, key in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(key, 12)
        for (cell,) in sheet.iter_rows(min_row=1, min_col=index, max_col=index):
            cell.alignment = wrap
            if key in tabular.CODE_COLUMNS:
                cell.number_format = "@"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
