"""Ticket printer alerts for the counter staff, from what the printers answered.

The kiosk may run in another process or on another PC, so its printer's state
reaches the counters through the database: every print records an outcome
(``ticket.printed`` with the reason kind and the DLE EOT status flags), and the
``printer_status`` projection keeps each device's latest. An alert is shown
while the latest print of today failed (out of paper, cover open, offline, …)
or warned (paper near end); the next good print clears it. The text is for
staff: plain Vietnamese, with the technical reason kept apart in ``detail``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.clock import to_local
from counter_app.services import queue
from counter_app.services.core import Core, guarded

ERROR, WARNING = "error", "warning"

KIND_TEXT = {
    "paper_out": "Máy in phiếu số thứ tự đã hết giấy: hãy lắp cuộn giấy mới.",
    "cover_open": "Nắp máy in phiếu số thứ tự đang mở: hãy đóng nắp.",
    "not_ready": "Máy in phiếu số thứ tự đang báo lỗi (kẹt giấy, dao cắt hoặc quá nóng).",
    "unreachable": "Không kết nối được máy in phiếu số thứ tự (mất kết nối hoặc chưa bật).",
    "timeout": "Máy in phiếu số thứ tự không phản hồi (mất kết nối hoặc chưa bật).",
    "unsupported": "Máy in phiếu số thứ tự chưa được cài đặt đúng trên máy lấy số.",
    "bad_url": "Địa chỉ máy in phiếu số thứ tự trong cài đặt không đúng.",
}
OFFLINE_TEXT = "Máy in phiếu số thứ tự đang ngừng hoạt động (offline)."
OTHER_TEXT = "Máy in phiếu số thứ tự không in được phiếu."
NEAR_END_TEXT = "Giấy trong máy in phiếu số thứ tự sắp hết: hãy chuẩn bị cuộn giấy mới."


@dataclass(frozen=True)
class PrinterAlert:
    device_id: str
    level: str            # ERROR: tickets are not printing; WARNING: printing, act soon
    text: str             # for staff, plain Vietnamese
    detail: str           # the technical reason, when there is one
    at: str               # local HH:MM of the print that raised it

    @property
    def message(self) -> str:
        return f"{self.text} (lúc {self.at})"


@guarded
def ticket_printer_alerts(core: Core) -> list[PrinterAlert]:
    """Current alerts, errors first; empty when every ticket printer printed its last
    ticket of today without a problem."""
    day = queue.today(core)
    alerts = []
    for row in core.conn.execute("SELECT * FROM printer_status ORDER BY recorded_at DESC"):
        at = to_local(datetime.fromisoformat(row["recorded_at"].replace("Z", "+00:00")))
        if at.date() != day:
            continue
        alert = _alert(dict(row), at.strftime("%H:%M"))
        if alert is not None:
            alerts.append(alert)
    return sorted(alerts, key=lambda a: a.level != ERROR)


def _alert(row: dict, at: str) -> PrinterAlert | None:
    if not row["ok"]:
        return PrinterAlert(row["device_id"], ERROR, _failure_text(row), row["error"] or "", at)
    if row["paper_near_end"]:
        return PrinterAlert(row["device_id"], WARNING, NEAR_END_TEXT, "", at)
    return None


def _failure_text(row: dict) -> str:
    """The status flags say most (they were read from the printer); else the kind."""
    if row["paper_out"]:
        return KIND_TEXT["paper_out"]
    if row["cover_open"]:
        return KIND_TEXT["cover_open"]
    if row["online"] == 0 and not row["printer_error"]:
        return OFFLINE_TEXT
    return KIND_TEXT.get(row["kind"] or "", OTHER_TEXT)
