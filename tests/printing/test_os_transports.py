"""The Windows-queue and CUPS wrappers drive python-escpos's real classes; only the OS
module underneath (win32print, cups) is a fake that records what it is asked to do."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from printing.transports import escpos_link
from printing.errors import PrinterUnreachable
from printing.escpos_bytes import escpos_modules
from printing.transports import open_transport

PAYLOAD = b"\x1b@" + bytes(range(256)) * 40 + b"\x1dV\x00"


class FakeWin32Print:
    PRINTER_ENUM_NAME = 2

    def __init__(self, names):
        self.names, self.calls, self.data = names, [], bytearray()

    def EnumPrinters(self, flags, name, level):
        return [{"pPrinterName": n} for n in self.names]

    def GetDefaultPrinter(self):
        return self.names[0]

    def OpenPrinter(self, name):
        self.calls.append(("open", name))
        return "handle"

    def StartDocPrinter(self, handle, level, info):
        self.calls.append(("start", info[2]))
        return 1

    def StartPagePrinter(self, handle):
        pass

    def WritePrinter(self, handle, data):
        self.data += data

    def EndPagePrinter(self, handle):
        pass

    def EndDocPrinter(self, handle):
        self.calls.append(("end",))

    def ClosePrinter(self, handle):
        self.calls.append(("close",))


@pytest.fixture
def win32(monkeypatch):
    escpos_modules()
    from escpos.printer import win32raw
    fake = FakeWin32Print(["Máy in phiếu", "Microsoft Print to PDF"])
    monkeypatch.setattr(win32raw, "_DEP_WIN32PRINT", True)
    monkeypatch.setattr(win32raw, "win32print", fake, raising=False)
    monkeypatch.setattr(win32raw, "pywintypes", types.SimpleNamespace(error=OSError),
                        raising=False)
    monkeypatch.setattr(escpos_link, "module_available", lambda name: True)
    return fake


def test_windows_queue_gets_one_raw_job(win32):
    with open_transport("win32:Máy in phiếu") as t:
        assert t.status() is None
        t.write(PAYLOAD)
    assert bytes(win32.data) == PAYLOAD
    assert win32.calls == [("open", "Máy in phiếu"), ("start", "RAW"), ("end",), ("close",)]


def test_windows_queue_unknown_printer(win32):
    with pytest.raises(PrinterUnreachable, match="Không tìm thấy máy in “Máy khác”"):
        open_transport("win32:Máy khác")


class FakeCups(types.SimpleNamespace):
    CUPS_FORMAT_RAW = "application/vnd.cups-raw"


@pytest.fixture
def cups(monkeypatch):
    escpos_modules()
    from escpos.printer import cups as cups_printer
    jobs = []

    class Connection:
        def getPrinters(self):
            return {"TM_T20": {"printer-state": 3}}

        def getDefault(self):
            return "TM_T20"

        def printFile(self, name, path, title, options):
            jobs.append((name, Path(path).read_bytes(), options))
    fake = FakeCups(Connection=Connection, setServer=lambda h: None, setPort=lambda p: None)
    monkeypatch.setattr(cups_printer, "_DEP_PYCUPS", True)
    monkeypatch.setattr(cups_printer, "cups", fake, raising=False)
    monkeypatch.setattr(cups_printer, "DEFAULT_HOST", "localhost", raising=False)
    monkeypatch.setattr(cups_printer, "DEFAULT_PORT", 631, raising=False)
    monkeypatch.setattr(escpos_link, "module_available", lambda name: True)
    return jobs


def test_cups_submits_the_bytes_raw_on_close(cups):
    with open_transport("cups:TM_T20") as t:
        t.write(PAYLOAD)
        assert cups == []
    assert cups == [("TM_T20", PAYLOAD, {"document-format": FakeCups.CUPS_FORMAT_RAW})]


def test_cups_unknown_printer(cups):
    with pytest.raises(PrinterUnreachable, match="Không tìm thấy máy in “TM_T88”"):
        open_transport("cups:TM_T88")
