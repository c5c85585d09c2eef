"""The lower half of the intake form: documents checklist (with scanned files), how the
dossier was submitted, how the result is collected, and the due date."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from counter_app.domain import limits
from counter_app.domain.catalogue import DocumentRequirement
from counter_app.domain.statuses import Channel
from counter_app.domain.text import clean
from ui.formatting import long_date
from ui.input_limits import limit
from ui.pages.common import muted
from ui.pages.intake_data import DELIVERY_KEYS
from ui.pages.intake_widgets import step_heading
from ui.qt import (QT_TRANSLATE_NOOP, QAbstractItemView, QCheckBox, QComboBox,
                   QCoreApplication, QDateTime, QDateTimeEdit, QFileDialog, QFrame, QGridLayout,
                   QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSize, QSpinBox,
                   QTableWidget, QTableWidgetItem, Qt, QVBoxLayout, QWidget, Signal)

CHANNELS = (
    (Channel.DIRECT, QT_TRANSLATE_NOOP("DetailsPanel", "Trực tiếp")),
    (Channel.ONLINE, QT_TRANSLATE_NOOP("DetailsPanel", "Trực tuyến (Cổng Dịch vụ công)")),
    (Channel.POST, QT_TRANSLATE_NOOP("DetailsPanel", "Bưu chính công ích")),
)
DELIVERY_LABELS = {
    "counter": QT_TRANSLATE_NOOP("DetailsPanel", "Tại Bộ phận Tiếp nhận và Trả kết quả"),
    "post": QT_TRANSLATE_NOOP("DetailsPanel", "Qua dịch vụ bưu chính công ích"),
    "online": QT_TRANSLATE_NOOP("DetailsPanel", "Bản điện tử qua Cổng Dịch vụ công"),
}
COLUMNS = (QT_TRANSLATE_NOOP("DocumentsTable", "Nộp"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Thành phần hồ sơ"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Bản chính"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Bản sao"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Tệp quét"))
PROVIDED, NAME, ORIGINALS, COPIES, FILES = range(5)
OPTIONAL_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_COUNT = 99


def due_text(moment: datetime) -> str:
    """"10:00, Thứ Hai, ngày 23 tháng 11 năm 2026"."""
    return f"{moment:%H:%M}, {long_date(moment.date())}"


class DocumentsTable(QTableWidget):
    """The procedure's checklist: provided or not, originals/copies, scanned files chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([QCoreApplication.translate("DocumentsTable", c)
                                        for c in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(32)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FILES, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(FILES, 150)
        self.files: list[list[Path]] = []
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # As tall as its rows (within limits), not QTableWidget's fixed 192 px: the page's
        # scroll area lays out by preferred heights and would scroll for nothing.
        rows = sum(self.rowHeight(r) for r in range(self.rowCount())) or 90
        height = self.horizontalHeader().sizeHint().height() + rows + 6
        return QSize(super().sizeHint().width(), max(110, min(height, 260)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.resizeRowsToContents()  # long names wrap onto a second line

    def set_documents(self, docs: tuple[DocumentRequirement, ...]) -> None:
        self.setRowCount(0)
        self.files = []
        for doc in docs:
            self.add_row(doc.name, doc.originals, doc.copies, not doc.optional, doc.optional)
        self.resizeRowsToContents()
        self.updateGeometry()

    def add_row(self, name: str, originals: int, copies: int, provided: bool,
                optional: bool = False) -> int:
        row = self.rowCount()
        self.insertRow(row)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if provided else Qt.CheckState.Unchecked)
        self.setItem(row, PROVIDED, check)
        shown = name + (self.tr(" (nếu có)") if optional else "")
        item = QTableWidgetItem(shown)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setData(OPTIONAL_ROLE, optional)
        item.setToolTip(shown)
        self.setItem(row, NAME, item)
        for column, value in ((ORIGINALS, originals), (COPIES, copies)):
            spin = QSpinBox()
            spin.setRange(0, MAX_COUNT)
            spin.setValue(value)
            spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCellWidget(row, column, spin)
        self.files.append([])
        self.setItem(row, FILES, QTableWidgetItem("—"))
        return row

    def spin(self, row: int, column: int) -> QSpinBox:
        return self.cellWidget(row, column)

    def is_provided(self, row: int) -> bool:
        return self.item(row, PROVIDED).checkState() == Qt.CheckState.Checked

    def set_provided(self, row: int, provided: bool) -> None:
        self.item(row, PROVIDED).setCheckState(
            Qt.CheckState.Checked if provided else Qt.CheckState.Unchecked)

    def name(self, row: int) -> str:
        return self.item(row, NAME).data(Qt.ItemDataRole.UserRole)

    def documents(self) -> list[dict]:
        return [{"name": self.name(r), "originals": self.spin(r, ORIGINALS).value(),
                 "copies": self.spin(r, COPIES).value(), "provided": self.is_provided(r)}
                for r in range(self.rowCount())]

    def checklist(self) -> list[dict]:
        """``documents()`` plus whether each paper is optional (“nếu có”)."""
        return [{**d, "optional": bool(self.item(r, NAME).data(OPTIONAL_ROLE))}
                for r, d in enumerate(self.documents())]

    def attach(self, row: int, paths: list[Path]) -> None:
        known = set(self.files[row])
        self.files[row].extend(Path(p) for p in paths if Path(p) not in known)
        self._show_files(row)
        if self.files[row]:
            self.set_provided(row, True)  # a scanned paper was handed in

    def clear_files(self, row: int) -> None:
        self.files[row] = []
        self._show_files(row)

    def _show_files(self, row: int) -> None:
        names = [p.name for p in self.files[row]]
        item = self.item(row, FILES)
        item.setText(", ".join(names) or "—")
        item.setToolTip("\n".join(str(p) for p in self.files[row]))

    def chosen_files(self) -> list[tuple[int, Path]]:
        return [(row, path) for row, paths in enumerate(self.files) for path in paths]


class DetailsPanel(QFrame):
    """Channel (+ the portal's code), number of sets, how the result is collected, due date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        tr = self.tr
        self.channel_combo = QComboBox()
        for channel, label in CHANNELS:
            self.channel_combo.addItem(QCoreApplication.translate("DetailsPanel", label), channel)
        self.portal_edit = limit(QLineEdit(), limits.PORTAL_CODE)
        self.portal_edit.setPlaceholderText(tr("Mã hồ sơ trên Cổng Dịch vụ công"))
        self.sets_spin = QSpinBox()
        self.sets_spin.setRange(1, 100)
        self.delivery_combo = QComboBox()
        self.due_label = QLabel(tr("—"))
        self.due_label.setObjectName("dueDate")
        self.due_note = muted(tr("Chọn thủ tục để tính ngày hẹn trả."))
        self.override_check = QCheckBox(tr("Sửa ngày hẹn"))
        self.due_edit = QDateTimeEdit()
        self.due_edit.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.due_edit.setCalendarPopup(True)
        self.reason_edit = limit(QLineEdit(), limits.REASON)
        self.reason_edit.setPlaceholderText(tr("Lý do sửa ngày hẹn (bắt buộc)"))
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        self.override_check.toggled.connect(self._override_toggled)
        self._layout()
        self.set_delivery_options(DELIVERY_KEYS)
        self.computed_due: datetime | None = None
        self._channel_changed()
        self._override_toggled(False)

    def _layout(self) -> None:
        tr = self.tr
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(QLabel(tr("Hình thức nộp")), 0, 0)
        grid.addWidget(self.channel_combo, 0, 1)
        grid.addWidget(self.portal_edit, 0, 2, 1, 2)
        grid.addWidget(QLabel(tr("Số bộ")), 1, 0)
        sets = QHBoxLayout()
        sets.addWidget(self.sets_spin)
        sets.addSpacing(16)
        sets.addWidget(QLabel(tr("Nhận kết quả")))
        sets.addSpacing(6)
        sets.addWidget(self.delivery_combo, 1)
        grid.addLayout(sets, 1, 1, 1, 3)
        grid.addWidget(QLabel(tr("Ngày hẹn trả")), 2, 0)
        due = QHBoxLayout()
        due.addWidget(self.due_label, 1)
        due.addWidget(self.override_check)
        grid.addLayout(due, 2, 1, 1, 3)
        grid.addWidget(self.due_note, 3, 1, 1, 3)
        override = QHBoxLayout()
        override.addWidget(self.due_edit)
        override.addWidget(self.reason_edit, 1)
        grid.addLayout(override, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.addWidget(step_heading(tr("4. Tiếp nhận và hẹn trả")))
        box.addLayout(grid)

    def set_delivery_options(self, keys: tuple[str, ...]) -> None:
        current = self.delivery()
        self.delivery_combo.clear()
        for key in keys:
            self.delivery_combo.addItem(
                QCoreApplication.translate("DetailsPanel", DELIVERY_LABELS[key]), key)
        index = self.delivery_combo.findData(current)
        self.delivery_combo.setCurrentIndex(max(0, index))

    def show_due(self, due: datetime | None, note: str = "") -> None:
        self.computed_due = due
        self.due_label.setText(due_text(due) if due else "—")
        self.due_note.setText(note)
        if due is not None and not self.override_check.isChecked():
            self.due_edit.setDateTime(QDateTime(due.date(), due.time().replace(second=0,
                                                                              microsecond=0)))

    def _channel_changed(self, *_args) -> None:
        online = self.channel() == Channel.ONLINE
        self.portal_edit.setEnabled(online)
        if not online:
            self.portal_edit.clear()

    def _override_toggled(self, on: bool) -> None:
        self.due_edit.setVisible(on)
        self.reason_edit.setVisible(on)
        self.due_label.setEnabled(not on)
        if on:
            self.reason_edit.setFocus()

    def channel(self) -> Channel:
        return Channel(self.channel_combo.currentData())

    def set_channel(self, channel: Channel) -> None:
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(channel))

    def portal_code(self) -> str:
        return clean(self.portal_edit.text())

    def delivery(self) -> str:
        return self.delivery_combo.currentData() or "counter"

    def due_override(self) -> datetime | None:
        if not self.override_check.isChecked():
            return None
        return self.due_edit.dateTime().toPython()      # naive local time: the core's rule

    def due_reason(self) -> str:
        return clean(self.reason_edit.text()) if self.override_check.isChecked() else ""

    def reset(self) -> None:
        self.channel_combo.setCurrentIndex(0)
        self.portal_edit.clear()
        self.sets_spin.setValue(1)
        self.override_check.setChecked(False)
        self.reason_edit.clear()
        self.set_delivery_options(DELIVERY_KEYS)
        self.delivery_combo.setCurrentIndex(0)
        self.show_due(None, self.tr("Chọn thủ tục để tính ngày hẹn trả."))


class DocumentsCard(QFrame):
    """The checklist under its heading, with buttons to choose scanned files for a line
    (attached right after the dossier is recorded); ``problem(text)`` for the message bar."""

    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.table = DocumentsTable()
        self.table.setMinimumHeight(110)
        self.file_dialog: QFileDialog | None = None
        self.attach_button = QPushButton(self.tr("Đính kèm tệp quét…"))
        self.attach_button.clicked.connect(self.choose_files)
        self.unattach_button = QPushButton(self.tr("Bỏ tệp đã chọn"))
        self.unattach_button.clicked.connect(self.clear_files)
        top = QHBoxLayout()
        top.addWidget(step_heading(self.tr("3. Thành phần hồ sơ")), 1)
        top.addWidget(self.attach_button)
        top.addWidget(self.unattach_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.addLayout(top)
        box.addWidget(self.table, 1)

    def choose_files(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.problem.emit(self.tr(
                "Hãy chọn một dòng trong thành phần hồ sơ trước khi đính kèm tệp quét."))
            return
        dialog = QFileDialog(self, self.tr("Chọn tệp quét cho: {name}").format(
            name=self.table.name(row)))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Tệp quét (*.pdf *.jpg *.jpeg *.png)"))
        dialog.filesSelected.connect(lambda paths: self.table.attach(row, list(paths)))
        dialog.finished.connect(lambda *_: self._dialog_closed(dialog))
        self.file_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: QFileDialog) -> None:
        if self.file_dialog is dialog:
            self.file_dialog = None
        dialog.deleteLater()

    def clear_files(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.clear_files(self.table.currentRow())
