"""Tra cứu hồ sơ, tab "Phiếu hướng dẫn, từ chối": guidance (form 02) and refusal (form 03)
slips found by number, citizen, procedure and day, and printed again unchanged.

The slips are given through the core by canbo1 on the intake desk's own ``Core``; the
page's worker runs on the fixed clock of tests/ui/test_dossiers_page.py."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.services import intake
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from tests.printing.documents import pdftools
from tests.ui.test_dossiers_page import ms, open_page, private_settings  # noqa: F401
from ui.pages.dossiers.slips import NO_DATE
from ui.qt import QDate, Qt


@pytest.fixture
def slips(desk):
    """Three slips on three days: two guidance slips, one refusal marked "Công dân không
    viết"; their numbers by the citizen's name."""
    def give(name, day, procedure, outcome, **kw):
        desk.clock = FixedClock(ms(datetime(2026, 11, day, 9, 30, tzinfo=LOCAL_TZ)))
        missing = [{"name": "Bản sao giấy khai sinh", "original": True}] \
            if outcome == "incomplete" else []
        return intake.receive(desk, IntakeRequest(
            procedure, Applicant(full_name=name, id_number=kw.pop("id_number", "")),
            outcome=outcome, reason="Thiếu giấy tờ" if missing else "Không thuộc thẩm quyền",
            missing=missing, **kw))["number"]
    return {"An": give("Nguyễn Văn An", 9, "DEMO-HT-05", "incomplete",
                       id_number="001099012345"),
            "Bình": give("Trần Thị Bình", 12, "DEMO-CT-03", "incomplete"),
            "Cường": give("Lê Văn Cường", 16, "DEMO-HT-05", "refused",
                          citizen_not_write=True)}


def shown(panel) -> list[str]:
    return [s["applicant_name"] for s in panel.rows]


def wait_shown(qtbot, panel, names: list[str]) -> None:
    qtbot.waitUntil(lambda: sorted(shown(panel)) == sorted(names), timeout=10_000)


def open_tab(qtbot, page):
    page.tabs.setCurrentWidget(page.slips)
    panel = page.slips
    qtbot.waitUntil(lambda: panel.result is not None, timeout=10_000)
    return panel


def test_slips_are_found_by_citizen_number_kind_procedure_and_day(qtbot, slips, open_page):
    page = open_page()
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Hồ sơ", "Phiếu hướng dẫn, từ chối (02, 03)"]
    assert page.table.rows == []                      # slips are not dossiers
    panel = open_tab(qtbot, page)
    assert shown(panel) == ["Lê Văn Cường", "Trần Thị Bình", "Nguyễn Văn An"]  # newest first
    assert panel.count_label.text() == "3 phiếu, mới nhất trước."
    row = [panel.table.item(0, c).text() for c in range(7)]
    assert row[:4] + row[5:] == [slips["Cường"], "Từ chối (03)", "Lê Văn Cường", "",
                                 "16/11/2026 09:30", "Có"]
    assert row[4] == panel.rows[0]["procedure_name"] != ""
    qtbot.keyClicks(panel.search_edit, "nguyen van")          # accents optional
    wait_shown(qtbot, panel, ["Nguyễn Văn An"])
    for text in ("001099012345", slips["Bình"].lower()):
        panel.search_edit.setText(text)
        wait_shown(qtbot, panel, ["Trần Thị Bình"] if "hdhs" in text else ["Nguyễn Văn An"])
    panel.search_edit.clear()
    wait_shown(qtbot, panel, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("refusal"))
    wait_shown(qtbot, panel, ["Lê Văn Cường"])
    panel.kind_combo.setCurrentIndex(0)
    panel.procedure_combo.setCurrentIndex(panel.procedure_combo.findData("DEMO-HT-05"))
    wait_shown(qtbot, panel, ["Nguyễn Văn An", "Lê Văn Cường"])
    panel.from_box.setDate(QDate(2026, 11, 10))                # 10/11 … 16/11, both days in
    wait_shown(qtbot, panel, ["Lê Văn Cường"])
    panel.procedure_combo.setCurrentIndex(0)
    panel.to_box.setDate(QDate(2026, 11, 12))
    wait_shown(qtbot, panel, ["Trần Thị Bình"])
    assert panel.count_label.text() == "Tìm thấy 1 phiếu."
    panel.to_box.setDate(QDate(2026, 11, 9))                   # before "from": said, not lost
    qtbot.waitUntil(lambda: "Ngày kết thúc" in page.message_bar.text(), timeout=10_000)
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    wait_shown(qtbot, panel, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])
    assert panel.from_box.date() == NO_DATE and panel.query().date_from is None


def test_a_slip_shows_its_details_and_prints_again_unchanged(qtbot, slips, open_page):
    page = open_page()
    panel = open_tab(qtbot, page)
    panel.search_edit.setText("cuong")
    wait_shown(qtbot, panel, ["Lê Văn Cường"])
    qtbot.waitUntil(panel.detail.isVisible)               # one slip found: it is shown
    assert panel.detail_heading.text() == \
        f"Phiếu từ chối tiếp nhận giải quyết hồ sơ số {slips['Cường']}"
    text = panel.detail_text.text()
    assert "Không thuộc thẩm quyền" in text and "đánh dấu khi lập phiếu" in text
    assert "Nguyễn Thị Lan" in text                       # canbo1, who gave it and helped
    qtbot.mouseClick(panel.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.shown_pdfs) == 1, timeout=20_000)
    printed = pdftools.flat(page.shown_pdfs[0].read_bytes())
    assert "Lê Văn Cường" in printed and "Không thuộc thẩm quyền" in printed
    assert "16" in printed and "11" in printed and "2026" in printed   # the day it was given


def test_a_slip_number_typed_in_the_dossier_search_opens_the_slips_tab(qtbot, slips,
                                                                       open_page):
    page = open_page()
    qtbot.keyClicks(page.filters.search_edit, slips["Bình"])
    qtbot.waitUntil(lambda: page.tabs.currentWidget() is page.slips, timeout=10_000)
    wait_shown(qtbot, page.slips, ["Trần Thị Bình"])
    qtbot.waitUntil(page.slips.detail.isVisible)
    assert "Bản sao giấy khai sinh" in page.slips.detail_text.text()
    assert date(2026, 11, 12).strftime("%d/%m/%Y") in page.slips.detail_text.text()
