"""Finding a USB-COM scanner: by its USB id (a real pyserial port record) or by a valid code
sent on a real pseudo-terminal while we listen."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from serial.tools.list_ports_common import ListPortInfo

from counter_app.devices.scanner_ports import (by_usb_id, code_check, find_scanner, listen,
                                               printer_ports, usb_serial_ports)
from counter_app.domain.codes import CodeFormat
from tests.core.test_serial_scanner import QR, Pty

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

IS_CODE = code_check(CodeFormat("{agency}-{yymmdd}-{seq:04d}"))


def record(device: str, vid: int | None = None, pid: int | None = None) -> ListPortInfo:
    """A port as ``list_ports.comports()`` describes it (pyserial's own record type)."""
    info = ListPortInfo(device, skip_link_detection=True)
    info.vid, info.pid = vid, pid
    return info


@pytest.fixture
def ptys():
    made = [Pty(), Pty()]
    yield made
    for p in made:
        p.unplug()


def test_a_known_scanner_vendor_is_found_by_its_usb_id():
    ports = [record("/dev/ttyS0"), record("/dev/ttyUSB0", 0x1A86, 0x7523),
             record("/dev/ttyACM0", 0x0C2E, 0x0B81)]
    found = by_usb_id(ports)
    assert found is not None and found.port == "/dev/ttyACM0" and found.how == "usb"
    assert "Honeywell" in found.maker
    assert by_usb_id([record("COM4", 0x1EAB, 0x1306)]).maker == "Newland"
    assert by_usb_id([record("COM5", 0x0DB5, 0x0139)]) is not None      # a product match
    assert by_usb_id([record("COM6", 0x0DB5, 0x0001)]) is None
    assert by_usb_id(ports, exclude=["/dev/ttyACM0"]) is None            # the printer's port


def test_only_usb_ports_are_candidates_and_the_printer_port_is_skipped():
    ports = [record("COM1"), record("COM3", 0x1A86, 0x7523), record("COM4", 0x067B, 0x2303)]
    assert [p.device for p in usb_serial_ports(ports, printer_ports("serial:com4?baudrate=9600"))] \
        == ["COM3"]
    assert printer_ports("tcp:192.0.2.10:9100") == set()
    assert printer_ports("serial:///dev/ttyUSB1") == {"/dev/ttyusb1"}


def test_a_port_that_sends_a_valid_code_is_found(ptys):
    quiet, scanner = ptys
    ports = [record(quiet.path, 0x1A86, 0x7523), record(scanner.path, 0x0483, 0x5740)]
    result = {}
    thread = threading.Thread(target=lambda: result.update(
        found=find_scanner(IS_CODE, ports=ports, listen_seconds=5.0)))
    thread.start()
    time.sleep(0.3)
    scanner.write(b"\xff garbage\r\n")                  # not a code: keep listening
    time.sleep(0.1)
    scanner.write(QR.encode("utf-8") + b"\r\n")
    thread.join(6.0)
    assert not thread.is_alive()
    found = result["found"]
    assert found is not None and found.port == scanner.path and found.how == "code"


def test_a_code_without_suffix_counts_after_the_silence(ptys):
    _quiet, scanner = ptys
    result = {}
    thread = threading.Thread(target=lambda: result.update(
        found=listen([scanner.path], IS_CODE, 5.0)))
    thread.start()
    time.sleep(0.2)
    scanner.write(b"000.17.22.H56-261206-0001")
    thread.join(6.0)
    assert result["found"].port == scanner.path


def test_listening_ends_in_time_or_when_stopped_and_skips_missing_ports(ptys, tmp_path):
    quiet, _scanner = ptys
    started = time.monotonic()
    assert listen([quiet.path, str(tmp_path / "gone")], IS_CODE, 0.3) is None
    assert time.monotonic() - started < 2.0
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    assert listen([quiet.path], IS_CODE, 30.0, stop=stop) is None
    assert time.monotonic() - started < 2.0
    assert find_scanner(IS_CODE, ports=[record(quiet.path, 0x1A86, 0x7523)]) is None  # no listening
