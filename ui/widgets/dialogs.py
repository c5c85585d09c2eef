"""Small dialog helpers the screens share: the OK/Cancel button box with Vietnamese texts,
opening the one dialog a part keeps open, and a yes/no question that does not block."""

from __future__ import annotations

from ui.qt import QDialog, QDialogButtonBox, QMessageBox, QObject, Qt, QWidget


def ok_cancel(dialog: QDialog, ok_text: str | None = None,
              cancel_text: str | None = None) -> QDialogButtonBox:
    """OK and Cancel wired to the dialog's ``accept``/``reject``; Cancel says "Hủy" unless told
    otherwise, OK keeps Qt's text when ``ok_text`` is None (the caller names it later)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                           QDialogButtonBox.StandardButton.Cancel)
    if ok_text is not None:
        box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(
        dialog.tr("Hủy") if cancel_text is None else cancel_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def ask(parent: QWidget, text: str, on_yes, title: str, yes: str, no: str,
        icon=QMessageBox.Icon.Question) -> QMessageBox:
    """A yes/no question that does not block (the scanner and the autosave keep working
    meanwhile); ``on_yes()`` runs on the yes button. The box deletes itself when closed."""
    box = QMessageBox(icon, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    yes_button = box.button(QMessageBox.StandardButton.Yes)
    yes_button.setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.buttonClicked.connect(lambda b: b is yes_button and on_yes())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_kept(owner: QObject, attribute: str, dialog: QDialog) -> QDialog:
    """Open ``dialog`` window-modal (never a nested event loop) as ``owner.<attribute>``;
    when it finishes it is forgotten (unless a newer one took its place) and deleted later."""
    def finished(*_result) -> None:
        if getattr(owner, attribute, None) is dialog:
            setattr(owner, attribute, None)
        dialog.deleteLater()
    dialog.finished.connect(finished)
    setattr(owner, attribute, dialog)
    dialog.open()
    return dialog
