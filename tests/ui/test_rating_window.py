"""The rating screen: asks after a service ends at its counter, one tap records one
rating (with reasons), a polite timeout, and a service is never asked about twice."""

from __future__ import annotations

import json

import pytest

from counter_app.services import officers, queue
from counter_app.services.core import Core
from counter_app.services.setup import DEMO_PASSWORD
from ui.public.rating import RatingWindow
from ui.qt import Qt


def serve(demo_paths, counter: int = 1) -> str:
    """canbo2 calls, serves and finishes a ticket at ``counter`` (another connection)."""
    with Core.open(*demo_paths, system=True) as core:
        ticket = queue.issue_ticket(core, "A")
        officers.authenticate(core, "canbo2", DEMO_PASSWORD)
        queue.call_number(core, counter, ticket["number"])
        queue.act(core, ticket["id"], "start", counter)
        queue.act(core, ticket["id"], "finish", counter)
        return ticket["id"]


def rows(worker) -> list[dict]:
    return worker.call(lambda core: [dict(r) for r in core.conn.execute(
        "SELECT * FROM ratings")])


@pytest.fixture
def screen(qtbot, worker, info):
    window = RatingWindow(worker, info, counter=1, poll_ms=50, ask_ms=1_500, thanks_ms=300)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: len(window.ask_page.buttons) == 4)
    yield window
    window.dispose()


def test_a_finished_service_is_rated_with_one_tap(qtbot, screen, worker, demo_paths):
    assert screen.stack.currentWidget() is screen.idle_page
    ticket_id = serve(demo_paths)
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.ask_page)
    page = screen.ask_page
    assert page.officer_label.text() == "Trần Văn Hùng (mẫu)"
    assert [b.text() for b in page.buttons.values()] == [
        "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
    page.checks["Thời gian chờ đợi"].setChecked(True)
    qtbot.mouseClick(page.buttons["satisfied"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.buttons["very_satisfied"], Qt.MouseButton.LeftButton)   # ignored
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.thanks_page)
    assert screen.thanks_label.text() == "Xin cảm ơn ông/bà đã đánh giá!"
    [rating] = rows(worker)
    assert (rating["ticket_id"], rating["level"], json.loads(rating["reasons"]),
            rating["source"]) == (ticket_id, "satisfied", ["Thời gian chờ đợi"], "screen")
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.idle_page)
    qtbot.wait(300)                                  # polls again: nothing left to ask
    assert screen.stack.currentWidget() is screen.idle_page and len(rows(worker)) == 1


def test_nobody_taps_a_polite_goodbye_and_no_second_question(qtbot, screen, worker,
                                                            demo_paths):
    serve(demo_paths)
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.ask_page)
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.thanks_page, timeout=3_000)
    assert "Chúc ông/bà một ngày tốt lành" in screen.thanks_label.text()
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.idle_page)
    qtbot.wait(300)
    assert screen.stack.currentWidget() is screen.idle_page
    assert rows(worker) == []


def test_another_counter_is_not_asked(qtbot, screen, demo_paths):
    serve(demo_paths, counter=2)
    qtbot.wait(400)
    assert screen.stack.currentWidget() is screen.idle_page


def test_rating_screenshots_at_1366x768(qapp, tmp_path):
    from tools.screenshots import main
    from ui.qt import QPixmap
    assert main(["rating", str(tmp_path), "--size", "1366x768"]) == 0
    sizes = {p.name: (QPixmap(str(p)).width(), QPixmap(str(p)).height())
             for p in tmp_path.glob("*.png")}
    assert sizes == {f"{name}-1366x768.png": (1366, 768)
                     for name in ("rating", "rating-idle", "rating-thanks")}
