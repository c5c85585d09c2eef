"""The login dialog.

The password check (argon2, deliberately slow) runs on the database worker;
the button is disabled meanwhile so a second Enter cannot send it twice.
"""

from __future__ import annotations

from counter_app import PRODUCT_LONG_NAME, PRODUCT_NAME, __version__
from counter_app.errors import CounterError
from counter_app.services import officers, setup
from counter_app.services.core import Officer
from ui import errors
from ui.qt import (QDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                   QSizePolicy, Qt, QVBoxLayout, QWidget, Signal)
from ui.session import SessionInfo
from ui.worker import DbWorker


class LoginDialog(QDialog):
    """Asks for user name and password; emits ``logged_in(officer)`` on success."""

    logged_in = Signal(object)

    def __init__(self, worker: DbWorker, info: SessionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._info = info
        self.officer: Officer | None = None
        self.setWindowTitle(self.tr("Đăng nhập — {product}").format(product=PRODUCT_NAME))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.addWidget(self._banner())
        body = QVBoxLayout()
        body.setContentsMargins(24, 8, 24, 0)
        body.setSpacing(10)
        body.addWidget(self._office_label())
        body.addLayout(self._form())
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        body.addWidget(self.error_label)
        if info.demo:
            body.addWidget(self._demo_note())
        body.addLayout(self._buttons())
        layout.addLayout(body)
        layout.addStretch(1)
        self.username_edit.setFocus()

    def _banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("banner")
        banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(banner)
        box.setContentsMargins(24, 16, 24, 16)
        title = QLabel(PRODUCT_NAME)
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        subtitle = QLabel(PRODUCT_LONG_NAME)
        version = QLabel(self.tr("Phiên bản {version}").format(version=__version__))
        version.setStyleSheet("font-size: 8pt;")
        for label in (title, subtitle, version):
            box.addWidget(label)
        return banner

    def _office_label(self) -> QLabel:
        name = self._info.office_name or self.tr("(chưa cấu hình tên cơ quan)")
        label = QLabel(name)
        label.setWordWrap(True)
        label.setStyleSheet("font-weight: 600; font-size: 11pt;")
        return label

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        form.addRow(self.tr("Mật khẩu"), self.password_edit)
        return form

    def _demo_note(self) -> QFrame:
        note = QFrame()
        note.setObjectName("demoNote")
        box = QVBoxLayout(note)
        box.setContentsMargins(10, 8, 10, 8)
        names = ", ".join(username for username, _name, _role in setup.DEMO_OFFICERS)
        self.demo_label = QLabel(self.tr(
            "Đây là cơ quan mẫu để dùng thử. Tài khoản: {names}. Mật khẩu: {password}"
        ).format(names=names, password=setup.DEMO_PASSWORD))
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.demo_label)
        return note

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.quit_button = QPushButton(self.tr("Thoát"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.login_button = QPushButton(self.tr("Đăng nhập"))
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        row.addStretch(1)
        row.addWidget(self.quit_button)
        row.addWidget(self.login_button)
        return row

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.show_error(self.tr("Hãy nhập tên đăng nhập và mật khẩu."))
            return
        self._set_busy(True)
        self._worker.run_op(lambda core: officers.authenticate(core, username, password),
                            self._succeeded, self._failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.login_button.setText(self.tr("Đang kiểm tra…") if busy else self.tr("Đăng nhập"))
        self.username_edit.setEnabled(not busy)
        self.password_edit.setEnabled(not busy)

    def _succeeded(self, officer: Officer) -> None:
        self.officer = officer
        self.error_label.hide()
        self.logged_in.emit(officer)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(exc, CounterError):
            self.show_error(str(exc))
        else:
            self.show_error(self.tr("Không kiểm tra được mật khẩu do lỗi hệ thống."))
            errors.report_failure(exc, self)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.adjustSize()  # grow, or the wrapped demo note below gets squeezed
