"""Dialogs of the queue tab: a service's number range, daily cap and counters; a new
counter; a new priority category. The rules are the services' (queue_config, office)."""

from __future__ import annotations

from functools import partial

from counter_app.errors import UserInputError
from counter_app.services import office, queue_config
from ui.qt import QLineEdit, QSpinBox, QWidget
from ui.widgets.form_dialog import FormDialog
from ui.worker import DbWorker


def parse_counters(text: str) -> list[int]:
    """"1, 2 3" → [1, 2, 3]; empty → every counter."""
    parts = text.replace(",", " ").replace(";", " ").split()
    try:
        return sorted({int(p) for p in parts})
    except ValueError:
        raise UserInputError("Quầy phục vụ: ghi các số quầy, cách nhau bởi dấu phẩy "
                             "(để trống: mọi quầy).") from None


class ServiceDialog(FormDialog):
    def __init__(self, worker: DbWorker, service: dict, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Dịch vụ {p} — {name}").format(
            p=service["prefix"], name=service["name"]), self.tr("Lưu"), parent)
        self.service = service
        self.start_box, self.end_box = QSpinBox(), QSpinBox()
        for box, value in ((self.start_box, service["number_start"]),
                           (self.end_box, service["number_end"])):
            box.setRange(1, 9999)
            box.setValue(value)
        self.cap_box = QSpinBox()
        self.cap_box.setRange(0, 9999)
        self.cap_box.setSpecialValueText(self.tr("không giới hạn"))
        self.cap_box.setValue(service["daily_cap"] or 0)
        self.counters_edit = QLineEdit(", ".join(map(str, service["counters"])))
        self.counters_edit.setPlaceholderText(self.tr("để trống: mọi quầy"))
        self.form.addRow(self.tr("Số đầu"), self.start_box)
        self.form.addRow(self.tr("Số cuối"), self.end_box)
        self.form.addRow(self.tr("Số phiếu tối đa mỗi ngày"), self.cap_box)
        self.form.addRow(self.tr("Quầy phục vụ"), self.counters_edit)

    def operation(self):
        try:
            counters = parse_counters(self.counters_edit.text())
        except UserInputError as exc:
            self.refuse(str(exc))
            return None
        changes = {"number_start": self.start_box.value(), "number_end": self.end_box.value(),
                   "daily_cap": self.cap_box.value() or None, "counters": counters}
        code = self.service["code"]
        return lambda core: queue_config.update_service(core, code, **changes)


class CounterDialog(FormDialog):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Thêm quầy"), self.tr("Thêm"), parent)
        self.number_box = QSpinBox()
        self.number_box.setRange(1, 99)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("ví dụ: Quầy Hộ tịch"))
        self.form.addRow(self.tr("Số quầy"), self.number_box)
        self.form.addRow(self.tr("Tên quầy"), self.name_edit)

    def operation(self):
        return partial(_define_counter, self.number_box.value(), self.name_edit.text())


def _define_counter(number: int, name: str, core) -> str:
    return office.define_counter(core, number, name)


class PriorityDialog(FormDialog):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Thêm đối tượng ưu tiên"), self.tr("Thêm"), parent)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("TE")
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(self.tr("ví dụ: Người đi cùng trẻ em dưới 6 tuổi"))
        self.form.addRow(self.tr("Mã"), self.code_edit)
        self.form.addRow(self.tr("Tên đối tượng"), self.label_edit)

    def operation(self):
        code, label = self.code_edit.text(), self.label_edit.text()
        return lambda core: queue_config.define_priority(core, code, label)
