"""Đăng ký máy chủ đồng bộ: the administrator types the server address and the one-time
code and chooses what this PC is in the office (counter n, kiosk, board, support desk;
docs/lap-dat-van-phong.md); the exchange runs on the database worker (never the GUI
thread), and a refusal is shown in the dialog, which stays open to correct it. The role
takes effect at the next start (it decides which window opens)."""

from __future__ import annotations

from counter_app.domain import device_roles
from counter_app.errors import CounterError
from counter_app.services.core import Core
from counter_app.sync import client
from ui import errors
from ui.qt import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                   QSpinBox, QVBoxLayout, QWidget, Signal)
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
        self.role_combo = QComboBox()
        for role in device_roles.DEVICE_ROLES:
            self.role_combo.addItem(device_roles.ROLE_LABELS[role], role)
        self.counter_spin = QSpinBox()
        self.counter_spin.setRange(1, device_roles.MAX_COUNTER)
        form.addRow(self.tr("Vai trò của máy"), self.role_combo)
        form.addRow(self.tr("Số quầy"), self.counter_spin)
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        layout.addLayout(form)
        note = QLabel(self.tr(
            "Vai trò quyết định cửa sổ mở khi khởi động máy (quầy, ki-ốt, màn hình gọi số, "
            "bàn hỗ trợ); có hiệu lực từ lần mở phần mềm sau."))
        note.setWordWrap(True)
        layout.addWidget(note)
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
        self._role_changed()
        worker.run_op(_current_role, self._show_role, lambda _exc: None, owner=self)

    def _show_role(self, current: tuple[str, int | None]) -> None:
        """Start from the role this PC has (re-enrolling a counter keeps its number)."""
        role, counter = current
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(role)))
        if counter:
            self.counter_spin.setValue(counter)

    def _role_changed(self) -> None:
        # A kiosk or a board has no counter; a counter always has one.
        self.counter_spin.setEnabled(self.role() in ("counter", "support", "all-in-one"))

    def role(self) -> str:
        return self.role_combo.currentData()

    def submit(self) -> None:
        server, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        self.enroll_button.setEnabled(False)
        self.message.setText(self.tr("Đang đăng ký với máy chủ…"))

        role = self.role()
        counter = self.counter_spin.value() if self.counter_spin.isEnabled() else None

        def enroll(core: Core) -> dict:
            return client.enroll(core, server, code, role=role, counter=counter)
        self._worker.run_op(enroll, self._done, self._failed, owner=self)

    def _done(self, result: dict) -> None:
        self.message.setText("")
        self.enrolled.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.enroll_button.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, CounterError)
                             else errors.unexpected_error_text())


def _current_role(core: Core) -> tuple[str, int | None]:
    return core.config.device.role, core.config.device.counter_number
