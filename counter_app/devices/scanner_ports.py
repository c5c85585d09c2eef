"""Finding a USB-COM scanner among the serial ports, so the app can offer to use it.

Two clues, cheapest first:

1. The USB vendor (or vendor and product) of a port, as pyserial's
   ``list_ports`` reports it: makers that build barcode scanners.
2. A USB serial port that sends a valid code (an ID card's QR, a dossier code,
   a ticket) while we listen: cheap scanners (Netum, Eyoyo, Zebex and other
   unbranded ones) use general USB-serial chips (QinHeng CH340, Prolific,
   STMicroelectronics VCP) that other devices use too, so their ids prove
   nothing; what they send does.

Ports without a USB id (built-in COM1, Bluetooth) and the ports the ticket
printer uses are never opened. Listening is bounded in time and can be
stopped; the caller runs it off the GUI thread. Nothing here is saved: the
caller asks the officer first. No Qt.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import serial
from serial.tools import list_ports

from counter_app.devices.serial_scanner import LINE_TIMEOUT, MAX_LINE, close_quietly, split_lines
from counter_app.domain.codes import CodeFormat
from counter_app.domain.scans import classify

log = logging.getLogger(__name__)

# USB vendor ids of barcode-scanner makers, from the USB ID Repository
# (http://www.linux-usb.org/usb.ids, mirrored at github.com/usbids/usbids;
# version 2026.06.10). Zebex, Netum and Winson have no entry there.
SCANNER_VENDORS = {
    0x0536: "Honeywell (Hand Held Products)",
    0x05E0: "Zebra (Symbol Technologies)",
    0x05F9: "Datalogic (PSC Scanning)",
    0x065A: "Opticon",
    0x067E: "Honeywell (Intermec)",
    0x080C: "Datalogic",
    0x0C2E: "Honeywell (Metrologic)",
    0x1EAB: "Newland",
    0x27DD: "Mindeo",
}
# Single products of makers who also build other things (same source).
SCANNER_PRODUCTS = {
    (0x0DB5, 0x0139): "Access IS (mô-đun mã vạch)",
}
LISTEN_SECONDS = 60.0     # how long a start-up search listens for a scan on unknown ports
POLL_SECONDS = 0.02

IsCode = Callable[[bytes], bool]


@dataclass(frozen=True)
class FoundScanner:
    port: str          # COM3, /dev/ttyACM0
    maker: str = ""    # from the USB id; "" when found by what it sent
    how: str = "usb"   # "usb" (vendor/product id) or "code" (it sent a valid code)


def code_check(code_format: CodeFormat) -> IsCode:
    """True for bytes that classify as a card, a dossier code or a ticket."""
    return lambda raw: classify(raw, code_format).kind != "unknown"


def printer_ports(ticket_url: str) -> set[str]:
    """The serial port a ``serial:`` ticket printer address uses (never to be opened here)."""
    scheme, _, rest = (ticket_url or "").strip().partition(":")
    if scheme.lower() != "serial":
        return set()
    target = rest.partition("?")[0].removeprefix("//").strip()
    return {_port_key(target)} if target else set()


def scanner_maker(port) -> str | None:
    """The scanner maker a ``list_ports`` record's USB id names, else None."""
    vid, pid = getattr(port, "vid", None), getattr(port, "pid", None)
    if vid is None:
        return None
    return SCANNER_PRODUCTS.get((vid, pid)) or SCANNER_VENDORS.get(vid)


def usb_serial_ports(ports: Iterable | None = None, exclude: Iterable[str] = ()) -> list:
    """The USB serial ports (records with a vendor id), minus ``exclude``, by device name."""
    skip = {_port_key(p) for p in exclude}
    records = list_ports.comports() if ports is None else ports
    found = [p for p in records if p.vid is not None and _port_key(p.device) not in skip]
    return sorted(found, key=lambda p: p.device)


def by_usb_id(ports: Iterable | None = None, exclude: Iterable[str] = ()) -> FoundScanner | None:
    for port in usb_serial_ports(ports, exclude):
        maker = scanner_maker(port)
        if maker:
            return FoundScanner(port.device, maker, "usb")
    return None


def listen(devices: Iterable[str], is_code: IsCode, seconds: float, *, baudrate: int = 9600,
           stop: threading.Event | None = None) -> FoundScanner | None:
    """Open ``devices`` and wait up to ``seconds`` for one of them to send a valid code
    (a line ended by CR/LF or by a short silence). Ports that cannot be opened are
    skipped; every port is closed before returning."""
    opened = _open_all(devices, baudrate)
    try:
        buffers = {device: bytearray() for device in opened}
        last = {device: time.monotonic() for device in opened}
        deadline = time.monotonic() + seconds
        while opened and time.monotonic() < deadline and not (stop and stop.is_set()):
            for device, port in opened.items():
                if _has_code(port, buffers[device], last, device, is_code):
                    return FoundScanner(device, "", "code")
            time.sleep(POLL_SECONDS)
        return None
    finally:
        for port in opened.values():
            close_quietly(port)


def find_scanner(is_code: IsCode, *, ports: Iterable | None = None, exclude: Iterable[str] = (),
                 listen_seconds: float = 0.0, baudrate: int = 9600,
                 stop: threading.Event | None = None) -> FoundScanner | None:
    """A scanner by its USB id, else (when ``listen_seconds`` > 0) the first USB serial
    port that sends a valid code in that time."""
    candidates = usb_serial_ports(ports, exclude)
    known = by_usb_id(candidates)
    if known is not None or listen_seconds <= 0 or not candidates:
        return known
    return listen([p.device for p in candidates], is_code, listen_seconds, baudrate=baudrate,
                  stop=stop)


# --- helpers --------------------------------------------------------------------------------

def _port_key(name: str) -> str:
    return name.strip().casefold()      # COM3 and com3 are one port on Windows


def _open_all(devices: Iterable[str], baudrate: int) -> dict:
    opened = {}
    for device in devices:
        try:
            opened[device] = serial.serial_for_url(device, baudrate=baudrate, timeout=0)
        except (serial.SerialException, OSError, ValueError) as exc:
            log.info("not listening on %s for a scanner: %s", device, exc)
    return opened


def _has_code(port, buffer: bytearray, last: dict, device: str, is_code: IsCode) -> bool:
    now = time.monotonic()
    try:
        chunk = port.read(max(1, port.in_waiting))
    except (serial.SerialException, OSError) as exc:
        log.info("port %s stopped answering while looking for a scanner: %s", device, exc)
        return False
    if chunk:
        buffer += chunk
        last[device] = now
        lines = split_lines(buffer)
    elif buffer and now - last[device] >= LINE_TIMEOUT:
        lines = [bytes(buffer)]                 # a scanner that sends no suffix
        buffer.clear()
    else:
        return False
    if len(buffer) > MAX_LINE:
        buffer.clear()                          # a flood without line ends is no scanner
    return any(is_code(line.strip(b"\r\n\x00 \t")) for line in lines)

