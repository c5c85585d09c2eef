"""Form 06, the tracking book, as an Excel workbook (openpyxl): one sheet per book.

The same columns and wording as the PDF (``form06.py``, a form set may reword them),
rows in line order, the three dates as real date-times (local time: Excel has no time
zones) and the name of whoever collected the result under "Ký nhận". Offices keep the
book on paper from the PDF; the workbook is for counting and filtering.
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from printing.documents import form06
from printing.documents.model import BookRow, TrackingBook
from printing.documents.text import two_digits
from printing.documents.wording import FormWording, merged

# Column widths in characters, in the order of form06.COLUMNS.
WIDTHS = (7, 28, 40, 24, 34, 24, 16, 16, 16, 22, 20, 16)
FIRST_ROW = 7             # data starts here; rows 1–6: office, title, subtitle, headings
DATE_FORMAT = "dd/mm/yyyy hh:mm"
SHEET_NAME = "Quyển {book}"


def render_xlsx(book: TrackingBook, wording: FormWording | None = None) -> bytes:
    """The workbook's bytes: a sheet for each book number the rows carry."""
    w = merged(form06.WORDING, wording)
    wb = Workbook()
    wb.remove(wb.active)
    numbers = sorted({_book_of(r, book) for r in book.rows}) or [book.book_number]
    for number in numbers:
        rows = [r for r in book.rows if _book_of(r, book) == number]
        _sheet(wb.create_sheet(SHEET_NAME.format(book=two_digits(number))), book, number,
               rows, w)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _book_of(row: BookRow, book: TrackingBook) -> int:
    return row.book_number or book.book_number


def _sheet(ws, book: TrackingBook, number: int, rows: list[BookRow], w: dict) -> None:
    last = len(form06.COLUMNS)
    head = book.header
    ws.append([head.parent_name.upper() if head.parent_name else head.name.upper()])
    ws.append([head.name.upper() if head.parent_name else ""])
    ws.append([w["title"]])
    ws.append([w["subtitle"].format(year=book.year, book=two_digits(number))])
    for row in (3, 4):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.cell(3, 1).font = Font(bold=True, size=14)
    ws.cell(4, 1).font = Font(bold=True)
    _headings(ws, w)
    for r in rows:
        ws.append(_cells(r))
    thin = Side(style="thin")
    wrap = Alignment(wrap_text=True, vertical="top")
    dated = {i for i, (_, _, is_date) in enumerate(form06.COLUMNS, 1) if is_date}
    for row in ws.iter_rows(min_row=5, max_row=ws.max_row, max_col=last):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row >= FIRST_ROW:
                cell.alignment = wrap
                if cell.column in dated:
                    cell.number_format = DATE_FORMAT
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.print_title_rows = f"5:{FIRST_ROW - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _headings(ws, w: dict) -> None:
    """Rows 5–6: each heading over two rows, the three dates under one group heading."""
    names = list(w["headings"])
    is_date = [dated for _, _, dated in form06.COLUMNS]
    ws.append([w["dates_group"] if dated else name for name, dated in zip(names, is_date)])
    ws.append([name if dated else None for name, dated in zip(names, is_date)])
    dated = [i for i, d in enumerate(is_date, 1) if d]
    ws.merge_cells(start_row=5, start_column=dated[0], end_row=5, end_column=dated[-1])
    for i, d in enumerate(is_date, 1):
        if not d:
            ws.merge_cells(start_row=5, start_column=i, end_row=6, end_column=i)
    for row in (5, 6):
        for i in range(1, len(names) + 1):
            cell = ws.cell(row, i)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _naive(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment else None


def _cells(r: BookRow) -> list:
    return [r.line, r.code, r.procedure_name, r.applicant_name, r.address_phone,
            r.deciding_agency, _naive(r.received_at), _naive(r.due_at), _naive(r.returned_at),
            r.delivery, r.collected_by, r.note]
