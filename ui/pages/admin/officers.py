"""Cán bộ: the office's accounts — add, change role, reset password, lock and unlock.

Every change runs through the services (the administrator's role is checked there,
not here); the list is reread after each one. A new account and a reset get a temporary
password, proposed at random and shown so the administrator can hand it over; the
officer must choose their own at the first login (counter_app/services/officers.py)."""

from __future__ import annotations

from functools import partial

from counter_app.domain.passwords import temporary_password
from counter_app.domain.roles import Role
from counter_app.services import officers
from ui.qt import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidgetItem,
                   QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import ask, open_kept
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import RowTable, fit_columns
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


class OfficersTab(QWidget):
    """Emits ``changed`` after an account was changed, and ``note(text)`` to report it."""

    changed = Signal()
    note = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.rows: list[dict] = []
        self.dialog = None
        self.question = None
        layout = QVBoxLayout(self)
        self.table = RowTable([self.tr("Tên đăng nhập"), self.tr("Họ và tên"),
                               self.tr("Vai trò"), self.tr("Trạng thái")])
        fit_columns(self.table)
        self.table.row_chosen.connect(lambda _row: self.change_role())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("+ Thêm cán bộ…"))
        self.role_button = QPushButton(self.tr("Đổi vai trò…"))
        self.reset_button = QPushButton(self.tr("Đặt lại mật khẩu…"))
        self.active_button = QPushButton(self.tr("Khóa tài khoản"))
        self.add_button.clicked.connect(self.add)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        for b in (self.add_button, self.role_button, self.reset_button, self.active_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_rows(self, rows: list[dict]) -> None:
        chosen = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, o in enumerate(rows):
            status = self.tr("Đang hoạt động") if o["active"] else self.tr("Đã khóa")
            for c, text in enumerate([o["username"], o["full_name"], o["role_label"], status]):
                self.table.setItem(r, c, QTableWidgetItem(text))
            if chosen is not None and o["id"] == chosen["id"]:
                self.table.selectRow(r)
        self._update_buttons()

    def selected(self) -> dict | None:
        row = self.table.currentRow()
        picked = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[row] if picked and 0 <= row < len(self.rows) else None

    def _update_buttons(self) -> None:
        officer = self.selected()
        for b in (self.role_button, self.reset_button, self.active_button):
            b.setEnabled(officer is not None)
        self.active_button.setText(self.tr("Mở khóa tài khoản") if officer and not officer["active"]
                                   else self.tr("Khóa tài khoản"))

    def _open(self, dialog, done_text) -> None:
        dialog.done.connect(lambda result: self._changed(done_text(result)))
        open_kept(self, "dialog", dialog)

    def _changed(self, text: str) -> None:
        self.note.emit(text)
        self.changed.emit()

    def add(self) -> None:
        self._open(NewOfficerDialog(self._worker, self),
                   lambda o: self.tr("Đã tạo tài khoản {u}.").format(u=o.username))

    def change_role(self) -> None:
        officer = self.selected()
        if officer is not None:
            self._open(RoleDialog(self._worker, officer, self),
                       lambda _r: self.tr("Đã đổi vai trò của {u}.").format(u=officer["username"]))

    def reset_password(self) -> None:
        officer = self.selected()
        if officer is not None:
            self._open(ResetPasswordDialog(self._worker, officer, self),
                       lambda _r: self.tr("Đã đặt lại mật khẩu của {u}.").format(
                           u=officer["username"]))

    def toggle_active(self) -> None:
        officer = self.selected()
        if officer is None:
            return
        if officer["active"]:
            self.question = ask(
                self, self.tr("Khóa tài khoản {u}? Cán bộ này không đăng nhập được nữa; "
                              "hồ sơ đã xử lý vẫn giữ tên người xử lý.").format(
                    u=officer["username"]),
                lambda: self._set_active(officer, False), self.tr("Khóa tài khoản"),
                self.tr("Khóa"), self.tr("Không"))
        else:
            self._set_active(officer, True)

    def _set_active(self, officer: dict, active: bool) -> None:
        word = self.tr("mở khóa") if active else self.tr("khóa")
        self._worker.run_op(
            lambda core: officers.set_active(core, officer["id"], active),
            lambda _r: self._changed(self.tr("Đã {w} tài khoản {u}.").format(
                w=word, u=officer["username"])), owner=self)
