"""``usb:VID:PID``: a USB printer driven directly through pyusb (libusb).

Status is not asked: USB bulk-in replies are unverified without hardware.
"""

from __future__ import annotations

from printing.escpos_bytes import escpos_modules
from printing.transports.base import Transport
from printing.transports.escpos_link import open_escpos
from printing.urls import PrinterUrl, usb_ids


def open_usb(url: PrinterUrl, label: str, timeout: float) -> Transport:
    vid, pid = usb_ids(url)

    def open_printer():
        printers, _ = escpos_modules()
        printer = printers.Usb(vid, pid, timeout=int(timeout * 1000),
                               in_ep=url.integer("in_ep", 0x82, 0, 255),
                               out_ep=url.integer("out_ep", 0x01, 0, 255))
        printer.open()
        return printer
    return open_escpos(url, label, timeout, f"USB {vid:04x}:{pid:04x}",
                       "dây cáp, máy in đã bật và quyền truy cập USB", open_printer)
