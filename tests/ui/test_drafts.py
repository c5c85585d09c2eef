"""Never lose typed work: the intake in progress and the text typed in a dialog are kept
on this machine (drafts), come back in a new window, and closing with typed work asks.

The officer is canbo1 of the demo office; "a crash" is a window dropped without being
closed, then a new main window on the same database."""

from __future__ import annotations

import pytest

from counter_app.services import drafts, intake
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from ui.main_window import MainWindow
from ui.qt import QDialogButtonBox, QMessageBox, Qt

NAME = "Phạm Thị Ngọc Ánh"


def kept(worker, kind: str = drafts.INTAKE, key: str = "") -> dict | None:
    draft = worker.call(lambda core: drafts.load(core, kind, key))
    return draft.state if draft is not None else None


def intake_page(qtbot, window):
    page = window.open_section("intake")
    qtbot.waitUntil(lambda: page.start is not None and page.drafts.ready, timeout=10_000)
    return page


def type_intake(qtbot, page) -> None:
    page.picker.select("DEMO-HT-05")
    qtbot.waitUntil(lambda: page.info is not None)
    type_into(page.applicant.edits["full_name"], NAME)
    type_into(page.applicant.edits["phone"], "0912345678")
    page.documents.set_provided(0, False)
    page.details.override_check.setChecked(True)
    type_into(page.details.reason_edit, "Công dân xin hẹn muộn")


def type_into(edit, text: str) -> None:
    """Typed text as an input method commits it (Vietnamese has no ASCII key events)."""
    edit.setFocus()
    if hasattr(edit, "insertPlainText"):
        edit.insertPlainText(text)
    else:
        edit.insert(text)


def click(box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    button.click()


def new_window(qtbot, worker, info, officer) -> MainWindow:
    window = MainWindow(worker, info, officer)
    qtbot.addWidget(window)
    window.ask_before_close = False           # the test's own teardown
    window.show()
    return window


def test_an_intake_typed_comes_back_in_a_new_window_after_a_crash(qtbot, worker, info,
                                                                     log_in):
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    type_intake(qtbot, page)
    qtbot.waitUntil(lambda: (kept(worker) or {}).get("details", {}).get("due_reason")
                    == "Công dân xin hẹn muộn", timeout=5_000)       # saved after a pause
    qtbot.waitUntil(lambda: page.saved_label.text().startswith("Bản nháp đã lưu lúc "))
    window.hide()                                  # gone without closing: nothing else runs
    again = intake_page(qtbot, new_window(qtbot, worker, info, window.officer))
    qtbot.waitUntil(lambda: again.applicant.value("full_name") == NAME, timeout=5_000)
    assert again.applicant.value("phone") == "0912345678"
    assert again.info.procedure.code == "DEMO-HT-05"
    assert again.picker.selected_code == "DEMO-HT-05"
    assert not again.documents.is_provided(0) and again.documents.is_provided(1)
    assert again.details.due_reason() == "Công dân xin hẹn muộn"
    assert again.draft_note.isVisible()
    assert again.draft_note.text().startswith("Đã khôi phục hồ sơ đang nhập dở (lưu lúc ")


def test_closing_with_unsaved_work_asks_and_no_keeps_the_window(qtbot, worker, info, log_in):
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    assert not page.has_unsaved_work()
    window.close()                                 # nothing typed: closes at once
    assert not window.isVisible()
    window = new_window(qtbot, worker, info, window.officer)
    window.ask_before_close = True
    page = intake_page(qtbot, window)
    type_into(page.applicant.edits["full_name"], NAME)
    window.close()                                 # at once, before any autosave
    assert window.isVisible() and window.close_question is not None
    assert "Hồ sơ đang nhập dở chưa được tiếp nhận" in window.close_question.text()
    click(window.close_question, "Ở lại làm tiếp")
    qtbot.waitUntil(lambda: window.close_question is None)
    assert window.isVisible() and page.applicant.value("full_name") == NAME
    qtbot.waitUntil(lambda: (kept(worker) or {}).get("applicant", {}).get("full_name") == NAME)
    window.close()
    click(window.close_question, "Đóng")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert kept(worker)["applicant"]["full_name"] == NAME     # kept for the next window


def test_logging_out_with_unsaved_work_asks(qtbot, shell, log_in):
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    type_into(page.applicant.edits["full_name"], NAME)
    window.logout_action.trigger()
    assert window.isVisible() and "Đăng xuất?" in window.close_question.text()
    click(window.close_question, "Ở lại làm tiếp")
    qtbot.waitUntil(lambda: window.close_question is None)
    assert shell.main_window is window and not window._logging_out
    window.logout_action.trigger()
    click(window.close_question, "Đăng xuất")
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.login_dialog.isVisible())


def test_receiving_clears_the_draft(qtbot, worker, log_in):
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    type_intake(qtbot, page)
    page.details.override_check.setChecked(False)
    qtbot.waitUntil(lambda: (kept(worker) or {}).get("applicant", {}).get("phone")
                    == "0912345678", timeout=5_000)
    page.receive()
    qtbot.waitUntil(lambda: page.result is not None, timeout=10_000)
    assert kept(worker) is None
    qtbot.wait(1_000)                              # no late autosave brings it back
    assert kept(worker) is None and not page.has_unsaved_work()


def test_the_refusal_reason_survives_cancel_and_goes_with_the_dossier(qtbot, worker, log_in):
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    type_intake(qtbot, page)
    page.open_refuse_dialog()
    dialog = page.refuse_dialog
    qtbot.waitUntil(lambda: dialog.draft.loaded)
    type_into(dialog.reason_edit, "Không thuộc thẩm quyền của cấp xã")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and "Nội dung đã nhập chưa được ghi" in dialog.question.text()
    click(dialog.question, "Giữ bản nháp và đóng")
    qtbot.waitUntil(lambda: page.refuse_dialog is None)
    page.open_refuse_dialog()
    dialog = page.refuse_dialog
    qtbot.waitUntil(lambda: dialog.reason() == "Không thuộc thẩm quyền của cấp xã")
    assert dialog.restored_label.text().startswith("Đã khôi phục nội dung nhập dở")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=10_000)
    assert page.result.dossier["outcome"] == "refused"
    assert worker.call(lambda core: drafts.keys(core, drafts.DIALOG)) == []
    assert kept(worker) is None


@pytest.fixture
def dossier(desk) -> str:
    return intake.receive(desk, IntakeRequest("DEMO-HT-05", Applicant(full_name=NAME)))["code"]


def open_stop_dialog(qtbot, window, code: str):
    page = window.open_section("dossiers")
    qtbot.waitUntil(lambda: page.result is not None and page.options is not None)
    page.open_code(code)
    qtbot.waitUntil(lambda: page.view is not None and page.view.dossier["code"] == code
                    and not page.busy, timeout=10_000)
    qtbot.mouseClick(page.detail.action_buttons["stop"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible() and dialog.draft.loaded)
    return page, dialog


def test_a_step_reason_survives_cancel_reopen_and_closing_the_app(qtbot, worker, info, log_in,
                                                                 dossier):
    window = log_in("canbo1")
    page, dialog = open_stop_dialog(qtbot, window, dossier)
    type_into(dialog.reason_edit, "Công dân đề nghị dừng")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.question is not None   # Esc with text asks
    click(dialog.question, "Giữ bản nháp và đóng")
    qtbot.waitUntil(lambda: page.dialog is None)
    page, dialog = open_stop_dialog(qtbot, window, dossier)
    qtbot.waitUntil(lambda: dialog.reason_edit.text() == "Công dân đề nghị dừng")
    type_into(dialog.reason_edit, " vì đã chuyển nơi ở")
    window.close()                                  # the app closes with the dialog open
    assert window.isVisible() and window.close_question is not None
    click(window.close_question, "Đóng")
    qtbot.waitUntil(lambda: not window.isVisible())
    again = new_window(qtbot, worker, info, window.officer)
    page, dialog = open_stop_dialog(qtbot, again, dossier)
    qtbot.waitUntil(lambda: dialog.reason_edit.text()
                    == "Công dân đề nghị dừng vì đã chuyển nơi ở", timeout=5_000)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.dialog is None and not page.busy, timeout=10_000)
    assert page.view.dossier["reason"] == "Công dân đề nghị dừng vì đã chuyển nơi ở"
    assert worker.call(lambda core: drafts.keys(core, drafts.DIALOG)) == []


def test_throwing_away_a_dialog_text_is_a_choice(qtbot, log_in, worker, dossier):
    window = log_in("canbo1")
    page, dialog = open_stop_dialog(qtbot, window, dossier)
    type_into(dialog.reason_edit, "Nhầm hồ sơ")
    dialog.reject()
    click(dialog.question, "Nhập tiếp")             # back to typing: nothing closes
    qtbot.waitUntil(lambda: dialog.question is None)
    assert page.dialog is dialog and dialog.isVisible()
    dialog.reject()
    click(dialog.question, "Bỏ nội dung đã nhập")
    qtbot.waitUntil(lambda: page.dialog is None)
    assert worker.call(lambda core: drafts.keys(core, drafts.DIALOG)) == []
    page, dialog = open_stop_dialog(qtbot, window, dossier)
    assert dialog.reason_edit.text() == "" and not dialog.has_typed_text()
    dialog.reject()                                 # nothing typed: closes without asking
    qtbot.waitUntil(lambda: page.dialog is None)
