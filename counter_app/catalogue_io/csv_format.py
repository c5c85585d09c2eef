"""CSV: one table of procedures; a ``field_name`` column defines or renames the field; a
row with a ``group_procedures`` cell is a group of linked procedures (liên thông).

Written as UTF-8 with a BOM so Excel shows Vietnamese correctly; read with or
without it. A cell that a spreadsheet would take for a formula (``=``, ``+``, ``-``,
``@``, tab, CR first) is written after a ``'`` and read back without it. The separator is taken from the header line (``,``, ``;`` or tab:
Excel on a Vietnamese Windows often saves with ``;``). Row numbers are the
spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import io

from counter_app.catalogue_io import tabular
from counter_app.catalogue_io.records import CatalogueFile, decode_text
from counter_app.domain.catalogue import Field, Procedure, ProcedureGroup
from counter_app.errors import UserInputError


def read(data: bytes, name: str) -> CatalogueFile:
    text = decode_text(data, name)
    if not text.strip():
        raise UserInputError(f"Tệp {name} rỗng.")
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise UserInputError(
            f"Tệp {name} không đọc được như CSV (gần dòng văn bản {reader.line_num}): "
            "dấu ngoặc kép không khớp hoặc ký tự lạ.") from exc
    keys = tabular.header_keys(rows[0], tabular.CSV_COLUMNS, f"Tệp {name}")
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not tabular.is_blank(cells):
            cells = [tabular.restore(c) for c in cells]
            records.append(tabular.to_record(keys, cells, f"Dòng {number}"))
    procedures, groups = tabular.split_groups(records)
    return CatalogueFile(name, procedures=procedures, groups=groups)


def write(fields: list[Field], procedures: list[Procedure],
          groups: list[ProcedureGroup] = ()) -> bytes:
    """Procedures (and their dated versions), then the groups of linked procedures."""
    names = {f.code: f.name for f in fields}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(tabular.CSV_COLUMNS)
    for procedure in procedures:
        writer.writerow([tabular.neutralise(c)
                         for c in [*tabular.procedure_row(procedure, names), ""]])
    for group in groups:
        writer.writerow([tabular.neutralise(c) for c in tabular.csv_group_row(group)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
