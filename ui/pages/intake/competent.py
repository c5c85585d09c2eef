"""Part of the intake's due date: a dossier received on behalf of another commune
(NĐ 309/2026 art. 14(4)), whose time counts from the competent agency's receipt.

Collapsed by default to one check box beside the due date ("Nhận thay xã/phường khác");
ticked, it reveals the agency's name and, optionally, when that agency received the
dossier. Without that moment the due date is pending ("chờ cơ quan có thẩm quyền tiếp
nhận") and is recorded later from the dossier's page (counter_app/services/competent.py).
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain import limits
from counter_app.domain.text import clean
from ui.input_limits import limit
from ui.qt import (QCheckBox, QDateTime, QDateTimeEdit, QHBoxLayout, QLabel, QLineEdit,
                   QWidget, Signal)

QT_FORMAT = "yyyy-MM-ddTHH:mm"


class CompetentAgency(QWidget):
    """The revealed fields (this widget) and the check box that reveals them
    (``toggle``, placed by the details panel). ``changed`` when the due date may change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.toggle = QCheckBox(tr("Nhận thay xã/phường khác"))
        self.toggle.setToolTip(tr("Hồ sơ thuộc thẩm quyền xã, phường khác: thời hạn tính từ khi "
                                  "cơ quan có thẩm quyền tiếp nhận (NĐ 309/2026, Điều 14)."))
        self.agency_edit = limit(QLineEdit(), limits.AGENCY)
        self.agency_edit.setPlaceholderText(tr("ví dụ UBND xã Bên Cạnh"))
        self.received_check = QCheckBox(tr("Đã tiếp nhận lúc"))
        self.received_edit = QDateTimeEdit()
        self.received_edit.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDateTime(QDateTime.currentDateTime())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(tr("Cơ quan có thẩm quyền")))
        row.addWidget(self.agency_edit, 1)
        row.addWidget(self.received_check)
        row.addWidget(self.received_edit)
        self.toggle.toggled.connect(self._toggled)
        self.received_check.toggled.connect(self._received_toggled)
        self.received_edit.dateTimeChanged.connect(lambda _at: self._changed_moment())
        self.agency_edit.textChanged.connect(lambda _text: self.changed.emit())
        self._toggled(False)
        self._received_toggled(False)

    def _toggled(self, on: bool) -> None:
        self.setVisible(on)
        if on:
            self.agency_edit.setFocus()
        self.changed.emit()

    def _received_toggled(self, on: bool) -> None:
        self.received_edit.setEnabled(on)
        if on:            # a moment close to now: usually minutes or hours ago
            self.received_edit.setDateTime(QDateTime.currentDateTime())
        self.changed.emit()

    def _changed_moment(self) -> None:
        if self.received_check.isChecked():
            self.changed.emit()

    def active(self) -> bool:
        return self.toggle.isChecked()

    def agency(self) -> str:
        return clean(self.agency_edit.text()) if self.active() else ""

    def received_at(self) -> datetime | None:
        """The competent agency's receipt as naive local time (the core's rule); None when
        not received there yet."""
        if not (self.active() and self.received_check.isChecked()):
            return None
        return self.received_edit.dateTime().toPython().replace(second=0, microsecond=0)

    def inputs(self) -> tuple[QWidget, ...]:
        """What the intake's autosave watches."""
        return (self.toggle, self.agency_edit, self.received_check, self.received_edit)

    def state(self) -> dict:
        return {"on": self.active(), "agency": self.agency_edit.text(),
                "received": self.received_check.isChecked(),
                "received_at": self.received_edit.dateTime().toString(QT_FORMAT)}

    def restore_state(self, state: dict) -> None:
        self.agency_edit.setText(str(state.get("agency", "")))
        moment = QDateTime.fromString(str(state.get("received_at", "")), QT_FORMAT)
        received = bool(state.get("received")) and moment.isValid()
        self.received_check.setChecked(received)
        if received:
            self.received_edit.setDateTime(moment)
        self.toggle.setChecked(bool(state.get("on")))

    def reset(self) -> None:
        self.agency_edit.clear()
        self.received_check.setChecked(False)
        self.toggle.setChecked(False)

    def set_available(self, available: bool) -> None:
        """A linked group (one date per procedure) is not received on another's behalf."""
        if not available:
            self.reset()
        self.toggle.setVisible(available)
