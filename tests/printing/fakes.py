"""Stand-ins for printers that speak real bytes: a TCP server on 127.0.0.1 and a
pseudo-terminal for serial.

Both record every byte received and answer DLE EOT status queries with
configurable status bytes, or never answer. A query is recognised when it
arrives on its own (the transports wait for each reply before sending more), so
DLE EOT patterns inside raster data are left alone, as data.

Misbehaving printers: ``chatter`` bytes sent unasked every ``every`` seconds
(``FLOOD``: every byte value, without pause, forever; ``ASB``: automatic status
back, four bytes at a time), and ``hold_open`` for one that never closes its side.
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
FLOOD = bytes(range(256)) * 64              # status-shaped bytes included, on purpose
ASB = b"\x14\x00\x00\x0f"                   # Epson ASB: online, paper sensors normal


def status_reply(chunk: bytes, status: dict[int, int] | None) -> bytes | None:
    if status is None or len(chunk) != 3 or chunk[:2] != b"\x10\x04":
        return None
    return bytes([status.get(chunk[2], 0x12)])


class FakeTcpPrinter:
    """A raw-port printer: one recorded job per connection, in ``jobs``."""

    def __init__(self, status: dict[int, int] | None = READY, chatter: bytes = b"",
                 every: float = 0.0, hold_open: bool = False) -> None:
        self.status = status
        self.chatter, self.every, self.hold_open = chatter, every, hold_open
        self.chattered = 0
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
        if self.chatter:
            threading.Thread(target=self._chatter, args=(conn,), daemon=True).start()
        with conn:
            try:
                while chunk := conn.recv(65536):
                    received += chunk
                    reply = status_reply(chunk, self.status)
                    if reply is not None:
                        self.queries.append(chunk[2])
                        conn.sendall(reply)
            except OSError:         # reset by a client that gave up on a flood
                pass
            with self._done:
                self.jobs.append(bytes(received))
                self._done.notify_all()
            while self.hold_open and self._server.fileno() != -1:
                time.sleep(0.05)

    def _chatter(self, conn: socket.socket) -> None:
        try:
            while True:
                conn.sendall(self.chatter)
                self.chattered += len(self.chatter)
                if self.every:
                    time.sleep(self.every)
        except OSError:
            return

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

    def __init__(self, status: dict[int, int] | None = READY, reading: bool = True,
                 chatter: bytes = b"", every: float = 0.0) -> None:
        self.status = status
        self.reading = reading
        self.chatter, self.every = chatter, every
        self.chattered = 0
        self.master, self._slave = pty.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self.master, False)     # a full buffer must not stop the chatter
        self.path = os.ttyname(self._slave)
        self.received = bytearray()
        self.queries: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def url(self, options: str = "baudrate=115200") -> str:
        return f"serial:{self.path}?{options}" if options else f"serial:{self.path}"

    def _run(self) -> None:
        next_chatter = 0.0
        while not self._stop.is_set():
            if self.chatter and time.monotonic() >= next_chatter:
                self._say(self.chatter)
                next_chatter = time.monotonic() + self.every
            if not self.reading:
                time.sleep(0.02)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.001 if self.chatter else 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except BlockingIOError:
                continue
            except OSError:
                return
            self.received += chunk
            reply = status_reply(chunk, self.status)
            if reply is not None:
                self.queries.append(chunk[2])
                self._say(reply)

    def _say(self, data: bytes) -> None:
        try:
            self.chattered += os.write(self.master, data)
        except BlockingIOError:     # the port's input buffer is full: the port is flooded
            pass
        except OSError:
            pass

    def wait_bytes(self, count: int, timeout: float = 5.0) -> bytes:
        return self.wait_until(lambda got: len(got) >= count, timeout)

    def wait_until(self, done, timeout: float = 5.0) -> bytes:
        """What arrived, once ``done(bytes so far)`` holds or ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        while not done(bytes(self.received)) and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self.master)
        os.close(self._slave)
