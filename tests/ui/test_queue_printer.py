"""The queue page's ticket printer panel: a kiosk's printer trouble reaches the counter
through the database, and an unprinted ticket is printed again with "In lại"."""

from __future__ import annotations

import pytest

from counter_app.services import ticket_printing
from tests.printing import fakes
from tests.printing.conftest import tcp_printer  # noqa: F401 (fixture)
from tests.printing.escpos_decode import decode_qr, parse, raster_image
from tests.ui.test_queue_page import kiosk  # noqa: F401 (fixture: its own Core, same file)
from ui.pages.queue import QueuePage
from ui.qt import Qt


@pytest.fixture
def page(qtbot, log_in):
    window = log_in("canbo1")
    page = window.open_section("queue")
    assert isinstance(page, QueuePage)
    qtbot.waitUntil(lambda: page.view is not None)
    yield page
    page.printer_panel.dispose()


def test_nothing_shows_while_the_printer_is_fine(qtbot, page, kiosk,  # noqa: F811
                                                 tcp_printer):  # noqa: F811
    ticket_printing.issue_and_print(kiosk, "A", url=tcp_printer().url)
    page.refresh()
    qtbot.wait(300)
    assert not page.printer_panel.isVisible()


def test_paper_out_at_the_kiosk_alerts_and_in_lai_reprints(qtbot, page, kiosk,  # noqa: F811
                                                           worker,
                                                           tcp_printer, tmp_path):  # noqa: F811
    ticket, result = ticket_printing.issue_and_print(kiosk, "A", url=tcp_printer(
        fakes.PAPER_OUT).url)
    assert not result.ok
    panel = page.printer_panel
    page.refresh()
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.reprint_buttons), timeout=5_000)
    [alert] = panel.alert_labels
    assert alert.text().startswith("Máy in phiếu số thứ tự đã hết giấy")
    assert "Máy in hết giấy" in alert.toolTip()          # the technical reason, for staff
    assert list(panel.reprint_buttons) == [ticket["id"]]
    assert panel.reprint_buttons[ticket["id"]].text() == "In lại"

    target = tmp_path / "counter-printer.bin"
    worker.call(lambda core: setattr(core.config.printer, "ticket_url", f"file:{target}"))
    qtbot.mouseClick(panel.reprint_buttons[ticket["id"]], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message_bar.text() == "Đã in lại phiếu A001.", timeout=10_000)
    [qr] = decode_qr(raster_image(parse(target.read_bytes())))
    assert qr == ticket_printing.qr_text(ticket)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5_000)   # printed, alert cleared


def test_paper_near_end_is_a_warning_without_unprinted_tickets(qtbot, page, kiosk,  # noqa: F811
                                                               tcp_printer):  # noqa: F811
    ticket_printing.issue_and_print(kiosk, "A", url=tcp_printer(fakes.PAPER_NEAR_END).url)
    panel = page.printer_panel
    page.refresh()
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=5_000)
    [alert] = panel.alert_labels
    assert alert.text().startswith("Giấy trong máy in phiếu số thứ tự sắp hết")
    assert panel.reprint_buttons == {}


def test_the_status_bar_alerts_staff_on_any_page(qtbot, log_in, kiosk,  # noqa: F811
                                                 tcp_printer):  # noqa: F811
    """The officer is on the intake page while serving: the status bar carries the alert."""
    window = log_in("canbo1")
    window.open_section("intake")
    status = window.status
    qtbot.waitUntil(lambda: status.pending is not None)
    assert not status.printer_label.isVisible()

    ticket_printing.issue_and_print(kiosk, "A", url=tcp_printer(fakes.PAPER_OUT).url)
    status.timer.timeout.emit()
    qtbot.waitUntil(status.printer_label.isVisible, timeout=5_000)
    assert status.printer_label.text().startswith("⚠ Máy in phiếu số thứ tự đã hết giấy")
    assert "Máy in hết giấy" in status.printer_label.toolTip()

    ticket_printing.issue_and_print(kiosk, "A", url=tcp_printer().url)   # paper replaced
    status.timer.timeout.emit()
    qtbot.waitUntil(lambda: not status.printer_label.isVisible(), timeout=5_000)
