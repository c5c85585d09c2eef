"""Tiếp nhận hồ sơ: record a dossier at the counter, linked to the ticket being served.

Left: the procedure (search as you type, accents optional). Right: the
applicant (from a scanned ID card, typed, or an earlier visit), the documents
checklist with scanned files, channel, sets, how the result is collected and
the due date (computed now, editable with a reason). Three outcomes: receive
(form 01), incomplete (form 02), refuse (form 03); the form's PDF is saved
beside the database and printed, or previewed when no printer is configured.

Scans come from the main window (``handle_scan``): a card fills the applicant
but never silently replaces what the officer typed (an address from before the 2025
mergers is offered in its two-level form, ``address``); a dossier code asks the
main window to open it (``open_dossier``); anything else is a message and
changes nothing. Errors appear in the inline bar, as on the queue panel.

The page is built from parts: ``submitting`` (the outcomes, recording and printing),
``group`` (a linked group of procedures received in one intake), ``draft`` (the form
kept on this machine), ``ticket`` (the linked ticket), and the widgets of
``applicant``, ``documents``, ``details``, ``outcome``, ``form_sets``.
"""

from __future__ import annotations

from functools import partial

from counter_app.domain.scans import Scan
from counter_app.errors import CounterError
from counter_app.services.intake_forms import document_index
from ui import errors
from ui.pages.citizen_forms.ops import FormSetPrefill
from ui.pages.intake.address import ApplicantAddress
from ui.pages.intake.applicant import ApplicantFiller, ApplicantForm
from ui.pages.intake.details import DetailsPanel
from ui.pages.intake.documents import DocumentsCard
from ui.pages.intake.fees import FeesCard
from ui.pages.intake.draft import DraftedIntake
from ui.pages.intake.form_sets import FormSetLink
from ui.pages.intake.group import LinkedGroups
from ui.pages.intake.ops import (IntakeResult, IntakeStart, ProcedureInfo, current_ticket,
                                 due_counted_from, procedure_info, read_start,
                                 search_procedures)
from ui.pages.intake.outcome import DonePanel, IncompleteDialog, RefuseDialog
from ui.pages.intake.submitting import IntakeOutcomes
from ui.pages.intake.ticket import TicketLink
from ui.print_pdf import DocumentPrinter
from ui.qt import (QAction, QFrame, QHBoxLayout, QKeySequence, QPushButton, QScrollArea,
                   QStackedWidget, QTimer, QVBoxLayout, QWidget, Signal)
from ui.session import SessionInfo
from ui.widgets.basics import delay_timer, muted, page_title
from ui.widgets.panel import INTAKE_STYLE, MessageBar
from ui.widgets.procedure import PICKER_WIDTH, ProcedurePicker, ProcedureSummary, days_text
from ui.worker import DbWorker

SEARCH_DELAY_MS = 150
DUE_REFRESH_MS = 60_000



class IntakePage(IntakeOutcomes, LinkedGroups, DraftedIntake, QWidget):
    """The intake form and, once recorded, the dossier code and due date in large type."""

    open_dossier = Signal(str)

    def __init__(self, worker: DbWorker, info: SessionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.counter = info.counter_number
        self.start: IntakeStart | None = None
        self.info: ProcedureInfo | None = None
        self.result: IntakeResult | None = None
        self.busy = False
        self.printer_name = ""
        self._search_seq = 0
        self.incomplete_dialog: IncompleteDialog | None = None
        self.refuse_dialog: RefuseDialog | None = None
        self.setStyleSheet(INTAKE_STYLE)
        self._build_groups()                  # ui.pages.intake.group
        self.printer = DocumentPrinter(self)
        self.printer.done.connect(self._printed)
        self._build()
        self._timers()
        self._keep_drafts()

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 14)
        layout.setSpacing(10)
        self.ticket_link = TicketLink()
        self.form_sets = FormSetLink(self, self._worker)   # "Công dân không viết" sets
        self.form_sets.prefilled.connect(self.apply_prefill)
        self.form_sets.failed.connect(self._show_error)
        top = QHBoxLayout()
        top.addWidget(page_title(self.tr("Tiếp nhận hồ sơ")))
        top.addStretch(1)
        top.addWidget(self.form_sets.choose_button)
        top.addWidget(self.ticket_link)
        layout.addLayout(top)
        self.message_bar = MessageBar()
        layout.addWidget(self.message_bar)
        self.draft_note = muted("")            # "Đã khôi phục hồ sơ đang nhập dở …"
        self.draft_note.setObjectName("draftNote")
        self.draft_note.hide()
        layout.addWidget(self.draft_note)
        layout.addWidget(self.form_sets.banner)
        self.done_panel = DonePanel()
        self.done_panel.new_button.clicked.connect(self.new_dossier)
        self.done_panel.reprint_button.clicked.connect(self.reprint)
        self.done_panel.open_button.clicked.connect(self.open_pdf)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._form_page())
        self.stack.addWidget(self.done_panel)
        self.stack.addWidget(self.group_done)
        layout.addWidget(self.stack, 1)

    def _form_page(self) -> QWidget:
        self.picker = ProcedurePicker()
        self.picker.search_changed.connect(lambda _text: self.search_timer.start())
        self.picker.chosen.connect(self._procedure_chosen)
        self.summary = ProcedureSummary()
        left = QVBoxLayout()
        left.addWidget(self.picker, 1)
        left.addWidget(self.group_chooser)
        left.addWidget(self.summary)
        left_box = QWidget()
        left_box.setFixedWidth(PICKER_WIDTH)
        left_box.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(left_box)
        row.addWidget(self._right_column(), 1)
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row, 1)
        box.addLayout(self._outcome_buttons())
        return page

    def _right_column(self) -> QScrollArea:
        self.applicant = ApplicantForm()
        self.filler = ApplicantFiller(self.applicant, self._worker, self)
        self.filler.info.connect(self.message_bar.show_info)
        self.filler.failed.connect(self._show_error)
        self.address = ApplicantAddress(self.applicant, self)   # pre-2025 → two-level
        self.documents_card = DocumentsCard()
        self.documents_card.problem.connect(self.message_bar.show_error)
        self.documents = self.documents_card.table
        self.details = DetailsPanel()
        self.details.competent.changed.connect(self._competent_changed)
        self.fees_card = FeesCard()
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 6, 0)
        box.setSpacing(10)
        box.addWidget(self.applicant)
        box.addWidget(self.address.offers)
        box.addWidget(self.documents_card, 1)
        box.addWidget(self.group_card)
        box.addWidget(self.details)
        box.addWidget(self.fees_card)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(column)
        self.form_scroll = scroll
        return scroll

    def scroll_to(self, widget: QWidget) -> None:
        """Bring a part of the form (the fees at its bottom) into view."""
        self.form_scroll.ensureWidgetVisible(widget)

    def _outcome_buttons(self) -> QHBoxLayout:
        self.receive_button = QPushButton(self.tr("Tiếp nhận (in phiếu 01)"))
        self.receive_button.setProperty("primary", True)
        self.receive_button.setToolTip(self.tr("Ctrl+Enter"))
        self.receive_button.clicked.connect(self.receive)
        self.incomplete_button = QPushButton(self.tr("Hồ sơ chưa đầy đủ (phiếu 02)…"))
        self.incomplete_button.clicked.connect(self.open_incomplete_dialog)
        self.refuse_button = QPushButton(self.tr("Từ chối (phiếu 03)…"))
        self.refuse_button.clicked.connect(self.open_refuse_dialog)
        row = QHBoxLayout()
        row.setSpacing(10)
        for button in (self.receive_button, self.incomplete_button, self.refuse_button):
            button.setObjectName("outcome")
            row.addWidget(button)
        row.addStretch(1)
        self.saved_label = muted("")
        row.addWidget(self.saved_label)
        self.clear_button = QPushButton(self.tr("Nhập lại từ đầu"))
        self.clear_button.setToolTip(self.tr("Xóa mọi nội dung đã nhập và bản nháp trên máy"))
        self.clear_button.clicked.connect(self.ask_clear)
        row.addWidget(self.clear_button)
        action = QAction(self)
        action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        action.triggered.connect(self.receive)
        self.addAction(action)
        return row

    def _timers(self) -> None:
        self.search_timer = delay_timer(self, SEARCH_DELAY_MS, self._search)
        self.due_timer = QTimer(self)
        self.due_timer.setInterval(DUE_REFRESH_MS)
        self.due_timer.timeout.connect(self._refresh_due)

    # --- reading ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.start is None:
            self._run(partial(read_start, counter=self.counter), self._started)
        else:
            self.refresh_ticket()
        self.due_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.due_timer.stop()
        super().hideEvent(event)

    def _run(self, op, on_success, on_failure=None) -> None:
        self._worker.run_op(op, on_success, on_failure or self._show_error, owner=self)

    def _started(self, start: IntakeStart) -> None:
        self.start = start
        self.printer_name = start.document_printer
        self.ticket_link.show_ticket(start.ticket)
        self.group_chooser.set_groups(start.groups)
        if not self.picker.search_edit.text():
            self.picker.set_items(start.procedures)
        else:
            self._search()
        self.drafts.read()

    def refresh_ticket(self) -> None:
        self._run(partial(current_ticket, counter=self.counter), self.ticket_link.show_ticket)

    def _search(self) -> None:
        self._search_seq += 1
        seq, text = self._search_seq, self.picker.search_edit.text()
        self._run(partial(search_procedures, text=text),
                  lambda items: self._searched(seq, items))

    def _searched(self, seq: int, items) -> None:
        if seq == self._search_seq:  # an older search answering late is ignored
            self.picker.set_items(items)

    def _procedure_chosen(self, code: str) -> None:
        self._run(partial(procedure_info, code=code), self._procedure_loaded)

    def _procedure_loaded(self, info: ProcedureInfo) -> None:
        self.leave_group()
        self.info = info
        proc = info.procedure
        self.summary.show_procedure(proc)
        self.documents.set_documents(proc.documents)
        self.fees_card.set_fees(proc.fees)
        self.details.set_delivery_options(info.delivery)
        self._show_due(info)
        self.drafts.changed()

    def _show_due(self, info: ProcedureInfo) -> None:
        proc = info.procedure
        days = days_text(proc.processing_days, proc.same_day)
        part = self.details.competent
        if part.active():           # received on behalf of another commune
            start = part.received_at()
            if start is None:
                self.details.show_pending(self.tr(
                    "{days} tính từ khi cơ quan có thẩm quyền tiếp nhận (ghi sau ở Tra cứu hồ "
                    "sơ)").format(days=days))
                return
            self._run(partial(due_counted_from, proc=proc, start=start),
                      lambda due: self._competent_due(proc.code, start, due))
            return
        self.details.show_due(info.due, self.tr("nếu tiếp nhận bây giờ ({days})").format(
            days=days))

    def _competent_due(self, code: str, start, due) -> None:
        part = self.details.competent
        if self.info is not None and self.info.procedure.code == code and part.active() \
                and part.received_at() == start:          # not typed over meanwhile
            self.details.show_due(due, self.tr("tính từ khi {agency} tiếp nhận ({at:%H:%M "
                                               "%d/%m/%Y})").format(
                agency=part.agency() or self.tr("cơ quan có thẩm quyền"), at=start))

    def _competent_changed(self) -> None:
        if self.info is not None and self.group is None:
            self._show_due(self.info)

    def _refresh_due(self) -> None:
        if self.info is not None and self.form_shown():
            code = self.info.procedure.code
            self._run(partial(procedure_info, code=code),
                      lambda info: self._due_refreshed(code, info))

    def _due_refreshed(self, code: str, info: ProcedureInfo) -> None:
        if self.info is not None and self.info.procedure.code == code:
            self.info = info
            self._show_due(info)

    # --- scans and the applicant ------------------------------------------------------------

    def handle_scan(self, scan: Scan) -> None:
        """A scan routed here by the main window (HID burst or serial scanner)."""
        if scan.kind == "cccd":
            self.apply_card(scan.card)
        elif scan.kind == "dossier_code":
            self.message_bar.show_info(self.tr(
                "Mã hồ sơ {code} — mở ở mục Tra cứu hồ sơ.").format(code=scan.text))
            self.open_dossier.emit(scan.text)
        elif scan.kind == "ticket":
            parts = scan.text.split("|")
            number = parts[2] if len(parts) > 2 else scan.text
            self.message_bar.show_info(self.tr(
                "Đây là phiếu số thứ tự {number}: gọi số ở mục Hàng đợi.").format(number=number))
        else:
            self.message_bar.show_error(scan.message)

    def apply_card(self, card) -> None:
        """Fill the applicant from a card; ask before replacing anything typed."""
        if self.busy:
            self.message_bar.show_error(self.tr("Đang ghi hồ sơ, hãy quét lại sau giây lát."))
            return
        if not self.form_shown():
            self.new_dossier()  # the next citizen's card
        self.filler.apply_card(card)
        self.form_sets.offer_for(card.id_number)

    @property
    def conflict_dialog(self):
        return self.filler.conflict_dialog

    def use_form_set(self, set_id: str) -> None:
        """Fill the intake from completed "Công dân không viết" set ``set_id``."""
        self.form_sets.use(set_id)

    def apply_prefill(self, prefill: FormSetPrefill) -> None:
        """A new dossier with the set's procedure, applicant and documents ticked."""
        self.new_dossier()
        code = prefill.info.procedure.code
        self.picker.selected_code = code     # selecting below must not load it again
        try:
            self.picker.select(code)
        except KeyError:
            pass                              # filtered out by the search box
        self._procedure_loaded(prefill.info)
        self.applicant.fill(prefill.applicant, overwrite=True)
        table = self.documents
        names = [{"name": table.name(row)} for row in range(table.rowCount())]
        for title in prefill.titles:
            row = document_index(names, title)
            if row is not None:
                table.set_provided(row, True)

    def new_dossier(self) -> None:
        """Clear the form for the next citizen (the catalogue search stays)."""
        self.result = None
        self.info = None
        self.group_result = None
        self.leave_group()
        self.form_sets.clear()
        self.picker.clear_choice()
        self.summary.show_procedure(None)
        self.filler.close_conflict()
        self.applicant.clear()
        self.address.clear()
        self.documents.set_documents(())
        self.fees_card.set_fees(())
        self.details.reset()
        self.printer.close_preview()
        self.message_bar.clear()
        self.draft_note.hide()
        self.stack.setCurrentIndex(0)
        self.refresh_ticket()
        self.picker.search_edit.setFocus()
        self.drafts.changed()                 # a blank form forgets the draft

    def form_shown(self) -> bool:
        """The form, not a done panel (one dossier's or a group's), is on screen."""
        return self.stack.currentIndex() == 0

    def _show_error(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, CounterError) else errors.unexpected_error_text()
        self.message_bar.show_error(text)

