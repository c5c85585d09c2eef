"""Dialogs of the officers tab: a new account, a password reset, a change of role.

A new account and a reset get a temporary password, proposed at random and shown so
the administrator can hand it over; the officer must choose their own at the first
login (counter_app/services/officers.py)."""

from __future__ import annotations

from functools import partial

from counter_app.domain.passwords import temporary_password
from counter_app.domain.roles import Role
from counter_app.services import officers
from ui.widgets.form_dialog import FormDialog
from ui.qt import QComboBox, QLabel, QLineEdit, QWidget
from ui.worker import DbWorker


def role_combo(current: Role | None = None) -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.label, role.value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.value))
    return combo


def password_edit() -> QLineEdit:
    """Shown, not masked: the administrator reads it out or writes it down."""
    edit = QLineEdit(temporary_password())
    edit.setToolTip("Mật khẩu tạm; cán bộ phải đổi khi đăng nhập lần đầu.")
    return edit


class NewOfficerDialog(FormDialog):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Thêm cán bộ"), self.tr("Tạo tài khoản"), parent)
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("nguyenvana")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Nguyễn Văn A")
        self.role_box = role_combo(Role.COUNTER)
        self.password_edit = password_edit()
        self.form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        self.form.addRow(self.tr("Họ và tên"), self.name_edit)
        self.form.addRow(self.tr("Vai trò"), self.role_box)
        self.form.addRow(self.tr("Mật khẩu tạm"), self.password_edit)
        self.form.addRow(QLabel(self.tr(
            "Ghi lại mật khẩu tạm để đưa cho cán bộ; lần đăng nhập đầu phải đổi mật khẩu.")))

    def operation(self):
        return partial(_create, self.username_edit.text(), self.name_edit.text(),
                       self.role_box.currentData(), self.password_edit.text())


def _create(username: str, full_name: str, role: str, password: str, core):
    return officers.create_officer(core, username, full_name, role, password,
                                   must_change_password=True)


class ResetPasswordDialog(FormDialog):
    def __init__(self, worker: DbWorker, officer: dict, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Đặt lại mật khẩu"), self.tr("Đặt lại"), parent)
        self.officer = officer
        self.password_edit = password_edit()
        self.form.addRow(self.tr("Cán bộ"),
                         QLabel(f"{officer['full_name']} ({officer['username']})"))
        self.form.addRow(self.tr("Mật khẩu tạm mới"), self.password_edit)
        self.form.addRow(QLabel(self.tr(
            "Tài khoản được mở khóa nếu đang bị tạm khóa; cán bộ phải đổi mật khẩu khi "
            "đăng nhập.")))

    def operation(self):
        officer_id, password = self.officer["id"], self.password_edit.text()
        return lambda core: officers.change_password(core, officer_id, password)


class RoleDialog(FormDialog):
    def __init__(self, worker: DbWorker, officer: dict, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Đổi vai trò"), self.tr("Đổi vai trò"), parent)
        self.officer = officer
        self.role_box = role_combo(Role(officer["role"]))
        self.form.addRow(self.tr("Cán bộ"),
                         QLabel(f"{officer['full_name']} ({officer['username']})"))
        self.form.addRow(self.tr("Vai trò mới"), self.role_box)
        self.form.addRow(QLabel(self.tr(
            "Nếu cán bộ đang đăng nhập, phiên làm việc kết thúc ở thao tác kế tiếp.")))

    def operation(self):
        if self.role_box.currentData() == self.officer["role"]:
            self.refuse(self.tr("Cán bộ đã có vai trò này."))
            return None
        officer_id, role = self.officer["id"], self.role_box.currentData()
        return lambda core: officers.set_role(core, officer_id, role)
