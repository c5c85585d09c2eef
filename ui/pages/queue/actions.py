"""Small dialogs of the queue panel: transfer a ticket, call a number by hand.

Both open window-modal with ``open()`` (never a nested event loop) and emit
``chosen`` when the officer confirms; the panel does the work through the worker.
"""

from __future__ import annotations

from ui.formatting import counter_label
from ui.qt import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, Qt,
                   QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import ok_cancel
from ui.widgets.drafts import DraftDialog

# Item data: ("service", code) or ("counter", number); headings carry none.
TARGET_ROLE = Qt.ItemDataRole.UserRole


class TransferDialog(QDialog):
    """Choose another service's queue or one counter; emits ``chosen(service_code, counter)``."""

    chosen = Signal(object, object)

    def __init__(self, ticket: dict, services: list[dict], counters: list[dict],
                 own_counter: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chuyển số {number}").format(number=ticket["number"]))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.targets = QListWidget()
        self.targets.setMinimumSize(360, 300)
        self._heading(self.tr("Sang dịch vụ khác (vào hàng chờ của dịch vụ đó)"))
        for s in services:
            if s["code"] != ticket["service_code"]:
                self._target(f"{s['prefix']} · {s['name']}", ("service", s["code"]))
        self._heading(self.tr("Sang một quầy (được gọi trước tại quầy đó)"))
        for c in counters:
            if c["number"] != own_counter:
                self._target(counter_label(c["number"]), ("counter", c["number"]))
        self.buttons = ok_cancel(self, self.tr("Chuyển"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.targets.currentItemChanged.connect(self._update_ok)
        self.targets.itemDoubleClicked.connect(lambda _item: self.accept())
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Chuyển số {number} — {service} đến:").format(
            number=ticket["number"], service=ticket["service_name"])))
        box.addWidget(self.targets)
        box.addWidget(self.buttons)
        self._update_ok()

    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, not a choice
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.targets.addItem(item)

    def _target(self, text: str, target: tuple) -> None:
        item = QListWidgetItem("    " + text)
        item.setData(TARGET_ROLE, target)
        self.targets.addItem(item)

    def select(self, kind: str, value) -> None:
        """Pick a target as the officer would (for keyboard users and tests)."""
        for row in range(self.targets.count()):
            if self.targets.item(row).data(TARGET_ROLE) == (kind, value):
                self.targets.setCurrentRow(row)
                return
        raise KeyError((kind, value))

    def target(self) -> tuple | None:
        item = self.targets.currentItem()
        return item.data(TARGET_ROLE) if item is not None else None

    def _update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(self.target() is not None)

    def accept(self) -> None:
        target = self.target()
        if target is None:
            return
        super().accept()
        kind, value = target
        self.chosen.emit(value if kind == "service" else None,
                         value if kind == "counter" else None)


class CallNumberDialog(DraftDialog):
    """Type a number as printed on the paper (A025, a025); emits ``chosen(number)``. The
    number typed is kept as a draft until it is called (ui.widgets.drafts)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gọi một số"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("ví dụ: A025"))
        self.number_edit.setMaxLength(12)
        self.number_edit.setStyleSheet("font-size: 16pt; padding: 4px;")
        self.buttons = ok_cancel(self, self.tr("Gọi"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.number_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Nhập số như in trên phiếu (chữ hoa hay thường đều được):")))
        box.addWidget(self.number_edit)
        box.addWidget(self.buttons)

    def draft_fields(self) -> dict[str, QWidget]:
        return {"number": self.number_edit}

    def accept(self) -> None:
        number = self.number_edit.text().strip()
        if not number:
            return
        super().accept()
        if self.draft is not None:
            self.draft.discard()      # called now: the number is on the message bar if it fails
        self.chosen.emit(number)
