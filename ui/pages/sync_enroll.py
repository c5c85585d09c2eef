"""Đăng ký máy chủ đồng bộ: the administrator types the server address and the one-time
code; the exchange runs on the database worker (never the GUI thread), and a refusal is
shown in the dialog, which stays open to correct it."""

from __future__ import annotations

from counter_app.errors import CounterError
from counter_app.services.core import Core
from counter_app.sync import client
from ui import errors
from ui.qt import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                   QWidget, Signal)
from ui.worker import DbWorker


class SyncEnrollDialog(QDialog):
    """Emits ``enrolled(result)`` (``client.enroll``'s answer) and closes on success."""

    enrolled = Signal(object)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.setWindowTitle(self.tr("Đăng ký máy chủ đồng bộ"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Nhập địa chỉ máy chủ và mã đăng ký dùng một lần do quản trị viên máy chủ cấp.")))
        form = QFormLayout()
        self.server_edit = QLineEdit()
        self.server_edit.setPlaceholderText("https://dongbo.example.gov.vn")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("K7MQ-2XWD-9RTA")
        form.addRow(self.tr("Địa chỉ máy chủ"), self.server_edit)
        form.addRow(self.tr("Mã đăng ký"), self.code_edit)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.enroll_button = self.buttons.addButton(
            self.tr("Đăng ký"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        server, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        self.enroll_button.setEnabled(False)
        self.message.setText(self.tr("Đang đăng ký với máy chủ…"))

        def enroll(core: Core) -> dict:
            return client.enroll(core, server, code)
        self._worker.run_op(enroll, self._done, self._failed, owner=self)

    def _done(self, result: dict) -> None:
        self.message.setText("")
        self.enrolled.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.enroll_button.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, CounterError)
                             else errors.unexpected_error_text())
