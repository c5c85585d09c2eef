"""Offering a USB-COM scanner found on this machine.

In keyboard (HID) mode the counter window looks for a scanner on a serial port
(``counter_app.devices.scanner_ports``) on a thread of its own: a known
scanner maker's USB id at once, else a USB serial port that sends a valid code
within ``LISTEN_SECONDS``. When one turns up, a banner in the status bar says
"Đã tìm thấy máy quét ở cổng COM3 — Dùng cổng này?". "Dùng cổng này" saves
``scanner.mode = serial`` and ``scanner.port`` (on the database worker) and
emits ``chosen(ScannerSettings)`` so the window restarts its scanners; "Để
sau" hides the banner for this session. Nothing is saved without the yes.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import Iterable

from counter_app.devices.scanner_ports import (LISTEN_SECONDS, FoundScanner, code_check,
                                               find_scanner, printer_ports)
from counter_app.services.core import Core
from ui.qt import QFrame, QHBoxLayout, QLabel, QObject, QPushButton, Qt, Signal
from ui.scanner import ScannerSettings, code_format, read_scanner_settings
from ui.worker import DbWorker

log = logging.getLogger(__name__)


def use_serial_port(core: Core, port: str) -> ScannerSettings:
    """Save the scanner as a serial one on ``port`` (worker thread); the new settings."""
    core.config.scanner.mode = "serial"
    core.config.scanner.port = port
    core.save_config()
    return read_scanner_settings(core)


class ScannerSearch(QObject):
    """``find_scanner`` on a daemon thread; ``found(FoundScanner)`` on the GUI thread."""

    found = Signal(object)
    _done = Signal(object)

    def __init__(self, settings: ScannerSettings, parent: QObject | None = None, *,
                 ports: Iterable | None = None, listen_seconds: float = LISTEN_SECONDS) -> None:
        super().__init__(parent)
        self._settings = settings
        self._ports = ports
        self._listen_seconds = listen_seconds
        self._stop = threading.Event()
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        threading.Thread(target=self._run, name="scanner-search", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            found = find_scanner(code_check(code_format(self._settings.code_template)),
                                 ports=self._ports, exclude=printer_ports(self._settings.printer_url),
                                 listen_seconds=self._listen_seconds,
                                 baudrate=self._settings.baudrate, stop=self._stop)
        except Exception:  # a search that fails must not disturb the counter
            log.exception("looking for a serial scanner failed")
            return
        if found is not None and not self._stop.is_set():
            try:
                self._done.emit(found)
            except RuntimeError:  # the window closed meanwhile
                pass

    def _deliver(self, found: FoundScanner) -> None:
        if not self._stop.is_set():
            self.found.emit(found)


class ScannerOffer(QFrame):
    """The banner; hidden until the search finds a scanner."""

    chosen = Signal(object)        # ScannerSettings, saved

    def __init__(self, settings: ScannerSettings, worker: DbWorker, parent=None, *,
                 ports: Iterable | None = None, listen_seconds: float = LISTEN_SECONDS) -> None:
        super().__init__(parent)
        self.setObjectName("scanner_offer")
        self._worker = worker
        self._settings = settings
        self.found: FoundScanner | None = None
        self.label = QLabel()
        self.use_button = QPushButton(self.tr("Dùng cổng này"))
        self.later_button = QPushButton(self.tr("Để sau"))
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.use_button)
        row.addWidget(self.later_button)
        self.use_button.clicked.connect(self.accept)
        self.later_button.clicked.connect(self.dismiss)
        self.hide()
        self.search = ScannerSearch(settings, self, ports=ports, listen_seconds=listen_seconds)
        self.search.found.connect(self.offer)

    def start(self) -> None:
        self.search.start()

    def stop(self) -> None:
        self.search.stop()

    def offer(self, found: FoundScanner) -> None:
        self.found = found
        maker = f" ({found.maker})" if found.maker else ""
        self.label.setText(self.tr("Đã tìm thấy máy quét{maker} ở cổng {port} — Dùng cổng này?")
                           .format(maker=maker, port=found.port))
        self.show()

    def accept(self) -> None:
        if self.found is None:
            return
        self.use_button.setEnabled(False)
        self._worker.run_op(partial(use_serial_port, port=self.found.port), self._saved,
                            self._failed, owner=self)

    def dismiss(self) -> None:
        self.stop()
        self.hide()

    def _saved(self, settings: ScannerSettings) -> None:
        self.hide()
        self.chosen.emit(settings)

    def _failed(self, _exc: BaseException) -> None:
        # The worker has logged the cause; the officer gets what to do.
        self.use_button.setEnabled(True)
        self.label.setText(self.tr(
            "Không lưu được cấu hình máy quét. Quản trị viên đặt bằng lệnh: counter-app config "
            "set scanner.mode serial, rồi counter-app config set scanner.port {port}")
            .format(port=self.found.port if self.found else ""))
