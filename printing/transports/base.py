"""Where ticket bytes go: ``open_transport(url, timeout)`` → a :class:`Transport`.

Every transport has ``write(data)``, ``status()`` and ``close()`` and turns its
failures into :mod:`printing.errors` with a Vietnamese reason. Serial and TCP
links are two-way, so ``status()`` asks the printer (DLE EOT); the others
return None (status unknown). ``timeout`` bounds connecting, each status reply
and each stall while writing: a slow printer that keeps taking data is not
cut off, one that stops taking data is.
"""

from __future__ import annotations

import logging
import socket
from datetime import datetime
from pathlib import Path

from printing import status as st
from printing.errors import PrinterTimeout, PrinterUnreachable, PrinterUnsupported
from printing.urls import PrinterUrl, host_port, parse_url

log = logging.getLogger(__name__)

CHUNK = 4096


class Transport:
    """A one-way link: bytes go out, nothing comes back."""

    def __init__(self, label: str, timeout: float) -> None:
        self.label = label
        self.timeout = timeout

    def write(self, data: bytes) -> None:
        raise NotImplementedError

    def status(self) -> st.PrinterStatus | None:
        return None

    def close(self) -> None:
        pass

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class TwoWayTransport(Transport):
    """A link the printer answers on, so DLE EOT status queries work."""

    def __init__(self, label: str, timeout: float, query_status: bool) -> None:
        super().__init__(label, timeout)
        self.query_status = query_status

    def status(self) -> st.PrinterStatus | None:
        if not self.query_status:
            return None
        self._discard_input()
        replies = {n: self._ask(n) for n in (st.QUERY_PRINTER, st.QUERY_OFFLINE, st.QUERY_PAPER)}
        if st.needs_error_query(replies):
            replies[st.QUERY_ERROR] = self._ask(st.QUERY_ERROR)
        result = st.decode(replies)
        log.info("printer status %s: %s", self.label, {n: f"{b:#04x}" for n, b in replies.items()})
        return result

    def _ask(self, n: int) -> int:
        self._send(st.query(n))
        reply = self._read_byte()
        if reply is None:
            raise PrinterTimeout(
                f"Máy in ({self.label}) không trả lời trong {self.timeout:g} giây. Hãy kiểm tra "
                "máy in đã bật và dây cáp hoặc mạng đã nối. Nếu máy in không hỗ trợ hỏi trạng "
                "thái, thêm “?status=off” vào cuối địa chỉ máy in.")
        return reply

    def _send(self, data: bytes) -> None:
        raise NotImplementedError

    def _read_byte(self) -> int | None:
        """One reply byte, or None when nothing came within the timeout."""
        raise NotImplementedError

    def _discard_input(self) -> None:
        """Drop stale bytes (late replies, real-time answers to earlier raster data)."""

    def write(self, data: bytes) -> None:
        for start in range(0, len(data), CHUNK):
            self._send(data[start:start + CHUNK])


def _stalled(label: str, timeout: float) -> PrinterTimeout:
    return PrinterTimeout(
        f"Máy in ({label}) ngừng nhận dữ liệu quá {timeout:g} giây. Hãy kiểm tra máy in còn "
        "giấy, nắp đã đóng, máy đang bật, rồi in lại.")


class FileTransport(Transport):
    """Bytes to a file: appended to PATH, or a new file per job when PATH is a folder."""

    def __init__(self, target: str, label: str, timeout: float) -> None:
        super().__init__(label, timeout)
        path = Path(target)
        try:
            if target.endswith(("/", "\\")) or path.is_dir():
                path.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                path, mode = path / f"ticket-{stamp}.escpos", "xb"
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                mode = "ab"
            self.path = path
            self._file = open(path, mode)
        except OSError as exc:
            raise PrinterUnreachable(
                f"Không ghi được vào tệp {path} ({exc.strerror or exc}). Hãy kiểm tra thư mục "
                "và quyền ghi.") from exc

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            raise PrinterUnreachable(f"Không ghi được vào tệp {self.path} "
                                     f"({exc.strerror or exc}).") from exc

    def close(self) -> None:
        self._file.close()


class TcpTransport(TwoWayTransport):
    """A network printer's raw port (usually 9100)."""

    def __init__(self, host: str, port: int, label: str, timeout: float,
                 query_status: bool = True) -> None:
        super().__init__(label, timeout, query_status)
        where = f"{host}:{port}"
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout)
        except socket.timeout as exc:
            raise PrinterTimeout(
                f"Không kết nối được máy in {where} trong {timeout:g} giây. Hãy kiểm tra máy in "
                "đã bật, đã nối mạng và địa chỉ IP đúng.") from exc
        except ConnectionRefusedError as exc:
            raise PrinterUnreachable(
                f"Máy in {where} từ chối kết nối. Hãy kiểm tra địa chỉ IP, cổng (thường là 9100) "
                "và máy in đã bật.") from exc
        except socket.gaierror as exc:
            raise PrinterUnreachable(
                f"Không tìm thấy máy in “{host}” trên mạng. Hãy kiểm tra tên hoặc địa chỉ IP."
            ) from exc
        except OSError as exc:
            raise PrinterUnreachable(
                f"Không kết nối được máy in {where} ({exc.strerror or exc}). Hãy kiểm tra mạng "
                "và máy in.") from exc
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _send(self, data: bytes) -> None:
        try:
            self._sock.sendall(data)
        except socket.timeout as exc:
            raise _stalled(self.label, self.timeout) from exc
        except OSError as exc:
            raise PrinterUnreachable(
                f"Mất kết nối với máy in ({self.label}) khi đang gửi ({exc.strerror or exc}). "
                "Hãy kiểm tra mạng và máy in rồi in lại.") from exc

    def _read_byte(self) -> int | None:
        try:
            data = self._sock.recv(1)
        except socket.timeout:
            return None
        except OSError as exc:
            raise PrinterUnreachable(f"Mất kết nối với máy in ({self.label}): "
                                     f"{exc.strerror or exc}.") from exc
        if not data:
            raise PrinterUnreachable(f"Máy in ({self.label}) đã đóng kết nối. Hãy in lại.")
        return data[0]

    def _discard_input(self) -> None:
        self._sock.setblocking(False)
        try:
            while self._sock.recv(4096):
                pass
        except OSError:
            pass
        finally:
            self._sock.settimeout(self.timeout)

    def close(self) -> None:
        # Half-close and read until the printer closes: closing with unread replies
        # in our buffer would send a reset, and a reset can drop data still queued.
        try:
            self._sock.shutdown(socket.SHUT_WR)
            self._sock.settimeout(min(self.timeout, 1.0))
            while self._sock.recv(4096):
                pass
        except OSError:
            pass
        finally:
            self._sock.close()


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
            raise _stalled(self.label, self.timeout) from exc
        except (port_error, OSError) as exc:
            raise PrinterUnreachable(f"Lỗi cổng {self._port.port} khi đang gửi ({exc}). "
                                     "Hãy kiểm tra dây cáp và máy in.") from exc

    def _read_byte(self) -> int | None:
        try:
            data = self._port.read(1)
        except (self._serial_errors[1], OSError) as exc:
            raise PrinterUnreachable(f"Lỗi cổng {self._port.port} khi hỏi trạng thái ({exc}). "
                                     "Hãy kiểm tra dây cáp và máy in.") from exc
        return data[0] if data else None

    def _discard_input(self) -> None:
        self._port.reset_input_buffer()

    def close(self) -> None:
        self._port.close()


def open_transport(url: str, timeout: float = 5.0) -> Transport:
    """Parse ``url`` (see :mod:`printing.urls`) and open the link; raises a PrintError."""
    parsed = parse_url(url)
    label = url.strip()
    if parsed.scheme == "file":
        return FileTransport(parsed.target, label, timeout)
    if parsed.scheme == "tcp":
        host, port = host_port(parsed)
        return TcpTransport(host, port, label, timeout, parsed.flag("status", True))
    if parsed.scheme == "serial":
        return SerialTransport(parsed, label, timeout)
    from printing import os_transports
    return os_transports.open_os_transport(parsed, label, timeout)
