"""The counter window offers a USB-COM scanner it finds, and uses it once the officer agrees.

The scanner is a real pseudo-terminal; its USB id comes in pyserial's own port
record, as ``list_ports.comports()`` would describe a Honeywell scanner.
"""

from __future__ import annotations

import sys

import pytest
from serial.tools import list_ports

from counter_app import config as config_mod
from tests.core.test_scanner_ports import record
from tests.core.test_serial_scanner import QR, Pty
from ui.qt import Qt
from ui.scanner import ScannerSettings
from ui.scanner_offer import ScannerOffer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def pty():
    p = Pty()
    yield p
    p.unplug()


def make_offer(qtbot, worker, ports, **kw) -> ScannerOffer:
    offer = ScannerOffer(ScannerSettings(), worker, ports=ports, **kw)
    qtbot.addWidget(offer)
    offer.start()
    return offer


def test_a_known_scanner_is_offered_and_saved_only_on_yes(qtbot, worker, demo_paths, pty):
    offer = make_offer(qtbot, worker, [record(pty.path, 0x0C2E, 0x0B81)])
    qtbot.waitUntil(offer.isVisible)
    assert offer.label.text() == (f"Đã tìm thấy máy quét (Honeywell (Metrologic)) ở cổng "
                                  f"{pty.path} — Dùng cổng này?")
    assert config_mod.load(demo_paths[1]).scanner.mode == "hid"      # nothing saved yet
    with qtbot.waitSignal(offer.chosen) as chosen:
        qtbot.mouseClick(offer.use_button, Qt.MouseButton.LeftButton)
    assert chosen.args[0].mode == "serial" and chosen.args[0].port == pty.path
    saved = config_mod.load(demo_paths[1]).scanner
    assert (saved.mode, saved.port) == ("serial", pty.path)
    assert not offer.isVisible()


def test_a_port_that_sends_a_code_is_offered(qtbot, worker, pty):
    offer = make_offer(qtbot, worker, [record(pty.path, 0x1A86, 0x7523)], listen_seconds=5.0)
    qtbot.wait(300)
    assert not offer.isVisible()
    pty.write(b"000.17.22.H56-261206-0001\r")
    qtbot.waitUntil(offer.isVisible, timeout=5_000)
    assert offer.found.how == "code" and pty.path in offer.label.text()
    qtbot.mouseClick(offer.later_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible()


def test_the_counter_window_switches_to_the_scanner_it_found(qtbot, monkeypatch, log_in, pty):
    monkeypatch.setattr(list_ports, "comports", lambda: [record(pty.path, 0x0C2E, 0x0B81)])
    window = log_in("canbo1")
    qtbot.waitUntil(lambda: window.scanner_offer is not None and window.scanner_offer.isVisible(),
                    timeout=5_000)
    assert window.scanners.serial is None
    qtbot.mouseClick(window.scanner_offer.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scanners.serial is not None
                    and window.scanners.serial.last_status is not None, timeout=5_000)
    assert window.scanners.serial.last_status[1] is True
    pty.write(QR.encode("utf-8") + b"\r\n")
    page = window.pages["intake"]
    qtbot.waitUntil(lambda: page.applicant.edits["full_name"].text() == "Nguyễn Văn An",
                    timeout=5_000)
    assert window.stack.currentWidget() is page
