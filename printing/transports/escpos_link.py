"""What USB, Windows print-queue and CUPS printers share: python-escpos's printer
classes used as a byte pipe (usb.py and os_queue.py open them).

Each needs a package that is optional or bound to one OS (pyusb with libusb,
pywin32, pycups). python-escpos 3.1 raises a bare RuntimeError inside the
constructor when it is missing, then prints "Exception ignored in __del__"
noise; so the module is looked for first and its absence becomes a clear
Vietnamese :class:`PrinterUnsupported`.

Status is not queried on these links: the Windows spooler and CUPS do not pass
replies back, and USB bulk-in replies are unverified without hardware.
"""

from __future__ import annotations

import importlib.util
import logging

from printing.errors import PrinterTimeout, PrinterUnreachable, PrinterUnsupported, PrintError
from printing.transports.base import CHUNK, Transport
from printing.urls import PrinterUrl

log = logging.getLogger(__name__)

MISSING = {
    "usb": ("usb", "Chưa cài gói pyusb (và thư viện libusb) nên không in trực tiếp qua USB "
            "được. Trên Windows hãy dùng địa chỉ win32:Tên máy in; trên Linux hãy cài pyusb."),
    "win32": ("win32print", "In qua hàng đợi máy in của Windows (win32:) chỉ dùng được trên "
              "Windows và cần gói pywin32. Trên máy này hãy dùng địa chỉ tcp:, serial: hoặc usb:."),
    "cups": ("cups", "In qua CUPS (cups:) cần gói pycups. Hãy cài pycups, hoặc dùng địa chỉ "
             "tcp:, serial: hoặc usb:."),
}


NO_LIBUSB = ("Chưa có thư viện libusb nên không in trực tiếp qua USB được. Trên Linux hãy cài "
             "gói libusb-1.0-0; trên Windows hãy dùng địa chỉ win32:Tên máy in.")


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class EscposTransport(Transport):
    """A python-escpos printer object used only as a byte pipe."""

    def __init__(self, printer, label: str, timeout: float) -> None:
        super().__init__(label, timeout)
        self._printer = printer

    def write(self, data: bytes) -> None:
        try:
            for start in range(0, len(data), CHUNK):    # the USB timeout is per transfer
                self._printer._raw(data[start:start + CHUNK])
        except Exception as exc:
            if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
                raise PrinterTimeout(f"Máy in ({self.label}) ngừng nhận dữ liệu quá "
                                     f"{self.timeout:g} giây. Hãy kiểm tra máy in.") from exc
            raise PrinterUnreachable(f"Lỗi khi gửi tới máy in ({self.label}): {exc}. "
                                     "Hãy kiểm tra máy in rồi in lại.") from exc

    def close(self) -> None:
        # The Windows spooler and CUPS only submit the job here.
        try:
            self._printer.close()
        except Exception as exc:
            raise PrinterUnreachable(f"Không gửi được lệnh in tới máy in ({self.label}): "
                                     f"{exc}.") from exc


def open_escpos(url: PrinterUrl, label: str, timeout: float, where: str, hint: str,
                open_printer) -> Transport:
    """``open_printer()`` → an opened python-escpos printer, wrapped; its failures become
    PrintErrors that say ``where`` the printer was looked for and what to check (``hint``)."""
    module, message = MISSING[url.scheme]
    if not module_available(module):
        raise PrinterUnsupported(message)
    try:
        printer = open_printer()
    except PrintError:
        raise
    except Exception as exc:
        if type(exc).__name__ == "NoBackendError":       # pyusb without libusb
            raise PrinterUnsupported(NO_LIBUSB) from exc
        log.warning("cannot open %s: %r", label, exc)
        if type(exc).__name__ == "DeviceNotFoundError":
            raise PrinterUnreachable(f"Không tìm thấy máy in {where}. Hãy kiểm tra {hint}."
                                     ) from exc
        raise PrinterUnreachable(f"Không mở được máy in {where} ({exc}). Hãy kiểm tra {hint}."
                                 ) from exc
    return EscposTransport(printer, label, timeout)
