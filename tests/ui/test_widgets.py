"""Helpers in ui/widgets that several screens share."""

from __future__ import annotations

from ui.qt import QDialog, QDialogButtonBox, QWidget, is_valid
from ui.widgets.dialogs import ok_cancel, open_kept


def test_open_kept_forgets_only_its_own_dialog_and_deletes_it(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.dialog = None
    first = open_kept(owner, "dialog", QDialog(owner))
    assert owner.dialog is first and first.isVisible() and first.isModal()
    second = open_kept(owner, "dialog", QDialog(owner))
    first.reject()                                   # an older one closing keeps the newer
    assert owner.dialog is second
    qtbot.waitUntil(lambda: not is_valid(first))     # deleted later, not leaked
    second.accept()
    assert owner.dialog is None
    qtbot.waitUntil(lambda: not is_valid(second))


def test_ok_cancel_names_the_buttons_and_closes_the_dialog(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    box = ok_cancel(dialog, "Lập phiếu 02")
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert (ok.text(), cancel.text()) == ("Lập phiếu 02", "Hủy")
    assert ok_cancel(dialog, "Dùng", "Đóng").button(
        QDialogButtonBox.StandardButton.Cancel).text() == "Đóng"
    dialog.open()
    with qtbot.waitSignal(dialog.rejected):
        cancel.click()
    dialog.open()
    with qtbot.waitSignal(dialog.accepted):
        ok.click()
