"""Barcode/QR scanners in the GUI: keyboard-wedge bursts, the serial reader, and routing.

A scanner reaches the app in one of two ways (config ``scanner.mode``):

- **HID (keyboard wedge)**: the scanner types; ``HidScanDetector`` (``ui.scanner.wedge``)
  tells its bursts from a person typing, swallows them and emits ``scanned(text)``.
- **Serial (USB-COM / RS-232)**: ``SerialScannerBridge`` runs
  ``counter_app.devices.serial_scanner`` on its thread and re-emits each line
  on the GUI thread; the bytes are UTF-8, untouched by keyboard or IME.

``ScanRouter`` classifies a scan (``domain.scans.classify``) and emits
``card``, ``dossier_code``, ``ticket`` or ``unknown``; ``ScannerHub`` puts the
three together for a window.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable

from counter_app.devices.serial_scanner import SerialScanner
from counter_app.domain.codes import DEFAULT_TEMPLATE, CodeFormat
from counter_app.domain.scans import Scan, classify
from counter_app.services.core import Core
from ui.qt import QObject, Qt, Signal
from ui.scanner.wedge import (END_PAUSE_MS, MIN_SCAN_LENGTH, SCAN_GAP_MS, HidScanDetector,
                              alt_numpad_char)

__all__ = ["END_PAUSE_MS", "MIN_SCAN_LENGTH", "SCAN_GAP_MS", "HidScanDetector", "ScanRouter",
           "ScannerHub", "ScannerSettings", "SerialScannerBridge", "alt_numpad_char",
           "code_format", "read_scanner_settings"]

log = logging.getLogger(__name__)

_AIM_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")   # symbology identifier, e.g. "]Q1" for QR


class SerialScannerBridge(QObject):
    """The serial reader's lines as ``scanned(text)`` on the GUI thread; ``status(text, ok)``."""

    scanned = Signal(str)
    status = Signal(str, bool)
    _received = Signal(object)
    _status_changed = Signal(str, bool)

    def __init__(self, port: str, baudrate: int = 9600, parent: QObject | None = None,
                 **reader_options) -> None:
        super().__init__(parent)
        queued = Qt.ConnectionType.QueuedConnection
        self._received.connect(self._deliver, queued)
        self._status_changed.connect(self._report, queued)
        self.last_status: tuple[str, bool] | None = None
        self.reader = SerialScanner(port, self._received.emit, self._status_changed.emit,
                                    baudrate=baudrate, **reader_options)

    def start(self) -> bool:
        return self.reader.start()

    def stop(self) -> None:
        self.reader.stop()

    def _deliver(self, raw: bytes) -> None:
        self.scanned.emit(raw.decode("utf-8", errors="replace"))

    def _report(self, message: str, connected: bool) -> None:
        self.last_status = (message, connected)
        self.status.emit(message, connected)


class ScanRouter(QObject):
    """Classifies scans; emits ``routed(Scan)`` and one of the kind-specific signals."""

    routed = Signal(object)
    card = Signal(object)          # domain.cccd.CccdData (its warnings included)
    dossier_code = Signal(str)
    ticket = Signal(str)
    unknown = Signal(str)          # the Vietnamese message to show

    def __init__(self, code_format: CodeFormat, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.code_format = code_format

    def recognises(self, raw: str) -> bool:
        """True if ``raw`` is a card, a dossier code or a ticket (not "unknown")."""
        return classify(_AIM_ID.sub("", raw.strip()), self.code_format).kind != "unknown"

    def route(self, raw: str | bytes) -> Scan:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        scan = classify(_AIM_ID.sub("", raw.strip()), self.code_format)
        self.routed.emit(scan)
        if scan.kind == "cccd":
            self.card.emit(scan.card)
        elif scan.kind == "dossier_code":
            self.dossier_code.emit(scan.text)
        elif scan.kind == "ticket":
            self.ticket.emit(scan.text)
        else:
            self.unknown.emit(scan.message)
        return scan


@dataclass(frozen=True)
class ScannerSettings:
    mode: str = "hid"
    port: str = ""
    baudrate: int = 9600
    code_template: str = DEFAULT_TEMPLATE
    printer_url: str = ""      # the ticket printer's address: its serial port is not a scanner


def read_scanner_settings(core: Core) -> ScannerSettings:
    cfg = core.config
    return ScannerSettings(cfg.scanner.mode, cfg.scanner.port, cfg.scanner.baudrate,
                           cfg.codes.template, cfg.printer.ticket_url)


def code_format(template: str) -> CodeFormat:
    try:
        return CodeFormat(template)
    except ValueError:
        log.warning("invalid dossier code template %r; scanning with the default", template)
        return CodeFormat(DEFAULT_TEMPLATE)


class ScannerHub(QObject):
    """A window's scanners: the HID filter always, the serial reader in serial mode.

    ``scanned(Scan)`` for every classified scan; ``status(text, connected)`` from
    the serial reader (port missing, unplugged, back again).
    """

    scanned = Signal(object)
    status = Signal(str, bool)

    def __init__(self, settings: ScannerSettings, accepts: Callable[[QObject], bool],
                 parent: QObject | None = None, **serial_options) -> None:
        super().__init__(parent)
        self.settings = settings
        self.router = ScanRouter(code_format(settings.code_template), self)
        self.router.routed.connect(self.scanned)
        self.hid = HidScanDetector(accepts, self, recognises=self.router.recognises)
        self.hid.scanned.connect(self.router.route)
        self.serial: SerialScannerBridge | None = None
        if settings.mode == "serial":
            self.serial = SerialScannerBridge(settings.port, settings.baudrate, self,
                                              **serial_options)
            self.serial.scanned.connect(self.router.route)
            self.serial.status.connect(self.status)

    def start(self, listen_to_keys: bool = True) -> None:
        self.listen_to_keys(listen_to_keys)
        if self.serial is not None:
            self.serial.start()

    def listen_to_keys(self, on: bool) -> None:
        """Install or remove the key filter (it holds printable keys back for a few
        milliseconds, so a window that takes no scans need not install it)."""
        if on:
            self.hid.install()
        else:
            self.hid.uninstall()

    def stop(self) -> None:
        self.hid.uninstall()
        if self.serial is not None:
            self.serial.stop()
