"""Intake from a form set filled under "Công dân không viết": no retyping.

``FormSetLink`` belongs to the intake page. ``use(set_id)`` (from the forms page, or
the chooser "Từ tờ khai đã điền…") fills the procedure, the applicant and the
checklist from the completed set, and the intake then records the dossier as served
under the model, with the forms attached. A scanned card whose citizen has a set
waiting is offered it (``offer_for``). The banner says which set is linked; "Bỏ liên
kết" makes the intake an ordinary one again.
"""

from __future__ import annotations

from functools import partial

from counter_app.domain import limits
from ui.input_limits import limit
from ui.pages.citizen_forms.ops import FormSetPrefill, intake_prefill, ready, ready_for
from ui.pages.citizen_forms.sets import local_time_text
from ui.qt import (QDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                   QObject, QPushButton, Qt, QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import delay_timer
from ui.widgets.dialogs import ok_cancel, open_kept
from ui.worker import DbWorker

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 150


class FormSetBanner(QFrame):
    """"Bộ tờ khai … sẽ được đính kèm" (linked) or "Công dân này có bộ tờ khai…" (offered)."""

    use_clicked = Signal()
    drop_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("earlierVisit")
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.use_button = QPushButton(self.tr("Dùng bộ tờ khai này"))
        self.use_button.clicked.connect(self.use_clicked)
        self.drop_button = QPushButton(self.tr("Bỏ liên kết"))
        self.drop_button.clicked.connect(self.drop_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.use_button)
        row.addWidget(self.drop_button)
        self.hide()

    def show_offer(self, s: dict) -> None:
        self.label.setText(self.tr(
            "Công dân không viết: {name} có bộ tờ khai đã điền cho “{procedure}” ({at}).")
            .format(name=s["applicant_name"], procedure=s["procedure_name"],
                    at=local_time_text(s["completed_at"])))
        self.use_button.show()
        self.drop_button.hide()
        self.show()

    def show_linked(self, s: dict) -> None:
        self.label.setText(self.tr(
            "Công dân không viết — bộ tờ khai của {name} ({count} tờ khai, do {officer} điền): "
            "thông tin đã được điền sẵn, các tờ khai sẽ được đính kèm hồ sơ.")
            .format(name=s["applicant_name"], count=len(s["forms"]), officer=s["officer_name"]))
        self.use_button.hide()
        self.drop_button.show()
        self.show()


class FormSetChooser(QDialog):
    """The completed sets waiting for intake, searchable; ``chosen(set_id)``."""

    chosen = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.setWindowTitle(self.tr("Từ tờ khai đã điền (Công dân không viết)"))
        self.resize(560, 420)
        self.search_edit = limit(QLineEdit(), limits.SEARCH)
        self.search_edit.setPlaceholderText(self.tr("Họ tên (gõ không dấu được) hoặc số định danh"))
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _i: self.accept())
        buttons = ok_cancel(self, self.tr("Dùng"), self.tr("Đóng"))
        box = QVBoxLayout(self)
        box.addWidget(self.search_edit)
        box.addWidget(self.list, 1)
        box.addWidget(buttons)
        self.timer = delay_timer(self, SEARCH_DELAY_MS, self.load)
        self.search_edit.textChanged.connect(lambda _t: self.timer.start())
        self.load()

    def load(self) -> None:
        text = self.search_edit.text()
        self._worker.run_op(partial(ready, text=text), self._show, lambda _e: None, owner=self)

    def _show(self, rows: list[dict]) -> None:
        self.list.clear()
        for r in rows:
            item = QListWidgetItem(f"{r['applicant_name']} · {r['applicant_id_number']}\n"
                                   f"{r['procedure_name']} · {local_time_text(r['completed_at'])}"
                                   f" · {r['officer_name']}")
            item.setData(ID_ROLE, r["id"])
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen.emit(item.data(ID_ROLE))
        super().accept()


class FormSetLink(QObject):
    """The set an intake takes its data from (``set_id``), for the intake page (its parent).

    ``prefilled(FormSetPrefill)`` asks the page to fill the intake from a set (the page
    starts a new dossier first); ``failed(exception)`` reports a set that could not be read;
    ``linked()`` when the link is made or dropped (the intake's draft keeps it).
    """

    prefilled = Signal(object)
    failed = Signal(object)
    linked = Signal()

    def __init__(self, page: QWidget, worker: DbWorker) -> None:
        super().__init__(page)
        self._worker = worker
        self.set_id: str | None = None
        self.offered: str | None = None
        self.chooser: FormSetChooser | None = None
        self.banner = FormSetBanner()
        self.banner.use_clicked.connect(lambda: self.offered and self.use(self.offered))
        self.banner.drop_clicked.connect(self.clear)
        self.choose_button = QPushButton(self.tr("Từ tờ khai đã điền…"))
        self.choose_button.setToolTip(self.tr(
            "Lấy thông tin từ bộ tờ khai đã điền theo mô hình Công dân không viết"))
        self.choose_button.clicked.connect(self.choose)

    def choose(self) -> None:
        dialog = FormSetChooser(self._worker, self.parent())
        dialog.chosen.connect(self.use)
        open_kept(self, "chooser", dialog)

    def use(self, set_id: str) -> None:
        """Fill the intake from completed set ``set_id`` (no retyping)."""
        self._worker.run_op(partial(intake_prefill, set_id=set_id), self._apply,
                            self.failed.emit, owner=self)

    def _apply(self, prefill: FormSetPrefill) -> None:
        self.prefilled.emit(prefill)          # the page fills itself (and clears the link)
        self.show_kept(prefill.form_set)

    def show_kept(self, form_set: dict) -> None:
        """Link ``form_set`` (as read by citizen_forms.get_set) without filling anything:
        the intake's own fields are already there (a restored draft)."""
        self.set_id = form_set["id"]
        self.offered = None
        self.banner.show_linked(form_set)
        self.linked.emit()

    def offer_for(self, id_number: str) -> None:
        if self.set_id is None and id_number:
            self._worker.run_op(partial(ready_for, id_number=id_number), self._offer,
                                lambda _e: None, owner=self)

    def _offer(self, rows: list[dict]) -> None:
        if rows and self.set_id is None:
            self.offered = rows[0]["id"]
            self.banner.show_offer(rows[0])

    def clear(self) -> None:
        had = self.set_id is not None
        self.set_id = None
        self.offered = None
        self.banner.hide()
        if had:
            self.linked.emit()
