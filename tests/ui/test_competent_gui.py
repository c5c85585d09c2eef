"""A dossier received on behalf of another commune, on screen: the intake's collapsed
"Nhận thay xã/phường khác" part (due date pending or counted from the competent agency's
receipt), kept in the draft, within 1366×768; and the dossier page's note and dialog that
record the competent agency's receipt afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.services import competent, dossiers, intake
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from tests.ui.test_drafts import intake_page, kept, new_window, type_into
from tests.ui.test_layout_1366 import WINDOW, wholly_shown
from ui.pages.dossiers import DossiersPage
from ui.pages.intake.details import due_text
from ui.qt import QDateTime, Qt

AGENCY = "UBND xã Bên Cạnh"
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LOCAL_TZ)       # Wednesday


def choose(qtbot, page, code: str = "DEMO-HT-05") -> None:
    page.picker.select(code)
    qtbot.waitUntil(lambda: page.info is not None and page.details.due_label.text() != "—")


def test_the_part_is_collapsed_and_a_pending_dossier_is_received(qtbot, worker, log_in):
    page = intake_page(qtbot, log_in("canbo1"))
    choose(qtbot, page)
    part = page.details.competent
    assert part.toggle.isVisible() and not part.isVisible()
    part.toggle.setChecked(True)
    assert part.isVisible() and not part.received_edit.isEnabled()
    assert page.details.due_label.text() == "Chờ cơ quan có thẩm quyền tiếp nhận"
    assert "tính từ khi cơ quan có thẩm quyền tiếp nhận" in page.details.due_note.text()
    type_into(page.applicant.edits["full_name"], "Phạm Thị Ngọc Ánh")
    type_into(part.agency_edit, AGENCY)
    page.receive()
    qtbot.waitUntil(lambda: page.result is not None, timeout=10_000)
    d = page.result.dossier
    assert d["competent_agency"] == AGENCY and d["due_at"] is None
    assert "tính từ khi UBND xã Bên Cạnh tiếp nhận hồ sơ" in page.done_panel.due_label.text()
    page.printer.close_preview()


def test_a_known_competent_receipt_gives_the_due_date_from_it(qtbot, worker, log_in):
    page = intake_page(qtbot, log_in("canbo1"))
    choose(qtbot, page)
    part = page.details.competent
    part.toggle.setChecked(True)
    type_into(part.agency_edit, AGENCY)
    part.received_check.setChecked(True)
    start = (datetime.now() - timedelta(days=1)).replace(hour=14, minute=0, second=0,
                                                        microsecond=0)
    part.received_edit.setDateTime(QDateTime(start.date(), start.time()))
    expected = worker.call(lambda core: competent.due_from(core, start, 3, False))
    qtbot.waitUntil(lambda: page.details.due_label.text() == due_text(
        expected.astimezone(LOCAL_TZ)), timeout=5_000)
    assert page.details.due_note.text() == f"tính từ khi {AGENCY} tiếp nhận " \
        f"({start:%H:%M %d/%m/%Y})"
    part.toggle.setChecked(False)                # back to the counter's own date
    qtbot.waitUntil(lambda: page.details.due_note.text().startswith("nếu tiếp nhận bây giờ"))
    assert part.agency() == "" and part.received_at() is None


def test_the_part_comes_back_from_the_draft(qtbot, worker, info, log_in):
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    choose(qtbot, page)
    part = page.details.competent
    part.toggle.setChecked(True)
    type_into(part.agency_edit, AGENCY)
    part.received_check.setChecked(True)
    part.received_edit.setDateTime(QDateTime.fromString("2026-11-17T14:30", "yyyy-MM-ddTHH:mm"))
    qtbot.waitUntil(lambda: (kept(worker) or {}).get("details", {}).get("competent", {})
                    .get("received_at") == "2026-11-17T14:30", timeout=5_000)
    assert kept(worker)["details"]["competent"] == {
        "on": True, "agency": AGENCY, "received": True, "received_at": "2026-11-17T14:30"}
    window.hide()                                  # a crash: nothing else runs
    again = intake_page(qtbot, new_window(qtbot, worker, info, window.officer))
    qtbot.waitUntil(lambda: again.details.competent.agency() == AGENCY, timeout=5_000)
    back = again.details.competent
    assert back.isVisible() and back.received_check.isChecked()
    assert back.received_at() == datetime(2026, 11, 17, 14, 30)


def test_revealed_it_keeps_the_due_date_and_outcomes_in_view_at_1366(qtbot, log_in):
    window = log_in("canbo1")
    window.showNormal()
    window.resize(*WINDOW)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == WINDOW)
    page = intake_page(qtbot, window)
    choose(qtbot, page)
    page.details.competent.toggle.setChecked(True)
    qtbot.wait(100)
    assert not page.form_scroll.horizontalScrollBar().isVisible()
    for widget in (page.details.due_label, page.details.competent.toggle, page.receive_button,
                   page.incomplete_button, page.refuse_button):
        assert widget.isVisible() and wholly_shown(widget), widget


@pytest.fixture
def pending_code(desk):
    desk.clock = FixedClock(int(datetime(2026, 11, 16, 9, tzinfo=LOCAL_TZ).timestamp() * 1000))
    return intake.receive(desk, IntakeRequest(
        "DEMO-HT-05", Applicant(full_name="Phạm Thị Ngọc Ánh"),
        competent_agency=AGENCY))["code"]


def test_the_dossier_page_records_the_competent_receipt(qtbot, desk, worker, log_in,
                                                        pending_code):
    worker.call(lambda core: setattr(core, "clock", FixedClock(int(NOW.timestamp() * 1000))))
    page = log_in("canbo1").open_section("dossiers")
    assert isinstance(page, DossiersPage)
    page.show_pdf = lambda path, title: Path(path)
    page.open_code(pending_code)
    qtbot.waitUntil(lambda: page.view is not None and not page.busy, timeout=10_000)
    note = page.detail.competent_note
    assert note.isVisible() and note.button.isVisible()
    assert "hẹn trả chờ cơ quan có thẩm quyền tiếp nhận" in note.text.text()
    assert dict(page.detail.info_rows(page.view))["Hẹn trả"] == \
        "chờ cơ quan có thẩm quyền tiếp nhận"
    assert page.table.item(0, 5).text() == "Chờ CQ có thẩm quyền"
    qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.agency_edit.text() == AGENCY
    assert dialog.at_edit.minimumDateTime().toString("yyyy-MM-dd HH:mm") == "2026-11-16 09:00"
    dialog.set_moment(datetime(2026, 11, 17, 14, 0, tzinfo=LOCAL_TZ))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy and page.dialog is None, timeout=10_000)
    d = dossiers.by_code(desk, pending_code)
    assert d["counted_from_local"] == "2026-11-17T14:00"
    assert d["due_at_local"] == "2026-11-20T17:00"           # Wed, Thu, Fri
    assert page.message_bar.text() == (f"Hồ sơ {pending_code}: đã ghi thời điểm cơ quan có "
                                       "thẩm quyền tiếp nhận; hẹn trả 20/11/2026 17:00.")
    assert not note.button.isVisible()
    assert "thời hạn tính từ khi cơ quan đó tiếp nhận (17/11/2026 14:00)" in note.text.text()
    history = [page.detail.history_table.item(r, 1).text()
               for r in range(page.detail.history_table.rowCount())]
    assert "Cơ quan có thẩm quyền tiếp nhận hồ sơ (nhận thay)" in history
