"""Sổ theo dõi hồ sơ (form 06): export a year's book to PDF or Excel, start a new book.

The rows are read on the DB worker (fast); the PDF or workbook is written on a
thread of its own, because a year's PDF takes seconds to minutes and the
worker must stay free for the queue panel and the search box.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from counter_app.domain.clock import to_local
from counter_app.domain.permissions import allowed
from counter_app.errors import CounterError
from ui import errors
from ui.pages.dossiers.ops import (BookData, BookInfo, new_book_op, read_book, read_book_info,
                                   write_book_pdf, write_book_xlsx)
from ui.pages.dossiers.steps import ConfirmDialog
from ui.qt import (QComboBox, QDesktopServices, QDialog, QFileDialog, QFormLayout, QHBoxLayout,
                   QLabel, QProgressBar, QPushButton, QSpinBox, Qt, QUrl, QVBoxLayout, QWidget,
                   Signal)
from ui.worker import BackgroundJob, DbWorker

THREAD_NAME = "book-export"


class BookDialog(QDialog):
    """Year and book, export to PDF / Excel, and "Sổ mới"; emits ``exported(path)``."""

    exported = Signal(object)

    def __init__(self, worker: DbWorker, year: int, can_start_book: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.info: BookInfo | None = None
        self.busy = False
        self.last_file: Path | None = None
        self.confirm_dialog: ConfirmDialog | None = None
        self.can_start_book = can_start_book
        self.setWindowTitle(self.tr("Sổ theo dõi hồ sơ (mẫu 06)"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.year_spin.setMaximumWidth(110)
        self.year_spin.valueChanged.connect(lambda _y: self.refresh())
        self.book_combo = QComboBox()
        self.info_label = QLabel("")
        self.info_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)          # busy, length unknown
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_buttons()
        self._layout()
        self.refresh()

    def _build_buttons(self) -> None:
        self.pdf_button = QPushButton(self.tr("Xuất PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(self.tr("Xuất Excel…"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.new_book_button = QPushButton(self.tr("Sổ mới…"))
        self.new_book_button.clicked.connect(self.confirm_new_book)
        self.open_button = QPushButton(self.tr("Mở tệp vừa xuất"))
        self.open_button.clicked.connect(self.open_last_file)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.clicked.connect(self.reject)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Năm:"), self.year_spin)
        form.addRow(self.tr("Quyển:"), self.book_combo)
        exports = QHBoxLayout()
        for button in (self.pdf_button, self.xlsx_button):
            exports.addWidget(button)
        exports.addStretch(1)
        exports.addWidget(self.new_book_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.info_label)
        box.addLayout(exports)
        box.addWidget(self.progress)
        box.addWidget(self.status_label)
        box.addLayout(bottom)
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        year = self.year_spin.value()
        self._worker.run_op(lambda core: read_book_info(core, year), self._show_info,
                            self._failed, owner=self)

    def _show_info(self, info: BookInfo) -> None:
        if info.year != self.year_spin.value():
            return
        self.info = info
        self.book_combo.clear()
        self.book_combo.addItem(self.tr("Tất cả các quyển của năm"), None)
        for number, count, first, last in info.books:
            self.book_combo.addItem(self.tr("Quyển số {n:02d} — số thứ tự {a} đến {b} "
                                            "({count} hồ sơ)").format(
                n=number, a=first, b=last, count=count), number)
        self.info_label.setText(self._info_text(info))
        self._update_buttons()

    def _info_text(self, info: BookInfo) -> str:
        total = sum(b[1] for b in info.books)
        last = max((b[3] for b in info.books), default=0)
        if not total:
            return self.tr("Năm {year} chưa có hồ sơ nào trong sổ. Hồ sơ mới sẽ vào quyển số "
                           "{book:02d}.").format(year=info.year, book=info.current)
        return self.tr("Năm {year}: {total} hồ sơ trong {books} quyển. Hồ sơ tiếp nhận tiếp "
                       "theo vào quyển số {book:02d}, số thứ tự {next} (đánh số liên tục cả "
                       "năm).").format(year=info.year, total=total, books=len(info.books),
                                       book=info.current, next=last + 1)

    def _update_buttons(self) -> None:
        has_rows = self.info is not None and bool(self.info.books)
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(has_rows and not self.busy)
        self.new_book_button.setEnabled(self.can_start_book and self.info is not None
                                        and not self.busy)
        if not self.can_start_book:
            self.new_book_button.setToolTip(self.tr("Chỉ cán bộ tiếp nhận hoặc quản trị viên "
                                                    "được mở sổ mới."))
        self.open_button.setEnabled(self.last_file is not None and not self.busy)
        self.year_spin.setEnabled(not self.busy)
        self.book_combo.setEnabled(not self.busy)

    # --- exporting -------------------------------------------------------------------------

    def default_name(self, kind: str) -> str:
        book = self.book_combo.currentData()
        suffix = f"-quyen-{book:02d}" if book else ""
        return f"so-theo-doi-ho-so-{self.year_spin.value()}{suffix}.{kind}"

    def choose_path(self, kind: str) -> Path | None:
        """Where to save; a file dialog (tests replace this method)."""
        filters = {"pdf": self.tr("Tệp PDF (*.pdf)"), "xlsx": self.tr("Sổ tính Excel (*.xlsx)")}
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu sổ theo dõi hồ sơ"),
                                              str(Path.home() / self.default_name(kind)),
                                              filters[kind])
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == f".{kind}" else path.with_name(
            f"{path.name}.{kind}")

    def export(self, kind: str) -> None:
        if self.busy:
            return
        path = self.choose_path(kind)
        if path is None:
            return
        year, book = self.year_spin.value(), self.book_combo.currentData()
        self._set_busy(True, self.tr("Đang đọc sổ theo dõi năm {year}…").format(year=year))
        future = self._worker.run_op(lambda core: read_book(core, year, book),
                                     lambda data: self._write(kind, data, path),
                                     self._failed, owner=self)
        if future is None:
            self._set_busy(False, "")

    def _write(self, kind: str, data: BookData, path: Path) -> None:
        rows = len(data.model.rows)
        what = self.tr("tệp PDF") if kind == "pdf" else self.tr("tệp Excel")
        self._set_busy(True, self.tr("Đang tạo {what} ({rows} dòng)… Có thể tiếp tục làm "
                                     "việc khác.").format(what=what, rows=rows))
        write = write_book_pdf if kind == "pdf" else write_book_xlsx
        BackgroundJob(lambda: write(data, path), self._written, self._failed, self,
                      name=THREAD_NAME).start()

    def _written(self, path: Path) -> None:
        self.last_file = Path(path)
        self._set_busy(False, self.tr("Đã lưu sổ theo dõi: {path}").format(path=path))
        self.exported.emit(self.last_file)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, CounterError) else (
            self.tr("Không ghi được tệp: {reason}").format(reason=exc.strerror or exc)
            if isinstance(exc, OSError) else errors.unexpected_error_text())
        self._set_busy(False, text)

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.status_label.setText(text)
        self._update_buttons()

    def open_last_file(self) -> None:
        if self.last_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_file)))

    # --- a new book ------------------------------------------------------------------------

    def confirm_new_book(self) -> None:
        if self.info is None or self.busy:
            return
        info = self.info
        last = max((b[3] for b in info.books), default=0)
        dialog = ConfirmDialog(
            self.tr("Mở sổ mới"),
            self.tr("Khép quyển số {old:02d} năm {year} và ghi tiếp vào quyển số {new:02d}? "
                    "Số thứ tự không bắt đầu lại: hồ sơ tiếp theo mang số {next}.").format(
                old=info.current, new=info.current + 1, year=info.year, next=last + 1),
            self.tr("Mở sổ mới"), self)
        dialog.submitted.connect(lambda _args, _print: self.start_new_book())
        dialog.finished.connect(dialog.deleteLater)
        self.confirm_dialog = dialog
        dialog.open()

    def start_new_book(self) -> None:
        year = self.year_spin.value()
        self._set_busy(True, "")
        self._worker.run_op(new_book_op(year), self._new_book_started, self._failed,
                            owner=self)

    def _new_book_started(self, info: BookInfo) -> None:
        self._set_busy(False, self.tr("Đã mở quyển số {book:02d} năm {year}.").format(
            book=info.current, year=info.year))
        self._show_info(info)


class BookOpener:
    """The page's "Sổ theo dõi hồ sơ…" button: the dialog for the year shown (a mixin of
    DossiersPage: ``options``, ``result``, ``officer``, ``message_bar``, ``_worker``)."""

    book_dialog: BookDialog | None

    def open_book_dialog(self) -> BookDialog:
        now = self.options.now if self.options else (self.result.now if self.result else None)
        year = to_local(now or datetime.now(timezone.utc)).year
        may_start_book = allowed(self.officer.role, "intake.start_new_book")
        dialog = BookDialog(self._worker, year, may_start_book, self)
        dialog.finished.connect(partial(self._book_closed, dialog))
        dialog.exported.connect(lambda path: self.message_bar.show_info(
            self.tr("Đã lưu sổ theo dõi hồ sơ: {path}").format(path=path)))
        self.book_dialog = dialog
        dialog.open()
        return dialog

    def _book_closed(self, dialog: BookDialog, *_result) -> None:
        if self.book_dialog is dialog:
            self.book_dialog = None
        if not dialog.busy:        # an export still running reports when it ends
            dialog.deleteLater()

