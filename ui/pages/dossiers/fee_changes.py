""""Sửa phí, lệ phí" on a dossier already received: each fee's amount and exemption (with
its reason) as the intake form shows them, a fee added, and the reason for the change,
which the history keeps. What was paid is not touched: a total below it shows the amount
to hand back (then "Hoàn trả tiền thừa"). Core: counter_app.services.fees.correct."""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.catalogue import Fee
from counter_app.domain.fees import FEE_NAME, MAX_AMOUNT, total_due
from counter_app.domain.text import clean
from ui.input_limits import limit
from ui.pages.dossiers.steps import StepDialog
from ui.pages.intake.fees import FeeRow, money_spin, vnd
from ui.qt import QGridLayout, QLabel, QLineEdit, QWidget


class FeeCorrectionDialog(StepDialog):
    def __init__(self, d: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(760)
        self.paid = int(d["fee_paid"])
        self.set_texts(self.tr("Điều chỉnh phí, lệ phí — {code}").format(code=d["code"]),
                       self.tr("Đang thu {total}, đã nộp {paid}. Số đã nộp giữ nguyên: nếu "
                               "mức mới thấp hơn, hồ sơ ghi số tiền cần hoàn trả.").format(
                           total=vnd(int(d["fee_total"])), paid=vnd(self.paid)),
                       self.tr("Ghi điều chỉnh"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(3, 2)
        self.rows: list[FeeRow] = []
        for i, fee in enumerate(d["fees"]):
            row = FeeRow(Fee(fee["name"], fee.get("amount_vnd"), fee.get("text", "")), self)
            row.exempt.setChecked(bool(fee.get("exempt")))
            row.reason.setText(fee.get("exempt_reason", ""))
            for column, widget in enumerate((row.name, row.amount, row.exempt, row.reason)):
                grid.addWidget(widget, i, column)
            row.amount.valueChanged.connect(self._show_total)
            row.exempt.toggled.connect(self._show_total)
            self.rows.append(row)
        self.new_name = limit(QLineEdit(), FEE_NAME)
        self.new_name.setPlaceholderText(self.tr("Thêm khoản phí (tên), nếu cần"))
        self.new_amount = money_spin(self)
        self.new_amount.setRange(0, MAX_AMOUNT)
        self.new_amount.setMinimumWidth(150)
        grid.addWidget(self.new_name, len(self.rows), 0)
        grid.addWidget(self.new_amount, len(self.rows), 1)
        self.new_name.textChanged.connect(self._show_total)
        self.new_amount.valueChanged.connect(self._show_total)
        self.total_label = QLabel("")
        self.total_label.setObjectName("feeTotal")
        at = self.layout().indexOf(self.form)
        self.layout().insertLayout(at, grid)
        self.layout().insertWidget(at + 1, self.total_label)
        self.reason_edit = self.line(self.tr("Lý do điều chỉnh:"), required=True,
                                     length=limits.REASON)
        self.reason_edit.setPlaceholderText(self.tr("Bắt buộc: thu nhầm mức, quyết định miễn, "
                                                    "bổ sung khoản phí…"))
        self._show_total()
        self.update_ok()

    def fees(self) -> list[dict]:
        out = [row.value() for row in self.rows]
        name = clean(self.new_name.text())
        if name:
            out.append({"name": name, "amount_vnd": self.new_amount.value()})
        return out

    def _show_total(self, *_args) -> None:
        due = total_due(self.fees())
        text = self.tr("Phải nộp sau điều chỉnh: {due}").format(due=vnd(due))
        if self.paid > due:
            text += self.tr(" — thu thừa {extra}, cần hoàn trả").format(
                extra=vnd(self.paid - due))
        elif due > self.paid:
            text += self.tr(" — còn phải nộp {owed}").format(owed=vnd(due - self.paid))
        self.total_label.setText(text)

    def values(self) -> dict:
        return {"fees": self.fees(), "reason": self.reason_edit.text()}
