""""Công dân không viết": the support officer fills the citizen's forms on screen.

Left: the procedure (search as in intake) and the sets on this machine — drafts and
completed sets waiting for intake. Right: the forms of the chosen procedure, one tab
each, prefilled from the citizen's ID card (scanned anywhere on the page) and from an
earlier visit; every person on a form can be read from their own card ("Quét thẻ
CCCD" on that person, then scan). Problems show as the officer types. Every pause in
typing saves the draft on this machine, so a crash loses at most a second of work.
"Hoàn tất và in để ký" checks everything, records the set and prints all its forms as
one job; the counter then takes the set into an intake without retyping.
"""

from __future__ import annotations

import copy
from functools import partial

from counter_app.services.citizen_forms import Draft, FormProblems
from counter_app.services.citizens import Applicant
from ui import errors
from ui.pages.citizen_forms.ops import (Completed, FormsStart, Opened, add_template, complete,
                                        discard, lists, open_draft, preview, read_start,
                                        remove_template, reopen, reprint, save, start_draft)
from ui.pages.citizen_forms.scans import CardScans
from ui.pages.citizen_forms.sets import (FORMS_STYLE, DonePanel, SetList, local_time_text,
                                         section_heading)
from ui.pages.citizen_forms.work import WorkPanel
from ui.pages.intake.ops import search_procedures
from ui.print_pdf import DocumentPrinter, PrintOutcome
from ui.qt import (QAction, QHBoxLayout, QKeySequence, QMessageBox, QPushButton, QStackedWidget,
                   QVBoxLayout, QWidget, Signal)
from ui.session import SessionInfo
from ui.widgets.basics import delay_timer, muted, page_title
from ui.widgets.panel import INTAKE_STYLE, MessageBar
from ui.widgets.procedure import PICKER_WIDTH, ProcedurePicker
from ui.worker import DbWorker

SAVE_DELAY_MS = 800
CHECK_DELAY_MS = 250
SEARCH_DELAY_MS = 150


class CitizenFormsPage(CardScans, QWidget):
    """``open_intake(set_id)``: take the completed set into an intake (counter officers)."""

    open_intake = Signal(str)

    def __init__(self, worker: DbWorker, info: SessionInfo, can_intake: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.draft: Draft | None = None
        self.completed: Completed | None = None
        self.pending_card = None
        self.printer_name = ""
        self.started = False
        self.busy = False
        self.setStyleSheet(INTAKE_STYLE + FORMS_STYLE)
        self.printer = DocumentPrinter(self)
        self.printer.done.connect(self._printed)
        self._build(can_intake)
        self._timers()

    # --- building ---------------------------------------------------------------------------

    def _build(self, can_intake: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 14)
        layout.setSpacing(10)
        layout.addWidget(page_title(self.tr("Công dân không viết")))
        self.message_bar = MessageBar()
        layout.addWidget(self.message_bar)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(self._left_column())
        self.stack = QStackedWidget()
        self.hint = muted(self.tr(
            "1. Chọn thủ tục ở cột bên trái rồi bấm “Điền tờ khai”.\n"
            "2. Quét mã QR trên thẻ căn cước của công dân: họ tên, ngày sinh, nơi cư trú, giấy "
            "tờ tùy thân được điền sẵn vào mọi tờ khai.\n"
            "3. Hỏi và điền phần còn lại; người khác trên tờ khai (cha, mẹ, vợ, chồng…) bấm "
            "“Quét thẻ CCCD” ở người đó rồi quét thẻ của họ.\n"
            "4. “Hoàn tất và in để ký”: công dân đọc lại, ký tên, rồi nộp hồ sơ tại quầy."))
        self.work = WorkPanel()
        self.done = DonePanel(can_intake)
        for w in (self.hint, self.work, self.done):
            self.stack.addWidget(w)
        row.addWidget(self.stack, 1)
        layout.addLayout(row, 1)
        self._connect()

    def _left_column(self) -> QWidget:
        self.picker = ProcedurePicker()
        self.picker.search_changed.connect(lambda _t: self.search_timer.start())
        self.picker.list.itemActivated.connect(lambda _item: self.start_new())
        self.start_button = QPushButton(self.tr("Điền tờ khai cho thủ tục này"))
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(self.start_new)
        self.sets = SetList()
        self.sets.opened.connect(self.open_item)
        column = QWidget()
        column.setFixedWidth(PICKER_WIDTH)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.picker, 3)
        box.addWidget(self.start_button)
        box.addWidget(section_heading(self.tr("Đang soạn, chờ tiếp nhận")))
        box.addWidget(self.sets, 2)
        return column

    def _connect(self) -> None:
        w = self.work
        w.changed.connect(self._changed)
        w.add_form.connect(lambda tid: self._draft_op(add_template, template_id=tid))
        w.remove_form.connect(self._remove_form)
        w.requester.look_up.connect(self.look_up)
        w.preview_button.clicked.connect(self.preview)
        w.complete_button.clicked.connect(self.complete)
        w.discard_button.clicked.connect(self.ask_discard)
        w.scan_armed.connect(lambda on: on and self.message_bar.show_info(self.tr(
            "Mời quét mã QR trên thẻ căn cước của người này.")))
        d = self.done
        d.reprint_button.clicked.connect(self.reprint)
        d.reopen_button.clicked.connect(self.reopen)
        d.intake_button.clicked.connect(self._to_intake)
        d.next_button.clicked.connect(self.next_citizen)
        action = QAction(self)
        action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        action.triggered.connect(self.complete)
        self.addAction(action)

    def _timers(self) -> None:
        self.save_timer = delay_timer(self, SAVE_DELAY_MS, self.save_now)
        self.check_timer = delay_timer(self, CHECK_DELAY_MS, self.work.validate)
        self.search_timer = delay_timer(self, SEARCH_DELAY_MS, self._search)

    # --- reading ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self.started:
            self.started = True
            self._run(read_start, self._started)
        else:
            self._run(lists, lambda both: self.sets.show_sets(*both))

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.save_now()
        super().hideEvent(event)

    def _run(self, op, on_success, on_failure=None) -> None:
        self._worker.run_op(op, on_success, on_failure or self._show_error, owner=self)

    def _started(self, start: FormsStart) -> None:
        self.printer_name = start.printer
        self.picker.set_items(start.procedures)
        self.sets.show_sets(start.drafts, start.ready)
        self.work.set_template_menu(start.templates)

    def _search(self) -> None:
        text = self.picker.search_edit.text()
        self._run(partial(search_procedures, text=text), partial(self._searched, text))

    def _searched(self, text: str, items) -> None:
        if self.picker.search_edit.text() == text:   # a late answer to an older search
            self.picker.set_items(items)

    def _refresh_lists(self, *_args) -> None:
        self._run(lists, lambda both: self.sets.show_sets(*both))

    # --- a draft ----------------------------------------------------------------------------

    def start_new(self) -> None:
        code = self.picker.selected_code
        if code is None:
            self.message_bar.show_error(self.tr("Hãy chọn thủ tục ở cột bên trái."))
            return
        self.save_now()
        card = self.pending_card
        requester = Applicant.from_cccd(card) if card is not None else None
        self._run(partial(start_draft, code=code, requester=requester), self._opened)

    def open_item(self, kind: str, item_id: str) -> None:
        self.save_now()
        if kind == "draft":
            self._run(partial(open_draft, draft_id=item_id), self._opened)
        else:
            self._run(partial(reprint, set_id=item_id), lambda c: self._show_done(c, False))

    def _opened(self, opened: Opened) -> None:
        self.pending_card = None
        self.completed = None
        self.draft = opened.draft
        self.work.show_opened(opened)
        self.work.saved_label.setText(self.tr("Bản nháp đã lưu trên máy này."))
        self.stack.setCurrentWidget(self.work)
        self._refresh_lists()
        if opened.kept:
            self._ask_overwrite(opened.kept)

    def _draft_op(self, op, **kwargs) -> None:
        """Run ``op`` on a copy of the draft as on screen; show the draft it returns."""
        if self.draft is not None:
            self.save_timer.stop()
            draft = self.work.collect(copy.deepcopy(self.draft))
            self._run(partial(op, draft=draft, **kwargs), self._opened)

    def _remove_form(self, template_id: str) -> None:
        if self.draft is not None and len(self.draft.templates) > 1:
            self._draft_op(remove_template, template_id=template_id)
        else:
            self.message_bar.show_error(self.tr("Bộ tờ khai cần ít nhất một mẫu."))

    def _changed(self) -> None:
        self.work.saved_label.setText(self.tr("Đang sửa…"))
        self.save_timer.start()
        self.check_timer.start()

    def save_now(self) -> None:
        """Keep the draft as on screen now (the timer calls it after a pause)."""
        self.save_timer.stop()
        if self.draft is None:
            return
        draft = self.work.collect(copy.deepcopy(self.draft))
        self.draft.forms = copy.deepcopy(draft.forms)
        self._run(partial(save, draft=draft), self._saved,
                  lambda exc: self._show_error(exc) or self.work.saved_label.setText(
                      self.tr("CHƯA LƯU được bản nháp")))

    def _saved(self, updated_at: str) -> None:
        self.work.saved_label.setText(self.tr("Đã lưu nháp lúc {time}").format(
            time=local_time_text(updated_at, "%H:%M:%S")))

    # --- preview, complete, print -------------------------------------------------------

    def preview(self) -> None:
        tid, editor = self.work.current_template_id(), self.work.current_editor()
        if tid is None:
            return
        title = self.work.templates[tid].title.capitalize()
        self._run(partial(preview, template_id=tid, data=editor.data()),
                  lambda pdf: self.printer.open_preview(pdf, title))

    def complete(self) -> None:
        if self.draft is None or self.busy or self.stack.currentWidget() is not self.work:
            return
        problems = self.work.validate()
        first = next(((t, ps[0]) for t, ps in problems.items() if ps), None)
        if first is not None:
            count = sum(len(ps) for ps in problems.values())
            self.message_bar.show_error(self.tr(
                "Còn {count} chỗ thiếu hoặc chưa đúng (xem danh sách dưới tờ khai).")
                .format(count=count))
            self.work.focus_problem(first[0], first[1].path)
            return
        self.busy = True
        self.save_timer.stop()
        draft = self.work.collect(copy.deepcopy(self.draft))
        self._run(partial(complete, draft=draft), self._completed, self._complete_failed)

    def _complete_failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, FormProblems):
            self.work.validate()
        self._show_error(exc)

    def _completed(self, c: Completed) -> None:
        self.busy = False
        self.draft = None
        self._show_done(c, True)
        self._refresh_lists()

    def _show_done(self, c: Completed, print_now: bool) -> None:
        self.completed = c
        self.done.show_set(c.form_set)
        self.stack.setCurrentWidget(self.done)
        self.message_bar.clear()
        if print_now:
            self.printer.print_document(c.pdf_path, self.printer_name, c.title)
        else:
            self.done.print_label.setText(self.tr("Bộ tờ khai đã hoàn tất, chờ tiếp nhận."))

    def _printed(self, outcome: PrintOutcome) -> None:
        if self.completed is not None:
            self.done.show_print(outcome.ok, outcome.message)
        if not outcome.ok:
            self.message_bar.show_error(outcome.message)

    def reprint(self) -> None:
        if self.completed is not None and not self.printer.busy:
            self._run(partial(reprint, set_id=self.completed.form_set["id"]),
                      lambda c: self._show_done(c, True))

    def reopen(self) -> None:
        if self.completed is not None:
            self._run(partial(reopen, set_id=self.completed.form_set["id"]), self._opened)

    def _to_intake(self) -> None:
        if self.completed is not None:
            self.open_intake.emit(self.completed.form_set["id"])

    def next_citizen(self) -> None:
        self.save_now()
        self.draft = None
        self.completed = None
        self.pending_card = None
        self.printer.close_preview()
        self.message_bar.clear()
        self.stack.setCurrentWidget(self.hint)
        self.picker.search_edit.setFocus()
        self._refresh_lists()

    def ask_discard(self) -> None:
        if self.draft is None:
            return
        draft_id = self.draft.id
        self._confirm(self.tr("Hủy bản nháp này? Những gì đã nhập sẽ bị xóa khỏi máy."),
                      lambda: self._discard(draft_id), self.tr("Hủy bản nháp"),
                      self.tr("Hủy bản nháp"), self.tr("Không"), QMessageBox.Icon.Warning)

    def _discard(self, draft_id: str) -> None:
        self.save_timer.stop()
        self.draft = None
        self.stack.setCurrentWidget(self.hint)
        self._run(partial(discard, draft_id=draft_id), lambda both: self.sets.show_sets(*both))

    def _show_error(self, exc: BaseException) -> None:
        text = errors.user_text(exc)
        self.message_bar.show_error(text)
