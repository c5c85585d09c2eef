"""A barcode/QR scanner on a serial port (USB-COM virtual port or RS-232), read on a thread.

USB-COM mode is the recommended way to read the QR code on an ID card: the
scanner sends the UTF-8 bytes as they are, where a keyboard-wedge (HID) scanner
types them through the keyboard layout and the Vietnamese input method
(shared/research/hardware-and-printing.md §3).

``SerialScanner`` reads lines ended by CR, LF or CRLF, or by a short silence
(scanners set to send no suffix), and hands each line's raw bytes to a
callback on its reader thread; decoding is the caller's business
(``domain.scans.classify`` decodes UTF-8). An unplugged or missing port never
ends the thread: it reports a Vietnamese status and tries again every few
seconds. A line cut short by the port going away is dropped, not delivered:
half a QR code must never fill anything. No Qt here.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

import serial

log = logging.getLogger(__name__)

RETRY_SECONDS = 3.0      # between attempts to (re)open the port
LINE_TIMEOUT = 0.3       # silence that ends a line sent without CR/LF
READ_TIMEOUT = 0.05      # one read() waits at most this long (so stop() is quick)
MAX_LINE = 8192          # a runaway line (wrong baud rate, no suffix) is cut here
THREAD_NAME = "serial-scanner"

OnScan = Callable[[bytes], None]
OnStatus = Callable[[str, bool], None]   # (Vietnamese message, connected)


def _no_status(_message: str, _connected: bool) -> None:
    pass


def split_lines(buffer: bytearray) -> list[bytes]:
    """Take every complete line (ended by CR or LF) out of ``buffer``; empty lines are skipped."""
    lines = []
    while True:
        ends = [i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0]
        if not ends:
            return lines
        end = min(ends)
        line = bytes(buffer[:end])
        del buffer[:end + 1]
        if line.strip():
            lines.append(line)


class SerialScanner:
    """Reads scans from ``port`` on a background thread until ``stop()``.

    ``on_scan(raw_bytes)`` and ``on_status(message, connected)`` are called on
    the reader thread; they must be quick and must not touch a GUI. ``port`` is
    a device name (``COM5``, ``/dev/ttyACM0``) or a pyserial URL
    (``socket://127.0.0.1:7000`` stands in for a scanner in tests).
    """

    def __init__(self, port: str, on_scan: OnScan, on_status: OnStatus | None = None, *,
                 baudrate: int = 9600, retry_seconds: float = RETRY_SECONDS,
                 line_timeout: float = LINE_TIMEOUT) -> None:
        self.port = port.strip()
        self.baudrate = baudrate
        self.retry_seconds = retry_seconds
        self.line_timeout = line_timeout
        self._on_scan = on_scan
        self._on_status = on_status or _no_status
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_status: str | None = None
        self.connected = False

    def start(self) -> bool:
        """Start reading; False (with a status message) when no port is configured."""
        if not self.port:
            self._status("Chưa cấu hình cổng máy quét (scanner.port), ví dụ COM3 hoặc "
                         "/dev/ttyACM0. Quản trị viên đặt bằng lệnh: counter-app config set "
                         "scanner.port COM3", False)
            return False
        if self._thread is not None:
            return True
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()
        return True

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the reader and wait for its thread (idempotent)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("scanner reader on %s did not stop within %.1f s", self.port, timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the reader thread ----------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            port = self._open()
            if port is not None:
                try:
                    self._read(port)
                except (serial.SerialException, OSError) as exc:
                    self._lost(exc)
                except Exception:  # a bug must not kill the counter's scanner for the day
                    log.exception("serial scanner reader failed; restarting it")
                finally:
                    self.connected = False
                    close_quietly(port)
            self._stop.wait(self.retry_seconds)

    def _open(self):
        try:
            port = serial.serial_for_url(self.port, baudrate=self.baudrate,
                                         timeout=READ_TIMEOUT)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._status(f"Không mở được cổng máy quét {self.port} ({_reason(exc)}). Hãy kiểm "
                         "tra dây cắm và cấu hình scanner.port; phần mềm tự thử lại sau "
                         f"{self.retry_seconds:g} giây.", False)
            return None
        self.connected = True
        self._status(f"Máy quét ở cổng {self.port} đã sẵn sàng.", True)
        return port

    def _read(self, port) -> None:
        buffer = bytearray()
        last = time.monotonic()
        while not self._stop.is_set():
            chunk = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            if chunk:
                buffer += chunk
                last = now
                for line in split_lines(buffer):
                    self._deliver(line)
                if len(buffer) > MAX_LINE:
                    self._deliver(bytes(buffer))
                    buffer.clear()
            elif buffer and now - last >= self.line_timeout:
                self._deliver(bytes(buffer))
                buffer.clear()

    def _deliver(self, line: bytes) -> None:
        line = line.strip(b"\r\n\x00 \t")
        if not line:
            return
        try:
            self._on_scan(line)
        except Exception:
            log.exception("scan handler failed for %d bytes from %s", len(line), self.port)

    def _lost(self, exc: BaseException) -> None:
        log.info("scanner port %s lost: %s", self.port, exc)
        self._status(f"Mất kết nối máy quét ở cổng {self.port} (dây bị rút?). Phần mềm đang "
                     "thử kết nối lại; lần quét dở dang (nếu có) đã bị bỏ qua.", False)

    def _status(self, message: str, connected: bool) -> None:
        if message == self._last_status:
            return  # retrying every few seconds: say it once, not every time
        self._last_status = message
        log.info("scanner: %s", message)
        try:
            self._on_status(message, connected)
        except Exception:
            log.exception("scanner status handler failed")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def close_quietly(port) -> None:
    try:
        port.close()
    except Exception:  # already gone with the USB cable
        log.debug("closing the scanner port failed", exc_info=True)
