"""The ticket this counter has called or is serving, in type readable from a step back."""

from __future__ import annotations

from ui.pages.queue.ops import local_hhmm
from ui.qt import QFrame, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from ui.widgets.panel import repolish


class CurrentTicketPanel(QFrame):
    """The ticket this counter has called or is serving, in type readable from a step back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = QLabel(self.tr("Đang phục vụ"))
        self.caption.setObjectName("muted")
        self.number_label = QLabel("")
        self.number_label.setObjectName("currentNumber")
        self.service_label = QLabel("")
        self.service_label.setObjectName("currentService")
        self.service_label.setWordWrap(True)
        self.status_label = QLabel("")
        self.status_label.setObjectName("ticketStatus")
        self.priority_label = QLabel("")
        self.priority_label.setObjectName("priorityBadge")
        self.calls_label = QLabel("")
        self.calls_label.setObjectName("muted")
        self.empty_label = QLabel("")
        self.empty_label.setObjectName("muted")
        self.empty_label.setWordWrap(True)
        self.idle_text = self.tr(
            "Quầy đang trống. Bấm “Gọi số tiếp theo” (F2) để mời người kế tiếp.")
        self._layout()
        self.show_ticket(None)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.number_label)
        top.addWidget(self.service_label, 1, Qt.AlignmentFlag.AlignVCenter)
        badges = QHBoxLayout()
        badges.setSpacing(8)
        for widget in (self.status_label, self.priority_label, self.calls_label):
            badges.addWidget(widget)
        badges.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 12, 20, 14)
        box.setSpacing(4)
        box.addWidget(self.caption)
        box.addLayout(top)
        box.addWidget(self.empty_label)
        box.addLayout(badges)
        box.addStretch(1)

    def show_ticket(self, ticket: dict | None) -> None:
        self.ticket = ticket
        has = ticket is not None
        for widget in (self.number_label, self.service_label, self.status_label,
                       self.calls_label):
            widget.setVisible(has)
        self.empty_label.setVisible(not has)
        self.priority_label.setVisible(has and bool(ticket["priority_label"]))
        if not has:
            self.empty_label.setText(self.idle_text)
            return
        self.number_label.setText(ticket["number"])
        self.service_label.setText(ticket["service_name"])
        self.status_label.setText(ticket["status_label"])
        self.status_label.setProperty("status", ticket["status"])
        repolish(self.status_label)
        self.priority_label.setText(self.tr("Ưu tiên: {who}").format(
            who=ticket["priority_label"] or ""))
        self.calls_label.setText(self.tr("Đã gọi {n} lần · lúc {time}").format(
            n=ticket["call_count"], time=local_hhmm(ticket["called_at"])))

    def summary(self) -> str:
        """"A025 — Hộ tịch" (or "" when free), as the panel shows it."""
        if self.ticket is None:
            return ""
        return f"{self.ticket['number']} — {self.ticket['service_name']}"
