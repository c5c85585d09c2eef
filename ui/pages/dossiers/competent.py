"""A dossier received on behalf of another commune whose due date waits for the competent
agency's receipt (counter_app/services/competent.py): the note on the detail's first tab
that says so, with its button, and the dialog that records the receipt.

The note sits in the "Thông tin" tab rather than among the action buttons: it concerns
few dossiers, and the button column is full at 1366×768.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.domain import limits
from counter_app.domain.clock import LOCAL_TZ
from ui.pages.dossiers.ops import DossierView, local_text, local_time
from ui.pages.dossiers.steps import StepDialog, qt_moment, wall_time
from ui.qt import (QDateTimeEdit, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget,
                   Signal)
from ui.widgets.procedure import days_text


class CompetentNote(QFrame):
    """"Nhận thay <agency>: hẹn trả chờ …" and "Ghi thời điểm tiếp nhận…" (``requested``)
    while the receipt can be recorded; "Nhận thay <agency>, thời hạn tính từ <moment>"
    once it is; hidden for every other dossier."""

    requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("competentNote")
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Ghi thời điểm tiếp nhận…"))
        self.button.clicked.connect(self.requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()

    def show_for(self, view: DossierView | None, busy: bool = False) -> None:
        d = view.dossier if view is not None else None
        if not d or not d.get("competent_agency"):
            self.hide()
            return
        if d["counted_from"]:
            self.text.setText(self.tr("Nhận thay {agency}: thời hạn tính từ khi cơ quan đó tiếp "
                                      "nhận ({at}).").format(agency=d["competent_agency"],
                                                             at=local_text(d["counted_from"])))
        else:
            self.text.setText(self.tr("Nhận thay {agency}: hẹn trả chờ cơ quan có thẩm quyền "
                                      "tiếp nhận hồ sơ.").format(agency=d["competent_agency"]))
        self.button.setVisible("competent" in view.actions)
        self.button.setEnabled(not busy)
        self.show()


class CompetentDialog(StepDialog):
    """When the competent agency received the dossier (not before the counter, not in the
    future); the due date is counted from it."""

    def __init__(self, d: dict, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        days = days_text(d["processing_days"], bool(d["same_day"]))
        self.set_texts(
            self.tr("Cơ quan có thẩm quyền tiếp nhận — {code}").format(code=d["code"]),
            self.tr("Hồ sơ nhận tại quầy lúc {received}, nhận thay cơ quan có thẩm quyền. Ghi "
                    "thời điểm cơ quan đó tiếp nhận hồ sơ: ngày hẹn trả tính từ thời điểm đó "
                    "({days}). Chỉ ghi một lần.").format(received=local_text(d["received_at"]),
                                                        days=days),
            self.tr("Ghi nhận"))
        self.agency_edit = self.line(self.tr("Cơ quan có thẩm quyền:"), d["competent_agency"],
                                     True, limits.AGENCY)
        received = local_time(d["received_at"])
        latest = now.astimezone(LOCAL_TZ)
        self.at_edit = QDateTimeEdit()
        self.at_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setDateTimeRange(qt_moment(received),
                                      qt_moment(latest + timedelta(minutes=1)))
        self.set_moment(latest)
        self.form.addRow(self.tr("Tiếp nhận lúc:"), self.at_edit)
        self.update_ok()

    def set_moment(self, moment: datetime) -> None:
        self.at_edit.setDateTime(qt_moment(moment))

    def values(self) -> dict:
        return {"at": wall_time(self.at_edit), "agency": self.agency_edit.text()}

