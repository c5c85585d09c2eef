"""``win32:NAME`` and ``cups:NAME``: a printer queue of the operating system, sent RAW.

The Windows spooler and CUPS do not pass replies back, so status is unknown;
the job is submitted when the transport closes.
"""

from __future__ import annotations

from printing.escpos_bytes import escpos_modules
from printing.transports.base import Transport
from printing.transports.escpos_link import open_escpos
from printing.urls import PrinterUrl

JOB_NAME = "Phieu so thu tu"


def open_os_queue(url: PrinterUrl, label: str, timeout: float) -> Transport:
    def open_printer():
        printers, _ = escpos_modules()
        cls = printers.Win32Raw if url.scheme == "win32" else printers.CupsPrinter
        printer = cls(url.target)
        printer.open(job_name=JOB_NAME)
        return printer
    return open_escpos(url, label, timeout, f"“{url.target}”",
                       "tên máy in trong phần cài đặt máy in của hệ điều hành", open_printer)
