"""The transport protocol, and the bounded reads every two-way link shares.

Every transport has ``write(data)``, ``status()`` and ``close()`` and turns its
failures into :mod:`printing.errors` with a Vietnamese reason. ``timeout``
bounds connecting and each stall while writing: a slow printer that keeps
taking data is not cut off, one that stops taking data is.

Printers talk back, and not only when asked: some send automatic status (ASB,
four bytes on every change), a broken one may send bytes without end. So no
read here waits for silence or for the far end to stop: every read has a
deadline and a byte budget, and a link that is still talking when either runs
out is simply left. Status is asked with DLE EOT where the link is two-way; a
printer that does not answer, or whose answer cannot be told apart from the
noise, has an unknown status (None), which is not a failure: the ticket is
still sent. Only a clear answer (paper out, cover open, error) stops a print.
"""

from __future__ import annotations

import logging
import time

from printing import status as st
from printing.errors import PrinterTimeout

log = logging.getLogger(__name__)

CHUNK = 4096
STATUS_WAIT_S = 1.5     # a printer answers DLE EOT in milliseconds, even while printing
DRAIN_S = 0.25          # time spent dropping stale input before asking
NOISE_BYTES = 256       # more unasked bytes than this: the link is flooding, status unknown
CLOSE_S = 1.0           # longest wait for the printer to finish the connection


class Transport:
    """A one-way link: bytes go out, nothing comes back."""

    def __init__(self, label: str, timeout: float) -> None:
        self.label = label
        self.timeout = timeout

    def write(self, data: bytes) -> None:
        raise NotImplementedError

    @property
    def asks_status(self) -> bool:
        """Whether ``status()`` asks the printer (False: a one-way link, never known)."""
        return False

    def status(self) -> st.PrinterStatus | None:
        """The printer's status, or None when it is unknown (one-way link, no answer)."""
        return None

    def close(self) -> None:
        pass

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Deadline:
    """A point in time, and how long is left until it (never negative)."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + max(seconds, 0.0)

    def left(self) -> float:
        return max(self.at - time.monotonic(), 0.0)

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at


class TwoWayTransport(Transport):
    """A link the printer answers on, so DLE EOT status queries work.

    Subclasses give ``_send(data)`` and ``_read(limit, wait)``: at most ``limit``
    bytes, waiting at most ``wait`` seconds for the first (0: only what is
    already there); b"" when nothing came.
    """

    def __init__(self, label: str, timeout: float, query_status: bool) -> None:
        super().__init__(label, timeout)
        self.query_status = query_status

    @property
    def asks_status(self) -> bool:
        return self.query_status

    def status(self) -> st.PrinterStatus | None:
        if not self.query_status:
            return None
        if not self._drain(Deadline(DRAIN_S)):
            log.warning("printer %s keeps sending data; status unknown", self.label)
            return None
        replies = self._ask_all()
        if replies is None:
            return None
        result = st.decode(replies)
        log.info("printer status %s: %s", self.label, {n: f"{b:#04x}" for n, b in replies.items()})
        return result

    def _ask_all(self) -> dict[int, int] | None:
        """Replies to queries 1, 2, 4 (and 3 after an error); None when status is unknown."""
        noise = bytearray()
        replies: dict[int, int] = {}
        for n in (st.QUERY_PRINTER, st.QUERY_OFFLINE, st.QUERY_PAPER, st.QUERY_ERROR):
            if n == st.QUERY_ERROR and not st.needs_error_query(replies):
                break
            reply = self._ask(n, noise)
            if reply is None:
                log.info("printer %s did not answer DLE EOT %d; status unknown", self.label, n)
                return None
            replies[n] = reply
        # A printer answers one byte per query and then is quiet (ASB bytes never look
        # like a status byte): a status-like byte after the answers means noise, and the
        # "answers" may have been noise too.
        late = self._read(NOISE_BYTES, 0)
        if len(noise) + len(late) > NOISE_BYTES or any(map(st.is_status_byte, late)):
            log.warning("printer %s sent %d unasked bytes; status unknown", self.label,
                        len(noise) + len(late))
            return None
        return replies

    def _ask(self, n: int, noise: bytearray) -> int | None:
        """Send DLE EOT n and return the first status-shaped byte back, skipping ASB
        and other unasked bytes; None on no answer in time or too much noise."""
        self._send(st.query(n))
        deadline = Deadline(min(self.timeout, STATUS_WAIT_S))
        while not deadline.passed and len(noise) <= NOISE_BYTES:
            data = self._read(1, deadline.left())
            if not data:
                return None
            if st.is_status_byte(data[0]):
                return data[0]
            noise += data
        return None

    def _drain(self, deadline: Deadline) -> bool:
        """Drop stale input (late replies, ASB); False when the link never went quiet
        or sent more than a printer would."""
        dropped = 0
        while dropped <= NOISE_BYTES * 4:
            data = self._read(CHUNK, 0)
            if not data:
                return True
            dropped += len(data)
            if deadline.passed:
                return False
        return False

    def _send(self, data: bytes) -> None:
        raise NotImplementedError

    def _read(self, limit: int, wait: float) -> bytes:
        raise NotImplementedError

    def write(self, data: bytes) -> None:
        for start in range(0, len(data), CHUNK):
            self._send(data[start:start + CHUNK])


def stalled(label: str, timeout: float) -> PrinterTimeout:
    return PrinterTimeout(
        f"Máy in ({label}) ngừng nhận dữ liệu quá {timeout:g} giây. Hãy kiểm tra máy in còn "
        "giấy, nắp đã đóng, máy đang bật, rồi in lại.")
