"""Danh mục thủ tục: the office's procedures — search, edit one, import a catalogue
file with the row-by-row report shown, export the catalogue to a file.

An import is all or nothing (services/catalogue.py): a file with wrong rows changes
nothing, and the report lists each row to fix."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.catalogue import CatalogueImportError
from counter_app.errors import CounterError
from counter_app.services import catalogue
from ui import errors
from ui.pages.admin.catalogue_edit import ProcedureDialog
from ui.qt import (QFileDialog, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton,
                   QTableWidgetItem, QVBoxLayout, QWidget)
from ui.widgets.basics import delay_timer
from ui.widgets.dialogs import open_kept
from ui.widgets.tables import RowTable, fit_columns
from ui.worker import DbWorker

FILE_FILTER = "Danh mục (*.xlsx *.csv *.json)"


class CatalogueTab(QWidget):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.procedures = []
        self.dialog = None
        self.file_dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Tìm theo mã hoặc tên thủ tục…"))
        self._search_timer = delay_timer(self, 250, self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        top.addWidget(self.search_edit, 1)
        layout.addLayout(top)
        self.table = RowTable([self.tr("Mã"), self.tr("Lĩnh vực"), self.tr("Thời hạn"),
                               self.tr("Áp dụng"), self.tr("Tên thủ tục")])
        fit_columns(self.table)
        self.table.row_chosen.connect(lambda _r: self.edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 3)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(self.tr("Kết quả nhập danh mục hiện ở đây."))
        self.report.setMaximumHeight(120)
        layout.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Sửa thủ tục…"))
        self.import_button = QPushButton(self.tr("Nhập danh mục từ tệp…"))
        self.export_button = QPushButton(self.tr("Xuất danh mục…"))
        self.edit_button.clicked.connect(self.edit)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        for b in (self.edit_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def refresh(self) -> None:
        words = self.search_edit.text()
        self._worker.run_op(lambda core: catalogue.list_procedures(
            core, search=words, include_inactive=True), self._show, owner=self)

    def _show(self, procedures) -> None:
        self.procedures = procedures
        self.table.setRowCount(len(procedures))
        for r, p in enumerate(procedures):
            term = self.tr("trong ngày") if p.same_day else self.tr("{d:g} ngày").format(
                d=p.processing_days)
            cells = [p.code, p.field_code, term, self.tr("Có") if p.active else self.tr("Không"),
                     p.name]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def selected(self):
        row = self.table.currentRow()
        picked = self.table.selectionModel().selectedRows()
        return self.procedures[row] if picked and 0 <= row < len(self.procedures) else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def edit(self) -> None:
        procedure = self.selected()
        if procedure is None:
            return
        dialog = ProcedureDialog(self._worker, procedure, self)
        dialog.done.connect(lambda result: (self.report.setPlainText(result.summary()),
                                            self.refresh()))
        open_kept(self, "dialog", dialog)

    # --- files: window-modal dialogs (no nested event loop), then the worker

    def choose_import(self) -> None:
        dialog = QFileDialog(self, self.tr("Chọn tệp danh mục thủ tục"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr(FILE_FILTER))
        dialog.fileSelected.connect(lambda name: self.import_path(Path(name)))
        open_kept(self, "file_dialog", dialog)

    def choose_export(self) -> None:
        dialog = QFileDialog(self, self.tr("Lưu danh mục thủ tục"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr(FILE_FILTER))
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile("danh-muc-thu-tuc.xlsx")
        dialog.fileSelected.connect(lambda name: self.export_path(Path(name)))
        open_kept(self, "file_dialog", dialog)

    def import_path(self, path: Path) -> None:
        self.import_button.setEnabled(False)
        self.report.setPlainText(self.tr("Đang nhập {name}…").format(name=path.name))
        self._worker.run_op(lambda core: catalogue.import_file(core, path),
                            self._imported, self._failed, owner=self)

    def _imported(self, result) -> None:
        self.import_button.setEnabled(True)
        self.report.setPlainText(result.summary())
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, CatalogueImportError):
            self.report.setPlainText(self.tr(
                "Không nhập: tệp có {n} lỗi; chưa có gì thay đổi. Sửa các dòng sau rồi nhập lại:"
            ).format(n=len(exc.problems)) + "\n" + "\n".join(f"– {p}" for p in exc.problems))
        elif isinstance(exc, CounterError):
            self.report.setPlainText(str(exc))
        else:
            self.report.setPlainText(errors.unexpected_error_text())

    def export_path(self, path: Path) -> None:
        self._worker.run_op(lambda core: catalogue.export_file(core, path),
                            lambda _r: self.report.setPlainText(
                                self.tr("Đã xuất danh mục ra {path}.").format(path=path)),
                            self._failed, owner=self)
