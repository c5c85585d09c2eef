"""Sổ theo dõi hồ sơ (form 06) from the dossier page: a new book, Excel and PDF exports."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counter_app.domain.clock import LOCAL_TZ
from counter_app.services import dossiers
from tests.ui.test_dossiers_page import (open_page, private_settings,  # noqa: F401
                                         receive)
from ui.pages.dossiers.book import BookDialog
from printing.documents.form06_xlsx import FIRST_ROW as BOOK_FIRST_ROW
from ui.qt import Qt

PEOPLE = ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc", "Phạm Thị Hương",
          "Đặng Quốc Bảo")


@pytest.fixture
def book(qtbot, desk, receive, open_page):  # noqa: F811
    """Three dossiers in book 01, "Sổ mới" through the dialog, two more in book 02."""
    codes = [receive(name, datetime(2026, 11, 9 + i, 9, 30, tzinfo=LOCAL_TZ),
                     phone=f"09{i}2345678") for i, name in enumerate(PEOPLE[:3])]
    page = open_page()
    dialog = page.open_book_dialog()
    qtbot.waitUntil(lambda: dialog.info is not None and dialog.isVisible())
    assert dialog.year_spin.value() == 2026
    assert dialog.info_label.text() == (
        "Năm 2026: 3 hồ sơ trong 1 quyển. Hồ sơ tiếp nhận tiếp theo vào quyển số 01, "
        "số thứ tự 4 (đánh số liên tục cả năm).")
    qtbot.mouseClick(dialog.new_book_button, Qt.MouseButton.LeftButton)
    confirm = dialog.confirm_dialog
    qtbot.waitUntil(confirm.isVisible)
    assert confirm.intro.text() == ("Khép quyển số 01 năm 2026 và ghi tiếp vào quyển số 02? "
                                    "Số thứ tự không bắt đầu lại: hồ sơ tiếp theo mang số 4.")
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.info is not None and dialog.info.current == 2)
    assert dialog.status_label.text() == "Đã mở quyển số 02 năm 2026."
    codes += [receive(name, datetime(2026, 11, 16 + i, 14, 0, tzinfo=LOCAL_TZ))
              for i, name in enumerate(PEOPLE[3:])]
    dossiers.resolve(desk, codes[0])
    dossiers.return_result(desk, codes[0], "Nguyễn Thị Em (ủy quyền)")
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.book_combo.count() == 3)
    return page, dialog, codes


def export(qtbot, dialog: BookDialog, kind: str, path, book: int | None = None):
    dialog.book_combo.setCurrentIndex(dialog.book_combo.findData(book))
    dialog.choose_path = lambda _kind: path
    qtbot.mouseClick(dialog.pdf_button if kind == "pdf" else dialog.xlsx_button,
                     Qt.MouseButton.LeftButton)
    assert dialog.busy and dialog.progress.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.status_label.text() == f"Đã lưu sổ theo dõi: {path}"


def test_numbering_continues_into_the_second_book(book, desk):
    _page, dialog, codes = book
    lines = [(d["book_number"], d["book_line"]) for d in map(
        lambda c: dossiers.by_code(desk, c), codes)]
    assert lines == [(1, 1), (1, 2), (1, 3), (2, 4), (2, 5)]
    assert [dialog.book_combo.itemText(i) for i in range(3)] == [
        "Tất cả các quyển của năm",
        "Quyển số 01 — số thứ tự 1 đến 3 (3 hồ sơ)",
        "Quyển số 02 — số thứ tự 4 đến 5 (2 hồ sơ)"]


def test_excel_export_has_every_line_in_order(qtbot, book, tmp_path):
    page, dialog, codes = book
    out = tmp_path / "sổ theo dõi.xlsx"
    export(qtbot, dialog, "xlsx", out)
    assert page.message_bar.text() == f"Đã lưu sổ theo dõi hồ sơ: {out}"
    wb = load_workbook(out)
    assert wb.sheetnames == ["Quyển 01", "Quyển 02"]
    first, second = wb["Quyển 01"], wb["Quyển 02"]
    assert first["A3"].value == "SỔ THEO DÕI HỒ SƠ"
    assert first["A4"].value == "Năm 2026 - Quyển số 01"
    assert second["A4"].value == "Năm 2026 - Quyển số 02"
    assert [c.value for c in first[5]][:7] == [
        "TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Ngày, tháng, năm"]
    assert [c.value for c in first[6]][6:9] == ["Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả"]
    rows = [[c.value for c in row] for ws in (first, second)
            for row in ws.iter_rows(min_row=BOOK_FIRST_ROW)]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert [r[1] for r in rows] == codes
    assert [r[3] for r in rows] == list(PEOPLE)
    assert rows[0][2] == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert rows[0][4] == "0902345678"
    assert rows[0][6] == datetime(2026, 11, 9, 9, 30)            # a real date, local time
    assert isinstance(rows[0][7], datetime) and rows[1][8] is None
    assert rows[0][8] is not None and rows[0][10] == "Nguyễn Thị Em (ủy quyền)"
    assert rows[0][9] == "Tại Trung tâm Phục vụ hành chính công phường Mẫu (Dữ Liệu Mẫu)"
    assert first.cell(BOOK_FIRST_ROW, 7).number_format == "dd/mm/yyyy hh:mm"


def test_excel_export_of_one_book(qtbot, book, tmp_path):
    _page, dialog, codes = book
    out = tmp_path / "quyen-02.xlsx"
    export(qtbot, dialog, "xlsx", out, book=2)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Quyển 02"]
    assert [r[0].value for r in wb.active.iter_rows(min_row=BOOK_FIRST_ROW)] == [4, 5]


def test_pdf_export_runs_off_the_gui_thread(qtbot, book, tmp_path):
    _page, dialog, codes = book
    out = tmp_path / "so-theo-doi.pdf"
    export(qtbot, dialog, "pdf", out, book=2)
    assert out.read_bytes().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Quyển số 02" in text
    assert codes[3] in text and codes[0] not in text
    assert dialog.open_button.isEnabled()


def test_nothing_to_export_in_an_empty_year(qtbot, book):
    _page, dialog, _codes = book
    dialog.year_spin.setValue(2025)
    qtbot.waitUntil(lambda: dialog.info is not None and dialog.info.year == 2025)
    assert dialog.info_label.text() == ("Năm 2025 chưa có hồ sơ nào trong sổ. Hồ sơ mới sẽ vào "
                                        "quyển số 01.")
    assert not dialog.pdf_button.isEnabled() and not dialog.xlsx_button.isEnabled()
