"""The fees of the intake form (phí, lệ phí): the catalogue's amounts, editable, each
waivable with the reason, and whether the citizen pays now (cash, transfer, online) or
later. Hidden when the procedure charges nothing. For a linked group, each member's fees
under its name, one total, one payment choice (each dossier is paid what it owes).
Rules in counter_app/domain/fees.py."""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.catalogue import Fee
from counter_app.domain.fees import MAX_AMOUNT, METHODS, REFERENCE, total_due
from counter_app.domain.text import clean
from ui.input_limits import limit
from ui.qt import (QT_TRANSLATE_NOOP, QCheckBox, QComboBox, QCoreApplication, QFrame,
                   QGridLayout, QHBoxLayout, QLabel, QLineEdit, QLocale, QSizePolicy, QSpinBox,
                   QVBoxLayout, QWidget, Signal)
from ui.widgets.panel import step_heading

PAY_LATER = QT_TRANSLATE_NOOP("FeesCard", "Chưa nộp (nộp sau, ví dụ khi trả kết quả)")
PAID_WITH = {"cash": QT_TRANSLATE_NOOP("FeesCard", "Đã nộp đủ: tiền mặt"),
             "transfer": QT_TRANSLATE_NOOP("FeesCard", "Đã nộp đủ: chuyển khoản"),
             "online": QT_TRANSLATE_NOOP("FeesCard", "Đã nộp đủ: trực tuyến")}
assert set(PAID_WITH) == set(METHODS)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def money_spin(parent: QWidget | None = None) -> QSpinBox:
    """An amount in đồng written the Vietnamese way (10.000 đồng), whatever the PC's locale."""
    spin = QSpinBox(parent)
    spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    spin.setGroupSeparatorShown(True)
    spin.setSuffix(QCoreApplication.translate("FeesCard", " đồng"))
    spin.setSingleStep(1000)
    return spin


class FeeRow:
    """One fee: its name, the amount (0 with the catalogue's note when it has no fixed
    amount), "Miễn" and the reason."""

    def __init__(self, fee: Fee, parent: QWidget) -> None:
        self.fee = fee
        self.procedure = ""     # a linked group's member it is charged on
        # One line, cut at the card's edge, the whole name and the catalogue's note in the
        # tooltip: a wrapped label in a grid inside the scroll area would overlap its rows.
        self.name = QLabel(fee.name)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.name.setToolTip(f"{fee.name}\n{fee.text}" if fee.text else fee.name)
        self.amount = money_spin(parent)
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setMinimumWidth(150)
        if fee.amount_vnd is None:
            # "Theo nghị quyết HĐND cấp tỉnh": the officer types the amount charged.
            self.amount.setSpecialValueText(QCoreApplication.translate(
                "FeesCard", "nhập mức thu"))
            self.amount.setToolTip(fee.text)
        self.amount.setValue(fee.amount_vnd or 0)
        self.exempt = QCheckBox(QCoreApplication.translate("FeesCard", "Miễn"))
        self.reason = limit(QLineEdit(), limits.REASON)
        self.reason.setPlaceholderText(QCoreApplication.translate(
            "FeesCard", "Lý do miễn (bắt buộc): đối tượng, văn bản"))
        self.exempt.toggled.connect(self.reason.setEnabled)
        self.reason.setEnabled(False)

    def value(self) -> dict:
        """As the core records it: an amount typed (0 with a note keeps the note)."""
        out: dict = {"name": self.fee.name}
        if self.amount.value() or self.fee.amount_vnd is not None:
            out["amount_vnd"] = self.amount.value()
        else:
            out["text"] = self.fee.text
        if self.exempt.isChecked():
            out.update(exempt=True, exempt_reason=clean(self.reason.text()))
        return out


class FeesCard(QFrame):
    """``changed()`` on any edit; ``fees()`` and ``payment_method()`` for the request."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.rows: list[FeeRow] = []
        self.headings: list[QLabel] = []     # a linked group's member names
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(3, 2)
        self.total_label = QLabel("")
        self.total_label.setObjectName("feeTotal")
        self.payment_combo = QComboBox()
        self.payment_combo.addItem(self.tr(PAY_LATER), "")
        for method, label in PAID_WITH.items():
            self.payment_combo.addItem(self.tr(label), method)
        self.reference_edit = limit(QLineEdit(), REFERENCE)
        self.reference_edit.setPlaceholderText(self.tr("Số giao dịch (chuyển khoản, trực tuyến)"))
        self.payment_combo.currentIndexChanged.connect(self._payment_changed)
        self.payment_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.reference_edit.textChanged.connect(lambda _t: self.changed.emit())
        pay = QHBoxLayout()
        pay.addWidget(self.total_label, 1)
        pay.addWidget(self.payment_combo)
        pay.addWidget(self.reference_edit)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.addWidget(step_heading(self.tr("5. Phí, lệ phí")))
        box.addLayout(self.grid)
        box.addLayout(pay)
        self._payment_changed()
        self.setVisible(False)

    def set_fees(self, fees: tuple[Fee, ...]) -> None:
        """The chosen procedure's fees, as the catalogue lists them."""
        self.set_sections([("", "", fees)])

    def set_sections(self, sections: list[tuple[str, str, tuple[Fee, ...]]]) -> None:
        """Fees under headings: (procedure code, heading, fees) — a linked group's
        members, each dossier charging its own; one section without a heading for one
        procedure. A member charging nothing gets no heading."""
        for widget in self.headings + [w for row in self.rows
                                       for w in (row.name, row.amount, row.exempt, row.reason)]:
            self.grid.removeWidget(widget)
            widget.setParent(None)      # gone now, not when the event loop next runs
            widget.deleteLater()
        self.rows, self.headings, line = [], [], 0
        for code, heading, fees in sections:
            if heading and fees:
                label = QLabel(heading)
                label.setObjectName("fieldName")
                self.grid.addWidget(label, line, 0, 1, 4)
                self.headings.append(label)
                line += 1
            for fee in fees:
                row = FeeRow(fee, self)
                row.procedure = code
                for column, widget in enumerate((row.name, row.amount, row.exempt, row.reason)):
                    self.grid.addWidget(widget, line, column)
                row.amount.valueChanged.connect(self._edited)
                row.exempt.toggled.connect(self._edited)
                row.reason.textChanged.connect(lambda _t: self.changed.emit())
                self.rows.append(row)
                line += 1
        self.payment_combo.setCurrentIndex(0)
        self.reference_edit.clear()
        self.setVisible(bool(self.rows))
        self._show_total()

    def _edited(self, *_args) -> None:
        self._show_total()
        self.changed.emit()

    def _show_total(self) -> None:
        due = total_due(self.fees() or [])
        self.total_label.setText(self.tr("Phải nộp: {amount}").format(amount=vnd(due)))
        self.payment_combo.setEnabled(due > 0)
        if not due:
            self.payment_combo.setCurrentIndex(0)

    def _payment_changed(self, *_args) -> None:
        self.reference_edit.setVisible(self.payment_method() in ("transfer", "online"))

    def fees(self) -> list[dict] | None:
        """The fees to charge; None when the procedure lists none (the catalogue's, empty)."""
        return [row.value() for row in self.rows] if self.rows else None

    def fees_by_procedure(self) -> dict[str, list[dict]]:
        """A linked group's fees, by member procedure code (members charging nothing
        are left out: they charge the catalogue's, none)."""
        out: dict[str, list[dict]] = {}
        for row in self.rows:
            out.setdefault(row.procedure, []).append(row.value())
        return out

    def payment_method(self) -> str:
        return self.payment_combo.currentData() or ""

    def payment_reference(self) -> str:
        return clean(self.reference_edit.text()) if self.payment_method() else ""

    def state(self) -> dict:
        """As typed, for the intake draft."""
        return {"rows": [{"amount": r.amount.value(), "exempt": r.exempt.isChecked(),
                          "reason": r.reason.text()} for r in self.rows],
                "payment": self.payment_method(), "reference": self.reference_edit.text()}

    def restore_state(self, state: dict) -> None:
        """Put a draft back (after ``set_fees`` for the same procedure)."""
        for row, kept in zip(self.rows, state.get("rows") or []):
            row.amount.setValue(int(kept.get("amount") or 0))
            row.exempt.setChecked(bool(kept.get("exempt")))
            row.reason.setText(str(kept.get("reason", "")))
        index = self.payment_combo.findData(state.get("payment", ""))
        self.payment_combo.setCurrentIndex(max(0, index))
        self.reference_edit.setText(str(state.get("reference", "")))
