"""A small form in a dialog whose OK runs a service call on the database worker:
a refusal is shown in the dialog, which stays open with what was typed, so the
administrator corrects it instead of typing it again."""

from __future__ import annotations

from typing import Any, Callable

from counter_app.services.core import Core
from ui import errors
from ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget, Signal
from ui.widgets.dialogs import ok_cancel
from ui.worker import DbWorker


class FormDialog(QDialog):
    """Subclasses add rows to ``self.form`` and implement ``operation()``: the
    service call to run, or None after showing why the form is not ready.
    ``done(result)`` is emitted and the dialog closes when the call succeeds."""

    done = Signal(object)

    def __init__(self, worker: DbWorker, title: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = ok_cancel(self, ok_text)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.submit)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)

    def operation(self) -> Callable[[Core], Any] | None:
        raise NotImplementedError

    def refuse(self, text: str) -> None:
        self.message.setText(text)

    def submit(self) -> None:
        op = self.operation()
        if op is None:
            return
        self.ok_button.setEnabled(False)
        self.message.setText("")
        self._worker.run_op(op, self._succeeded, self._failed, owner=self)

    def _succeeded(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.done.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.message.setText(errors.user_text(exc))
