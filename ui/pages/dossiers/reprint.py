"""Reprinting a form of the dossier shown ("In lại phiếu…"): the forms that apply to it,
form 01 in one or two copies; and the print job's title of each form."""

from __future__ import annotations

from ui.pages.dossiers.ops import DossierView
from ui.qt import (QT_TRANSLATE_NOOP, QCheckBox, QCoreApplication, QDialog, QDialogButtonBox,
                   QLabel, QListWidget, QListWidgetItem, Qt, QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import ok_cancel

FORM_TITLES = {
    "form01": QT_TRANSLATE_NOOP("ReprintDialog",
                                "Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "form02": QT_TRANSLATE_NOOP("ReprintDialog",
                                "Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "form03": QT_TRANSLATE_NOOP("ReprintDialog",
                                "Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "form04": QT_TRANSLATE_NOOP("ReprintDialog",
                                "Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "form05": QT_TRANSLATE_NOOP("ReprintDialog",
                                "Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    "stop_notice": QT_TRANSLATE_NOOP("ReprintDialog", "Thông báo dừng giải quyết hồ sơ"),
}


def form_title(form: str, view: DossierView) -> str:
    """"Mẫu 05 — Phiếu kiểm soát … — <code>", the print job's title."""
    return f"{_tr_form(FORM_TITLES[form])} — {view.dossier['code']}"


def _tr_form(text: str) -> str:
    return QCoreApplication.translate("ReprintDialog", text)


class ReprintDialog(QDialog):
    """Choose one of the forms that apply; emits ``chosen(form, copies)``."""

    chosen = Signal(str, int)

    def __init__(self, code: str, forms: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("In lại phiếu — {code}").format(code=code))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.forms = QListWidget()
        self.forms.setMinimumWidth(460)
        for form in forms:
            item = QListWidgetItem(self.tr(FORM_TITLES[form]))
            item.setData(Qt.ItemDataRole.UserRole, form)
            self.forms.addItem(item)
        self.forms.setMaximumHeight(28 * len(forms) + 8)
        self.two_copies = QCheckBox(self.tr("Mẫu 01 in hai liên (Liên 1 lưu, Liên 2 giao "
                                            "người nộp)"))
        self.buttons = ok_cancel(self, self.tr("In"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.forms.currentItemChanged.connect(self._update)
        self.forms.itemDoubleClicked.connect(lambda _item: self.accept())
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Chọn phiếu cần in lại:")))
        box.addWidget(self.forms)
        box.addWidget(self.two_copies)
        box.addWidget(self.buttons)
        self.forms.setCurrentRow(0)
        self._update()

    def select(self, form: str) -> None:
        for row in range(self.forms.count()):
            if self.forms.item(row).data(Qt.ItemDataRole.UserRole) == form:
                self.forms.setCurrentRow(row)
                return
        raise KeyError(form)

    def form(self) -> str | None:
        item = self.forms.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update(self, *_args) -> None:
        self.ok_button.setEnabled(self.form() is not None)
        self.two_copies.setEnabled(self.form() == "form01")

    def accept(self) -> None:
        form = self.form()
        if form is None:
            return
        super().accept()
        copies = 2 if form == "form01" and self.two_copies.isChecked() else 1
        self.chosen.emit(form, copies)
