"""The intake in progress, kept on this machine so no typing is lost.

After every pause in typing the form (procedure, applicant, checklist with ticks and
scanned files, channel, sets, delivery, due-date override and its reason, the linked
form set) is saved as the officer's device-local draft (``counter_app.services.drafts``);
a blank form forgets it. When the page opens again — after the window was closed, a
logout or a crash — the draft is put back at once with a note saying so ("Đã khôi phục
hồ sơ đang nhập dở (lưu lúc 10:42)"): the citizen is usually still at the counter, and
"Nhập lại từ đầu" clears it. Recording the dossier (received, incomplete, refused)
removes the draft in the same transaction (``IntakeRequest.drafts``).

Nothing is saved before the kept draft has been read, so a page that starts blank can
never overwrite it; while a dossier is being recorded or its result is shown, nothing
is saved either.
"""

from __future__ import annotations

from functools import partial

from ui.formatting import local_time_text
from ui.pages.intake.ops import KeptIntake, discard_draft, is_blank, keep_draft, read_draft
from ui.qt import QObject, Signal
from ui.widgets.basics import delay_timer
from ui.widgets.dialogs import ask
from ui.widgets.drafts import watch
from ui.worker import DbWorker

SAVE_DELAY_MS = 800


class IntakeDraftKeeper(QObject):
    """Owned by the intake page, which provides ``draft_state()``, ``can_keep_draft()``
    and ``is_blank()``. ``kept(KeptIntake)`` when a draft was read and the page is blank
    (the page fills itself); ``saved(text)`` / ``failed(exc)`` for the page's notes."""

    kept = Signal(object)
    saved = Signal(str)
    failed = Signal(object)

    def __init__(self, page, worker: DbWorker) -> None:
        super().__init__(page)
        self._page = page
        self._worker = worker
        self.ready = False          # the kept draft has been read
        self.reading = False
        self.timer = delay_timer(self, SAVE_DELAY_MS, self.save_now)

    def read(self) -> None:
        """Once, when the page first opens: bring back what was typed before."""
        if self.ready or self.reading:
            return
        self.reading = True
        self._worker.run_op(read_draft, self._read, self._read_failed, owner=self)

    def _read(self, kept: KeptIntake | None) -> None:
        self.reading = False
        self.ready = True
        if kept is not None and self._page.is_blank():
            self.kept.emit(kept)
        elif kept is not None:
            self.save_now()         # typed meanwhile (a scan): that is the draft now

    def _read_failed(self, exc: BaseException) -> None:
        self.reading = False
        self.ready = True           # say why; what is typed from now on replaces it
        self.failed.emit(exc)

    def changed(self) -> None:
        """Something on the form changed: save after the pause."""
        if self.ready:
            self.timer.start()

    def save_now(self) -> None:
        """Keep the form as it is now (the window asks this before it closes)."""
        self.timer.stop()
        if not self.ready or not self._page.can_keep_draft():
            return
        self._worker.run_op(partial(keep_draft, state=self._page.draft_state()),
                            self._saved, self.failed.emit, owner=self)

    def _saved(self, updated_at: str | None) -> None:
        if updated_at:
            self.saved.emit(local_time_text(updated_at, "%H:%M:%S"))

    def pause(self) -> None:
        """A dossier is being recorded: its draft goes with it, nothing more is saved."""
        self.timer.stop()

    def discard(self) -> None:
        """The officer cleared the form."""
        self.timer.stop()
        self._worker.run_op(discard_draft, None, self.failed.emit, owner=self)


class DraftedIntake:
    """The intake page's side of its draft: the form's state, restoring it, clearing it.
    A part of ``IntakePage`` (it uses the page's widgets)."""

    def _keep_drafts(self) -> None:
        self.drafts = IntakeDraftKeeper(self, self._worker)
        self.drafts.kept.connect(self.restore_draft)
        self.drafts.saved.connect(lambda at: self.saved_label.setText(
            self.tr("Bản nháp đã lưu lúc {time}").format(time=at)))
        self.drafts.failed.connect(self._show_error)
        watch([*self.applicant.edits.values(), *self.details.inputs()], self.drafts.changed)
        self.documents.changed.connect(self.drafts.changed)
        self.fees_card.changed.connect(self.drafts.changed)
        self.group_card.changed.connect(self.drafts.changed)
        self.form_sets.linked.connect(self.drafts.changed)

    def draft_state(self) -> dict:
        """The form as typed: what the draft keeps."""
        return {"procedure_code": self.info.procedure.code if self.info else "",
                "applicant": self.applicant.values(), "extra_for": self.applicant.extra_for,
                "documents": self.documents.state(), "details": self.details.state(),
                "fees": self.fees_card.state(),
                "form_set_id": self.form_sets.set_id or "",
                "group_code": self.group.code if self.group else "",
                "group_documents": self.group_card.state() if self.group else {},
                "ticket": (self.ticket_link.ticket or {}).get("number", "")}

    def is_blank(self) -> bool:
        return is_blank(self.draft_state())

    def can_keep_draft(self) -> bool:
        return not self.busy and self.form_shown()

    def has_unsaved_work(self) -> bool:
        """Typed work not recorded as a dossier (the window asks before closing), or typed
        text in an open outcome dialog."""
        dialogs = (self.incomplete_dialog, self.refuse_dialog)
        return (self.can_keep_draft() and not self.is_blank()) or \
            any(d is not None and d.has_typed_text() for d in dialogs)

    def save_draft_now(self) -> None:
        """Save the form and any open dialog's text now (the window is closing)."""
        self.drafts.save_now()
        for dialog in (self.incomplete_dialog, self.refuse_dialog):
            if dialog is not None:
                dialog.save_draft_now()

    def restore_draft(self, kept: KeptIntake) -> None:
        """Put an intake typed earlier back on the form, and say so."""
        state = kept.state
        if kept.group is not None:
            self._group_loaded(kept.group)
            self.group_card.restore_state(state.get("group_documents") or {})
        elif kept.info is not None:
            code = kept.info.procedure.code
            self.picker.selected_code = code     # selecting below must not load it again
            try:
                self.picker.select(code)
            except KeyError:
                pass
            self._procedure_loaded(kept.info)
        self.documents.restore_state(state.get("documents") or [])
        self.details.restore_state(state.get("details") or {})
        self.fees_card.restore_state(state.get("fees") or {})
        applicant = {k: str(v) for k, v in (state.get("applicant") or {}).items()}
        self.applicant.fill(applicant, overwrite=True)
        self.applicant.extra_for = str(state.get("extra_for", ""))
        if kept.form_set is not None:
            self.form_sets.show_kept(kept.form_set)
        note = self.tr("Đã khôi phục hồ sơ đang nhập dở (lưu lúc {time}). Kiểm tra lại rồi "
                       "tiếp nhận, hoặc bấm “Nhập lại từ đầu”.").format(
            time=local_time_text(kept.updated_at, "%H:%M"))
        if state.get("procedure_code") and kept.info is None:
            note += " " + self.tr("Thủ tục {code} không còn trong danh mục: hãy chọn lại.").format(
                code=state["procedure_code"])
        if state.get("group_code") and kept.group is None:
            note += " " + self.tr("Nhóm liên thông {code} không còn trong danh mục: hãy chọn "
                                  "lại.").format(code=state["group_code"])
        self.draft_note.setText(note)
        self.draft_note.show()

    def ask_clear(self) -> None:
        if self.busy or not self.form_shown():
            return
        if self.is_blank():
            self.clear_form()
            return
        ask(self, self.tr("Xóa mọi nội dung đã nhập của hồ sơ này? Bản nháp trên máy cũng bị "
                          "xóa."), self.clear_form, self.tr("Nhập lại từ đầu"),
            self.tr("Xóa và nhập lại"), self.tr("Giữ nội dung"))

    def clear_form(self) -> None:
        """The officer chose to start again: the form and its draft are cleared."""
        self.new_dossier()
        self.saved_label.setText("")
        self.drafts.discard()
