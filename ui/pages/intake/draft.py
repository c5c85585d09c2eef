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
from ui.pages.intake.ops import KeptIntake, discard_draft, keep_draft, read_draft
from ui.qt import QObject, Signal
from ui.widgets.basics import delay_timer
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
