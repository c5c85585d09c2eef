"""The documents checklist of the intake form, with the scanned file of each document."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.catalogue import DocumentRequirement
from ui.qt import (QT_TRANSLATE_NOOP, QAbstractItemView, QCoreApplication, QFileDialog, QFrame,
                   QHBoxLayout, QHeaderView, QPushButton, QSize, QSpinBox, Qt, QTableWidget,
                   QTableWidgetItem, QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import open_kept
from ui.widgets.panel import step_heading

COLUMNS = (QT_TRANSLATE_NOOP("DocumentsTable", "Nộp"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Thành phần hồ sơ"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Bản chính"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Bản sao"),
           QT_TRANSLATE_NOOP("DocumentsTable", "Tệp quét"))
PROVIDED, NAME, ORIGINALS, COPIES, FILES = range(5)
OPTIONAL_ROLE = Qt.ItemDataRole.UserRole + 1
PRESENTED_ROLE = OPTIONAL_ROLE + 1   # shown and handed back ("xuất trình"): no counts
MAX_COUNT = 99


class DocumentsTable(QTableWidget):
    """The procedure's checklist: provided or not, originals/copies, scanned files chosen.
    ``changed()`` whenever a tick, a count or the files of a line change."""

    changed = Signal()

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
        self.itemChanged.connect(lambda _item: self.changed.emit())

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
            self.add_row(doc.name, doc.originals, doc.copies, not doc.optional, doc.optional,
                         doc.presented)
        self.resizeRowsToContents()
        self.updateGeometry()

    def add_row(self, name: str, originals: int, copies: int, provided: bool,
                optional: bool = False, presented: bool = False) -> int:
        row = self.rowCount()
        self.insertRow(row)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if provided else Qt.CheckState.Unchecked)
        self.setItem(row, PROVIDED, check)
        shown = name + (self.tr(" (xuất trình)") if presented else "") + \
            (self.tr(" (nếu có)") if optional else "")
        item = QTableWidgetItem(shown)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setData(OPTIONAL_ROLE, optional)
        item.setData(PRESENTED_ROLE, presented)
        item.setToolTip(shown)
        self.setItem(row, NAME, item)
        for column, value in ((ORIGINALS, originals), (COPIES, copies)):
            spin = QSpinBox()
            spin.setRange(0, MAX_COUNT)
            spin.setValue(value)
            spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            spin.setEnabled(not presented)      # a paper shown is not counted
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
                 "copies": self.spin(r, COPIES).value(), "provided": self.is_provided(r),
                 **({"presented": True} if self.is_presented(r) else {})}
                for r in range(self.rowCount())]

    def is_presented(self, row: int) -> bool:
        return bool(self.item(row, NAME).data(PRESENTED_ROLE))

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
        self.changed.emit()

    def state(self) -> list[dict]:
        """The checklist as typed, with the files chosen: what an intake draft keeps."""
        return [{**d, "files": [str(p) for p in self.files[r]]}
                for r, d in enumerate(self.checklist())]

    def restore_state(self, rows: list[dict]) -> None:
        """Put a draft's ticks, counts and files back, line by line by name; a line the
        catalogue no longer has is added, so nothing typed is dropped."""
        names = [self.name(r) for r in range(self.rowCount())]
        for saved in rows:
            name = str(saved.get("name", ""))
            if name in names:
                row = names.index(name)
            else:
                row = self.add_row(name, 0, 0, False, bool(saved.get("optional")),
                                   bool(saved.get("presented")))
                names.append(name)
            self.set_provided(row, bool(saved.get("provided")))
            self.spin(row, ORIGINALS).setValue(int(saved.get("originals") or 0))
            self.spin(row, COPIES).setValue(int(saved.get("copies") or 0))
            self.files[row] = [Path(p) for p in saved.get("files") or []]
            self._show_files(row)
        self.resizeRowsToContents()

    def chosen_files(self) -> list[tuple[int, Path]]:
        return [(row, path) for row, paths in enumerate(self.files) for path in paths]


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
        open_kept(self, "file_dialog", dialog)

    def clear_files(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.clear_files(self.table.currentRow())
