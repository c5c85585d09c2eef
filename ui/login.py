"""The login dialog.

The password check (argon2, deliberately slow) runs on the database worker;
the button is disabled meanwhile so a second Enter cannot send it twice.

An account that must change its password (a demo account once the office is
real) is asked for a new one, twice, in the same dialog; the main window opens
only after the change is saved. Quitting there logs the officer out again.
"""

from __future__ import annotations

from dataclasses import replace

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
        self._old_password = ""  # kept only while a forced password change is pending
        self.setWindowTitle(self.tr("Đăng nhập — {product}").format(product=PRODUCT_NAME))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.addWidget(self._banner())
        body = QVBoxLayout()
        body.setContentsMargins(24, 8, 24, 0)
        body.setSpacing(10)
        body.addWidget(self._office_label())
        body.addWidget(self._form())
        body.addWidget(self._change_form())
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

    def _form(self) -> QWidget:
        box = QWidget()
        form = self._form_layout(box)
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(64)
        self.password_edit = password_edit()
        form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        form.addRow(self.tr("Mật khẩu"), self.password_edit)
        self.login_form = box
        return box

    def _change_form(self) -> QWidget:
        """Shown instead of the login form when the password must be changed."""
        box = QWidget()
        form = self._form_layout(box)
        note = QLabel(self.tr(
            "Tài khoản đang dùng mật khẩu mẫu mà ai cũng biết. Hãy đặt mật khẩu mới "
            "(ít nhất {n} ký tự) trước khi làm việc.").format(n=officers.MIN_PASSWORD))
        note.setWordWrap(True)
        form.addRow(note)
        self.new_password_edit = password_edit()
        self.repeat_password_edit = password_edit()
        form.addRow(self.tr("Mật khẩu mới"), self.new_password_edit)
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.repeat_password_edit)
        box.hide()
        self.change_form = box
        return box

    @staticmethod
    def _form_layout(box: QWidget) -> QFormLayout:
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
        if self.change_form.isVisible():
            self._submit_new_password()
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
        changing = self.change_form.isVisible()
        idle_text = self.tr("Đổi mật khẩu") if changing else self.tr("Đăng nhập")
        self.login_button.setEnabled(not busy)
        self.login_button.setText(self.tr("Đang kiểm tra…") if busy else idle_text)
        for edit in (self.username_edit, self.password_edit, self.new_password_edit,
                     self.repeat_password_edit):
            edit.setEnabled(not busy)

    def _succeeded(self, officer: Officer) -> None:
        if officer.must_change_password:
            self._ask_new_password(officer)
            return
        self.officer = officer
        self._old_password = ""
        self.error_label.hide()
        self.logged_in.emit(officer)
        self.accept()

    def _ask_new_password(self, officer: Officer) -> None:
        self.officer = officer
        self._old_password = self.password_edit.text()
        self.password_edit.clear()
        self.login_form.hide()
        self.change_form.show()
        self.error_label.hide()
        self._set_busy(False)
        self.new_password_edit.setFocus()
        self.adjustSize()

    def _submit_new_password(self) -> None:
        new, again = self.new_password_edit.text(), self.repeat_password_edit.text()
        if not new or not again:
            self.show_error(self.tr("Hãy nhập mật khẩu mới hai lần."))
            return
        if new != again:
            self._retry_new_password(self.tr("Hai lần nhập mật khẩu mới không khớp."))
            return
        officer, old = self.officer, self._old_password
        self._set_busy(True)
        self._worker.run_op(
            lambda core: officers.change_password(core, officer.id, new, old_password=old),
            lambda _none: self._succeeded(replace(officer, must_change_password=False)),
            self._change_failed, owner=self)

    def _change_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, CounterError):
            self._retry_new_password(str(exc))
        else:
            self._retry_new_password(self.tr("Không đổi được mật khẩu do lỗi hệ thống."))
            errors.report_failure(exc, self)

    def _retry_new_password(self, message: str) -> None:
        self.new_password_edit.clear()
        self.repeat_password_edit.clear()
        self.new_password_edit.setFocus()
        self.show_error(message)

    def reject(self) -> None:
        """Quitting before a forced password change leaves nobody logged in."""
        if self.officer is not None and self.officer.must_change_password:
            self._worker.run_op(officers.logout)
            self.officer = None
        super().reject()

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


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit
