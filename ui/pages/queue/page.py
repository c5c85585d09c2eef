"""Hàng đợi: the counter officer's queue panel — call, recall, serve, skip, transfer.

Everything that reads or writes goes through the DB worker; an action returns
the fresh view with its result, so the panel updates in one round trip. While
an action runs the buttons are disabled (a double press calls one ticket).
Errors appear in an inline bar, not a modal box, so a busy officer is not
interrupted. The view is read again every few seconds while the page shows.

The F-keys belong to the whole counter window (``ui.pages.queue.keys``): the
officer presses F5 on the intake page while serving. They call ``trigger``,
which reads the queue first when the page is not shown, and what an action
says is also emitted as ``note`` so the window can show it where the officer is.
"""

from __future__ import annotations

from functools import partial

from counter_app.domain.queue import TicketStatus
from ui import errors
from ui.formatting import counter_label
from ui.pages.queue.actions import CallNumberDialog, TransferDialog
from ui.pages.queue.current import CurrentTicketPanel
from ui.pages.queue.ops import (ActionResult, QueueView, act_op, call_next_op, call_number_op,
                                legal_actions, read_view, transfer_op, waited_minutes)
from ui.pages.queue.printer import TicketPrinterPanel
from ui.pages.queue.summary import QueueSummary
from ui.pages.queue.waiting import WaitingTable
from ui.qt import (QT_TRANSLATE_NOOP, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                   QTimer, QVBoxLayout, QWidget, Signal)
from ui.session import SessionInfo
from ui.widgets.basics import muted, page_layout
from ui.widgets.dialogs import ask, open_kept
from ui.widgets.panel import PANEL_STYLE, MessageBar, heading
from ui.worker import DbWorker

REFRESH_MS = 3_000

# key, button text, shortcut. "next" and "call_number" need only a counter; the
# others act on the current ticket and follow domain.queue.ACTIONS.
ACTION_BUTTONS = (
    ("next", QT_TRANSLATE_NOOP("QueuePage", "Gọi số tiếp theo (F2)"), "F2"),
    ("recall", QT_TRANSLATE_NOOP("QueuePage", "Gọi lại (F3)"), "F3"),
    ("start", QT_TRANSLATE_NOOP("QueuePage", "Bắt đầu (F4)"), "F4"),
    ("finish", QT_TRANSLATE_NOOP("QueuePage", "Xong (F5)"), "F5"),
    ("no_show", QT_TRANSLATE_NOOP("QueuePage", "Vắng mặt (F6)"), "F6"),
    ("transfer", QT_TRANSLATE_NOOP("QueuePage", "Chuyển… (F7)"), "F7"),
    ("call_number", QT_TRANSLATE_NOOP("QueuePage", "Gọi số… (F8)"), "F8"),
)
COUNTER_FREE_ACTIONS = frozenset({"next", "call_number"})


def _display_key(view: QueueView) -> tuple:
    """Everything the page shows; equal keys mean nothing on screen would change."""
    minutes = tuple(waited_minutes(t["issued_at"], view.now) for t in view.waiting)
    return (view.current, view.waiting, minutes, view.services, view.counters,
            view.next_number)


class QueuePage(QWidget):
    """The counter's current ticket and its actions on top, the waiting list below.

    ``note(text, is_error)``: what the last action (or its refusal) said, for the window
    to show when the officer pressed the key on another page."""

    note = Signal(str, bool)

    def __init__(self, worker: DbWorker, info: SessionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.counter = info.counter_number
        self.view: QueueView | None = None
        self.busy = False
        self._refreshing = False
        self._shown_key: tuple | None = None
        self._refresh_error: str | None = None
        self._enabled: set[str] | None = None
        self.transfer_dialog: TransferDialog | None = None
        self.call_dialog: CallNumberDialog | None = None
        self.next_question: QMessageBox | None = None
        self.setStyleSheet(PANEL_STYLE)
        title = self.tr("Hàng đợi") if self.counter is None else self.tr(
            "Hàng đợi — {counter}").format(counter=counter_label(self.counter))
        layout = page_layout(self, title)
        layout.addWidget(self._no_counter_note())
        self.message_bar = MessageBar()
        layout.addWidget(self.message_bar)
        self.printer_panel = TicketPrinterPanel(worker)
        self.printer_panel.note.connect(self._printer_note)
        layout.addWidget(self.printer_panel)
        layout.addLayout(self._top_row())
        layout.addLayout(self._lists_row(), 1)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self._update_buttons()

    def _no_counter_note(self) -> QLabel:
        self.no_counter_label = QLabel(self.tr(
            "Máy này chưa được gán số quầy. Quản trị viên đặt bằng lệnh: "
            "counter-app config set device.counter_number N"))
        self.no_counter_label.setObjectName("noCounter")
        self.no_counter_label.setWordWrap(True)
        self.no_counter_label.setVisible(self.counter is None)
        return self.no_counter_label

    def _top_row(self) -> QHBoxLayout:
        self.current_panel = CurrentTicketPanel()
        if self.counter is None:
            self.current_panel.idle_text = self.tr("Máy chưa có số quầy nên chưa gọi số được.")
            self.current_panel.show_ticket(None)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for index, (key, text, _shortcut) in enumerate(ACTION_BUTTONS):
            button = QPushButton(self.tr(text))
            button.setObjectName("queueAction")
            button.clicked.connect(partial(self.run_action, key))
            self.buttons[key] = button
            if key == "next":
                button.setProperty("primary", True)
                grid.addWidget(button, 0, 0, 1, 2)
            else:
                grid.addWidget(button, 1 + (index - 1) // 2, (index - 1) % 2)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(self.current_panel, 3)
        row.addLayout(grid, 2)
        return row

    def _lists_row(self) -> QHBoxLayout:
        self.waiting_table = WaitingTable()
        self.waiting_table.chosen.connect(self.call_number)
        self.waiting_heading = heading(self.tr("Đang chờ tại quầy này"))
        waiting = QVBoxLayout()
        waiting.addWidget(self.waiting_heading)
        waiting.addWidget(self.waiting_table, 1)
        waiting.addWidget(muted(self.tr(
            "Nháy đúp một dòng (hoặc chọn rồi bấm Enter) để gọi đúng số đó. "
            "Dòng tô vàng: đối tượng ưu tiên.")))
        self.summary = QueueSummary()
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addLayout(waiting, 1)
        row.addWidget(self.summary)
        return row

    # --- reading -------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()
        self.refresh_timer.start()
        self.waiting_table.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.refresh_timer.stop()
        super().hideEvent(event)

    def _printer_note(self, text: str, is_error: bool) -> None:
        (self.message_bar.show_error if is_error else self.message_bar.show_info)(text)

    def refresh(self) -> None:
        self.printer_panel.refresh()
        if self._refreshing:
            return  # the worker is busy; don't pile up polls behind it
        self._refreshing = True
        future = self._worker.run_op(partial(read_view, counter=self.counter), self._refreshed,
                                     self._refresh_failed, owner=self)
        if future is None:
            self._refreshing = False

    def _refreshed(self, view: QueueView) -> None:
        self._refreshing = False
        if self._refresh_error is not None and self.message_bar.text() == self._refresh_error:
            self.message_bar.clear()  # reading works again: the old complaint is stale
        self._refresh_error = None
        self.show_view(view)

    def _refresh_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        self._refresh_error = self._error_text(exc)
        self.message_bar.show_error(self._refresh_error)

    def show_view(self, view: QueueView) -> None:
        self.view = view
        key = _display_key(view)
        if key != self._shown_key:  # most polls change nothing: leave the widgets alone
            self._shown_key = key
            self._render(view)
        self._update_buttons()

    def _render(self, view: QueueView) -> None:
        self.current_panel.show_ticket(view.current)
        self.waiting_table.fill(view.waiting, view.now, view.counter, view.next_number)
        self.waiting_heading.setText(self._waiting_heading(view))
        self.summary.fill(view.services, view.counters, view.served_codes)

    def _waiting_heading(self, view: QueueView) -> str:
        if view.counter is None:
            return self.tr("Đang chờ (mọi dịch vụ): {n}").format(n=len(view.waiting))
        text = self.tr("Đang chờ tại quầy này: {n}").format(n=len(view.waiting))
        if view.next_number:
            text += self.tr(" — số tiếp theo: {number}").format(number=view.next_number)
        return text

    def _update_buttons(self) -> None:
        ready = self.counter is not None and not self.busy
        legal = legal_actions(self.view.current if self.view else None)
        allowed = {key for key in self.buttons
                   if ready and (key in COUNTER_FREE_ACTIONS or key in legal)}
        if allowed == self._enabled:
            return
        self._enabled = allowed
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)

    # --- acting --------------------------------------------------------------------------

    def trigger(self, key: str) -> None:
        """An F-key pressed anywhere in the counter window. On the page shown it is the
        button; from another page the queue is read first (this page may never have been
        shown, or not for a while), then the action runs on what the database holds."""
        if self.busy or self.counter is None:
            return
        if self.isVisible() and self.view is not None:
            self.run_action(key)
            return
        self.busy = True
        self._update_buttons()
        if self._worker.run_op(partial(read_view, counter=self.counter),
                               partial(self._act_on_fresh_view, key), self._failed,
                               owner=self) is None:
            self.busy = False
            self._update_buttons()

    def _act_on_fresh_view(self, key: str, view: QueueView) -> None:
        self.busy = False
        self.show_view(view)
        self.run_action(key)

    def run_action(self, key: str, *_checked) -> None:
        """What a button (or its F-key) does."""
        if self.busy or self.counter is None:
            return
        if key == "next":
            self.call_next()
        elif key == "transfer":
            self.open_transfer_dialog()
        elif key == "call_number":
            self.open_call_dialog()
        elif self.view is not None and self.view.current is not None:
            self._start(act_op(self.counter, self.view.current["id"], key))

    def call_next(self) -> None:
        """Call the next number; a citizen being served is finished by it, so ask first."""
        current = self.view.current if self.view else None
        if current is None or current["status"] != TicketStatus.SERVING:
            self._start(call_next_op(self.counter))
            return
        if self.next_question is not None:
            return                        # already asking
        self.next_question = ask(
            self.window(), self.tr("Công dân số {number} đang được phục vụ. Kết thúc và gọi "
                                   "số tiếp theo?").format(number=current["number"]),
            self._confirmed_next, self.tr("Gọi số tiếp theo"), self.tr("Có"), self.tr("Không"))
        self.next_question.finished.connect(self._question_closed)

    def _confirmed_next(self) -> None:
        if not self.busy and self.counter is not None:
            self._start(call_next_op(self.counter))

    def _question_closed(self, *_result) -> None:
        self.next_question = None

    def call_number(self, number: str) -> None:
        if not self.busy and self.counter is not None:
            self._start(call_number_op(self.counter, number))

    def transfer(self, ticket_id: str, to_service: str | None, to_counter: int | None) -> None:
        if not self.busy and self.counter is not None:
            self._start(transfer_op(self.counter, ticket_id, to_service, to_counter))

    def _start(self, op) -> None:
        self.message_bar.clear()          # a note about the last ticket is stale now
        self.busy = True
        self._update_buttons()
        if self._worker.run_op(op, self._done, self._failed, owner=self) is None:
            self.busy = False
            self._update_buttons()

    def _done(self, result: ActionResult) -> None:
        self.busy = False
        self.message_bar.clear()
        self.show_view(result.view)
        note = self._result_note(result)
        if note:
            self.message_bar.show_info(note)
        elif result.ticket is not None:   # a call: the panel shows it, the window says it
            note = self.tr("Đã gọi số {number} — {service}.").format(
                number=result.ticket["number"], service=result.ticket["service_name"])
        if note:
            self.note.emit(note, False)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        text = self._error_text(exc)
        self.message_bar.show_error(text)
        self.note.emit(text, True)
        self._update_buttons()
        self.refresh()  # the refusal often means the screen was behind the database

    def _result_note(self, result: ActionResult) -> str:
        t = result.ticket
        if t is None:
            return self.tr("Không còn ai đang chờ ở quầy này.")
        if result.action == "recall":
            return self.tr("Đã gọi lại số {number} (lần {n}).").format(
                number=t["number"], n=t["call_count"])
        if result.action == "finish":
            return self.tr("Đã xong số {number}.").format(number=t["number"])
        if result.action == "no_show":
            return self.tr("Số {number} được ghi là vắng mặt. Nếu công dân quay lại, "
                           "dùng “Gọi số…” (F8).").format(number=t["number"])
        if result.action == "transfer":
            where = counter_label(t["for_counter"]) if t["for_counter"] is not None \
                else t["service_name"]
            return self.tr("Đã chuyển số {number} sang {where}.").format(
                number=t["number"], where=where)
        return ""

    @staticmethod
    def _error_text(exc: BaseException) -> str:
        return errors.user_text(exc)

    # --- dialogs -------------------------------------------------------------------------

    def open_transfer_dialog(self) -> None:
        current = self.view.current if self.view else None
        if current is None or self.counter is None:
            return
        dialog = TransferDialog(current, self.view.services, self.view.counters, self.counter,
                                self)
        dialog.chosen.connect(partial(self.transfer, current["id"]))
        open_kept(self, "transfer_dialog", dialog)

    def open_call_dialog(self) -> None:
        dialog = CallNumberDialog(self)
        dialog.chosen.connect(self.call_number)
        dialog.keep_drafts(self._worker, "queue:call")
        open_kept(self, "call_dialog", dialog)

    def has_unsaved_work(self) -> bool:
        """A number typed in the open "Gọi một số" dialog (the window asks before closing)."""
        return self.call_dialog is not None and self.call_dialog.has_typed_text()

    def save_draft_now(self) -> None:
        if self.call_dialog is not None:
            self.call_dialog.save_draft_now()
