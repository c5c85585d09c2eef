"""Tiếp nhận hồ sơ liên thông: a linked group received on the intake page in one action
(issue 13 §8), on the real demo database; the receipts read back with pdftotext; the
page usable at 1366×768 in group mode and once the group is received."""

from __future__ import annotations

import json
import subprocess

import pytest

from counter_app import catalogue_io
from counter_app.services import catalogue, drafts, officers, setup
from counter_app.services.core import Core
from tests.ui.test_intake_page import QR, field, open_page, scan, type_slowly  # noqa: F401
from tests.ui.test_layout_1366 import WINDOW, assert_usable, wholly_shown
from ui.qt import Qt

GROUP = "LT-KHAISINH"


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def choose_group(qtbot, page, code: str = GROUP) -> None:
    actions = {a.text(): a for a in page.group_chooser.menu().actions()}
    name = next(g.name for g in page.start.groups if g.code == code)
    actions[name].trigger()                          # as the officer picks it from the menu
    qtbot.waitUntil(lambda: page.group is not None and page.group.code == code)


def count(core, table: str) -> int:
    return core.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_a_group_is_received_in_one_action_as_linked_dossiers(qtbot, open_page, desk):
    page = open_page()
    choose_group(qtbot, page)
    members = catalogue.get_group(desk, GROUP).procedures
    assert list(page.group_card.tables) == list(members)
    for code, table in page.group_card.tables.items():   # each member's own checklist
        assert [table.name(r) for r in range(table.rowCount())] == \
            [d.name for d in catalogue.get_procedure(desk, code).documents]
    assert page.group_card.isVisible() and not page.documents_card.isVisible()
    assert not page.incomplete_button.isEnabled() and not page.refuse_button.isEnabled()
    page.group_card.tables[members[0]].set_provided(0, False)
    scan(qtbot, page, QR)
    qtbot.waitUntil(lambda: field(page, "full_name") == "Nguyễn Văn An")
    type_slowly(qtbot, page.applicant.edits["phone"], "0912345678")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.group_done, timeout=15_000)

    result = page.group_result
    codes = [r.dossier["code"] for r in result.results]
    rows = desk.conn.execute("SELECT code, procedure_code, group_id, applicant_phone, documents "
                             "FROM dossiers WHERE group_id = ? ORDER BY book_line",
                             (result.group_id,)).fetchall()
    assert [(r["code"], r["procedure_code"]) for r in rows] == list(zip(codes, members))
    assert {r["applicant_phone"] for r in rows} == {"0912345678"}    # entered once
    assert [d["provided"] for d in json.loads(rows[0]["documents"])][0] is False  # unticked
    assert all(d["provided"] for d in json.loads(rows[1]["documents"]))
    assert [label.text() for label in page.group_done.code_labels] == codes
    assert drafts.load(desk, drafts.INTAKE, "") is None

    qtbot.mouseClick(page.group_done.print_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.printer.preview is not None)   # no printer configured
    assert "xem trước" in page.group_done.print_label.text()
    text = pdf_text(result.results[1].pdf_path)
    assert codes[1] in text and "Nguyễn Văn An" in text.replace("\n", " ")
    page.printer.close_preview()
    qtbot.mouseClick(page.group_done.new_button, Qt.MouseButton.LeftButton)
    assert page.form_shown() and page.group is None and page.applicant.is_empty()
    assert page.documents_card.isVisible() and page.incomplete_button.isEnabled()


def test_a_bad_applicant_records_nothing_and_loses_nothing(qtbot, open_page, desk):
    page = open_page()
    choose_group(qtbot, page, "LT-KHAITU")
    page.applicant.set_value("phone", "0912345678")
    before = count(desk, "dossiers"), count(desk, "events")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message_bar.text() != "")
    assert page.message_bar.text() == "Hãy nhập họ và tên người nộp hồ sơ."
    assert (count(desk, "dossiers"), count(desk, "events")) == before
    assert page.form_shown() and page.group.code == "LT-KHAITU"
    assert field(page, "phone") == "0912345678"


def test_a_member_stopped_in_the_meantime_records_none_of_the_group(qtbot, open_page, desk,
                                                                     demo_paths):
    """The catalogue changes between choosing and receiving (the administrator imports it
    on another PC): the core refuses the third member, so the first two are not recorded
    either."""
    page = open_page()
    choose_group(qtbot, page)
    last = page.group.members[-1].procedure.code
    with Core.open(*demo_paths) as admin:
        officers.authenticate(admin, "admin", setup.DEMO_PASSWORD)
        catalogue.import_records(admin, catalogue_io.read_bytes(json.dumps(
            {"procedures": [{"code": last, "active": False}]}).encode(), "json", "stop.json"))
    page.applicant.set_value("full_name", "Nguyễn Văn An")
    before = count(desk, "dossiers"), count(desk, "events")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message_bar.text() != "" and not page.busy, timeout=10_000)
    assert page.message_bar.text().endswith("đã ngừng áp dụng.")
    assert (count(desk, "dossiers"), count(desk, "events")) == before
    assert page.form_shown() and page.group is not None
    assert field(page, "full_name") == "Nguyễn Văn An" and page.receive_button.isEnabled()


def test_choosing_one_procedure_leaves_the_group(qtbot, open_page):
    page = open_page()
    choose_group(qtbot, page)
    page.picker.select("DEMO-HT-05")
    qtbot.waitUntil(lambda: page.info is not None)
    assert page.group is None and not page.group_card.isVisible()
    assert page.receive_button.text() == "Tiếp nhận (in phiếu 01)"


@pytest.fixture
def window(qtbot, log_in):
    w = log_in("canbo1")
    w.showNormal()
    w.resize(*WINDOW)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == WINDOW)
    return w


def test_group_intake_fits_1366x768(qtbot, window):
    page = window.open_section("intake")
    qtbot.waitUntil(lambda: page.start is not None)
    qtbot.wait(100)
    assert_usable(window)
    assert wholly_shown(page.group_chooser)
    choose_group(qtbot, page)
    qtbot.wait(100)
    assert_usable(window)
    for widget in (page.receive_button, page.group_card.leave_button):
        assert widget.isVisible() and wholly_shown(widget), widget
    page.applicant.set_value("full_name", "Nguyễn Văn An")
    page.receive()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.group_done, timeout=15_000)
    qtbot.wait(100)
    assert_usable(window)
    for button in (*page.group_done.print_buttons, page.group_done.new_button):
        assert wholly_shown(button), button.text()


def test_a_group_typed_comes_back_in_a_new_window_after_a_crash(qtbot, worker, info, log_in):
    from tests.ui.test_drafts import intake_page, kept, new_window, type_into
    window = log_in("canbo1")
    page = intake_page(qtbot, window)
    choose_group(qtbot, page)
    second = list(page.group_card.tables)[1]
    type_into(page.applicant.edits["full_name"], "Phạm Thị Ngọc Ánh")
    page.group_card.tables[second].set_provided(1, False)
    qtbot.waitUntil(lambda: (kept(worker) or {}).get("group_code") == GROUP and
                    (kept(worker) or {}).get("applicant", {}).get("full_name") ==
                    "Phạm Thị Ngọc Ánh", timeout=5_000)
    window.hide()                                  # gone without closing: nothing else runs
    again = intake_page(qtbot, new_window(qtbot, worker, info, window.officer))
    qtbot.waitUntil(lambda: again.group is not None and again.group.code == GROUP,
                    timeout=5_000)
    assert again.applicant.value("full_name") == "Phạm Thị Ngọc Ánh"
    table = again.group_card.tables[second]
    assert table.is_provided(0) and not table.is_provided(1)
    assert again.receive_button.text() == "Tiếp nhận liên thông (in phiếu 01)"
    assert again.draft_note.isVisible()
