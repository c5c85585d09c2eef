"""Printer addresses: the forms that work and clear Vietnamese refusals."""

from __future__ import annotations

import pytest

from printing.errors import BadPrinterUrl
from printing.urls import DEFAULT_TCP_PORT, PrinterUrl, host_port, parse_url, usb_ids


@pytest.mark.parametrize("url, scheme, target, options", [
    ("usb:0x04b8:0x0202", "usb", "0x04b8:0x0202", {}),
    ("serial:/dev/ttyUSB0?baudrate=9600", "serial", "/dev/ttyUSB0", {"baudrate": "9600"}),
    ("SERIAL:COM3", "serial", "COM3", {}),
    ("tcp:192.0.2.10:9100", "tcp", "192.0.2.10:9100", {}),
    ("tcp://printer.local:9100?status=off", "tcp", "printer.local:9100", {"status": "off"}),
    ("win32:EPSON TM-T82III Receipt", "win32", "EPSON TM-T82III Receipt", {}),
    ("win32:Máy in phiếu?", "win32", "Máy in phiếu?", {}),
    ("cups:TM_T20", "cups", "TM_T20", {}),
    ("file:/var/tmp/phiếu.bin", "file", "/var/tmp/phiếu.bin", {}),
    ("file:///var/tmp/x.bin", "file", "/var/tmp/x.bin", {}),
    ("file:C:\\Phieu\\x.bin", "file", "C:\\Phieu\\x.bin", {}),
    ("  tcp:h  ", "tcp", "h", {}),
])
def test_parse(url, scheme, target, options):
    assert parse_url(url) == PrinterUrl(scheme, target, options)


@pytest.mark.parametrize("url, words", [
    ("", "Chưa có địa chỉ máy in"),
    ("   ", "Chưa có địa chỉ máy in"),
    ("lpt1", "không được hỗ trợ"),
    ("http://printer/", "không được hỗ trợ"),
    ("tcp:", "thiếu tên"),
    ("serial:?baudrate=9600", "thiếu tên"),
    ("tcp:host?speed=fast", "tùy chọn speed"),
    ("file:/x?status=off", None),      # a file path is taken whole, no options
])
def test_bad_urls(url, words):
    if words is None:
        assert parse_url(url).target == "/x?status=off"
        return
    with pytest.raises(BadPrinterUrl) as info:
        parse_url(url)
    assert words in str(info.value)
    assert info.value.exit_code == 2 and info.value.code == "bad_url"


@pytest.mark.parametrize("target, expected", [
    ("10.0.0.5:9101", ("10.0.0.5", 9101)), ("10.0.0.5", ("10.0.0.5", DEFAULT_TCP_PORT)),
    ("[::1]:9100", ("::1", 9100)), ("[fe80::1]", ("fe80::1", DEFAULT_TCP_PORT)),
])
def test_host_port(target, expected):
    assert host_port(PrinterUrl("tcp", target)) == expected


@pytest.mark.parametrize("target", ["h:0", "h:70000", "h:abc", ":9100"])
def test_bad_host_port(target):
    with pytest.raises(BadPrinterUrl):
        host_port(PrinterUrl("tcp", target))


def test_usb_ids():
    assert usb_ids(PrinterUrl("usb", "0x04b8:0x0202")) == (0x04B8, 0x0202)
    assert usb_ids(PrinterUrl("usb", "0416:5011")) == (0x0416, 0x5011)
    for bad in ("04b8", "xyz:1", "1:2:3", "10000:1"):
        with pytest.raises(BadPrinterUrl, match="hệ 16"):
            usb_ids(PrinterUrl("usb", bad))


def test_options():
    url = parse_url("serial:COM3?baudrate=19200&rtscts=on&status=off")
    assert url.integer("baudrate", 9600, 300, 4_000_000) == 19200
    assert url.flag("rtscts", False) and not url.flag("status", True)
    assert url.flag("xonxoff", False) is False
    with pytest.raises(BadPrinterUrl, match="baudrate"):
        parse_url("serial:COM3?baudrate=fast").integer("baudrate", 9600, 300, 4_000_000)
    with pytest.raises(BadPrinterUrl, match="status=on"):
        parse_url("tcp:h?status=maybe").flag("status", True)
