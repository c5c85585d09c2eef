"""A report as an XLSX workbook: a summary sheet (every measure, this period beside the
same period a year earlier, and the text block), then one sheet per breakdown."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from printing.reports.columns import DECIMAL, TITLES, breakdown_names, measures

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
FONT = "Times New Roman"
# Breakdown sheets repeat these figures of the same period a year earlier.
YEAR_ON_YEAR = {"dossiers": ("received", "resolved", "resolved_late"),
                "queue": ("tickets", "served", "avg_wait_min"),
                "ratings": ("ratings_total", "satisfaction_rate")}


def _heading(ws, data: dict, subtitle: str, width: int) -> int:
    period = data["period"]
    rows = [(data.get("office") or "", False), (TITLES[data["report"]], True),
            (f"{subtitle} — kỳ báo cáo từ {_day(period['from'])} đến {_day(period['to'])}",
             False)]
    for i, (value, bold) in enumerate(rows, 1):
        ws.cell(i, 1, value).font = Font(name=FONT, bold=bold, size=13 if bold else 11)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        ws.cell(i, 1).alignment = CENTER
    return len(rows) + 2


def _day(text: str) -> str:
    y, m, d = text.split("-")
    return f"{d}/{m}/{y}"


def _head_row(ws, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, 1):
        cell = ws.cell(row, col, name)
        cell.font, cell.fill, cell.border, cell.alignment = \
            Font(name=FONT, bold=True), HEAD_FILL, BOX, CENTER
    ws.row_dimensions[row].height = 48


def _value(ws, row: int, col: int, value, key: str | None = None) -> None:
    cell = ws.cell(row, col, value)
    cell.border, cell.font = BOX, Font(name=FONT)
    if key in DECIMAL:
        cell.number_format = "0.0"
    elif isinstance(value, (int, float)):
        cell.number_format = "#,##0"
    cell.alignment = WRAP if isinstance(value, str) else Alignment(vertical="center")


def _summary(wb: Workbook, data: dict) -> None:
    ws = wb.active
    ws.title = "Tổng hợp"
    row = _heading(ws, data, "Tổng hợp", 5)
    prev = data["previous_period"]
    _head_row(ws, row, ["STT", "Chỉ tiêu", "Kỳ này",
                        f"Cùng kỳ năm trước ({_day(prev['from'])} – {_day(prev['to'])})",
                        "Mã chỉ tiêu"])
    for i, (key, label) in enumerate(measures(data["report"], data).items(), 1):
        r = row + i
        for col, value in enumerate((i, label, data["totals"].get(key),
                                     data["previous_totals"].get(key), key), 1):
            _value(ws, r, col, value, key if col in (3, 4) else None)
    r = row + len(measures(data["report"], data)) + 2
    if "procedures" in data["totals"]:
        ws.cell(r, 2, "Số thủ tục hành chính thuộc thẩm quyền").font = Font(name=FONT)
        ws.cell(r, 3, data["totals"]["procedures"]).font = Font(name=FONT)
        r += 2
    ws.cell(r, 1, "Báo cáo của kỳ").font = Font(name=FONT, bold=True)
    for j, paragraph in enumerate(data.get("text", "").split("\n"), 1):
        cell = ws.cell(r + j, 1, paragraph)
        cell.font, cell.alignment = Font(name=FONT), WRAP
        ws.merge_cells(start_row=r + j, start_column=1, end_row=r + j, end_column=5)
        ws.row_dimensions[r + j].height = 15 * (len(paragraph) // 95 + 1)
    for col, width in zip("ABCDE", (6, 46, 14, 22, 24)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row + 1, 3)


def _breakdown(wb: Workbook, data: dict, by: str, title: str) -> None:
    ws = wb.create_sheet(title[:31])
    keys = list(measures(data["report"], data))
    extra = YEAR_ON_YEAR[data["report"]]
    names = ["STT", title, "Mã", *measures(data["report"], data).values(),
             *(f"{measures(data['report'], data)[k]} (cùng kỳ năm trước)" for k in extra)]
    row = _heading(ws, data, f"Theo {title.lower()}", len(names))
    _head_row(ws, row, names)
    for i, item in enumerate(data["breakdowns"][by], 1):
        values = [i, item["name"], item["key"], *(item.get(k) for k in keys),
                  *(item["previous"].get(k) for k in extra)]
        kinds = [None, None, None, *keys, *extra]
        for col, (value, key) in enumerate(zip(values, kinds), 1):
            _value(ws, row + i, col, value, key)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 14
    for col in range(4, len(names) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.freeze_panes = ws.cell(row + 1, 4)
    last = row + max(1, len(data["breakdowns"][by]))
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(names))}{last}"


def render(data: dict) -> bytes:
    wb = Workbook()
    _summary(wb, data)
    for by, title in breakdown_names(data["report"]).items():
        if by in data["breakdowns"]:
            _breakdown(wb, data, by, title)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
