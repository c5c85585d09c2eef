"""Tệp → Đổi mật khẩu: every officer changes their own password (the current one,
then the new one twice). The check of the current password and of the new one's
rules is the service's (officers.change_password); a refusal keeps the dialog open."""

from __future__ import annotations

from counter_app.services import officers
from counter_app.services.core import Officer
from ui.login import password_edit
from ui.widgets.form_dialog import FormDialog
from ui.qt import QWidget
from ui.worker import DbWorker


class ChangePasswordDialog(FormDialog):
    def __init__(self, worker: DbWorker, officer: Officer, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Đổi mật khẩu"), self.tr("Đổi mật khẩu"), parent)
        self.officer = officer
        self.old_edit = password_edit()
        self.new_edit = password_edit()
        self.repeat_edit = password_edit()
        self.form.addRow(self.tr("Mật khẩu hiện tại"), self.old_edit)
        self.form.addRow(self.tr("Mật khẩu mới"), self.new_edit)
        self.form.addRow(self.tr("Nhập lại mật khẩu mới"), self.repeat_edit)

    def operation(self):
        old, new = self.old_edit.text(), self.new_edit.text()
        if not old or not new:
            self.refuse(self.tr("Hãy nhập mật khẩu hiện tại và mật khẩu mới."))
            return None
        if new != self.repeat_edit.text():
            self.repeat_edit.clear()
            self.refuse(self.tr("Hai lần nhập mật khẩu mới không khớp."))
            return None
        officer_id = self.officer.id
        return lambda core: officers.change_password(core, officer_id, new, old_password=old)
