"""Cán bộ: the office's accounts — add, change role, reset password, lock and unlock.

Every change runs through the services (the administrator's role is checked there,
not here); the list is reread after each one."""

from __future__ import annotations

from counter_app.services import officers
from ui.pages.admin.officer_dialogs import NewOfficerDialog, ResetPasswordDialog, RoleDialog
from ui.qt import QHBoxLayout, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget, Signal
from ui.widgets.dialogs import ask, open_kept
from ui.widgets.tables import RowTable, fit_columns
from ui.worker import DbWorker


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
