"""``tcp:HOST:PORT``: a network printer's raw port (usually 9100), two-way.

Closing half-closes and waits for the printer to close its side, because
closing with unread input sends a reset, and a reset can drop data still on its
way. The wait is bounded (``CLOSE_S``, a byte budget): a printer that keeps
sending is left once our data has been acknowledged.
"""

from __future__ import annotations

import socket
import sys

from printing.errors import PrinterTimeout, PrinterUnreachable
from printing.transports.base import CHUNK, CLOSE_S, Deadline, TwoWayTransport, stalled

CLOSE_BYTES = 1 << 20     # more than any printer says while closing: it is flooding


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
        self._sock.settimeout(self.timeout)
        try:
            self._sock.sendall(data)
        except socket.timeout as exc:
            raise stalled(self.label, self.timeout) from exc
        except OSError as exc:
            raise PrinterUnreachable(
                f"Mất kết nối với máy in ({self.label}) khi đang gửi ({exc.strerror or exc}). "
                "Hãy kiểm tra mạng và máy in rồi in lại.") from exc

    def _recv(self, limit: int, wait: float) -> bytes | None:
        """Up to ``limit`` bytes within ``wait`` s; b"" if none came, None at end of stream."""
        self._sock.settimeout(wait if wait > 0 else 0.0)
        try:
            data = self._sock.recv(limit)
        except (socket.timeout, BlockingIOError, InterruptedError):
            return b""
        return data or None

    def _read(self, limit: int, wait: float) -> bytes:
        try:
            data = self._recv(limit, wait)
        except OSError as exc:
            raise PrinterUnreachable(f"Mất kết nối với máy in ({self.label}): "
                                     f"{exc.strerror or exc}.") from exc
        if data is None:
            raise PrinterUnreachable(f"Máy in ({self.label}) đã đóng kết nối. Hãy in lại.")
        return data

    def close(self) -> None:
        deadline = Deadline(min(self.timeout, CLOSE_S))
        try:
            self._sock.shutdown(socket.SHUT_WR)
            received = 0
            while not deadline.passed and received < CLOSE_BYTES:
                data = self._recv(CHUNK * 16, deadline.left())
                if data is None:
                    break
                received += len(data)
            else:
                self._wait_sent()
        except OSError:
            pass
        finally:
            self._sock.close()

    def _wait_sent(self) -> None:
        """The printer never closed: give our last bytes a moment to be acknowledged
        (Linux tells how many are still unacknowledged), then drop what it sent."""
        if sys.platform.startswith("linux"):
            import fcntl
            import struct
            import termios
            grace = Deadline(min(self.timeout, CLOSE_S))
            while not grace.passed:
                queued = struct.unpack("i", fcntl.ioctl(self._sock, termios.TIOCOUTQ,
                                                        b"\0\0\0\0"))[0]
                if queued == 0:
                    break
                self._recv(CHUNK * 16, 0.01)
        for _ in range(64):     # bounded: a flood refills the buffer as fast as we read
            if not self._recv(CHUNK * 16, 0):
                break
