"""The audit trail as an XLSX sheet: a heading (office, title, filter, the hash chain's
state, when it was made), then one row per event, newest first, with the frozen header
and a filter on every column so the leader can sort and narrow it in Excel."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from printing.reports.xlsx import BOX, CENTER, FONT, HEAD_FILL, WRAP

# (heading, key in the row, width in characters)
COLUMNS = (("Thời gian", "time", 20), ("Cán bộ", "officer", 24),
           ("Tên đăng nhập", "username", 14), ("Thao tác", "action", 34),
           ("Đối tượng", "object", 28), ("Chi tiết", "details", 36),
           ("Quầy", "counter", 7), ("Máy (mã thiết bị)", "device_id", 30),
           ("Số thứ tự sự kiện của máy", "device_seq", 12), ("Mã loại sự kiện", "type", 24))
SHEET_TITLE = "Nhật ký hoạt động"


def render(heading: list[str], rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    width = len(COLUMNS)
    for i, text in enumerate(heading, 1):
        cell = ws.cell(i, 1, text)
        cell.font = Font(name=FONT, bold=i == 2, size=13 if i == 2 else 11)
        cell.alignment = CENTER if i <= 2 else WRAP
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    top = len(heading) + 2
    for col, (name, _key, chars) in enumerate(COLUMNS, 1):
        cell = ws.cell(top, col, name)
        cell.font, cell.fill, cell.border, cell.alignment = \
            Font(name=FONT, bold=True), HEAD_FILL, BOX, CENTER
        ws.column_dimensions[get_column_letter(col)].width = chars
    for r, row in enumerate(rows, top + 1):
        for col, (_name, key, _chars) in enumerate(COLUMNS, 1):
            cell = ws.cell(r, col, row.get(key))
            cell.font, cell.border = Font(name=FONT), BOX
            cell.alignment = Alignment(vertical="top", wrap_text=key in ("action", "details"))
    ws.freeze_panes = ws.cell(top + 1, 1)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(width)}{top + max(len(rows), 1)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
