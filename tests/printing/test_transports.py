"""Transports with real bytes: a TCP socket on 127.0.0.1, a pseudo-terminal, files."""

from __future__ import annotations

import time

import pytest

from printing.transports import escpos_link
from printing.errors import (BadPrinterUrl, PaperOut, PrinterTimeout, PrinterUnreachable,
                             PrinterUnsupported)
from printing.transports import FileTransport, TcpTransport, open_transport
from tests.printing import fakes

PAYLOAD = bytes(range(256)) * 300          # 76 800 bytes, every byte value, DLE EOT included


# --- TCP ------------------------------------------------------------------------------------

def test_tcp_bytes_arrive_intact(tcp_printer):
    printer = tcp_printer()
    with open_transport(printer.url, timeout=2) as t:
        assert isinstance(t, TcpTransport)
        t.write(PAYLOAD)
    assert printer.wait_jobs(1) == [PAYLOAD]


def test_tcp_status_is_asked_and_decoded(tcp_printer):
    printer = tcp_printer(fakes.PAPER_OUT)
    with open_transport(printer.url, timeout=2) as t:
        status = t.status()
    assert status.paper_out and isinstance(status.problem(), PaperOut)
    assert printer.queries == [1, 2, 4]
    assert printer.wait_jobs(1) == [b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"]


def test_tcp_error_cause_is_asked_after_an_error(tcp_printer):
    printer = tcp_printer(fakes.CUTTER_JAM)
    with open_transport(printer.url, timeout=2) as t:
        assert t.status().cutter_error
    assert printer.queries == [1, 2, 4, 3]


def test_tcp_printer_that_never_answers_has_an_unknown_status(tcp_printer):
    printer = tcp_printer(status=None)
    t0 = time.monotonic()
    with open_transport(printer.url, timeout=0.4) as t:
        assert t.status() is None
    assert 0.3 < time.monotonic() - t0 < 3
    assert printer.wait_jobs(1) == [b"\x10\x04\x01"]      # asked once, then gave up asking


def test_tcp_close_is_bounded_against_a_flooding_printer(tcp_printer):
    printer = tcp_printer(chatter=fakes.FLOOD, hold_open=True)
    t0 = time.monotonic()
    with open_transport(printer.url + "?status=off", timeout=5) as t:
        t.write(PAYLOAD)
    assert time.monotonic() - t0 < 4          # was: read forever in close()
    assert printer.wait_jobs(1) == [PAYLOAD] and printer.chattered > 0


def test_tcp_status_of_a_flooding_printer_is_unknown_and_bounded(tcp_printer):
    printer = tcp_printer(chatter=fakes.FLOOD)
    t0 = time.monotonic()
    with open_transport(printer.url, timeout=5) as t:
        assert t.status() is None           # the flood holds status-shaped bytes too
    assert time.monotonic() - t0 < 4


def test_tcp_automatic_status_back_is_skipped(tcp_printer):
    printer = tcp_printer(fakes.COVER_OPEN, chatter=fakes.ASB, every=0.002)
    with open_transport(printer.url, timeout=2) as t:
        status = t.status()
    assert status is not None and status.cover_open and printer.queries == [1, 2, 4]


def test_tcp_printer_that_never_closes(tcp_printer):
    printer = tcp_printer(status=None, hold_open=True)
    t0 = time.monotonic()
    with open_transport(printer.url + "?status=off", timeout=5) as t:
        t.write(PAYLOAD)
    assert time.monotonic() - t0 < 3
    assert printer.wait_jobs(1) == [PAYLOAD]


def test_tcp_status_off_skips_the_query(tcp_printer):
    printer = tcp_printer(status=None)
    with open_transport(printer.url + "?status=off", timeout=0.4) as t:
        assert t.status() is None
        t.write(b"\x1b@")
    assert printer.wait_jobs(1) == [b"\x1b@"]


def test_tcp_refused(closed_port):
    with pytest.raises(PrinterUnreachable, match="từ chối kết nối"):
        open_transport(f"tcp:127.0.0.1:{closed_port}", timeout=1)


def test_tcp_unknown_host():
    with pytest.raises(PrinterUnreachable, match="Không tìm thấy máy in"):
        open_transport("tcp:no-such-printer.invalid:9100", timeout=1)


# --- serial over a pseudo-terminal -----------------------------------------------------------

def test_serial_bytes_arrive_intact(serial_printer):
    printer = serial_printer()
    with open_transport(printer.url(), timeout=2) as t:
        t.write(PAYLOAD)
    assert printer.wait_bytes(len(PAYLOAD)) == PAYLOAD


def test_serial_status(serial_printer):
    printer = serial_printer(fakes.COVER_OPEN)
    with open_transport(printer.url("baudrate=9600"), timeout=2) as t:
        status = t.status()
    assert status.cover_open and not status.paper_out and not status.online
    assert printer.queries == [1, 2, 4]


def test_serial_printer_that_never_answers_has_an_unknown_status(serial_printer):
    printer = serial_printer(status=None)
    t0 = time.monotonic()
    with open_transport(printer.url(), timeout=0.3) as t:
        assert t.status() is None
    assert time.monotonic() - t0 < 3


def test_serial_flood_is_bounded(serial_printer):
    printer = serial_printer(chatter=fakes.FLOOD)
    t0 = time.monotonic()
    with open_transport(printer.url(), timeout=5) as t:
        assert t.status() is None
        t.write(PAYLOAD)
    assert time.monotonic() - t0 < 4 and printer.chattered > 0
    assert printer.wait_bytes(len(PAYLOAD) + 3).endswith(PAYLOAD)


def test_serial_automatic_status_back_is_skipped(serial_printer):
    printer = serial_printer(fakes.PAPER_NEAR_END, chatter=fakes.ASB, every=0.002)
    with open_transport(printer.url(), timeout=2) as t:
        status = t.status()
    assert status is not None and status.paper_near_end and not status.paper_out


def test_serial_printer_that_takes_no_data_times_out(serial_printer):
    printer = serial_printer(reading=False)
    t0 = time.monotonic()
    with open_transport(printer.url("baudrate=115200&status=off"), timeout=0.3) as t:
        with pytest.raises(PrinterTimeout, match="ngừng nhận dữ liệu"):
            t.write(PAYLOAD * 20)
    assert time.monotonic() - t0 < 5


def test_serial_missing_port(tmp_path):
    with pytest.raises(PrinterUnreachable, match="Không mở được cổng"):
        open_transport(f"serial:{tmp_path / 'ttyUSB9'}", timeout=0.5)


# --- files -----------------------------------------------------------------------------------

def test_file_appends(tmp_path):
    path = tmp_path / "sub" / "printer.bin"
    for chunk in (b"one", b"two"):
        with open_transport(f"file:{path}") as t:
            assert t.status() is None
            t.write(chunk)
    assert path.read_bytes() == b"onetwo"


def test_file_folder_gets_one_file_per_job(tmp_path):
    folder = tmp_path / "tickets"
    for chunk in (b"one", b"two"):
        with open_transport(f"file:{folder}/") as t:
            assert isinstance(t, FileTransport) and t.path.parent == folder
            t.write(chunk)
    assert sorted(p.read_bytes() for p in folder.iterdir()) == [b"one", b"two"]


def test_file_unwritable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(PrinterUnreachable, match="Không ghi được vào tệp"):
        open_transport(f"file:{blocker}/inside.bin")


# --- USB, Windows queue, CUPS without their packages ---------------------------------------

@pytest.mark.parametrize("url, words", [
    ("win32:EPSON TM-T82III", "pywin32"),
    ("cups:TM_T20", "pycups"),
    ("usb:0x04b8:0x0202", "pyusb"),
])
def test_os_printers_without_their_package(monkeypatch, url, words):
    monkeypatch.setattr(escpos_link, "module_available", lambda name: False)
    with pytest.raises(PrinterUnsupported, match=words) as info:
        open_transport(url)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("url, module", [("win32:X", "win32print"), ("cups:X", "cups")])
def test_os_printers_really_absent_here(url, module, capfd):
    if escpos_link.module_available(module):
        pytest.skip(f"{module} is installed on this machine")
    with pytest.raises(PrinterUnsupported):
        open_transport(url)
    assert "Exception ignored" not in capfd.readouterr().err


def test_usb_with_pyusb_but_no_printer(monkeypatch):
    if not escpos_link.module_available("usb"):
        pytest.skip("pyusb is not installed")
    with pytest.raises((PrinterUnreachable, PrinterUnsupported)):
        open_transport("usb:0xfffe:0xfffe", timeout=0.5)


def test_bad_url_from_open_transport():
    with pytest.raises(BadPrinterUrl):
        open_transport("printer-on-the-left")
