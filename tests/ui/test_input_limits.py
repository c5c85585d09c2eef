"""Text fields stop at the bounds the services enforce (``counter_app.domain.limits``)."""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.form_templates import Field
from ui.input_limits import limit
from ui.pages.citizen_forms.fields import MultilineInput, TextInput
from ui.pages.dossiers.steps import ReasonDialog, TransferDialog
from ui.pages.intake.outcome import RefuseDialog
from ui.pages.intake.applicant import ApplicantForm
from ui.qt import QLineEdit, QPlainTextEdit

LONG = "Nguyễn Thị Hường " * 200


def test_a_line_edit_takes_no_more_than_its_bound(qtbot):
    edit = limit(QLineEdit(), 20)
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "Nguyen Thi Huong ")
    edit.insert("Phường 12")                      # as a paste does
    assert edit.text() == "Nguyen Thi Huong Phư"


def test_a_paste_into_a_plain_text_edit_is_cut_where_it_was_pasted(qtbot):
    edit = limit(QPlainTextEdit(), 30)
    qtbot.addWidget(edit)
    edit.setPlainText("Thiếu tờ khai; ")
    cursor = edit.textCursor()
    cursor.setPosition(len("Thiếu tờ khai; "))
    edit.setTextCursor(cursor)
    edit.insertPlainText("Giấy khai sinh " * 10)
    assert edit.toPlainText() == "Thiếu tờ khai; Giấy khai sinh "
    assert edit.textCursor().position() == 30
    edit.setPlainText(LONG)                      # set by the program: its beginning is kept
    assert edit.toPlainText() == LONG[:30]


def test_the_intake_applicant_fields_have_the_services_bounds(qtbot):
    form = ApplicantForm()
    qtbot.addWidget(form)
    for key, bound in limits.APPLICANT.items():
        if key in form.edits:
            assert form.edits[key].maxLength() == bound, key


def test_reasons_agencies_and_notes_in_the_dialogs(qtbot):
    refuse = RefuseDialog()
    qtbot.addWidget(refuse)
    refuse.reason_edit.setPlainText(LONG)
    assert len(refuse.reason_edit.toPlainText()) == limits.REASON
    transfer = TransferDialog({"deciding_agency": "Tư pháp - Hộ tịch", "code": "X",
                               "applicant_name": "Nguyễn Văn An"})
    qtbot.addWidget(transfer)
    assert (transfer.agency_edit.maxLength(), transfer.receiver_edit.maxLength(),
            transfer.note_edit.maxLength()) == (limits.AGENCY, limits.NAME, limits.NOTE)
    reason = ReasonDialog("Rút hồ sơ", "…", "Rút")
    qtbot.addWidget(reason)
    assert reason.reason_edit.maxLength() == limits.REASON


def test_citizen_form_inputs(qtbot):
    for kind in ("text", "id_number", "phone", "date"):
        edit = TextInput(Field("x", "X", type=kind))
        qtbot.addWidget(edit)
        assert edit.maxLength() == limits.FORM_FIELD[kind]
    note = MultilineInput(Field("y", "Y", type="multiline", lines=3))
    qtbot.addWidget(note)
    note.set_value(LONG * 2)
    assert len(note.value()) == limits.FORM_MULTILINE
