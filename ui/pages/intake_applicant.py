"""Filling the applicant: from a scanned ID card or from an earlier visit.

A card never silently replaces what is on the form: when a field already has
text that differs from the card, the officer is asked ("Thay bằng dữ liệu trên
thẻ?") and choosing to keep changes nothing. A 12-digit ID number (typed or
scanned) looks up the earlier visit: its phone and email fill the empty
fields, and the rest is offered with a button.
"""

from __future__ import annotations

from functools import partial

from ui.pages.intake_data import card_values, citizen_values, lookup_citizen
from ui.pages.intake_dialogs import CardConflictDialog
from ui.pages.intake_widgets import ApplicantForm
from ui.qt import QObject, QWidget, Signal
from ui.worker import DbWorker


class ApplicantFiller(QObject):
    """``info(text)`` for the page's message bar; ``failed(exc)`` when a lookup fails."""

    info = Signal(str)
    failed = Signal(object)

    def __init__(self, form: ApplicantForm, worker: DbWorker, parent: QWidget) -> None:
        super().__init__(parent)
        self.form = form
        self._worker = worker
        self._page = parent
        self.conflict_dialog: CardConflictDialog | None = None
        form.id_number_ready.connect(self.look_up)
        form.use_earlier.connect(self.use_earlier)

    def apply_card(self, card) -> None:
        """Fill from a card (domain.cccd.CccdData); ask first if typed data differs."""
        self.close_conflict()
        values = card_values(card)
        warnings = [w.message for w in card.warnings]
        differences = self.form.differences(values)
        if not differences:
            self._fill_from_card(values, warnings, overwrite=False)
            return
        dialog = CardConflictDialog(differences, self._page)
        dialog.accepted.connect(lambda: self._fill_from_card(values, warnings, overwrite=True))
        dialog.rejected.connect(lambda: self.info.emit(self.tr(
            "Đã giữ dữ liệu đã nhập; dữ liệu trên thẻ không được dùng.")))
        dialog.finished.connect(lambda *_: self._dialog_closed(dialog))
        self.conflict_dialog = dialog
        dialog.open()

    def _fill_from_card(self, values: dict, warnings: list[str], overwrite: bool) -> None:
        if overwrite and values["id_number"] != self.form.value("id_number"):
            for key in ("phone", "email"):  # they were another person's
                self.form.set_value(key, "")
        self.form.fill(values, overwrite)
        self.form.show_warnings(warnings)
        self.info.emit(self.tr("Đã điền thông tin từ thẻ căn cước của {name}.").format(
            name=values["full_name"] or values["id_number"]))
        self.look_up(values["id_number"], offer=False)

    def close_conflict(self) -> None:
        """A newer scan or a new dossier: the open question no longer applies."""
        dialog, self.conflict_dialog = self.conflict_dialog, None
        if dialog is not None:
            dialog.blockSignals(True)
            dialog.close()
            dialog.deleteLater()

    def _dialog_closed(self, dialog: CardConflictDialog) -> None:
        if self.conflict_dialog is dialog:
            self.conflict_dialog = None
        dialog.deleteLater()

    def look_up(self, id_number: str, offer: bool = True) -> None:
        self._worker.run_op(partial(lookup_citizen, id_number=id_number),
                            lambda row: self._earlier_found(id_number, row, offer),
                            self.failed.emit, owner=self._page)

    def _earlier_found(self, id_number: str, row: dict | None, offer: bool) -> None:
        if row is None or self.form.value("id_number") != id_number:
            self.form.offer_earlier(None)
            return
        earlier = citizen_values(row)
        self.form.fill({k: earlier[k] for k in ("phone", "email")}, overwrite=False)
        self.form.offer_earlier(row if offer else None)

    def use_earlier(self) -> None:
        if self.form.earlier is not None:
            self.form.fill(citizen_values(self.form.earlier), overwrite=True)
            self.form.offer_earlier(None)
