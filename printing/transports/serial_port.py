"""``serial:PORT?baudrate=…``: a serial or USB virtual-COM printer through pyserial, two-way."""

from __future__ import annotations

from printing.errors import PrinterUnreachable, PrinterUnsupported
from printing.transports.base import CHUNK, TwoWayTransport, stalled
from printing.urls import PrinterUrl


class SerialTransport(TwoWayTransport):
    """A serial or USB virtual-COM printer through pyserial."""

    def __init__(self, url: PrinterUrl, label: str, timeout: float) -> None:
        super().__init__(label, timeout, url.flag("status", True))
        try:
            import serial
        except ImportError as exc:
            raise PrinterUnsupported("Chưa cài gói pyserial nên không in qua cổng COM được. "
                                     "Hãy cài lại phần mềm.") from exc
        self._serial_errors = (serial.SerialTimeoutException, serial.SerialException)
        baud = url.integer("baudrate", 9600, 300, 4_000_000)
        # A chunk takes len × 10 bits / baud to leave the port: allow that on top
        # of the stall timeout, or a slow 9600-baud printer would always time out.
        chunk_s = CHUNK * 10 / baud
        try:
            self._port = serial.Serial(
                port=url.target, baudrate=baud, timeout=timeout,
                write_timeout=timeout + 1.5 * chunk_s, rtscts=url.flag("rtscts", False),
                dsrdtr=url.flag("dsrdtr", False), xonxoff=url.flag("xonxoff", False))
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterUnreachable(
                f"Không mở được cổng {url.target} ({exc}). Hãy kiểm tra tên cổng, dây cáp, và "
                "không có chương trình nào khác đang dùng cổng này.") from exc

    def _send(self, data: bytes) -> None:
        timeout_error, port_error = self._serial_errors
        try:
            self._port.write(data)
        except timeout_error as exc:
            raise stalled(self.label, self.timeout) from exc
        except (port_error, OSError) as exc:
            raise PrinterUnreachable(f"Lỗi cổng {self._port.port} khi đang gửi ({exc}). "
                                     "Hãy kiểm tra dây cáp và máy in.") from exc

    def _read(self, limit: int, wait: float) -> bytes:
        try:
            waiting = self._port.in_waiting
            if waiting or wait <= 0:
                return self._port.read(min(waiting, limit)) if waiting else b""
            if self._port.timeout != wait:
                self._port.timeout = wait
            return self._port.read(1)
        except (self._serial_errors[1], OSError) as exc:
            raise PrinterUnreachable(f"Lỗi cổng {self._port.port} khi hỏi trạng thái ({exc}). "
                                     "Hãy kiểm tra dây cáp và máy in.") from exc

    def close(self) -> None:
        # Bytes the printer sent are dropped unread (nothing to wait for on a serial line).
        try:
            self._port.reset_input_buffer()
        except (self._serial_errors[1], OSError):
            pass
        self._port.close()
