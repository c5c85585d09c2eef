"""The ticket an intake is linked to, shown at the top of the intake page."""

from __future__ import annotations

from ui.qt import QLabel, QWidget


class TicketLink(QLabel):
    """"Liên kết số A025 — Hộ tịch" or "Tiếp nhận không qua số thứ tự"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketLink")
        self.ticket: dict | None = None
        self.show_ticket(None)

    def show_ticket(self, ticket: dict | None) -> None:
        self.ticket = ticket
        self.setProperty("linked", "true" if ticket else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        if ticket is None:
            self.setText(self.tr("Tiếp nhận không qua số thứ tự"))
            self.setToolTip(self.tr("Quầy này không có số nào đang được gọi hoặc phục vụ."))
            return
        self.setText(self.tr("Liên kết số {number} — {service}").format(
            number=ticket["number"], service=ticket["service_name"]))
        self.setToolTip(self.tr("Hồ sơ sẽ được ghi kèm số thứ tự đang phục vụ tại quầy."))
