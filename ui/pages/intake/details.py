"""How the dossier was submitted, how the result is collected, and the due date (with
"received now" moving as the minutes pass)."""

from __future__ import annotations

from counter_app.domain import limits
from ui.input_limits import limit
from datetime import datetime

from counter_app.domain.statuses import Channel
from counter_app.domain.text import clean
from ui.formatting import long_date
from ui.pages.intake.competent import CompetentAgency
from ui.pages.intake.ops import DELIVERY_KEYS
from ui.qt import (QT_TRANSLATE_NOOP, QCheckBox, QComboBox, QCoreApplication, QDateTime,
                   QDateTimeEdit, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox,
                   QVBoxLayout, QWidget)
from ui.widgets.basics import muted
from ui.widgets.panel import step_heading


CHANNELS = (
    (Channel.DIRECT, QT_TRANSLATE_NOOP("DetailsPanel", "Trực tiếp")),
    (Channel.ONLINE, QT_TRANSLATE_NOOP("DetailsPanel", "Trực tuyến (Cổng Dịch vụ công)")),
    (Channel.POST, QT_TRANSLATE_NOOP("DetailsPanel", "Bưu chính công ích")),
)


DELIVERY_LABELS = {
    "counter": QT_TRANSLATE_NOOP("DetailsPanel", "Tại quầy tiếp nhận và trả kết quả"),
    "post": QT_TRANSLATE_NOOP("DetailsPanel", "Qua dịch vụ bưu chính công ích"),
    "online": QT_TRANSLATE_NOOP("DetailsPanel", "Bản điện tử qua Cổng Dịch vụ công"),
}


def due_text(moment: datetime) -> str:
    """"10:00, Thứ Hai, ngày 23 tháng 11 năm 2026"."""
    return f"{moment:%H:%M}, {long_date(moment.date())}"


class DetailsPanel(QFrame):
    """Channel (+ the portal's code), number of sets, how the result is collected, due date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        tr = self.tr
        self.channel_combo = QComboBox()
        for channel, label in CHANNELS:
            self.channel_combo.addItem(QCoreApplication.translate("DetailsPanel", label), channel)
        self.portal_edit = limit(QLineEdit(), limits.PORTAL_CODE)
        self.portal_edit.setPlaceholderText(tr("Mã hồ sơ trên Cổng Dịch vụ công"))
        self.sets_spin = QSpinBox()
        self.sets_spin.setRange(1, 100)
        self.delivery_combo = QComboBox()
        self.due_label = QLabel(tr("—"))
        self.due_label.setObjectName("dueDate")
        self.due_note = muted(tr("Chọn thủ tục để tính ngày hẹn trả."))
        self.override_check = QCheckBox(tr("Sửa ngày hẹn"))
        self.due_edit = QDateTimeEdit()
        self.due_edit.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.due_edit.setCalendarPopup(True)
        self.reason_edit = limit(QLineEdit(), limits.REASON)
        self.reason_edit.setPlaceholderText(tr("Lý do sửa ngày hẹn (bắt buộc)"))
        self.competent = CompetentAgency()       # received on behalf of another commune
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        self.override_check.toggled.connect(self._override_toggled)
        self._layout()
        self.set_delivery_options(DELIVERY_KEYS)
        self.computed_due: datetime | None = None
        self._channel_changed()
        self._override_toggled(False)

    def _layout(self) -> None:
        tr = self.tr
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(QLabel(tr("Hình thức nộp")), 0, 0)
        grid.addWidget(self.channel_combo, 0, 1)
        grid.addWidget(self.portal_edit, 0, 2)
        # Where the dossier was handed in: on this row, not beside the due date, which
        # has no width to spare at 1366×768.
        grid.addWidget(self.competent.toggle, 0, 3)
        grid.addWidget(QLabel(tr("Số bộ")), 1, 0)
        sets = QHBoxLayout()
        sets.addWidget(self.sets_spin)
        sets.addSpacing(16)
        sets.addWidget(QLabel(tr("Nhận kết quả")))
        sets.addSpacing(6)
        sets.addWidget(self.delivery_combo, 1)
        grid.addLayout(sets, 1, 1, 1, 3)
        grid.addWidget(QLabel(tr("Ngày hẹn trả")), 2, 0)
        due = QHBoxLayout()
        due.addWidget(self.due_label, 1)
        due.addWidget(self.override_check)
        grid.addLayout(due, 2, 1, 1, 3)
        grid.addWidget(self.due_note, 3, 1, 1, 3)
        # Below the due date, so revealing them never pushes the date out of sight.
        grid.addWidget(self.competent, 4, 1, 1, 3)
        override = QHBoxLayout()
        override.addWidget(self.due_edit)
        override.addWidget(self.reason_edit, 1)
        grid.addLayout(override, 5, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.addWidget(step_heading(tr("4. Tiếp nhận và hẹn trả")))
        box.addLayout(grid)

    def set_delivery_options(self, keys: tuple[str, ...]) -> None:
        current = self.delivery()
        self.delivery_combo.clear()
        for key in keys:
            self.delivery_combo.addItem(
                QCoreApplication.translate("DetailsPanel", DELIVERY_LABELS[key]), key)
        index = self.delivery_combo.findData(current)
        self.delivery_combo.setCurrentIndex(max(0, index))

    def show_due(self, due: datetime | None, note: str = "") -> None:
        self.computed_due = due
        self.due_label.setText(due_text(due) if due else "—")
        self.due_note.setText(note)
        if due is not None and not self.override_check.isChecked():
            self.due_edit.setDateTime(QDateTime(due.date(), due.time().replace(second=0,
                                                                              microsecond=0)))

    def show_pending(self, note: str) -> None:
        """No date yet: received on behalf of another commune, not received there yet."""
        self.computed_due = None
        self.due_label.setText(self.tr("Chờ cơ quan có thẩm quyền tiếp nhận"))
        self.due_note.setText(note)

    def _channel_changed(self, *_args) -> None:
        online = self.channel() == Channel.ONLINE
        self.portal_edit.setEnabled(online)
        if not online:
            self.portal_edit.clear()

    def _override_toggled(self, on: bool) -> None:
        self.due_edit.setVisible(on)
        self.reason_edit.setVisible(on)
        self.due_label.setEnabled(not on)
        if on:
            self.reason_edit.setFocus()

    def channel(self) -> Channel:
        return Channel(self.channel_combo.currentData())

    def set_channel(self, channel: Channel) -> None:
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(channel))

    def portal_code(self) -> str:
        return clean(self.portal_edit.text())

    def delivery(self) -> str:
        return self.delivery_combo.currentData() or "counter"

    def due_override(self) -> datetime | None:
        if not self.override_check.isChecked():
            return None
        return self.due_edit.dateTime().toPython()      # naive local time: the core's rule

    def due_reason(self) -> str:
        return clean(self.reason_edit.text()) if self.override_check.isChecked() else ""

    def inputs(self) -> tuple[QWidget, ...]:
        """What the officer sets here (watched by the intake's autosave)."""
        return (self.channel_combo, self.portal_edit, self.sets_spin, self.delivery_combo,
                self.override_check, self.due_edit, self.reason_edit, *self.competent.inputs())

    def state(self) -> dict:
        """As typed, for the intake draft (the due date as local "yyyy-MM-ddTHH:mm")."""
        return {"channel": str(self.channel_combo.currentData()),
                "portal_code": self.portal_edit.text(), "sets": self.sets_spin.value(),
                "delivery": self.delivery(), "due_override": self.override_check.isChecked(),
                "due": self.due_edit.dateTime().toString("yyyy-MM-ddTHH:mm"),
                "due_reason": self.reason_edit.text(), "competent": self.competent.state()}

    def restore_state(self, state: dict) -> None:
        """Put a draft back (after the procedure's delivery options are set)."""
        index = self.channel_combo.findData(state.get("channel"))
        if index >= 0:
            self.channel_combo.setCurrentIndex(index)
        self.portal_edit.setText(str(state.get("portal_code", "")))
        self.sets_spin.setValue(int(state.get("sets") or 1))
        index = self.delivery_combo.findData(state.get("delivery"))
        if index >= 0:
            self.delivery_combo.setCurrentIndex(index)
        due = QDateTime.fromString(str(state.get("due", "")), "yyyy-MM-ddTHH:mm")
        self.override_check.setChecked(bool(state.get("due_override")))
        if due.isValid() and state.get("due_override"):
            self.due_edit.setDateTime(due)
        self.reason_edit.setText(str(state.get("due_reason", "")))
        self.competent.restore_state(state.get("competent") or {})

    def reset(self) -> None:
        self.channel_combo.setCurrentIndex(0)
        self.portal_edit.clear()
        self.sets_spin.setValue(1)
        self.override_check.setChecked(False)
        self.reason_edit.clear()
        self.competent.reset()
        self.set_delivery_options(DELIVERY_KEYS)
        self.delivery_combo.setCurrentIndex(0)
        self.show_due(None, self.tr("Chọn thủ tục để tính ngày hẹn trả."))
