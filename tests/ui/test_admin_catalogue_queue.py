"""Quản trị → Danh mục thủ tục and Quầy và hàng đợi: real files, the real database."""

from __future__ import annotations

import openpyxl
import pytest

from counter_app.services import catalogue, queue_config
from counter_app.services.core import Core
from ui.qt import QDialogButtonBox, Qt


@pytest.fixture
def admin_page(qtbot, log_in):
    window = log_in("admin")
    page = window.open_section("admin")
    qtbot.waitUntil(lambda: bool(page.catalogue_tab.procedures) and page.queue_tab.setup is not None)
    return page


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def _select(table, column: int, text: str) -> None:
    row = next(r for r in range(table.rowCount()) if table.item(r, column).text() == text)
    table.selectRow(row)


def test_a_procedure_is_edited_and_its_new_term_used(qtbot, admin_page, demo_paths):
    tab = admin_page.catalogue_tab
    _select(tab.table, 0, "DEMO-HT-05")
    tab.edit()
    dialog = tab.dialog
    dialog.days_edit.setText("ba ngày")
    _ok(qtbot, dialog)
    assert "số ngày" in dialog.message.text() and dialog.isVisible()
    dialog.days_edit.setText("4,5")
    dialog.agency_edit.setText("Ủy ban nhân dân phường Mẫu")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "cập nhật 1" in tab.report.toPlainText()
    with Core.open(*demo_paths, system=True) as core:
        p = catalogue.get_procedure(core, "DEMO-HT-05")
    assert (p.processing_days, p.deciding_agency_name) == (4.5, "Ủy ban nhân dân phường Mẫu")


def test_an_import_with_wrong_rows_changes_nothing_and_lists_each_row(qtbot, admin_page,
                                                                     tmp_path, demo_paths):
    tab = admin_page.catalogue_tab
    bad = tmp_path / "sai.csv"
    bad.write_text("code,name,field_code,field_name,processing_days\n"
                   "N-1,Thủ tục mới,HOTICH,,ba ngày\nN-2,Thủ tục hai,HOTICH,,-2\n",
                   encoding="utf-8")
    tab.import_path(bad)
    qtbot.waitUntil(lambda: tab.report.toPlainText().startswith("Không nhập"))
    report = tab.report.toPlainText()
    assert "Dòng 2" in report and "Dòng 3" in report
    with Core.open(*demo_paths, system=True) as core:
        assert not catalogue.list_procedures(core, search="Thủ tục mới")

    good = tmp_path / "dung.csv"
    good.write_text("code,name,field_code,field_name,processing_days\n"
                    "N-1,Thủ tục mới,HOTICH,,3\n", encoding="utf-8-sig")
    tab.import_path(good)
    qtbot.waitUntil(lambda: tab.report.toPlainText().startswith("Đã nhập"))
    qtbot.waitUntil(lambda: any(p.code == "N-1" for p in tab.procedures))


def test_the_catalogue_is_exported_to_a_real_xlsx(qtbot, admin_page, tmp_path):
    tab = admin_page.catalogue_tab
    out = tmp_path / "danh-muc.xlsx"
    tab.export_path(out)
    qtbot.waitUntil(lambda: tab.report.toPlainText().startswith("Đã xuất"))
    book = openpyxl.load_workbook(out)
    codes = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "DEMO-HT-05" in codes


def test_a_service_range_and_counters_are_changed_and_bad_ones_refused(qtbot, admin_page,
                                                                      demo_paths):
    tab = admin_page.queue_tab
    tab.services_table.selectRow(0)
    tab.edit_service()
    dialog = tab.dialog
    dialog.start_box.setValue(500)
    dialog.end_box.setValue(100)
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Dãy số" in dialog.message.text())
    dialog.end_box.setValue(899)
    dialog.counters_edit.setText("1, hai")
    _ok(qtbot, dialog)
    assert "số quầy" in dialog.message.text()
    dialog.counters_edit.setText("1, 3")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    qtbot.waitUntil(lambda: tab.services_table.item(0, 1).text() == "500–899")
    code = tab.setup.services[0]["code"]
    with Core.open(*demo_paths, system=True) as core:
        s = queue_config.find_service(core, code)
    assert (s["number_start"], s["number_end"], s["counters"]) == (500, 899, [1, 3])


def test_the_priority_policy_and_a_new_category(qtbot, admin_page, demo_paths):
    tab = admin_page.queue_tab
    tab.mode_box.setCurrentIndex(tab.mode_box.findData("every_n"))
    tab.every_box.setValue(4)
    tab.save_policy()
    qtbot.waitUntil(lambda: tab.setup.policy.mode == "every_n")
    tab.add_priority()
    dialog = tab.dialog
    dialog.code_edit.setText("te")
    dialog.label_edit.setText("Người đi cùng trẻ em dưới 6 tuổi")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: any(p["code"] == "TE" for p in tab.setup.priorities))
    with Core.open(*demo_paths, system=True) as core:
        policy = queue_config.current_policy(core)
    assert (policy.mode, policy.every) == ("every_n", 4)
