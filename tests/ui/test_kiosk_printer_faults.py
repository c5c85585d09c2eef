"""The kiosk with misbehaving printers: what the citizen reads for each kind of failure
(short, plain, no technical words), and a printer thread that never gets stuck."""

from __future__ import annotations

import re
import time

import pytest

from tests.printing import fakes
from tests.printing.escpos_decode import decode_qr, parse, raster_image
from tests.printing.conftest import closed_port, serial_printer, tcp_printer  # noqa: F401
from tests.ui.test_kiosk import kiosk, set_printer, tap, wait_for_print  # noqa: F401

TROUBLE = ("Máy in vé đang gặp sự cố. Quý khách vui lòng ghi nhớ số thứ tự trên màn hình và "
           "chờ được gọi.")
PAPER_OUT = ("Máy in vé đã hết giấy. Quý khách vui lòng ghi nhớ số thứ tự trên màn hình và "
             "chờ được gọi.")


def technical(text: str) -> list[str]:
    """Whatever in ``text`` a citizen should not have to read."""
    patterns = [r"\d", r"errno", r"tcp|serial|usb|win32|cups|file:", r"/|\\", r"COM\d",
                r"\b(error|timeout|refused|printer|connection|offline|status)\b", r"https?:"]
    return [p for p in patterns if re.search(p, text, re.IGNORECASE)]


@pytest.fixture
def failing_urls(tcp_printer, serial_printer, closed_port, tmp_path):  # noqa: F811
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    return {
        "paper_out": lambda: tcp_printer(fakes.PAPER_OUT).url,
        "cover_open": lambda: tcp_printer(fakes.COVER_OPEN).url,
        "not_ready": lambda: tcp_printer(fakes.CUTTER_JAM).url,
        "unreachable": lambda: f"tcp:127.0.0.1:{closed_port}",
        "file": lambda: f"file:{blocker / 'printer' / 'out.escpos'}",
        "serial_missing": lambda: f"serial:{tmp_path / 'ttyUSB7'}",
        "timeout": lambda: serial_printer(reading=False).url("baudrate=115200&status=off"),
        "unsupported": lambda: "win32:EPSON TM-T82III Receipt",
        "bad_url": lambda: "lpt1",
    }


@pytest.mark.parametrize("kind", ["paper_out", "cover_open", "not_ready", "unreachable", "file",
                                  "serial_missing", "timeout", "unsupported", "bad_url"])
def test_the_citizen_reads_a_short_plain_message(qtbot, kiosk, worker, failing_urls,  # noqa: F811
                                                 kind):
    set_printer(worker, failing_urls[kind]())
    kiosk.printer._timeout = 0.5
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)
    qtbot.waitUntil(lambda: kiosk.result_page.print_failed, timeout=10_000)
    text = kiosk.result_page.print_label.text()
    assert text == (PAPER_OUT if kind == "paper_out" else TROUBLE)
    assert technical(text) == []
    [ticket] = wait_for_print(qtbot, worker, "A001")
    assert ticket["printed"] == 0 and ticket["print_error"]      # the reason stays for staff


def test_a_failure_after_the_screen_moved_on_names_the_number(qtbot, kiosk, worker,  # noqa: F811
                                                              tcp_printer):  # noqa: F811
    set_printer(worker, tcp_printer(fakes.PAPER_OUT).url)
    tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.result_page)
    kiosk.show_start()
    qtbot.waitUntil(lambda: kiosk.notice.isVisible(), timeout=10_000)
    text = kiosk.notice.text_label.text()
    assert text == ("Máy in vé đã hết giấy. Quý khách vui lòng ghi nhớ số A001 và chờ được "
                    "gọi.")
    assert technical(text.replace("A001", "")) == []


@pytest.mark.parametrize("misbehaviour", [
    dict(chatter=fakes.FLOOD, hold_open=True), dict(status=None, hold_open=True),
    dict(chatter=fakes.ASB, every=0.005)], ids=["flood", "silent", "asb"])
def test_the_printer_thread_is_never_stuck(qtbot, kiosk, worker, tcp_printer,  # noqa: F811
                                           misbehaviour):
    printer = tcp_printer(**misbehaviour)
    set_printer(worker, printer.url)
    t0 = time.monotonic()
    for n, number in enumerate(["A001", "A002"], start=1):
        tap(qtbot, kiosk.start_page.tiles["HOTICH"].button)
        qtbot.waitUntil(lambda: kiosk.result_page.number_label.text() == number)
        qtbot.waitUntil(lambda: kiosk.result_page.print_label.text()
                        == "Mời quý khách nhận phiếu và chờ gọi số.", timeout=10_000)
        job = printer.wait_jobs(n)[-1]
        [qr] = decode_qr(raster_image(parse(job[job.index(b"\x1b@"):])))
        assert qr.startswith("SOTHUTU|") and f"|{number}|" in qr
        wait_for_print(qtbot, worker, number)
        kiosk._guard_timer.stop()
        kiosk.show_start()
    assert time.monotonic() - t0 < 15
