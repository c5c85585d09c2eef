"""Nhật ký hoạt động: the rows read on the database worker, the chain checked on a
thread of its own, the filters (officer, dossier, action, dates) narrowing what is
shown, an export read back with openpyxl, and a broken chain said plainly. The office is
the dossier tests' (received 9–17/11/2026 by canbo1; now Wednesday 18/11 10:00)."""

from __future__ import annotations

import threading
from datetime import date

from openpyxl import load_workbook

from counter_app.domain.clock import FixedClock
from tests.ui.test_dossiers_page import NOW, ms, office, receive  # noqa: F401
from ui.pages.audit.page import CHAIN_THREAD_NAME
from ui.qt import QDate


def open_audit(qtbot, worker, log_in, username: str = "lanhdao"):
    worker.call(lambda core: setattr(core, "clock", FixedClock(ms(NOW))))
    window = log_in(username)
    page = window.open_section("audit")
    qtbot.waitUntil(lambda: page.found is not None and page.chain is not None
                    and not page.reading and page.filters.today == NOW.date(),
                    timeout=10_000)
    return window, page


def _column(page, c: int) -> list[str]:
    return [page.table.item(r, c).text() for r in range(page.table.rowCount())]


def _choose(qtbot, page, combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    qtbot.waitUntil(lambda: not page.reading and page.found is not None, timeout=10_000)


def test_who_did_what_and_the_chain(qtbot, worker, log_in, office):
    window, page = open_audit(qtbot, worker, log_in)
    assert window.section_keys() == ["home", "dossiers", "reports", "audit"]
    assert page.chain["ok"] and "nguyên vẹn" in page.chain_label.text()
    assert page.chain_label.objectName() == "chainOk"
    assert page.filters.range_combo.currentData() == "month"
    actions = _column(page, 2)
    assert "Tiếp nhận hồ sơ" in actions and "Cấp mã hồ sơ" in actions
    assert not any("." in a.split(":")[0] for a in actions)     # no raw event types
    received = actions.index("Tiếp nhận hồ sơ")          # the newest: C, 17/11 at 9:00
    assert page.table.item(received, 3).text() == office["C"]
    assert page.table.item(received, 0).text() == "17/11/2026 09:00:00"
    assert page.table.item(received, 1).text() == "Nguyễn Thị Lan (mẫu)"
    assert page.table.item(received, 5).text() == "Quầy 1 · máy này"
    assert page.count_label.text().endswith("sự kiện, mới nhất trước.")


def test_filters_narrow_the_rows(qtbot, worker, log_in, office):
    window, page = open_audit(qtbot, worker, log_in)
    filters = page.filters
    qtbot.waitUntil(lambda: filters.officer_combo.findData("canbo1") > 0)
    _choose(qtbot, page, filters.officer_combo, "canbo1")
    assert set(_column(page, 1)) == {"Nguyễn Thị Lan (mẫu)"}
    _choose(qtbot, page, filters.action_combo, "dossier.received")
    assert _column(page, 3) == [office["C"], office["D"], office["B"], office["A"]]
    filters.dossier_edit.setText(office["B"][-6:])
    filters.apply_button.click()
    qtbot.waitUntil(lambda: not page.reading and _column(page, 3) == [office["B"]],
                    timeout=10_000)
    filters.dossier_edit.clear()
    filters.range_combo.setCurrentIndex(filters.range_combo.findData("custom"))
    assert filters.start_edit.isEnabled()
    filters.start_edit.setDate(QDate(2026, 11, 13))
    filters.end_edit.setDate(QDate(2026, 11, 16))
    filters.apply_button.click()
    qtbot.waitUntil(lambda: not page.reading and _column(page, 3) == [office["D"], office["B"]],
                    timeout=10_000)
    assert filters.current().start == date(2026, 11, 13)
    _choose(qtbot, page, filters.officer_combo, "canbo2")
    assert page.table.rowCount() == 0
    assert page.count_label.text() == "Không có sự kiện nào khớp bộ lọc."


def test_reads_wait_on_the_worker_and_the_chain_on_its_own_thread(qtbot, worker, log_in,
                                                                  office):
    window, page = open_audit(qtbot, worker, log_in)
    gate = threading.Event()
    worker.run_op(lambda core: gate.wait(10))
    page.search()
    page.search()                          # while one is under way: read once more after
    qtbot.wait(200)
    assert page.reading and page.again
    page.check_chain()                     # the chain check does not wait for the worker
    assert page.chain_job.thread.name == CHAIN_THREAD_NAME
    qtbot.waitUntil(lambda: page.chain_job is None, timeout=10_000)
    assert page.reading
    gate.set()
    qtbot.waitUntil(lambda: not page.reading, timeout=10_000)
    assert page.table.rowCount() > 0


def test_export_writes_what_is_filtered(qtbot, worker, log_in, office, tmp_path):
    window, page = open_audit(qtbot, worker, log_in)
    _choose(qtbot, page, page.filters.action_combo, "dossier.received")
    page.choose_path = lambda: tmp_path / "nhat-ky.xlsx"
    page.export_button.click()
    qtbot.waitUntil(lambda: page.last_file is not None, timeout=10_000)
    rows = list(load_workbook(page.last_file).active.iter_rows(values_only=True))
    assert rows[1][0] == "NHẬT KÝ HOẠT ĐỘNG"
    assert "Tiếp nhận hồ sơ" in rows[2][0]
    assert rows[3][0].endswith("nguyên vẹn")
    body = rows[7:]
    assert [r[4] for r in body] == [office["C"], office["D"], office["B"], office["A"]]
    assert {r[3] for r in body} == {"Tiếp nhận hồ sơ"}
    assert "Đã ghi 4 sự kiện" in page.count_label.text()


def test_a_broken_chain_is_said_plainly(qtbot, worker, log_in, office, desk):
    desk.conn.execute("UPDATE events SET payload = replace(payload, 'Trần Thị Bình', "
                      "'Trần Thị Bính') WHERE type = 'dossier.received'")
    desk.conn.commit()
    window, page = open_audit(qtbot, worker, log_in)
    assert not page.chain["ok"]
    assert "BỊ HỎNG" in page.chain_label.text() and "bị sửa" in page.chain_label.text()
    assert page.chain_label.objectName() == "error"


def test_counter_officers_have_no_audit_section(qtbot, worker, log_in):
    window = log_in("canbo1")
    assert "audit" not in window.section_keys() and "reports" not in window.section_keys()
