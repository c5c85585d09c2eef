"""The intake page's three outcomes (receive: form 01, incomplete: form 02, refuse:
form 03), recording them on the DB worker and printing the form.

``IntakeOutcomes`` is a part of ``IntakePage`` (it uses the page's widgets: applicant,
documents, details, ticket link, form sets, done panel, printer); kept apart because
deciding and recording an outcome is its own concern, not the form's layout.
"""

from __future__ import annotations

from functools import partial

from counter_app.domain.statuses import Channel
from counter_app.errors import UserInputError
from counter_app.services.intake import IntakeRequest
from ui.pages.intake.ops import (FORM_TITLES, INTAKE_DRAFTS, IntakeResult, Submission,
                                 saved_form, submit)
from ui.pages.intake.outcome import IncompleteDialog, RefuseDialog
from ui.print_pdf import PrintOutcome
from ui.qt import QDesktopServices, QUrl
from ui.widgets.dialogs import open_kept


class IntakeOutcomes:
    """Receive, incomplete, refuse; the form's printing and reprinting."""

    # --- outcomes ---------------------------------------------------------------------------

    def _checked_applicant(self):
        """The applicant if a procedure is chosen and the core's rules pass, else None
        after saying why (before any dialog opens)."""
        try:
            if self.info is None and self.group is None:
                raise UserInputError(self.tr("Hãy chọn thủ tục hành chính ở cột bên trái."))
            applicant = self.applicant.applicant()
            applicant.cleaned()
        except UserInputError as exc:
            self.message_bar.show_error(str(exc))
            return None
        return applicant

    def _request(self, outcome: str, missing: list[dict] | None = None,
                 reason: str = "") -> IntakeRequest | None:
        applicant = self._checked_applicant()
        if applicant is None:
            return None
        d = self.details
        ticket = self.ticket_link.ticket
        return IntakeRequest(
            procedure_code=self.info.procedure.code, applicant=applicant, outcome=outcome,
            channel=d.channel(), portal_code=d.portal_code(),
            documents=self.documents.documents(), missing=missing or [], reason=reason,
            sets=d.sets_spin.value(), result_delivery=d.delivery(),
            due_override=d.due_override(), due_reason=d.due_reason(),
            competent_agency=d.competent.agency(),
            competent_received_at=d.competent.received_at(),
            ticket_id=ticket["id"] if ticket else None, form_set_id=self.form_sets.set_id,
            drafts=INTAKE_DRAFTS, fees=self.fees_card.fees(),
            payment_method=self.fees_card.payment_method(),
            payment_reference=self.fees_card.payment_reference())

    def receive(self) -> None:
        if self.busy or not self.form_shown():
            return
        if self.group is not None:
            self.receive_group()              # ui.pages.intake.group
        else:
            self._submit_outcome("received", None, "")

    def open_incomplete_dialog(self) -> None:
        if self.busy or self.group is not None or self._checked_applicant() is None:
            return
        dialog = IncompleteDialog(self.documents.checklist(), self)
        dialog.chosen.connect(lambda missing, reason: self._submit_outcome(
            "incomplete", missing, reason))
        dialog.keep_drafts(self._worker, "intake:incomplete")
        open_kept(self, "incomplete_dialog", dialog)

    def open_refuse_dialog(self) -> None:
        if self.busy or self.group is not None or self._checked_applicant() is None:
            return
        dialog = RefuseDialog(self)
        dialog.chosen.connect(lambda reason: self._submit_outcome("refused", None, reason))
        dialog.keep_drafts(self._worker, "intake:refuse")
        open_kept(self, "refuse_dialog", dialog)

    def _submit_outcome(self, outcome: str, missing: list[dict] | None, reason: str) -> None:
        request = self._request(outcome, missing, reason)
        if request is not None:
            self._submit(request)

    def _submit(self, request: IntakeRequest) -> None:
        if request.channel != Channel.ONLINE:
            request.portal_code = ""
        self.drafts.pause()
        self._set_busy(True)
        submission = Submission(request, self.documents.chosen_files())
        self._worker.run_op(partial(submit, submission=submission), self._submitted,
                            self._submit_failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.receive_button.setEnabled(not busy)
        for button in (self.incomplete_button, self.refuse_button):   # one procedure only
            button.setEnabled(not busy and self.group is None)

    def _submit_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(exc)
        self.drafts.changed()                 # not recorded: the draft stays the form

    def _submitted(self, result: IntakeResult) -> None:
        self._set_busy(False)
        self.result = result
        self.message_bar.clear()
        self.draft_note.hide()
        self.saved_label.setText("")
        self.done_panel.show_result(result)
        self.stack.setCurrentWidget(self.done_panel)
        self.done_panel.new_button.setFocus()
        if result.pdf_path is not None:
            self._print(result)
        elif result.pdf_error:
            self.message_bar.show_error(result.pdf_error)

    # --- printing ---------------------------------------------------------------------------

    def _print(self, result: IntakeResult) -> None:
        title = f"{FORM_TITLES[result.form]} — {result.number}"
        self.printer.print_document(result.pdf_path, self.printer_name, title)

    def _printed(self, outcome: PrintOutcome) -> None:
        panel = self.group_done if self.stack.currentWidget() is self.group_done \
            else self.done_panel
        panel.show_print(outcome.ok, outcome.message)

    def reprint(self) -> None:
        r = self.result
        if r is None or self.printer.busy:
            return
        self._run(partial(saved_form, form=r.form, code=r.number, path=r.pdf_path,
                          slip=r.slip),
                  lambda path: self._print(IntakeResult(r.dossier, r.form, path)))

    def open_pdf(self) -> None:
        if self.result is not None and self.result.pdf_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.pdf_path)))
