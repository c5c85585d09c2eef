"""Stand-ins for printers that speak real bytes: a TCP server on 127.0.0.1 and a
pseudo-terminal for serial.

Both record every byte received and answer DLE EOT status queries with
configurable status bytes, or never answer. A query is recognised when it
arrives on its own (the transports wait for each reply before sending more), so
DLE EOT patterns inside raster data are left alone, as data.
"""

from __future__ import annotations

import os
import pty
import select
import socket
import threading
import time
import tty

READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}      # offline, "stopped: paper end", sensors
PAPER_NEAR_END = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}
COVER_OPEN = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}
CUTTER_JAM = {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12}


def status_reply(chunk: bytes, status: dict[int, int] | None) -> bytes | None:
    if status is None or len(chunk) != 3 or chunk[:2] != b"\x10\x04":
        return None
    return bytes([status.get(chunk[2], 0x12)])


class FakeTcpPrinter:
    """A raw-port printer: one recorded job per connection, in ``jobs``."""

    def __init__(self, status: dict[int, int] | None = READY) -> None:
        self.status = status
        self.jobs: list[bytes] = []
        self.queries: list[int] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._done = threading.Condition()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp:127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        received = bytearray()
        with conn:
            while chunk := conn.recv(65536):
                received += chunk
                reply = status_reply(chunk, self.status)
                if reply is not None:
                    self.queries.append(chunk[2])
                    conn.sendall(reply)
        with self._done:
            self.jobs.append(bytes(received))
            self._done.notify_all()

    def wait_jobs(self, count: int = 1, timeout: float = 5.0) -> list[bytes]:
        with self._done:
            self._done.wait_for(lambda: len(self.jobs) >= count, timeout)
        return self.jobs

    def close(self) -> None:
        self._server.close()


class FakeSerialPrinter:
    """A printer at the far end of a pseudo-terminal; ``path`` is the port to open.

    ``reading=False`` models a printer that takes no data (flow control held),
    so the kernel's buffer fills and writes stall.
    """

    def __init__(self, status: dict[int, int] | None = READY, reading: bool = True) -> None:
        self.status = status
        self.reading = reading
        self.master, self._slave = pty.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.received = bytearray()
        self.queries: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def url(self, options: str = "baudrate=115200") -> str:
        return f"serial:{self.path}?{options}" if options else f"serial:{self.path}"

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self.reading:
                time.sleep(0.02)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.received += chunk
            reply = status_reply(chunk, self.status)
            if reply is not None:
                self.queries.append(chunk[2])
                os.write(self.master, reply)

    def wait_bytes(self, count: int, timeout: float = 5.0) -> bytes:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self.master)
        os.close(self._slave)
