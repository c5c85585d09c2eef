"""Quầy và dịch vụ: the office's counters, the queue services (number range, daily
cap, which counters serve them) and the priority policy with its categories, and the
small forms that change them; the rules are the services' (queue_config, office)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from counter_app.domain.queue import Policy
from counter_app.errors import UserInputError
from counter_app.services import office, queue_config
from counter_app.services.core import Core
from ui.qt import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                   QTableWidgetItem, QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import open_kept
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import RowTable, fit_columns
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


@dataclass(frozen=True)
class QueueSetup:
    counters: list[dict]
    services: list[dict]
    priorities: list[dict]
    policy: Policy


def read_queue_setup(core: Core) -> QueueSetup:
    return QueueSetup(office.list_counters(core), queue_config.list_services(core),
                      queue_config.list_priorities(core), queue_config.current_policy(core))


def _fill(table: RowTable, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class QueueTab(QWidget):
    note = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.setup: QueueSetup | None = None
        self.dialog = None
        row = QHBoxLayout(self)
        self.counters_table = RowTable([self.tr("Số quầy"), self.tr("Tên quầy")])
        self.services_table = RowTable([self.tr("Ký hiệu"), self.tr("Dãy số"),
                                        self.tr("Tối đa/ngày"), self.tr("Quầy"),
                                        self.tr("Lĩnh vực")])
        self.priorities_table = RowTable([self.tr("Mã"), self.tr("Đối tượng ưu tiên")])
        for t in (self.counters_table, self.services_table, self.priorities_table):
            fit_columns(t)
        self.services_table.row_chosen.connect(lambda _r: self.edit_service())
        add_counter = QPushButton(self.tr("+ Thêm quầy…"))
        add_counter.clicked.connect(self.add_counter)
        self.edit_service_button = QPushButton(self.tr("Sửa dịch vụ…"))
        self.edit_service_button.clicked.connect(self.edit_service)
        row.addWidget(self._box(self.tr("Quầy"), self.counters_table, add_counter), 2)
        row.addWidget(self._box(self.tr("Dịch vụ trong hàng đợi"), self.services_table,
                                self.edit_service_button), 4)
        row.addWidget(self._policy_box(), 3)

    @staticmethod
    def _box(title: str, table, *buttons) -> QGroupBox:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        column.addWidget(table, 1)
        line = QHBoxLayout()
        for b in buttons:
            line.addWidget(b)
        line.addStretch(1)
        column.addLayout(line)
        return box

    def _policy_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Ưu tiên"))
        column = QVBoxLayout(box)
        self.mode_box = QComboBox()
        self.mode_box.addItem(self.tr("Luôn gọi người ưu tiên trước"), "strict")
        self.mode_box.addItem(self.tr("Xen kẽ: một người ưu tiên sau mỗi N người"), "every_n")
        self.every_box = QSpinBox()
        self.every_box.setRange(1, 20)
        self.mode_box.currentIndexChanged.connect(
            lambda _i: self.every_box.setEnabled(self.mode_box.currentData() == "every_n"))
        line = QHBoxLayout()
        line.addWidget(QLabel(self.tr("N =")))
        line.addWidget(self.every_box)
        self.policy_button = QPushButton(self.tr("Lưu cách gọi"))
        self.policy_button.clicked.connect(self.save_policy)
        line.addWidget(self.policy_button)
        line.addStretch(1)
        column.addWidget(self.mode_box)
        column.addLayout(line)
        column.addWidget(self.priorities_table, 1)
        add = QPushButton(self.tr("+ Thêm đối tượng…"))
        add.clicked.connect(self.add_priority)
        column.addWidget(add)
        return box

    def refresh(self) -> None:
        self._worker.run_op(read_queue_setup, self._show, owner=self)

    def _show(self, setup: QueueSetup) -> None:
        self.setup = setup
        _fill(self.counters_table, [[str(c["number"]), c["name"]] for c in setup.counters])
        _fill(self.services_table, [
            [s["prefix"], f"{s['number_start']}–{s['number_end']}",
             str(s["daily_cap"]) if s["daily_cap"] else self.tr("không giới hạn"),
             ", ".join(map(str, s["counters"])) or self.tr("mọi quầy"), s["name"]]
            for s in setup.services])
        _fill(self.priorities_table, [[p["code"], p["label"]] for p in setup.priorities])
        self.mode_box.setCurrentIndex(self.mode_box.findData(setup.policy.mode))
        self.every_box.setValue(setup.policy.every)
        self.every_box.setEnabled(setup.policy.mode == "every_n")

    def _open(self, dialog, text: str) -> None:
        dialog.done.connect(lambda _r: (self.note.emit(text), self.refresh()))
        open_kept(self, "dialog", dialog)

    def edit_service(self) -> None:
        row = self.services_table.currentRow()
        if self.setup is None or not 0 <= row < len(self.setup.services):
            return
        service = self.setup.services[row]
        self._open(ServiceDialog(self._worker, service, self),
                   self.tr("Đã lưu dịch vụ {p}.").format(p=service["prefix"]))

    def add_counter(self) -> None:
        self._open(CounterDialog(self._worker, self), self.tr("Đã thêm quầy."))

    def add_priority(self) -> None:
        self._open(PriorityDialog(self._worker, self), self.tr("Đã thêm đối tượng ưu tiên."))

    def save_policy(self) -> None:
        mode, every = self.mode_box.currentData(), self.every_box.value()
        self._worker.run_op(lambda core: queue_config.set_policy(core, mode, every),
                            lambda _r: (self.note.emit(self.tr("Đã lưu cách gọi người ưu tiên.")),
                                        self.refresh()), owner=self)
