"""The kiosk: citizens take a queue number by touch (shared/domain.md §2, step 1).

One tap on a service takes a normal number; "Ưu tiên" then a category takes a
priority one. The ticket is recorded through the database worker, printed on
the printer thread, and how the paper went is recorded through the worker
again. The number is on screen whatever the printer does; a failed print
says so in short plain Vietnamese (the technical reason goes to the log and,
through the database, to the counters' printer alert) and leaves the ticket
unprinted, to be reprinted at a counter.

A double tap never makes two tickets: the buttons are disabled from the first
tap until the number is shown, and taps in the next ``TAP_GUARD_MS`` are
ignored. Refusals (a service's daily cap reached) appear on the kiosk screen
itself and go away by themselves; no modal box can block the kiosk.
The administrator closes it with Ctrl+Shift+Q.
"""

from __future__ import annotations

import logging
from functools import partial

from counter_app.domain.permissions import Device
from counter_app.errors import CounterError
from counter_app.services import queue, queue_config, queue_stats, ticket_printing
from counter_app.services.core import Core
from printing.service import PrintResult
from ui.public.kiosk_pages import (NoticeBox, PriorityPage, ResultPage, StartPage,
                                   print_failure_text)
from ui.public.kiosk_printing import PrintJob, TicketPrinter
from ui.public.screen import HeaderBar, PublicScreen
from ui.public.style import kiosk_stylesheet
from ui.qt import QCoreApplication, QResizeEvent, QStackedWidget, Qt, QVBoxLayout
from ui.session import SessionInfo, act_as_device
from ui.worker import DbWorker

log = logging.getLogger(__name__)

TAP_GUARD_MS = 1_500          # taps right after the number appears are the same finger
RESULT_MS = 10_000            # the result screen goes back to the start by itself
FAILED_RESULT_MS = 20_000     # longer when there is a printer message to read
PRIORITY_IDLE_MS = 30_000     # an abandoned priority screen goes back too
REFRESH_MS = 30_000           # services and waiting counts


def _tr(text: str) -> str:
    return QCoreApplication.translate("kiosk", text)


def load_menu(core: Core) -> dict:
    """Active services, priority categories and how many wait per service."""
    waiting = {s["code"]: s["waiting"] for s in queue_stats.status(core)["services"]}
    return {"services": queue_config.list_services(core),
            "priorities": queue_config.list_priorities(core), "waiting": waiting}


def issue_for_kiosk(core: Core, service_key: str, priority_code: str | None) -> tuple:
    """Record the ticket and prepare its paper (both on the database thread)."""
    ticket = queue.issue_ticket(core, service_key, priority_code)
    job = PrintJob(ticket["id"], ticket_printing.content_for(core, ticket["id"]),
                   ticket_printing.printer_url(core), core.config.printer.ticket_width_dots)
    return ticket, job


class KioskWindow(PublicScreen):
    """Start (services) → [priority category] → result → start."""

    def __init__(self, worker: DbWorker, info: SessionInfo,
                 printer: TicketPrinter | None = None) -> None:
        super().__init__()
        self.worker = worker
        # Queued before any other work: this window's Core acts as the kiosk.
        worker.run_op(partial(act_as_device, device=Device.KIOSK))
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(_tr("Lấy số thứ tự — {office}").format(office=info.office_name))
        self.services: dict[str, dict] = {}
        self.priorities: list[dict] = []
        self._busy = False
        self.printer = printer or TicketPrinter(parent=self)
        self.printer.printed.connect(self._printed)
        self._build(info)
        self._return_timer = self._timer(self.show_start, single=True)
        self._guard_timer = self._timer(lambda: self.result_page.done_button.setEnabled(True),
                                        single=True)
        self._refresh_timer = self._timer(self.refresh, single=False)
        self._refresh_timer.start(REFRESH_MS)
        self.refresh()

    def _build(self, info: SessionInfo) -> None:
        self.header = HeaderBar(info.unit_name.upper(), info.office_name)
        self.start_page = StartPage()
        self.priority_page = PriorityPage()
        self.result_page = ResultPage()
        self.stack = QStackedWidget()
        for page in (self.start_page, self.priority_page, self.result_page):
            self.stack.addWidget(page)
        self.notice = NoticeBox(self)
        column = QVBoxLayout(self)
        # Sizes are made to fit the screen; a long message must not grow the window past it.
        column.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        self.start_page.chosen.connect(self._service_chosen)
        self.priority_page.category_chosen.connect(self._category_chosen)
        self.priority_page.back.connect(self.show_start)
        self.result_page.done.connect(self._done_tapped)
        self._apply_scale(1280, 800)

    # -- menu ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.worker.run_op(load_menu, self._menu_loaded, self._menu_failed, owner=self)

    def _menu_loaded(self, menu: dict) -> None:
        self.services = {s["code"]: s for s in menu["services"]}
        self.priorities = menu["priorities"]
        if self.start_page.set_services(menu["services"], bool(self.priorities)):
            self.start_page.set_busy(self._busy)
            self._apply_columns()
        self.start_page.set_waiting(menu["waiting"])

    def _menu_failed(self, exc: BaseException) -> None:
        # Logged by the worker; the last menu stays usable, the next refresh retries.
        if not self.services:
            self.notice.show_message(_tr("Chưa tải được danh sách dịch vụ. Quý khách vui lòng "
                                         "chờ giây lát hoặc báo cán bộ."))

    # -- taps ---------------------------------------------------------------------------

    def _accept_tap(self) -> bool:
        return not self._busy and not self._guard_timer.isActive()

    def _service_chosen(self, code: str, priority: bool) -> None:
        if not self._accept_tap() or code not in self.services:
            return
        if priority and self.priorities:
            self.priority_page.show_for(self.services[code], self.priorities)
            self.stack.setCurrentWidget(self.priority_page)
            self._return_timer.start(PRIORITY_IDLE_MS)
            return
        self._issue(code, None)

    def _category_chosen(self, category: str) -> None:
        if self._accept_tap():
            self._issue(self.priority_page.service_code, category)

    def _issue(self, service: str, priority: str | None) -> None:
        self._set_busy(True)
        self._return_timer.stop()
        self.notice.hide()
        self.worker.run_op(partial(issue_for_kiosk, service_key=service, priority_code=priority),
                           self._issued, self._refused, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.start_page.set_busy(busy)
        self.priority_page.set_busy(busy)

    def _issued(self, result: tuple) -> None:
        ticket, job = result
        self.printer.submit(job)
        self.result_page.show_ticket(ticket)
        self.result_page.done_button.setEnabled(False)
        self.stack.setCurrentWidget(self.result_page)
        self._guard_timer.start(TAP_GUARD_MS)
        self._return_timer.start(RESULT_MS)
        self._set_busy(False)
        self.refresh()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_start()
        self._guard_timer.start(TAP_GUARD_MS)
        if isinstance(exc, CounterError):
            self.notice.show_message(str(exc))
        else:
            self.notice.show_message(_tr("Không lấy được số do lỗi của máy. Quý khách vui lòng "
                                         "thử lại hoặc báo cán bộ."))

    def _done_tapped(self) -> None:
        if self._accept_tap():
            self.show_start()

    def show_start(self) -> None:
        self._return_timer.stop()
        self.stack.setCurrentWidget(self.start_page)

    # -- paper --------------------------------------------------------------------------

    def _printed(self, job: PrintJob, result: PrintResult) -> None:
        self.worker.run_op(partial(ticket_printing.record_result, ticket_id=job.ticket_id,
                                   result=result), on_failure=_log_record_failure)
        if result.warning:
            log.warning("ticket printer: %s", result.warning)
        showing = self.stack.currentWidget() is self.result_page and \
            self.result_page.ticket_id == job.ticket_id
        if result.ok:
            if showing:
                self.result_page.show_printed()
            return
        if showing:
            self.result_page.show_print_failed(result.error_code)
            self._return_timer.start(FAILED_RESULT_MS)
        else:
            self.notice.show_message(print_failure_text(result.error_code, job.content.number))

    # -- screen size --------------------------------------------------------------------

    def stylesheet(self, unit: float) -> str:
        return kiosk_stylesheet(unit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.notice.place()

    def _apply_scale(self, width: int, height: int) -> None:
        super()._apply_scale(width, height)
        self._apply_columns()

    def _apply_columns(self) -> None:
        portrait = self.height() > self.width()
        many = len(self.services) > 9
        self.start_page.set_columns((3 if many else 2) if portrait else (4 if many else 3))

    def dispose(self) -> None:
        for timer in (self._return_timer, self._guard_timer, self._refresh_timer):
            timer.stop()
        self.header.stop()
        self.notice.stop()
        self.printer.shutdown()


def _log_record_failure(exc: BaseException) -> None:
    # Already logged by the worker; a modal box would block the kiosk for citizens.
    log.warning("could not record how a ticket printed: %s", exc)
