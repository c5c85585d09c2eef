"""Printer status from the ESC/POS real-time query DLE EOT n (0x10 0x04 n).

Each query gets one status byte back (Epson's layout, which the common clones
follow): n=1 printer, n=2 offline cause, n=3 error cause, n=4 roll-paper sensor.
Bits 1 and 4 of every reply are always 1 and bits 0 and 7 always 0; a byte that
breaks that pattern is kept in ``raw`` but otherwise ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from printing.errors import CoverOpen, PaperOut, PrinterNotReady, PrintError

QUERY_PRINTER, QUERY_OFFLINE, QUERY_ERROR, QUERY_PAPER = 1, 2, 3, 4


def query(n: int) -> bytes:
    """The bytes that ask for status ``n`` (1–4)."""
    return bytes((0x10, 0x04, n))


def is_status_byte(value: int) -> bool:
    return value & 0x93 == 0x12


@dataclass(frozen=True)
class PrinterStatus:
    online: bool = True
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    raw: dict[int, int] = field(default_factory=dict, compare=False)

    @property
    def ready(self) -> bool:
        return self.problem() is None

    def problem(self) -> PrintError | None:
        """The error that stops printing, the most useful one first; None when ready."""
        if self.paper_out:
            return PaperOut("Máy in hết giấy. Hãy lắp cuộn giấy mới rồi in lại.")
        if self.cover_open:
            return CoverOpen("Nắp máy in đang mở. Hãy đóng nắp rồi in lại.")
        if self.error or not self.online:
            return PrinterNotReady(self._error_text())
        return None

    def _error_text(self) -> str:
        if self.cutter_error:
            return ("Dao cắt giấy của máy in bị kẹt. Hãy mở nắp, gỡ giấy kẹt, đóng nắp "
                    "rồi in lại.")
        if self.auto_recoverable_error:
            return ("Máy in tạm dừng (đầu in quá nóng hoặc điện áp không ổn định). "
                    "Đợi một lúc rồi in lại.")
        if self.unrecoverable_error:
            return ("Máy in báo lỗi không tự khắc phục được. Hãy tắt máy in, bật lại rồi "
                    "in lại; nếu vẫn lỗi, báo bộ phận kỹ thuật.")
        if self.error:
            return ("Máy in đang báo lỗi. Hãy kiểm tra giấy kẹt, nắp và dao cắt, tắt và bật "
                    "lại máy in rồi in lại.")
        return "Máy in đang ngừng hoạt động (offline). Hãy kiểm tra máy in rồi in lại."

    @property
    def warning(self) -> str | None:
        """Something to tell the officer even though printing works."""
        if self.paper_near_end and not self.paper_out:
            return "Giấy trong máy in sắp hết, hãy chuẩn bị cuộn giấy mới."
        return None

    @property
    def description(self) -> str:
        problem = self.problem()
        if problem is not None:
            return str(problem)
        return self.warning or "Máy in sẵn sàng."


def decode(replies: Mapping[int, int]) -> PrinterStatus:
    """Status bytes by query number (any subset of 1–4) → :class:`PrinterStatus`."""
    ok = {n: b for n, b in replies.items() if is_status_byte(b)}
    printer, offline = ok.get(QUERY_PRINTER, 0x12), ok.get(QUERY_OFFLINE, 0x12)
    errors, paper = ok.get(QUERY_ERROR, 0x12), ok.get(QUERY_PAPER, 0x12)
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(offline & 0x04),
        paper_out=bool(offline & 0x20) or paper & 0x60 == 0x60,
        paper_near_end=paper & 0x0C == 0x0C,
        error=bool(offline & 0x40) or bool(errors & 0x6C),
        cutter_error=bool(errors & 0x08),
        unrecoverable_error=bool(errors & 0x20),
        auto_recoverable_error=bool(errors & 0x40),
        raw=dict(replies),
    )


def needs_error_query(replies: Mapping[int, int]) -> bool:
    """Ask n=3 only when n=2 says an error happened (saves a round trip)."""
    offline = replies.get(QUERY_OFFLINE, 0)
    return is_status_byte(offline) and bool(offline & 0x40)
