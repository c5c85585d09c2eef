"""Printers this PC can see, as addresses the ticket printer setting takes.

What can be found without sending anything: serial ports (USB-COM adapters and
real COM ports, from pyserial), USB devices of the printer class (pyusb, when it
and a backend are installed), Windows print queues (win32print, on Windows) and
CUPS queues (``lpstat``, on Linux/macOS). A network printer cannot be found this
way; its address is typed (``tcp:192.168.1.50:9100``). Each finder is optional:
one that fails or is missing lists nothing, and never stops the others.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)

USB_PRINTER_CLASS = 7


@dataclass(frozen=True)
class FoundPrinter:
    url: str          # what printer.ticket_url takes
    label: str        # what the administrator reads, in Vietnamese


def serial_printers(ports=None) -> list[FoundPrinter]:
    """Every serial port; printers at 115200 are common, the default stays 9600
    (printing/urls.py) so the address carries no baud rate unless chosen."""
    if ports is None:
        from serial.tools import list_ports
        ports = list_ports.comports()
    found = []
    for port in sorted(ports, key=lambda p: p.device):
        what = port.description if port.description and port.description != "n/a" else ""
        label = f"Cổng nối tiếp {port.device}" + (f" — {what}" if what else "")
        found.append(FoundPrinter(f"serial:{port.device}", label))
    return found


def usb_printers() -> list[FoundPrinter]:
    """USB devices whose interface is of the printer class (needs pyusb + libusb)."""
    try:
        import usb.core
        devices = list(usb.core.find(find_all=True))
    except Exception as exc:      # noqa: BLE001 - no pyusb, no backend, no permission
        log.info("USB printers not listed: %s", type(exc).__name__)
        return []
    found = []
    for dev in devices:
        try:
            classes = {i.bInterfaceClass for cfg in dev for i in cfg}
        except Exception:         # noqa: BLE001 - a device that cannot be read
            continue
        if USB_PRINTER_CLASS in classes or dev.bDeviceClass == USB_PRINTER_CLASS:
            ids = f"0x{dev.idVendor:04x}:0x{dev.idProduct:04x}"
            found.append(FoundPrinter(f"usb:{ids}", f"Máy in USB {ids}"))
    return found


def windows_printers() -> list[FoundPrinter]:
    """Print queues of Windows (win32print from pywin32; absent elsewhere)."""
    if sys.platform != "win32":
        return []
    try:
        import win32print
        flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
        names = [p[2] for p in win32print.EnumPrinters(flags)]
    except Exception as exc:      # noqa: BLE001 - pywin32 missing or the spooler stopped
        log.info("Windows printers not listed: %s", type(exc).__name__)
        return []
    return [FoundPrinter(f"win32:{n}", f"Máy in Windows “{n}”") for n in sorted(names)]


def cups_printers(run=subprocess.run) -> list[FoundPrinter]:
    """CUPS queues by ``lpstat -e`` (one name per line)."""
    if sys.platform == "win32" or shutil.which("lpstat") is None:
        return []
    try:
        done = run(["lpstat", "-e"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("CUPS printers not listed: %s", type(exc).__name__)
        return []
    names = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    return [FoundPrinter(f"cups:{n}", f"Hàng in CUPS “{n}”") for n in sorted(names)]


def detect() -> list[FoundPrinter]:
    """Every printer address found, USB first (the usual ticket printer)."""
    return usb_printers() + serial_printers() + windows_printers() + cups_printers()
