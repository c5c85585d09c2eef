"""Tra cứu hồ sơ: search, filters, the detail with its history, every step through its dialog.

Dossiers are received through the core by canbo1 on a second ``Core`` (the
intake desk) at fixed moments; the page's worker runs on a fixed clock:
Wednesday 18/11/2026 10:00 in Hà Nội.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.scans import Scan
from counter_app.domain.statuses import Channel, Status, can_move
from counter_app.services import dossiers, intake
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from ui.pages.dossiers.detail import TAB_HISTORY
from ui.pages.dossiers import DossiersPage
from ui.pages.dossiers.ops import legal_actions
from ui.qt import QApplication, QSettings, Qt

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LOCAL_TZ)
ALL_ACTIONS = {"transfer", "supplement", "supplement_received", "resolve", "return",
               "withdraw", "stop", "apology", "reprint"}


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@pytest.fixture(autouse=True)
def private_settings(monkeypatch, tmp_path):
    """The scan folder setting goes to a file of the test's own, not the user's."""
    ini = tmp_path / "settings.ini"
    monkeypatch.setattr("ui.pages.dossiers.page.scan_settings",
                        lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    return ini



@pytest.fixture
def receive(desk):
    def do(name: str, at: datetime, procedure: str = "DEMO-HT-05", **kw) -> str:
        desk.clock = FixedClock(ms(at))
        applicant = Applicant(full_name=name, phone=kw.pop("phone", ""),
                              id_number=kw.pop("id_number", ""))
        return intake.receive(desk, IntakeRequest(procedure, applicant, **kw))["code"]
    return do


@pytest.fixture
def office(receive):
    """A overdue (due Thu 12/11), B due today 17:00, C due Fri 20/11, D online business."""
    return {
        "A": receive("Nguyễn Văn An", datetime(2026, 11, 9, 9, 0, tzinfo=LOCAL_TZ),
                     phone="0912345678", id_number="001099012345"),
        "B": receive("Trần Thị Bình", datetime(2026, 11, 13, 14, 0, tzinfo=LOCAL_TZ)),
        "C": receive("Lê Văn Cường", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ)),
        "D": receive("Phạm Thị Dung", datetime(2026, 11, 16, 9, 0, tzinfo=LOCAL_TZ),
                     "DEMO-KD-01", channel=Channel.ONLINE, portal_code="G09.20-1"),
    }


@pytest.fixture
def open_page(qtbot, worker, log_in):
    def do(username: str = "canbo1") -> DossiersPage:
        worker.call(lambda core: setattr(core, "clock", FixedClock(ms(NOW))))
        window = log_in(username)
        window.activateWindow()
        page = window.open_section("dossiers")
        assert isinstance(page, DossiersPage)
        page.show_pdf = lambda path, title: page.shown_pdfs.append(Path(path))
        page.shown_pdfs = []
        qtbot.waitUntil(lambda: page.result is not None and page.options is not None)
        return page
    return do


def names(page: DossiersPage) -> list[str]:
    return [d["applicant_name"] for d in page.table.rows]


def wait_rows(qtbot, page: DossiersPage, expected: list[str]) -> None:
    qtbot.waitUntil(lambda: sorted(names(page)) == sorted(expected), timeout=10_000)


def select(qtbot, page: DossiersPage, code: str) -> None:
    if page.table.selected_code() != code:
        page.open_code(code)
    qtbot.waitUntil(lambda: page.view is not None and page.view.dossier["code"] == code
                    and not page.busy, timeout=10_000)


def enabled(page: DossiersPage) -> set[str]:
    return {k for k, b in page.detail.action_buttons.items() if b.isEnabled()}


def run_dialog(qtbot, page: DossiersPage, key: str, fill=None) -> None:
    """Press an action button, fill its dialog, confirm, wait for the step to finish."""
    qtbot.mouseClick(page.detail.action_buttons[key], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    if fill is not None:
        fill(dialog)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy and page.dialog is None, timeout=10_000)


def stored(desk: Core, code: str) -> dict:
    return dossiers.by_code(desk, code)


def test_search_as_you_type_ignores_accents(qtbot, office, open_page):
    page = open_page()
    # newest recorded first (the core orders by recording, not by the receipt time)
    assert names(page) == ["Phạm Thị Dung", "Lê Văn Cường", "Trần Thị Bình", "Nguyễn Văn An"]
    assert [page.table.horizontalHeaderItem(c).text() for c in range(7)] == [
        "Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Tiếp nhận", "Hẹn trả", "Kênh"]
    assert page.count_label.text().startswith("4 hồ sơ, mới nhất trước.")
    searches = page._search_seq
    qtbot.keyClicks(page.filters.search_edit, "nguyen van a")
    wait_rows(qtbot, page, ["Nguyễn Văn An"])
    assert page._search_seq - searches <= 2      # debounced: not one search per key
    row = [page.table.item(0, c).text() for c in range(7)]
    assert row[0] == office["A"] and row[3] == "Được tiếp nhận" and row[6] == "Trực tiếp"
    assert row[4] == "09/11/2026 09:00"           # local time, dd/mm/yyyy HH:MM
    assert page.count_label.text().startswith("Tìm thấy 1 hồ sơ.")
    for text in ("0912345678", "001099012345", "tran thi"):
        page.filters.search_edit.setText(text)
        wait_rows(qtbot, page, ["Trần Thị Bình"] if text == "tran thi" else ["Nguyễn Văn An"])
    page.filters.search_edit.setText("khong co ai")
    wait_rows(qtbot, page, [])
    assert page.count_label.text() == "Không tìm thấy hồ sơ nào."


def test_overdue_and_due_today_filters_and_highlight(qtbot, office, open_page):
    page = open_page()
    overdue_row = page.table.codes.index(office["A"])
    assert page.table.is_highlighted(overdue_row)
    assert page.table.item(overdue_row, 5).text() == "12/11/2026 17:00 · Quá hạn"
    assert [page.table.is_highlighted(r) for r in range(4)].count(True) == 1
    today_row = page.table.codes.index(office["B"])
    assert page.table.item(today_row, 5).text() == "18/11/2026 17:00 · Hôm nay"

    page.filters.overdue_box.setChecked(True)
    wait_rows(qtbot, page, ["Nguyễn Văn An"])
    page.filters.overdue_box.setChecked(False)
    page.filters.due_today_box.setChecked(True)    # due today; the overdue have their own filter
    wait_rows(qtbot, page, ["Trần Thị Bình"])
    page.filters.due_today_box.setChecked(False)
    page.filters.field_combo.setCurrentIndex(page.filters.field_combo.findData("KINHDOANH"))
    wait_rows(qtbot, page, ["Phạm Thị Dung"])
    page.filters.field_combo.setCurrentIndex(0)
    page.filters.channel_combo.setCurrentIndex(page.filters.channel_combo.findData(1))
    wait_rows(qtbot, page, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])
    page.filters.channel_combo.setCurrentIndex(0)
    page.filters.status_combo.setCurrentIndex(
        page.filters.status_combo.findData(int(Status.RECEIVED)))
    wait_rows(qtbot, page, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"])


def test_detail_shows_fields_and_history(qtbot, office, open_page):
    page = open_page()
    assert page.detail.isHidden()
    page.table.selectRow(page.table.codes.index(office["A"]))
    qtbot.waitUntil(lambda: page.view is not None)
    detail = page.detail
    assert detail.isVisible() and detail.code_label.text() == office["A"]
    assert detail.status_badge.text() == "Được tiếp nhận"
    assert detail.overdue_badge.isVisible() and detail.overdue_badge.text() == "Quá hạn"
    info = dict(detail.info_rows(page.view))
    assert info["Người nộp"] == "Nguyễn Văn An" and info["Điện thoại"] == "0912345678"
    assert info["Hẹn trả"] == "12/11/2026 17:00"
    assert info["Sổ theo dõi"] == "Quyển số 1, số thứ tự 1"
    assert info["Cán bộ tiếp nhận"] == "Nguyễn Thị Lan (mẫu)"
    detail.tabs.setCurrentIndex(TAB_HISTORY)
    history = detail.history_table
    assert history.rowCount() == 1
    assert [history.item(0, c).text() for c in (0, 1, 3)] == [
        "09/11/2026 09:00", "Tiếp nhận", "Nguyễn Thị Lan (mẫu)"]
    assert history.item(0, 2).text().startswith("Hẹn trả: 12/11/2026 17:00")
    assert enabled(page) == {"transfer", "supplement", "resolve", "withdraw", "stop",
                             "apology", "reprint", "fees"}
    assert detail.action_buttons["return"].toolTip() == \
        "Không làm được từ trạng thái “Được tiếp nhận”."


def test_transfer_then_supplement_restarts_the_time_limit(qtbot, desk, office, open_page):
    page = open_page()
    code = office["C"]
    select(qtbot, page, code)

    def transfer(dialog):
        assert dialog.agency_edit.text() == stored(desk, code)["deciding_agency"] != ""
        dialog.agency_edit.setText("Công chức tư pháp - hộ tịch")
        dialog.receiver_edit.setText("Trần Văn Nam")
        assert dialog.print_box.isChecked()
    run_dialog(qtbot, page, "transfer", transfer)
    d = stored(desk, code)
    assert d["status"] == Status.PROCESSING and d["transferred_at"]
    assert page.message_bar.text() == f"Đã chuyển hồ sơ {code} đến Công chức tư pháp - hộ tịch."
    assert page.shown_pdfs[-1].name == f"{code}-form05.pdf"
    assert page.shown_pdfs[-1].read_bytes().startswith(b"%PDF")
    assert page.detail.handover_table.item(0, 2).text() == "Công chức tư pháp - hộ tịch"
    assert page.detail.history_table.item(1, 1).text() == "Chuyển trạng thái: Đang xử lý"
    assert "transfer" not in enabled(page) and "return" not in enabled(page)

    def supplement(dialog):
        dialog.reason_edit.setText("Thiếu bản sao giấy khai sinh")
        assert not dialog.ok_button.isEnabled()        # nothing listed yet
        dialog.check(0)
        dialog.print_box.setChecked(False)
    run_dialog(qtbot, page, "supplement", supplement)
    d = stored(desk, code)
    assert d["status"] == Status.SUPPLEMENT and d["supplement_count"] == 1
    assert d["missing"][0]["name"] == d["documents"][0]["name"]
    assert enabled(page) >= {"supplement_received", "withdraw", "stop"}
    assert "resolve" not in enabled(page)

    run_dialog(qtbot, page, "supplement_received")       # the time limit restarts now
    d = stored(desk, code)
    assert d["status"] == Status.PROCESSING and d["due_at_local"] == "2026-11-23T17:00"


def test_apology_once_then_resolve_and_return(qtbot, desk, office, open_page):
    code = office["C"]
    dossiers.transfer(desk, code, "Công chức tư pháp - hộ tịch")
    page = open_page()
    select(qtbot, page, code)

    def apology(dialog):
        dialog.reason_edit.setText("Cần xác minh thêm")
        dialog.set_new_due(datetime(2026, 11, 30, 16, 0, tzinfo=LOCAL_TZ))
    run_dialog(qtbot, page, "apology", apology)
    d = stored(desk, code)
    assert d["apology_number"] == "01/2026/PXL" and d["due_at_local"] == "2026-11-30T16:00"
    assert page.shown_pdfs[-1].name == f"{code}-form04.pdf"
    assert "apology" not in enabled(page)                   # at most once
    assert "01/2026/PXL" in page.detail.action_buttons["apology"].toolTip()

    run_dialog(qtbot, page, "resolve")
    assert stored(desk, code)["status"] == Status.RESOLVED
    assert enabled(page) == {"return", "reprint", "fees"}

    def collector(dialog):
        assert dialog.collector_edit.text() == "Lê Văn Cường"      # the applicant by default
        dialog.collector_edit.setText("Lê Thị Hoa (ủy quyền)")
    run_dialog(qtbot, page, "return", collector)
    d = stored(desk, code)
    assert d["status"] == Status.RETURNED and d["returned_to"] == "Lê Thị Hoa (ủy quyền)"
    assert page.message_bar.text() == f"Đã trả kết quả hồ sơ {code} cho Lê Thị Hoa (ủy quyền)."
    assert enabled(page) == {"reprint", "fees"}      # a fee may still be corrected
    history = [page.detail.history_table.item(r, 1).text()
               for r in range(page.detail.history_table.rowCount())]
    assert history == ["Tiếp nhận", "Chuyển trạng thái: Đang xử lý",
                       "Xin lỗi, hẹn lại ngày trả (phiếu số 01/2026/PXL)",
                       "Chuyển trạng thái: Đã xử lý xong", "Chuyển trạng thái: Đã trả kết quả"]
    qtbot.waitUntil(lambda: page.table.item(page.table.codes.index(code), 3).text()
                    == "Đã trả kết quả")                          # the list follows


@pytest.mark.parametrize("key,status", [("withdraw", Status.WITHDRAWN),
                                        ("stop", Status.STOPPED)])
def test_withdraw_and_stop_need_a_reason(qtbot, desk, office, open_page, key, status):
    page = open_page()
    select(qtbot, page, office["B"])

    def reason(dialog):
        assert not dialog.ok_button.isEnabled()
        dialog.reason_edit.setText("Công dân đề nghị")
    run_dialog(qtbot, page, key, reason)
    d = stored(desk, office["B"])
    assert d["status"] == status and d["reason"] == "Công dân đề nghị"
    if key == "stop":       # the stop notice is printed with the step, as form 04 is
        assert page.shown_pdfs[-1].name == f"{office['B']}-stop_notice.pdf"
    assert enabled(page) == {"reprint", "fees"}
    assert page.detail.action_buttons["transfer"].toolTip().startswith("Không làm được")


def test_a_scanned_receipt_opens_the_dossier_ready_to_return(qtbot, desk, office, open_page):
    dossiers.resolve(desk, office["D"])
    page = open_page()
    page.filters.overdue_box.setChecked(True)
    assert page.handle_scan(Scan("cccd", "x")) is False
    assert page.handle_scan(Scan("dossier_code", f" {office['D']} ")) is True
    qtbot.waitUntil(lambda: page.view is not None and page.table.selected_code() == office["D"])
    assert not page.filters.overdue_box.isChecked() and names(page) == ["Phạm Thị Dung"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.detail.action_buttons["return"])
    page.open_code("000.17.22.H56-261118-9999")
    qtbot.waitUntil(lambda: page.message_bar.kind == "error")
    assert page.message_bar.text() == "Không có hồ sơ mã 000.17.22.H56-261118-9999."
    assert page.view is None and page.detail.isHidden()


def test_reprint_a_form(qtbot, office, open_page):
    page = open_page()
    select(qtbot, page, office["A"])
    qtbot.mouseClick(page.detail.action_buttons["reprint"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    forms = [dialog.forms.item(r).text() for r in range(dialog.forms.count())]
    assert forms == ["Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                     "Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ"]
    dialog.two_copies.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.shown_pdfs) and not page.busy)
    assert page.shown_pdfs[0].name == f"{office['A']}-form01.pdf"
    assert page.message_bar.text().startswith("Đã lưu phiếu: ")


def test_a_leader_reads_but_does_not_move_dossiers(qtbot, office, open_page):
    page = open_page("lanhdao")
    select(qtbot, page, office["A"])
    assert enabled(page) == {"reprint", "fees"}        # the leader may correct a fee
    assert not page.detail.attach_button.isEnabled()
    assert not page.scan_bar.choose_button.isEnabled()
    page.run_step(office["A"], "resolve", {})           # even if asked directly: refused
    qtbot.waitUntil(lambda: page.message_bar.kind == "error" and not page.busy)
    assert "không có quyền" in page.message_bar.text()


def test_with_no_office_printer_a_form_opens_in_a_preview(qtbot, office, open_page):
    page = open_page()
    del page.show_pdf                      # the page's own: ui.print_pdf's DocumentPrinter
    select(qtbot, page, office["A"])
    page.reprint(office["A"], "form01", 1)
    qtbot.waitUntil(lambda: page.printer.preview is not None, timeout=10_000)
    assert page.printer.preview.windowTitle() == (
        f"Xem trước khi in — Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả — {office['A']}")
    assert page.message_bar.text().startswith("Chưa cấu hình máy in văn bản")
    page.printer.close_preview()


@pytest.mark.parametrize("status", list(Status))
def test_buttons_follow_the_status_transitions(status):
    d = {"status": int(status), "outcome": "received", "due_at": "2026-11-20T02:00:00Z",
         "apology_number": None, "missing": []}
    acts = legal_actions(d)
    for key, target in (("supplement", Status.SUPPLEMENT), ("resolve", Status.RESOLVED),
                        ("return", Status.RETURNED), ("withdraw", Status.WITHDRAWN),
                        ("stop", Status.STOPPED)):
        assert (key in acts) == can_move(status, target), key
    assert ("transfer" in acts) == (status != Status.SUPPLEMENT
                                    and can_move(status, Status.PROCESSING))
    assert ("supplement_received" in acts) == (status == Status.SUPPLEMENT)
    assert ("apology" in acts) == (status in (Status.RECEIVED, Status.PROCESSING,
                                              Status.SUPPLEMENT, Status.FINANCIAL))


def test_a_dossier_left_incomplete_at_intake_is_not_resumed_here():
    d = {"status": int(Status.SUPPLEMENT), "outcome": "incomplete", "due_at": None,
         "apology_number": None, "missing": [{"name": "Tờ khai"}]}
    assert legal_actions(d) == {"withdraw", "stop", "reprint"}


def test_paying_is_offered_while_a_fee_is_owed():
    d = {"status": int(Status.RETURNED), "outcome": "received", "due_at": None,
         "apology_number": None, "missing": [], "fee_total": 10000, "fee_paid": 4000}
    assert "pay" in legal_actions(d)               # paid when the result is handed over
    assert "pay" not in legal_actions(d | {"fee_paid": 10000})
    assert "pay" not in legal_actions(d | {"status": int(Status.NOT_RECEIVED)})
    assert "fees" in legal_actions(d) and "refund" not in legal_actions(d)
    over = legal_actions(d | {"fee_paid": 15000})       # two PCs took the fee while apart
    assert "refund" in over and "pay" not in over
