"""Tra cứu hồ sơ: find a dossier, follow it, take it to its next step.

Search as you type (debounced) with filters; the results table marks overdue
dossiers; the detail below shows the fields, documents and scans, history and
hand-overs, and the steps allowed from the current status, each through a
small dialog. Everything that reads or writes goes through the DB worker;
messages appear in an inline bar. A scanned receipt QR opens its dossier
(``open_code`` / ``handle_scan``). Scans are attached by drag and drop or from
a watched scan-to-folder directory; the tracking book exports from a dialog. The
second tab finds the guidance and refusal slips (``slips``), which have no dossier code.
"""

from __future__ import annotations

import importlib
from functools import partial
from pathlib import Path

from counter_app.domain.permissions import allowed
from counter_app.domain.statuses import Status
from counter_app.errors import CounterError
from counter_app.services.core import Officer
from ui import errors
from ui.pages.dossiers.book import BookDialog, BookOpener
from ui.pages.dossiers.detail import DetailPanel
from ui.pages.dossiers.ops import (STEP_FORMS, AttachResult, DossierView,
                                   Options, SearchResult, StepResult, attach_op, detail_op,
                                   read_options, save_form_op, search_op, step_draft_key,
                                   step_op)
from ui.pages.dossiers.scan_folder import ScanFolderBar, SweepResult
from ui.pages.dossiers.search import DOSSIERS_STYLE, FilterBar, ResultsTable, count_text
from ui.pages.dossiers.fee_changes import FeeCorrectionDialog
from ui.pages.dossiers.payment import PaymentDialog, RefundDialog
from ui.pages.dossiers.slip_ops import is_slip_number
from ui.pages.dossiers.slips import SlipsPanel
from ui.pages.dossiers.reprint import ReprintDialog, form_title
from ui.pages.dossiers.steps import step_dialog, step_note
from ui.qt import (QDesktopServices, QFileDialog, QPushButton, QSettings, QSplitter, Qt,
                   QTabWidget, QUrl, QVBoxLayout, QWidget)
from ui.session import SessionInfo
from ui.widgets.basics import delay_timer, muted, page_layout
from ui.widgets.dialogs import open_kept
from ui.widgets.drafts import DraftDialog
from ui.widgets.panel import MessageBar
from ui.worker import DbWorker

SEARCH_DELAY_MS = 250
SCAN_FILTER = "Tệp quét (*.pdf *.jpg *.jpeg *.png)"


def scan_settings() -> QSettings:
    """Where this PC keeps the scan folder (per user, not in the office config)."""
    return QSettings()


def open_with_system(path: Path | str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def document_printer(parent: QWidget):
    """ui.print_pdf's DocumentPrinter (the office printer, or a preview), if installed."""
    try:
        module = importlib.import_module("ui.print_pdf")
    except ImportError:
        return None
    printer_class = getattr(module, "DocumentPrinter", None)
    return printer_class(parent) if printer_class is not None else None


class DossiersPage(BookOpener, QWidget):
    def __init__(self, worker: DbWorker, info: SessionInfo, officer: Officer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.info = info
        self.officer = officer
        self.can_act = allowed(officer.role, "dossiers.transfer")
        self.options: Options | None = None
        self.result: SearchResult | None = None
        self.view: DossierView | None = None
        self.current_code: str | None = None
        self.busy = False
        self.dialog = None
        self.book_dialog: BookDialog | None = None
        self._search_seq = self._detail_seq = 0
        self._focus_return = False
        self._count_text = ""
        self.open_file = open_with_system        # replaceable (tests)
        self.printer = document_printer(self)
        if self.printer is not None:
            self.printer.done.connect(self._printed)
        self.settings = scan_settings()
        self.setStyleSheet(DOSSIERS_STYLE)
        self._build()
        self.search_timer = delay_timer(self, SEARCH_DELAY_MS, self.search)
        self.scan_watch = self.scan_bar.watch
        self.scan_watch.swept.connect(self._swept)
        self.scan_watch.failed.connect(self.message_bar.show_error)
        self.scan_bar.set_folder(self.scan_bar.stored_folder(), store=False)

    def _build(self) -> None:
        layout = page_layout(self, self.tr("Tra cứu hồ sơ"))
        layout.setContentsMargins(20, 14, 20, 12)   # a wide table: every pixel counts
        layout.setSpacing(8)
        self.message_bar = MessageBar()
        self.filters = FilterBar()
        self.filters.text_changed.connect(lambda _t: self.search_timer.start())
        self.filters.filters_changed.connect(self.search)
        self.filters.search_edit.returnPressed.connect(self.search)
        self.book_button = QPushButton(self.tr("Sổ theo dõi hồ sơ…"))
        self.book_button.clicked.connect(self.open_book_dialog)
        self.filters.extra_row.addWidget(self.book_button)
        self.table = ResultsTable()
        self.table.code_selected.connect(self.load_detail)
        self.count_label = muted("")
        self.detail = DetailPanel()
        self.detail.can_attach = self.can_act
        self.detail.action_requested.connect(self.request_action)
        self.detail.files_dropped.connect(self.attach_files)
        self.detail.attach_requested.connect(self.choose_files)
        self.detail.file_open_requested.connect(lambda path: self.open_file(path))
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(self.table, 1)
        top_box.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([250, 400])
        self.detail.hide()                          # until a dossier is chosen
        self.scan_bar = ScanFolderBar(self._worker, self.settings, self.can_act)
        dossiers_tab = QWidget()
        tab_box = QVBoxLayout(dossiers_tab)
        tab_box.setContentsMargins(0, 6, 0, 0)
        tab_box.setSpacing(8)
        tab_box.addWidget(self.filters)
        tab_box.addWidget(self.splitter, 1)
        tab_box.addWidget(self.scan_bar)
        # Guidance and refusal slips are not dossiers (no code): a tab of their own.
        self.slips = SlipsPanel(self._worker)
        self.slips.print_pdf.connect(self.show_pdf)
        self.slips.failed.connect(lambda exc: self.message_bar.show_error(self._error_text(exc)))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dossierTabs")
        self.tabs.addTab(dossiers_tab, self.tr("Hồ sơ"))
        self.tabs.addTab(self.slips, self.tr("Phiếu hướng dẫn, từ chối (02, 03)"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.tabs, 1)

    def _tab_changed(self, index: int) -> None:
        self.message_bar.clear()          # what was said was about the other tab
        if self.tabs.widget(index) is self.slips:
            self.slips.search()           # slips given since the tab was last shown
            self.slips.search_edit.setFocus()

    def open_slips(self, text: str = "") -> None:
        """The slips tab, searching ``text`` (a slip number typed in the dossier search)."""
        self.slips.search_edit.setText(text)
        self.tabs.setCurrentWidget(self.slips)

    # --- searching -----------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.options is None:
            self._worker.run_op(read_options, self._options_read, self._failed, owner=self)
        self.search()
        if self.current_code is not None:
            self.load_detail(self.current_code)

    def _options_read(self, options: Options) -> None:
        self.options = options
        self.filters.set_fields(options.fields)

    def show_pdf(self, path: Path, title: str) -> None:
        """Print a form on the office printer (or preview it); without ui.print_pdf, open it."""
        if self.printer is None:
            self.open_file(path)
            return
        self.printer.print_document(Path(path), self.options.document_printer
                                    if self.options else "", title)

    def _printed(self, outcome) -> None:
        if outcome.ok:
            self.message_bar.show_info(outcome.message)
        else:
            self.message_bar.show_error(outcome.message)

    def search(self) -> None:
        self.search_timer.stop()
        self._search_seq += 1
        self._worker.run_op(search_op(self.filters.query()),
                            partial(self._searched, self._search_seq),
                            partial(self._search_failed, self._search_seq), owner=self)

    def _searched(self, seq: int, result: SearchResult) -> None:
        if seq != self._search_seq:
            return                       # a newer search is on its way
        self.result = result
        self.table.fill(result.rows, keep=self.current_code)
        query = result.query
        filtered = query != type(query)()
        self._count_text = count_text(self, len(result.rows), result.truncated, filtered)
        self._update_count()
        only = result.rows[0]["code"] if len(result.rows) == 1 else None
        if only and only.lower() == query.text.lower() and only != self.current_code:
            self.table.select_code(only)      # a whole code typed (or scanned in the box)
        elif not result.rows and is_slip_number(query.text):
            self.open_slips(query.text)       # a slip's number: slips have no dossier code

    def _update_count(self) -> None:
        hint = self.tr("Chọn một dòng (hoặc quét mã QR trên giấy tiếp nhận) để xem chi tiết "
                       "và làm bước tiếp theo.") if self.view is None and self.table.codes else ""
        self.count_label.setText(" ".join(t for t in (self._count_text, hint) if t))

    def _search_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._search_seq:
            self.message_bar.show_error(self._error_text(exc))

    # --- one dossier ---------------------------------------------------------------------

    def open_code(self, code: str, focus_return: bool = True) -> None:
        """Show the dossier ``code`` (a scanned receipt): list and detail; a dossier
        ready to hand over puts the focus on "Trả kết quả…"."""
        code = code.strip()
        self.filters.clear_filters_quietly()
        self.filters.set_text_quietly(code)
        self.current_code = code
        self.search()
        self.load_detail(code, focus_return)

    def handle_scan(self, scan) -> bool:
        """A scan routed here (domain.scans.Scan); True if it was a dossier code."""
        if getattr(scan, "kind", None) != "dossier_code":
            return False
        self.open_code(scan.text)
        return True

    def load_detail(self, code: str, focus_return: bool = False) -> None:
        if self.view is None or self.view.dossier["code"] != code:
            self.message_bar.clear()     # what was said was about another dossier
        self.current_code = code
        self._focus_return = focus_return
        self._detail_seq += 1
        self._worker.run_op(detail_op(code), partial(self._detail_loaded, self._detail_seq),
                            partial(self._detail_failed, self._detail_seq), owner=self)

    def _detail_loaded(self, seq: int, view: DossierView) -> None:
        if seq == self._detail_seq:
            self.show_detail(view)

    def _detail_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._detail_seq:
            return
        self.message_bar.show_error(self._error_text(exc))
        self.current_code = None
        self.show_detail(None)

    def show_detail(self, view: DossierView | None) -> None:
        self.view = view
        self.detail.show_view(view)
        self.detail.setVisible(view is not None)
        self._update_count()
        if view is None:
            return
        self.table.blockSignals(True)
        if self.table.select_code(view.dossier["code"]):
            self.table.scrollToItem(self.table.currentItem())
        self.table.blockSignals(False)
        if self._focus_return:
            self._focus_return = False
            if view.dossier["status"] == Status.RESOLVED:
                self.detail.action_buttons["return"].setFocus()

    # --- steps ---------------------------------------------------------------------------

    def request_action(self, key: str) -> None:
        if self.view is None or self.busy or key not in self.view.actions:
            return
        d = self.view.dossier
        if key == "reprint":
            dialog = ReprintDialog(d["code"], self.view.forms, self)
            dialog.chosen.connect(partial(self.reprint, d["code"]))
        else:
            money = {"pay": PaymentDialog, "refund": RefundDialog, "fees": FeeCorrectionDialog}
            dialog = money[key](d, self) if key in money else step_dialog(key, self.view, self)
            dialog.submitted.connect(partial(self.run_step, d["code"], key))
            dialog.keep_drafts(self._worker, step_draft_key(d["code"], key))
        open_kept(self, "dialog", dialog)

    def has_unsaved_work(self) -> bool:
        """Text typed in an open step dialog (the window asks before closing)."""
        return isinstance(self.dialog, DraftDialog) and self.dialog.has_typed_text()

    def save_draft_now(self) -> None:
        if isinstance(self.dialog, DraftDialog):
            self.dialog.save_draft_now()

    def run_step(self, code: str, key: str, args: dict, print_form: bool = False) -> None:
        if self.busy:
            return
        self.message_bar.clear()
        self._set_busy(True)
        if self._worker.run_op(step_op(code, key, args, print_form), self._step_done,
                               self._failed, owner=self) is None:
            self._set_busy(False)

    def _step_done(self, result: StepResult) -> None:
        self._set_busy(False)
        self.show_detail(result.view)
        self.message_bar.show_info(step_note(result))
        if result.pdf is not None:
            self.show_pdf(result.pdf, form_title(STEP_FORMS[result.action], result.view))
        if result.pdf_error:
            self.message_bar.show_error(result.pdf_error)
        elif result.warnings:
            self.message_bar.show_error(" ".join(result.warnings))
        self.search()

    def reprint(self, code: str, form: str, copies: int) -> None:
        self.message_bar.clear()
        self._set_busy(True)
        self._worker.run_op(save_form_op(code, form, copies),
                            partial(self._reprinted, form), self._failed, owner=self)

    def _reprinted(self, form: str, path: Path) -> None:
        self._set_busy(False)
        self.message_bar.show_info(self.tr("Đã lưu phiếu: {path}").format(path=path))
        if self.view is not None:
            self.show_pdf(path, form_title(form, self.view))

    # --- digitisation --------------------------------------------------------------------

    def attach_files(self, paths: list, document_index: int | None = None) -> None:
        if self.view is None or self.busy or not self.can_act or not paths:
            return
        self.message_bar.clear()
        self._set_busy(True)
        self._worker.run_op(attach_op(self.view.dossier["code"], [Path(p) for p in paths],
                                      document_index), self._attached, self._failed, owner=self)

    def pick_files(self) -> list[str]:
        """Files chosen in a dialog (tests replace this method)."""
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp quét để đính kèm"),
                                                str(Path.home()), self.tr(SCAN_FILTER))
        return names

    def choose_files(self) -> None:
        names = self.pick_files()
        item = self.detail.documents_list.currentItem()
        self.attach_files(names, item.data(Qt.ItemDataRole.UserRole) if item else None)

    def _attached(self, result: AttachResult) -> None:
        self._set_busy(False)
        self.show_detail(result.view)
        self._report_files(result.attached, [f"{n}: {why}" for n, why in result.skipped],
                           self.tr("Đã đính kèm {n} tệp vào hồ sơ {code}.").format(
                               n=len(result.attached), code=result.view.dossier["code"]))
        self.search()

    def _report_files(self, attached: list, skipped: list[str], note: str) -> None:
        if not skipped:
            self.message_bar.show_info(note)
            return
        text = self.tr("Không đính kèm được:") + "\n• " + "\n• ".join(skipped)
        self.message_bar.show_error((note + "\n" + text) if attached else text)

    def _swept(self, result: SweepResult) -> None:
        if not result.attached and not result.skipped:
            return
        codes = sorted({a["code"] for a in result.attached})
        note = self.tr("Thư mục máy quét: đã đính kèm {n} tệp ({codes}).").format(
            n=len(result.attached), codes=", ".join(codes))
        self._report_files(result.attached, [f"{s['file']}: {s['reason']}"
                                             for s in result.skipped], note)
        self.search()
        if self.current_code in codes:
            self.load_detail(self.current_code)

    # --- common --------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.detail.set_busy(busy)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message_bar.show_error(self._error_text(exc))
        if self.current_code is not None:
            self.load_detail(self.current_code)   # the refusal may mean the screen was behind

    @staticmethod
    def _error_text(exc: BaseException) -> str:
        return str(exc) if isinstance(exc, CounterError) else errors.unexpected_error_text()
