"""Never lose typed work: dialogs whose typed text is kept as a device-local draft.

``DraftDialog`` is a QDialog whose text fields are saved (``counter_app.services.drafts``,
kind ``dialog``) after every pause in typing, and put back when the same dialog (same
key: the dossier and the step) opens again — after Cancel, a closed window or a crash.
Esc, "Hủy" or the window's × with typed text ask first: keep it as a draft (the default),
throw it away, or go on typing; nothing typed is lost without the officer saying so.
The page that opened the dialog removes the draft once the work is recorded.

``watch(widgets, slot)`` calls ``slot`` whenever one of the input widgets changes, for the
pages' own autosave; ``ask_keep`` is the question asked before typed work is left.
"""

from __future__ import annotations

from functools import partial

from counter_app.services import drafts
from ui.formatting import local_time_text
from ui.qt import (QCheckBox, QComboBox, QDateTime, QDateTimeEdit, QDialog, QLabel, QLineEdit,
                   QListWidget, QMessageBox, QObject, QPlainTextEdit, QSpinBox, Qt, QTableWidget,
                   QWidget, Signal)
from ui.widgets.basics import delay_timer
from ui.worker import DbWorker

SAVE_DELAY_MS = 800
DATETIME_FORMAT = "yyyy-MM-ddTHH:mm"


def watch(widgets, slot) -> None:
    """Call ``slot()`` when any of ``widgets`` (line/plain text, combo, spin, check box,
    date-time, checkable list or table) changes, by the officer or by the program."""
    for w in widgets:
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            w.textChanged.connect(lambda *_a: slot())
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(lambda *_a: slot())
        elif isinstance(w, QSpinBox):
            w.valueChanged.connect(lambda *_a: slot())
        elif isinstance(w, QCheckBox):
            w.toggled.connect(lambda *_a: slot())
        elif isinstance(w, QDateTimeEdit):
            w.dateTimeChanged.connect(lambda *_a: slot())
        elif isinstance(w, (QListWidget, QTableWidget)):
            w.itemChanged.connect(lambda *_a: slot())


def value_of(w: QWidget):
    """A field's value as plain JSON (what a draft keeps)."""
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, QDateTimeEdit):
        return w.dateTime().toString(DATETIME_FORMAT)
    if isinstance(w, QListWidget):
        return [w.item(r).text() for r in range(w.count())
                if w.item(r).checkState() == Qt.CheckState.Checked]
    raise TypeError(type(w).__name__)


def set_value(w: QWidget, value) -> None:
    """Put a kept value back into its field (ignoring a value of the wrong shape)."""
    if isinstance(w, QLineEdit) and isinstance(value, str):
        w.setText(value)
    elif isinstance(w, QPlainTextEdit) and isinstance(value, str):
        w.setPlainText(value)
    elif isinstance(w, QCheckBox) and isinstance(value, bool):
        w.setChecked(value)
    elif isinstance(w, QDateTimeEdit) and isinstance(value, str):
        moment = QDateTime.fromString(value, DATETIME_FORMAT)
        if moment.isValid():
            w.setDateTime(moment)
    elif isinstance(w, QListWidget) and isinstance(value, list):
        for r in range(w.count()):
            item = w.item(r)
            item.setCheckState(Qt.CheckState.Checked if item.text() in value
                               else Qt.CheckState.Unchecked)


# --- operations for the DB worker (plain functions of the core) ----------------------------

def load_dialog_draft(core, key: str) -> drafts.Draft | None:
    return drafts.load(core, drafts.DIALOG, key)


def keep_dialog_draft(core, key: str, state: dict | None) -> str | None:
    """Save ``state``, or forget the draft when nothing typed is left (``None``)."""
    if state is None:
        drafts.discard(core, drafts.DIALOG, key)
        return None
    return drafts.save(core, drafts.DIALOG, key, state)


def discard_dialog_draft(core, key: str) -> None:
    drafts.discard(core, drafts.DIALOG, key)


def ask_keep(parent: QWidget, text: str, on_keep, on_discard, title: str,
             keep_text: str, discard_text: str, back_text: str) -> QMessageBox:
    """Keep / throw away / go back, without blocking (autosave and scanner go on). Enter
    keeps (the default), Esc goes back: the safe answers are the easy ones."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    keep = box.addButton(keep_text, QMessageBox.ButtonRole.AcceptRole)
    throw = box.addButton(discard_text, QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton(back_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(back)
    box.buttonClicked.connect(lambda b: on_keep() if b is keep else
                              on_discard() if b is throw else None)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


class DialogDraft(QObject):
    """The draft of one open dialog: ``fields`` (name → widget) plus ``extra`` state the
    dialog gets and sets itself (``(get, set, widgets changing it)``: a table of ticks). Nothing is saved until the kept draft
    has been read, and a kept draft never overwrites what was typed meanwhile.
    ``restored(updated_at)`` once a kept draft is back in the fields."""

    restored = Signal(str)

    def __init__(self, dialog: QDialog, worker: DbWorker, key: str,
                 fields: dict[str, QWidget], extra=None) -> None:
        super().__init__(dialog)
        self._worker = worker
        self.key = key
        self.fields = fields
        self.extra = extra
        self.loaded = False
        self.baseline = self.state()
        self.timer = delay_timer(self, SAVE_DELAY_MS, self.save_now)
        watch([*fields.values(), *(extra[2] if extra else ())], self._changed)
        worker.run_op(partial(load_dialog_draft, key=key), self._loaded, self._load_failed,
                      owner=self)

    def state(self) -> dict:
        out = {name: value_of(w) for name, w in self.fields.items()}
        if self.extra is not None:
            out["_extra"] = self.extra[0]()
        return out

    def typed(self) -> bool:
        """Something differs from what the dialog opened with."""
        return self.state() != self.baseline

    def _changed(self) -> None:
        if self.loaded:
            self.timer.start()

    def _loaded(self, draft: drafts.Draft | None) -> None:
        self.loaded = True
        if draft is None or self.typed():
            return
        for name, w in self.fields.items():
            if name in draft.state:
                set_value(w, draft.state[name])
        if self.extra is not None and "_extra" in draft.state:
            self.extra[1](draft.state["_extra"])
        self.timer.stop()
        self.restored.emit(draft.updated_at)

    def _load_failed(self, _exc: BaseException) -> None:
        self.loaded = True        # a broken draft is replaced by what is typed now

    def save_now(self) -> None:
        """Keep what is typed now (or forget the draft when it is all as it opened)."""
        self.timer.stop()
        if self.loaded:
            state = self.state() if self.typed() else None
            self._worker.run_op(partial(keep_dialog_draft, key=self.key, state=state),
                                None, lambda _exc: None)

    def discard(self) -> None:
        self.timer.stop()
        self.loaded = False       # nothing more is saved from this dialog
        self._worker.run_op(partial(discard_dialog_draft, key=self.key), None, lambda _e: None)


class DraftDialog(QDialog):
    """A dialog whose typed text is never lost (see the module). A subclass names its
    fields in ``draft_fields()`` (and optional ``draft_extra()``); the page calls
    ``keep_drafts(worker, key)`` before opening it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: DialogDraft | None = None
        self.question: QMessageBox | None = None
        self.restored_label = QLabel("")
        self.restored_label.setObjectName("muted")
        self.restored_label.setWordWrap(True)
        self.restored_label.hide()

    def draft_fields(self) -> dict[str, QWidget]:
        return {}

    def draft_extra(self):
        return None

    def keep_drafts(self, worker: DbWorker, key: str) -> DialogDraft:
        self.draft = DialogDraft(self, worker, key, self.draft_fields(), self.draft_extra())
        self.draft.restored.connect(self._restored)
        layout = self.layout()
        if layout is not None:
            layout.insertWidget(0, self.restored_label)
        return self.draft

    def _restored(self, updated_at: str) -> None:
        self.restored_label.setText(self.tr(
            "Đã khôi phục nội dung nhập dở (lưu lúc {time}).").format(
            time=local_time_text(updated_at, "%H:%M")))
        self.restored_label.show()

    def has_typed_text(self) -> bool:
        return self.draft is not None and self.draft.typed()

    def save_draft_now(self) -> None:
        if self.draft is not None:
            self.draft.save_now()

    def reject(self) -> None:
        """Esc, "Hủy", ×: with typed text, ask (keep as draft / throw away / go back)."""
        if not self.has_typed_text():
            super().reject()
            return
        if self.question is not None:
            return
        self.question = ask_keep(
            self, self.tr("Nội dung đã nhập chưa được ghi. Đóng hộp thoại? Nội dung này được "
                          "giữ làm bản nháp trên máy và hiện lại khi mở lại."),
            self._close_keeping, self._close_discarding, self.tr("Đóng hộp thoại"),
            self.tr("Giữ bản nháp và đóng"), self.tr("Bỏ nội dung đã nhập"),
            self.tr("Nhập tiếp"))
        self.question.finished.connect(lambda *_a: setattr(self, "question", None))

    def _close_keeping(self) -> None:
        self.save_draft_now()
        QDialog.reject(self)

    def _close_discarding(self) -> None:
        self.draft.discard()
        QDialog.reject(self)

    def accept(self) -> None:
        """Keep the typing until the work is recorded (the page forgets the draft then)."""
        if self.draft is not None:
            self.draft.save_now()
            self.draft.loaded = False      # and nothing after this
        super().accept()
