"""Tiếp nhận hồ sơ: the intake page, driven as an officer would, scanner included.

The demo office: canbo1 works at counter 1; no office printer is configured, so
each form opens in a print preview. Scans arrive as a keyboard-wedge burst
(key events with platform timestamps a few ms apart) or from a serial port (a
pseudo-terminal).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.codes import CodeFormat
from counter_app.domain.statuses import Channel, Status
from counter_app.services import calendar, catalogue, dossiers, queue, slips
from tests.ui.test_scanner import QR, Keys
from ui.pages.intake import IntakePage
from ui.pages.intake.details import due_text
from ui.qt import Qt

HALF_QR = "|".join(QR.split("|")[:5])



@pytest.fixture
def open_page(qtbot, log_in):
    def do(username: str = "canbo1") -> IntakePage:
        window = log_in(username)
        window.activateWindow()
        page = window.open_section("intake")
        assert isinstance(page, IntakePage)
        qtbot.waitUntil(lambda: page.start is not None and window.scanners is not None)
        return page
    return do


def choose(qtbot, page: IntakePage, code: str = "DEMO-HT-05") -> None:
    page.picker.select(code)
    qtbot.waitUntil(lambda: page.info is not None and page.info.procedure.code == code)


def scan(qtbot, page: IntakePage, text: str, widget=None, enter: bool = True) -> None:
    """A wedge scanner typing ``text`` (+ Enter) into ``widget`` (the name field by default)."""
    keys = Keys(widget or page.applicant.edits["full_name"])
    keys.type(text)
    if enter:
        keys.enter()
    qtbot.wait(10)


def type_slowly(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text, delay=35)      # a person: slower than a scanner
    qtbot.waitUntil(lambda: widget.text() == text)


def finish(qtbot, page: IntakePage) -> dict:
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.done_panel, timeout=10_000)
    assert page.result is not None
    return page.result.dossier


def field(page: IntakePage, key: str) -> str:
    return page.applicant.value(key)


def test_search_without_accents_then_the_procedure_and_its_due_date(qtbot, open_page, desk):
    page = open_page()
    assert page.ticket_link.text() == "Tiếp nhận không qua số thứ tự"
    assert len(page.picker.codes()) == len(catalogue.list_procedures(desk))
    qtbot.keyClicks(page.picker.search_edit, "xac nhan")
    qtbot.waitUntil(lambda: page.picker.codes() == ["DEMO-HT-05"])
    item = page.picker.list.item(0).text()
    assert item.startswith("Cấp Giấy xác nhận tình trạng hôn nhân\n")
    assert item.endswith("3 ngày làm việc")
    qtbot.keyClicks(page.picker.search_edit, " zzz")
    qtbot.waitUntil(lambda: page.picker.codes() == [])
    assert page.picker.empty_label.text().startswith("Không có thủ tục nào khớp")
    page.picker.search_edit.clear()
    qtbot.waitUntil(lambda: len(page.picker.codes()) > 1)
    choose(qtbot, page, "DEMO-HT-05")
    assert page.summary.name_label.text() == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert page.summary.days_label.text() == "Thời hạn: 3 ngày làm việc"
    assert page.summary.same_day_label.isHidden()
    assert page.summary.fees_label.text().startswith("Phí, lệ phí:\n• ")
    assert page.documents.rowCount() == 3
    proc = catalogue.get_procedure(desk, "DEMO-HT-05")
    due = calendar.due(desk, desk.clock.now_utc(), Decimal(3), False).astimezone(LOCAL_TZ)
    assert page.details.due_label.text() == due_text(due)
    assert page.details.delivery_combo.count() == len(proc.result_delivery) == 3
    choose(qtbot, page, "DEMO-HT-01")                        # same-day, free of charge
    assert not page.summary.same_day_label.isHidden()
    assert page.summary.days_label.text() == "Thời hạn:"
    assert page.summary.same_day_label.text() == "Giải quyết trong ngày"


def test_a_wedge_scan_fills_the_applicant_and_leaves_no_text_behind(qtbot, open_page):
    page = open_page()
    search = page.picker.search_edit
    search.setText("hon nhan")
    scan(qtbot, page, QR, widget=search)                     # focus was in the search box
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    assert search.text() == "hon nhan"
    assert (field(page, "id_number"), field(page, "birth_date"), field(page, "gender")) == \
        ("001099012345", "01/01/1999", "Nam")
    assert field(page, "address") == "Số 1, Phố X, Phường Y, Hà Nội"
    assert page.applicant.extra == {"old_id_number": "123456789", "issue_date": "2021-08-15"}
    assert page.message_bar.text() == "Đã điền thông tin từ thẻ căn cước của Nguyễn Văn An."
    assert page.applicant.warnings_label.isHidden()
    assert page.conflict_dialog is None


def test_a_card_with_warnings_shows_them(qtbot, open_page):
    page = open_page()
    scan(qtbot, page, "001099012345||Nguyen Van An|01011999|Nam|So 1 Pho X|15082021")
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyen Van An")
    assert not page.applicant.warnings_label.isHidden()
    assert "không có dấu" in page.applicant.warnings_label.text()


def test_typed_data_is_never_replaced_without_asking(qtbot, open_page):
    page = open_page()
    name = page.applicant.edits["full_name"]
    type_slowly(qtbot, name, "Nguyen Van Binh")
    scan(qtbot, page, QR, widget=name)
    dialog = page.conflict_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(3)] == \
        ["Họ và tên", "Nguyen Van Binh", "Nguyễn Văn An"]
    assert field(page, "full_name") == "Nguyen Van Binh" and field(page, "id_number") == ""
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflict_dialog is None)
    assert field(page, "full_name") == "Nguyen Van Binh" and field(page, "id_number") == ""
    assert page.message_bar.text().startswith("Đã giữ dữ liệu đã nhập")
    scan(qtbot, page, QR, widget=name)
    dialog = page.conflict_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    assert field(page, "id_number") == "001099012345"


def test_a_half_read_or_garbled_scan_changes_nothing(qtbot, open_page):
    page = open_page()
    name = page.applicant.edits["full_name"]
    type_slowly(qtbot, name, "Le Thi Hoa")
    scan(qtbot, page, HALF_QR, widget=name)
    qtbot.waitUntil(lambda: page.message_bar.kind == "error")
    assert "Mã QR chưa đọc trọn vẹn" in page.message_bar.text()
    scan(qtbot, page, "@@@@@@@@@@@@@@@@@@@@@", widget=name)
    qtbot.waitUntil(lambda: "không phải mã QR trên thẻ căn cước" in page.message_bar.text())
    assert name.text() == "Le Thi Hoa"
    assert all(field(page, k) == "" for k in ("id_number", "birth_date", "address"))
    assert page.conflict_dialog is None


def test_receive_records_the_dossier_saves_and_previews_form_01(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page)
    scan(qtbot, page, QR)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    type_slowly(qtbot, page.applicant.edits["phone"], "0912345678")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    d = finish(qtbot, page)
    stored = dossiers.by_code(desk, d["code"])
    assert CodeFormat(desk.config.codes.template).matches(stored["code"])
    assert stored["status"] == Status.RECEIVED and stored["ticket_id"] is None
    assert stored["applicant_phone"] == "0912345678" and stored["applicant_id_number"]
    received = dossiers.parse_utc(stored["received_at"])
    due = calendar.due(desk, received, Decimal(3), False)
    assert stored["due_at_local"] == due.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")
    done = page.done_panel
    assert done.code_label.text() == stored["code"]
    assert done.due_label.text() == "Hẹn trả kết quả: " + due_text(due.astimezone(LOCAL_TZ))
    pdf = desk.db_path.parent / "documents" / stored["received_at"][:4] / \
        f"{stored['code']}-form01.pdf"
    assert page.result.pdf_path == pdf and pdf.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: page.printer.preview is not None)   # no printer configured
    assert "xem trước" in done.print_label.text()
    qtbot.mouseClick(done.new_button, Qt.MouseButton.LeftButton)
    assert page.printer.preview is None and page.stack.currentIndex() == 0
    assert page.applicant.is_empty() and page.info is None


def test_incomplete_gives_a_numbered_form_02_slip_and_no_dossier(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page)
    type_slowly(qtbot, page.applicant.edits["full_name"], "Le Thi Hoa")
    qtbot.mouseClick(page.incomplete_button, Qt.MouseButton.LeftButton)
    dialog = page.incomplete_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.table.rowCount() == 3 and not dialog.ok_button.isEnabled()
    dialog.set_missing(1, True, original=False, certified_copy=True)
    row = dialog.add_line("Giấy xác nhận cư trú")
    dialog.set_missing(row, True, photocopy=True)
    dialog.reason_edit.setPlainText("Thiếu giấy tờ chứng minh tình trạng hôn nhân")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    d = finish(qtbot, page)
    year = d["year"]
    assert d["number"] == f"01/{year}/HDHS" and "code" not in d
    stored = slips.by_number(desk, d["number"])
    assert [m["name"] for m in stored["missing"]][1] == "Giấy xác nhận cư trú"
    assert stored["missing"][0]["certified_copy"] and not stored["missing"][0]["original"]
    assert dossiers.search(desk) == []                      # no dossier, no status 5
    assert page.result.form == "form02" and page.result.pdf_path.name == f"01-{year}-HDHS.pdf"
    assert page.done_panel.title_label.text().startswith("Hồ sơ chưa đầy đủ")
    assert page.done_panel.code_caption.text() == "Số phiếu"
    assert page.done_panel.code_label.text() == d["number"]
    page.printer.close_preview()


def test_refuse_gives_a_numbered_form_03_slip_and_no_dossier(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page, "DEMO-CT-01")
    scan(qtbot, page, QR)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    dialog = page.refuse_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("Không thuộc thẩm quyền giải quyết của cấp xã")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    d = finish(qtbot, page)
    stored = slips.by_number(desk, d["number"])
    assert stored["kind"] == "refusal" and d["number"].endswith("/TCHS")
    assert stored["reason"] == "Không thuộc thẩm quyền giải quyết của cấp xã"
    assert dossiers.search(desk) == []
    assert page.result.pdf_path.name == d["number"].replace("/", "-") + ".pdf"
    page.printer.close_preview()


def test_core_validation_appears_inline(qtbot, open_page, desk):
    page = open_page()
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert page.message_bar.text() == "Hãy chọn thủ tục hành chính ở cột bên trái."
    choose(qtbot, page)
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert page.message_bar.text() == "Hãy nhập họ và tên người nộp hồ sơ."
    type_slowly(qtbot, page.applicant.edits["full_name"], "Le Thi Hoa")
    page.details.set_channel(Channel.ONLINE)
    assert page.details.portal_edit.isEnabled()
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message_bar.kind == "error" and not page.busy)
    assert page.message_bar.text() == \
        "Hồ sơ trực tuyến: hãy nhập mã hồ sơ trên Cổng Dịch vụ công."
    assert page.stack.currentIndex() == 0 and dossiers.search(desk) == []
    page.details.set_channel(Channel.DIRECT)
    page.details.override_check.setChecked(True)
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Sửa ngày hẹn trả thì phải ghi lý do." == page.message_bar.text())
    page.details.due_edit.setDateTime(datetime(2030, 1, 7, 9, 30))
    page.details.reason_edit.setText("Chờ xác minh tại nơi cư trú")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    stored = dossiers.by_code(desk, finish(qtbot, page)["code"])
    assert stored["due_at_local"] == "2030-01-07T09:30"
    assert stored["due_reason"] == "Chờ xác minh tại nơi cư trú"
    page.printer.close_preview()


def test_the_ticket_being_served_is_linked(qtbot, open_page, desk):
    number = queue.issue_ticket(desk, "HOTICH")["number"]
    ticket = queue.call_next(desk, 1)
    page = open_page()
    qtbot.waitUntil(lambda: page.ticket_link.ticket is not None)
    assert page.ticket_link.text() == f"Liên kết số {number} — Hộ tịch"
    choose(qtbot, page)
    type_slowly(qtbot, page.applicant.edits["full_name"], "Le Thi Hoa")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert dossiers.by_code(desk, finish(qtbot, page)["code"])["ticket_id"] == ticket["id"]
    page.printer.close_preview()


def test_an_earlier_visit_fills_phone_and_email_and_offers_the_rest(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page)
    scan(qtbot, page, QR)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    type_slowly(qtbot, page.applicant.edits["phone"], "0912345678")
    type_slowly(qtbot, page.applicant.edits["email"], "an@example.com")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page)
    qtbot.mouseClick(page.done_panel.new_button, Qt.MouseButton.LeftButton)
    type_slowly(qtbot, page.applicant.edits["id_number"], "001099012345")   # typed, not scanned
    qtbot.waitUntil(lambda: field(page, "phone") == "0912345678")
    assert field(page, "email") == "an@example.com" and field(page, "full_name") == ""
    assert not page.applicant.earlier_frame.isHidden()
    assert "Nguyễn Văn An" in page.applicant.earlier_label.text()
    qtbot.mouseClick(page.applicant.earlier_button, Qt.MouseButton.LeftButton)
    assert field(page, "full_name") == "Nguyễn Văn An"
    assert field(page, "birth_date") == "01/01/1999"
    assert page.applicant.earlier_frame.isHidden()
    qtbot.mouseClick(page.done_panel.new_button, Qt.MouseButton.LeftButton)
    scan(qtbot, page, QR)                                        # a scan: phone comes too
    qtbot.waitUntil(lambda: field(page, "phone") == "0912345678")


def test_scans_chosen_before_receive_are_attached_after(qtbot, open_page, desk, tmp_path):
    page = open_page()
    choose(qtbot, page)
    type_slowly(qtbot, page.applicant.edits["full_name"], "Le Thi Hoa")
    scanned = tmp_path / "to-khai.pdf"
    scanned.write_bytes(b"%PDF-1.4\n% a scanned page\n")
    page.documents.set_provided(0, False)
    page.documents.attach(0, [scanned])
    assert page.documents.item(0, 4).text() == "to-khai.pdf"
    assert page.documents.is_provided(0)                      # a scanned paper was handed in
    page.documents.spin(0, 3).setValue(2)
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    d = finish(qtbot, page)
    assert page.result.attached == 1
    assert "Đã đính kèm 1 tệp quét" in page.done_panel.files_label.text()
    detail = dossiers.detail(desk, d["code"])
    assert [f["document_index"] for f in detail["files"]] == [0]
    assert detail["documents"][0]["copies"] == 2
    page.printer.close_preview()


def test_a_dossier_code_scan_opens_tra_cuu(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page)
    type_slowly(qtbot, page.applicant.edits["full_name"], "Le Thi Hoa")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    code = finish(qtbot, page)["code"]
    page.printer.close_preview()
    qtbot.mouseClick(page.done_panel.new_button, Qt.MouseButton.LeftButton)
    window = page.window()
    with qtbot.waitSignal(page.open_dossier) as blocker:
        scan(qtbot, page, code)
    assert blocker.args == [code]
    assert page.message_bar.text() == f"Mã hồ sơ {code} — mở ở mục Tra cứu hồ sơ."
    assert field(page, "full_name") == ""
    dossiers_page = window.pages.get("dossiers")
    if hasattr(dossiers_page, "open_code"):
        assert window.stack.currentWidget() is dossiers_page


def test_a_card_scanned_after_receive_starts_the_next_dossier(qtbot, open_page):
    page = open_page()
    choose(qtbot, page)
    type_slowly(qtbot, page.applicant.edits["full_name"], "Le Thi Hoa")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page)
    scan(qtbot, page, QR, widget=page.done_panel.new_button)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    assert page.stack.currentIndex() == 0 and page.printer.preview is None


def test_the_serial_scanner_fills_the_applicant_from_any_page(qtbot, worker, log_in):
    import os
    import sys
    import tty
    if sys.platform == "win32":
        pytest.skip("needs a POSIX pseudo-terminal")
    master, slave = os.openpty()
    tty.setraw(master)
    try:
        def serial(core):
            core.config.scanner.mode = "serial"
            core.config.scanner.port = os.ttyname(slave)
        worker.call(serial)
        window = log_in("canbo1")
        qtbot.waitUntil(lambda: window.scanners is not None and window.scanners.serial
                        and window.scanners.serial.last_status is not None, timeout=5_000)
        assert window.scanners.serial.last_status[1] is True
        assert window.stack.currentWidget() is window.pages["home"]
        os.write(master, QR.encode("utf-8") + b"\r\n")
        page = window.pages["intake"]
        qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An", timeout=5_000)
        assert window.stack.currentWidget() is page          # a card opens Tiếp nhận
        assert field(page, "address") == "Số 1, Phố X, Phường Y, Hà Nội"
        os.write(master, HALF_QR.encode("utf-8") + b"\r")
        qtbot.waitUntil(lambda: "chưa đọc trọn vẹn" in page.message_bar.text(), timeout=5_000)
        assert field(page, "full_name") == "Nguyễn Văn An"
    finally:
        os.close(master)
        os.close(slave)


def test_the_key_filter_lives_as_long_as_the_window(qtbot, open_page):
    page = open_page()
    window = page.window()
    window.open_section("queue")
    assert window.scanners.hid._installed        # a receipt scanned on any page opens it
    window.close()
    assert not window.scanners.hid._installed


def test_a_paper_shown_is_received_as_shown_without_counts(qtbot, open_page, desk):
    page = open_page()
    choose(qtbot, page)
    row = page.documents.add_row("Thẻ căn cước của người đi đăng ký", 0, 0, True,
                                 presented=True)
    assert not page.documents.spin(row, 2).isEnabled()          # nothing to count
    assert "(xuất trình)" in page.documents.item(row, 1).text()
    scan(qtbot, page, QR)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    d = finish(qtbot, page)
    shown = [x for x in dossiers.by_code(desk, d["code"])["documents"] if x.get("presented")]
    # the catalogue's own paper shown (the demo's ID line) and the one added here
    assert [x["name"] for x in shown] == ["Giấy tờ tùy thân còn giá trị của người yêu cầu",
                                          "Thẻ căn cước của người đi đăng ký"]
