""""Công dân không viết" page, driven as the officer would: scan → fill → print → intake.

Offline, as the demo office is (no sync server configured). Cards arrive as a
keyboard-wedge burst (key events a few ms apart) typed into whatever field has the
focus; no office printer is configured, so the forms open in a print preview.
"""

from __future__ import annotations

import pytest

from counter_app.services import citizen_forms as cf
from counter_app.services import dossiers
from tests.printing.documents.pdftools import flat, needs_poppler
from tests.ui.test_scanner import Keys
from ui.pages.citizen_forms import CitizenFormsPage
from ui.pages.intake import IntakePage
from ui.qt import Qt

MOTHER = ("001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|"
          "Số 1, phố Huế, phường Hai Bà Trưng, Hà Nội|15082021")
FATHER = ("001088054321||Trần Văn Bình|12071988|Nam|"
          "Số 1, phố Huế, phường Hai Bà Trưng, Hà Nội|20072024")
TEMPLATE = "to-khai-khai-sinh"



@pytest.fixture
def open_forms(qtbot, log_in):
    def do(username: str = "canbo1"):
        window = log_in(username)
        window.activateWindow()
        page = window.open_section("citizen_forms")
        assert isinstance(page, CitizenFormsPage)
        qtbot.waitUntil(lambda: bool(page.picker.items) and window.scanners is not None)
        return window, page
    return do


def scan(qtbot, widget, text: str) -> None:
    keys = Keys(widget)
    keys.type(text)
    keys.enter()
    qtbot.wait(10)


def start(qtbot, page, code: str = "DEMO-HT-01"):
    page.picker.select(code)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.draft is not None and TEMPLATE in page.work.editors)
    return page.work.editors[TEMPLATE]


def fill_child(qtbot, editor) -> None:
    editor.widget_for("nyc_quan_he").set_value("Mẹ")
    for path, text in (("ho_ten", "Trần Minh An"), ("ngay_sinh", "01/11/2026"),
                       ("dan_toc", "Kinh"), ("noi_sinh", "Bệnh viện Phụ sản Hà Nội"),
                       ("que_quan", "Xã Tam Đảo, tỉnh Phú Thọ")):
        editor.widget_for(path).set_value(text)
    editor.widget_for("ngay_sinh_chu").set_value(
        "Ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu")
    editor.widget_for("gioi_tinh").set_value("Nam")
    editor.changed.emit()


@needs_poppler
def test_scan_fill_print_then_intake_without_retyping(qtbot, open_forms, desk):
    window, page = open_forms("canbo1")
    editor = start(qtbot, page)
    # The requester's card, scanned while the cursor is in a field of the form.
    scan(qtbot, editor.widget_for("dan_toc"), MOTHER)
    qtbot.waitUntil(lambda: page.work.editors[TEMPLATE].data().get("nyc_ho_ten")
                    == "Nguyễn Thị Mai")
    editor = page.work.editors[TEMPLATE]
    data = editor.data()
    assert data["nyc_giay_to"] == ("Căn cước công dân số 001199012345 do Cục Cảnh sát QLHC về "
                                   "TTXH cấp ngày 15/08/2021")
    assert data.get("dan_toc", "") == ""          # the burst did not land in the field
    assert "Nguyễn Thị Mai" in page.work.requester.name_label.text()
    # The father, from his own card: "Quét thẻ CCCD" on his entry, then scan.
    card = editor.sections["cha_me"].cards[1]
    qtbot.mouseClick(card.scan_button, Qt.MouseButton.LeftButton)
    assert editor.armed_entry() == ("cha_me", 1)
    scan(qtbot, editor.widget_for("ho_ten"), FATHER)
    qtbot.waitUntil(lambda: len(editor.data().get("cha_me", [])) == 2)
    father = editor.data()["cha_me"][1]
    assert father["ho_ten"] == "Trần Văn Bình" and editor.armed_entry() is None
    # The officer types the child's details; problems shrink as they type.
    assert page.work.problems.count() > 0
    fill_child(qtbot, editor)
    editor.widget_for("cha_me[1].ho_ten").set_value("Nguyễn Thị Mai")
    editor.changed.emit()
    qtbot.waitUntil(lambda: "Đã lưu nháp" in page.work.saved_label.text(), timeout=5000)
    saved = cf.load_draft(desk, page.draft.id)
    assert saved.forms[TEMPLATE]["ho_ten"] == "Trần Minh An"
    qtbot.waitUntil(lambda: page.work.problems.count() == 0)
    # Complete: recorded, printed (a preview: no office printer configured).
    qtbot.mouseClick(page.work.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.done, timeout=10_000)
    qtbot.waitUntil(lambda: page.printer.preview is not None, timeout=10_000)
    text = flat(page.completed.pdf_path.read_bytes())
    for expected in ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "Nguyễn Thị Mai", "Trần Văn Bình",
                     "Trần Minh An", "001199012345"):
        assert expected in text
    page.printer.close_preview()
    assert cf.list_drafts(desk) == []
    # Intake takes it: procedure, applicant, checklist filled; forms attached.
    qtbot.mouseClick(page.done.intake_button, Qt.MouseButton.LeftButton)
    intake = window.pages["intake"]
    assert isinstance(intake, IntakePage) and window.stack.currentWidget() is intake
    qtbot.waitUntil(lambda: intake.form_sets.set_id == page.completed.form_set["id"])
    assert intake.info.procedure.code == "DEMO-HT-01"
    assert intake.applicant.value("full_name") == "Nguyễn Thị Mai"
    assert intake.applicant.value("id_number") == "001199012345"
    assert intake.documents.is_provided(0)
    assert intake.form_sets.banner.isVisible()
    qtbot.mouseClick(intake.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake.result is not None, timeout=10_000)
    code = intake.result.dossier["code"]
    intake.printer.close_preview()
    d = dossiers.detail(desk, code)
    assert d["citizen_not_write"] == 1 and d["form_set_id"] == page.completed.form_set["id"]
    assert [f["title"] for f in d["files"]] == ["TỜ KHAI ĐĂNG KÝ KHAI SINH"]
    assert d["citizen_not_write_by"] == window.officer.id


def test_a_support_officer_hands_over_and_the_counter_finds_it_by_the_card(
        qtbot, open_forms, desk, shell):
    window, page = open_forms("hotro")
    assert not page.done.intake_button.isVisibleTo(page.done)
    scan(qtbot, page.picker.search_edit, MOTHER)          # card first, then the procedure
    qtbot.waitUntil(lambda: page.pending_card is not None)
    editor = start(qtbot, page)
    assert editor.data()["nyc_ho_ten"] == "Nguyễn Thị Mai"
    fill_child(qtbot, editor)
    editor.widget_for("cha_me[1].ho_ten").set_value("Nguyễn Thị Mai")
    qtbot.mouseClick(page.work.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.done, timeout=10_000)
    qtbot.waitUntil(lambda: page.printer.preview is not None, timeout=10_000)
    page.printer.close_preview()
    ready = cf.ready(desk)
    assert [r["applicant_name"] for r in ready] == ["Nguyễn Thị Mai"]
    qtbot.waitUntil(lambda: page.sets.ids("set") == [ready[0]["id"]])
    # The citizen goes to the counter: canbo1 scans her card on the intake page.
    window.logout()
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.main_window is None)
    window, _page = open_forms("canbo1")
    intake = window.open_section("intake")
    qtbot.waitUntil(lambda: intake.start is not None)
    scan(qtbot, intake.applicant.edits["full_name"], MOTHER)
    qtbot.waitUntil(lambda: intake.form_sets.banner.isVisible())
    assert "Đăng ký khai sinh" in intake.form_sets.banner.label.text()
    qtbot.mouseClick(intake.form_sets.banner.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake.form_sets.set_id == ready[0]["id"])
    assert intake.info.procedure.code == "DEMO-HT-01"
    assert intake.applicant.value("full_name") == "Nguyễn Thị Mai"


def test_completing_with_gaps_points_at_the_first_problem_and_keeps_the_draft(
        qtbot, open_forms, desk):
    _window, page = open_forms("canbo1")
    start(qtbot, page)
    qtbot.mouseClick(page.work.complete_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.work
    assert "chỗ thiếu" in page.message_bar.text()
    editor = page.work.editors[TEMPLATE]
    assert editor.problem_paths()
    assert cf.load_draft(desk, page.draft.id).procedure_code == "DEMO-HT-01"


def test_a_draft_left_open_is_listed_and_resumed(qtbot, open_forms, desk):
    _window, page = open_forms("canbo1")
    editor = start(qtbot, page)
    editor.widget_for("ho_ten").set_value("Bé Na")
    editor.changed.emit()
    qtbot.waitUntil(lambda: "Đã lưu nháp" in page.work.saved_label.text(), timeout=5000)
    draft_id = page.draft.id
    page.next_citizen()
    qtbot.waitUntil(lambda: page.sets.ids("draft") == [draft_id])
    page.open_item("draft", draft_id)
    qtbot.waitUntil(lambda: page.draft is not None and page.draft.id == draft_id)
    assert page.work.editors[TEMPLATE].data()["ho_ten"] == "Bé Na"


def test_the_intake_chooser_lists_waiting_sets_and_a_used_set_is_refused(
        qtbot, open_forms, desk):
    from tests.core.test_citizen_forms import BIRTH
    draft = cf.start(desk, "DEMO-HT-01", None)
    draft.forms[TEMPLATE].update(BIRTH | {"nyc_ho_ten": "Lê Văn Cường",
                                          "nyc_giay_to": "Căn cước số 001077000111"})
    s = cf.complete(desk, draft)
    window, _page = open_forms("canbo1")
    intake = window.open_section("intake")
    qtbot.waitUntil(lambda: intake.start is not None)
    qtbot.mouseClick(intake.form_sets.choose_button, Qt.MouseButton.LeftButton)
    chooser = intake.form_sets.chooser
    qtbot.waitUntil(lambda: chooser is not None and chooser.list.count() == 1)
    assert "Lê Văn Cường" in chooser.list.item(0).text()
    chooser.search_edit.setText("khong co ai")
    qtbot.waitUntil(lambda: chooser.list.count() == 0)
    chooser.search_edit.setText("le van cuong")
    qtbot.waitUntil(lambda: chooser.list.count() == 1)
    chooser.accept()
    qtbot.waitUntil(lambda: intake.form_sets.set_id == s["id"])
    assert intake.applicant.value("full_name") == "Lê Văn Cường"
    # Another counter takes the same set first: this intake is refused, nothing recorded.
    from counter_app.services import intake as intake_service
    from counter_app.services.citizens import Applicant
    intake_service.receive(desk, intake_service.IntakeRequest(
        "DEMO-HT-01", Applicant(**s["applicant"]), form_set_id=s["id"]))
    qtbot.mouseClick(intake.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "đã dùng cho hồ sơ" in intake.message_bar.text(), timeout=10_000)
    assert intake.result is None


def test_a_second_card_fills_the_section_of_its_role_not_the_requester(qtbot, open_forms):
    _window, page = open_forms("canbo1")
    editor = start(qtbot, page)
    scan(qtbot, editor.widget_for("dan_toc"), FATHER)            # the father brings the papers
    qtbot.waitUntil(lambda: page.work.editors[TEMPLATE].data().get("nyc_ho_ten")
                    == "Trần Văn Bình")
    editor = page.work.editors[TEMPLATE]
    assert editor.armed_entry() is None
    scan(qtbot, editor.widget_for("dan_toc"), MOTHER)            # no entry chosen
    qtbot.waitUntil(lambda: len(editor.data().get("cha_me", [])) >= 1)
    data = editor.data()
    assert data["cha_me"][0]["ho_ten"] == "Nguyễn Thị Mai"       # người mẹ
    assert data["nyc_ho_ten"] == "Trần Văn Bình"                 # the requester kept
    assert page.draft.requester["full_name"] == "Trần Văn Bình"
    assert len(data["cha_me"]) == 1 or not data["cha_me"][1].get("ho_ten")


def test_a_father_who_requests_fills_his_own_section_with_his_card(qtbot, open_forms):
    _window, page = open_forms("canbo1")
    editor = start(qtbot, page)
    editor.widget_for("nyc_quan_he").set_value("Bố")             # typed before the scan
    editor.changed.emit()
    scan(qtbot, editor.widget_for("dan_toc"), FATHER)            # his own card, first
    qtbot.waitUntil(lambda: page.work.editors[TEMPLATE].data().get("nyc_ho_ten")
                    == "Trần Văn Bình")
    editor = page.work.editors[TEMPLATE]
    data = editor.data()
    assert data["nyc_quan_he"] == "Bố"
    assert data["cha_me"][1]["ho_ten"] == "Trần Văn Bình"        # người cha: himself
    assert data["cha_me"][1]["giay_to"].startswith("Thẻ căn cước số 001088054321")
    assert not data["cha_me"][0].get("ho_ten")                   # the mother's still empty
    scan(qtbot, editor.widget_for("dan_toc"), MOTHER)            # then the mother's card
    qtbot.waitUntil(lambda: editor.data()["cha_me"][0].get("ho_ten") == "Nguyễn Thị Mai")
    assert editor.data()["cha_me"][1]["ho_ten"] == "Trần Văn Bình"
    assert page.draft.requester["full_name"] == "Trần Văn Bình"
