"""Money steps of a dossier: "Nộp phí, lệ phí" (how much — all that is owed by default —,
how: cash, transfer, online, and the bank's or portal's transaction number) and "Hoàn trả
tiền thừa" (handing back what was taken beyond what is due: two PCs took the same fee
while apart, or the fees were corrected below what was paid). The core
(counter_app.services.fees) refuses more than is owed, or more than was overpaid."""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.fees import METHODS, REFERENCE, overpaid, owed
from ui.pages.dossiers.steps import StepDialog
from ui.pages.intake.fees import money_spin, vnd
from ui.qt import QT_TRANSLATE_NOOP, QComboBox, QCoreApplication, QLineEdit, QWidget

METHOD_LABELS = {"cash": QT_TRANSLATE_NOOP("PaymentDialog", "Tiền mặt tại quầy"),
                 "transfer": QT_TRANSLATE_NOOP("PaymentDialog", "Chuyển khoản ngân hàng"),
                 "online": QT_TRANSLATE_NOOP("PaymentDialog",
                                             "Trực tuyến (Cổng Dịch vụ công)")}
assert set(METHOD_LABELS) == set(METHODS)


class MoneyDialog(StepDialog):
    """An amount (at most ``most``, all of it by default), how, the reference, a note."""

    def __init__(self, most: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount_spin = money_spin()
        self.amount_spin.setRange(1, max(1, most))
        self.amount_spin.setValue(most)
        self.form.addRow(self.tr("Số tiền:"), self.amount_spin)
        self.method_combo = QComboBox()
        for method, label in METHOD_LABELS.items():
            self.method_combo.addItem(QCoreApplication.translate("PaymentDialog", label),
                                      method)
        self.form.addRow(self.tr("Hình thức:"), self.method_combo)
        self.reference_edit = self.line(self.tr("Số giao dịch:"), length=REFERENCE)
        self.reference_edit.setPlaceholderText(self.tr("Số giao dịch ngân hàng hoặc của Cổng "
                                                       "(nếu có)"))
        self.note_edit = self.line(self.tr("Ghi chú:"), length=limits.NOTE)
        self.update_ok()

    def draft_fields(self) -> dict[str, QWidget]:
        return {k: w for k, w in super().draft_fields().items() if isinstance(w, QLineEdit)}

    def values(self) -> dict:
        return {"method": self.method_combo.currentData(), "amount": self.amount_spin.value(),
                "reference": self.reference_edit.text(), "note": self.note_edit.text()}


class PaymentDialog(MoneyDialog):
    def __init__(self, d: dict, parent: QWidget | None = None) -> None:
        super().__init__(owed(d), parent)
        self.set_texts(self.tr("Nộp phí, lệ phí — {code}").format(code=d["code"]),
                       self.tr("Phải nộp {total}, đã nộp {paid}, còn {owed}.").format(
                           total=vnd(int(d["fee_total"])), paid=vnd(int(d["fee_paid"])),
                           owed=vnd(owed(d))),
                       self.tr("Ghi nhận đã nộp"))


class RefundDialog(MoneyDialog):
    def __init__(self, d: dict, parent: QWidget | None = None) -> None:
        super().__init__(overpaid(d), parent)
        self.set_texts(self.tr("Hoàn trả tiền thu thừa — {code}").format(code=d["code"]),
                       self.tr("Phải nộp {total}, đã thu {paid}: thu thừa {extra}, cần hoàn "
                               "trả cho công dân. Ghi nhận sau khi đã trả tiền.").format(
                           total=vnd(int(d["fee_total"])), paid=vnd(int(d["fee_paid"])),
                           extra=vnd(overpaid(d))),
                       self.tr("Ghi nhận đã hoàn trả"))
