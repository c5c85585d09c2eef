"""The rating screen beside a counter (a second monitor or a tablet): when the officer
finishes serving a citizen, it shows who served them and asks how it went.

The window polls its database worker every ``POLL_MS`` for the service just finished
at its counter that has no rating yet (``ratings.pending``). One tap on a level records
the rating with any reasons ticked; a service is rated once (a second device or a second
tap is refused by the service and thanked all the same). Nobody tapping for ``ASK_MS``
ends the question politely and the screen does not ask about that service again. The
scale and the reasons are the office's configuration. Ctrl+Shift+Q closes it.
"""

from __future__ import annotations

import logging
from functools import partial

from counter_app.domain.permissions import Device
from counter_app.errors import CounterError
from counter_app.services import ratings
from counter_app.services.core import Core
from ui.public.screen import HeaderBar, PublicScreen, label, repolish
from ui.public.style import rating_stylesheet
from ui.qt import (QCheckBox, QCoreApplication, QFrame, QGridLayout, QHBoxLayout, QPushButton,
                   QStackedWidget, Qt, QVBoxLayout, QWidget)
from ui.session import SessionInfo, act_as_device
from ui.worker import DbWorker

log = logging.getLogger(__name__)

POLL_MS = 1_000
ASK_MS = 60_000          # the question waits this long for a tap
THANKS_MS = 5_000        # the thanks stay this long


def _tr(text: str) -> str:
    return QCoreApplication.translate("rating", text)


def load_scale(core: Core) -> dict:
    return {"levels": [(lv.code, lv.label) for lv in ratings.scale(core)],
            "reasons": list(ratings.reasons(core))}


class AskPage(QWidget):
    """Who served, the question, the optional reasons and one button per level."""

    def __init__(self) -> None:
        super().__init__()
        card = QFrame()
        card.setObjectName("officerCard")
        self.caption = label(_tr("Cán bộ vừa phục vụ ông/bà"), "officerCaption")
        self.officer_label = label("", "officerName", fit=True)
        self.service_label = label("", "officerService", wrap=True)
        inner = QVBoxLayout(card)
        for w in (self.caption, self.officer_label, self.service_label):
            inner.addWidget(w)
        self.question = label(_tr("Ông/bà có hài lòng với sự phục vụ không?"), "ratingTitle",
                              wrap=True)
        self.reasons_caption = label(_tr("Điều ông/bà muốn góp ý (không bắt buộc), rồi chạm "
                                         "vào một mức đánh giá:"),
                                     "reasonsCaption", align=Qt.AlignmentFlag.AlignLeft)
        self.reasons_box = QGridLayout()
        self.levels_row = QHBoxLayout()
        self.levels_row.setSpacing(16)
        self.buttons: dict[str, QPushButton] = {}
        self.checks: dict[str, QCheckBox] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 24, 40, 24)
        column.setSpacing(18)
        # Reasons first: a tap on a level records the rating at once.
        column.addWidget(card)
        column.addWidget(self.question)
        column.addWidget(self.reasons_caption)
        column.addLayout(self.reasons_box)
        column.addStretch(1)
        column.addLayout(self.levels_row)

    def set_scale(self, levels: list[tuple[str, str]], reasons: list[str]) -> None:
        for code, text in levels:
            button = QPushButton(text)
            button.setObjectName("levelButton")
            tone = round(len(self.buttons) * 3 / max(1, len(levels) - 1))
            button.setProperty("tone", str(tone))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.levels_row.addWidget(button, 1)
            self.buttons[code] = button
        for i, text in enumerate(reasons):
            box = QCheckBox(text)
            box.setObjectName("reason")
            self.reasons_box.addWidget(box, i // 2, i % 2)
            self.checks[text] = box
        self.reasons_caption.setVisible(bool(reasons))
        repolish(self)

    def ask(self, service: dict) -> None:
        self.officer_label.setText(service["officer_name"] or _tr("Cán bộ tiếp nhận"))
        self.service_label.setText(_tr("Quầy {counter} — {service} — số {number}").format(
            counter=service["counter"], service=service["service_name"],
            number=service["number"]))
        for box in self.checks.values():
            box.setChecked(False)
        self.set_enabled(True)

    def chosen_reasons(self) -> list[str]:
        return [text for text, box in self.checks.items() if box.isChecked()]

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)


class RatingWindow(PublicScreen):
    """Idle (a welcome) → the question → thanks → idle."""

    def __init__(self, worker: DbWorker, info: SessionInfo, counter: int,
                 poll_ms: int = POLL_MS, ask_ms: int = ASK_MS,
                 thanks_ms: int = THANKS_MS) -> None:
        super().__init__()
        self.worker, self.counter = worker, counter
        # Queued before any other work: this window's Core acts as the rating screen.
        worker.run_op(partial(act_as_device, device=Device.RATING))
        self.setObjectName("rating")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(_tr("Đánh giá sự hài lòng — quầy {n}").format(n=counter))
        self.current: dict | None = None
        self.skipped: set[str] = set()     # services nobody rated in time: not asked again
        self._polling = self._disposed = False
        self._build(info)
        self._poll_timer = self._timer(self.poll, single=False)
        self._ask_timer = self._timer(self.give_up, single=True)
        self._thanks_timer = self._timer(self.show_idle, single=True)
        self._ask_timer.setInterval(ask_ms)
        self._thanks_timer.setInterval(thanks_ms)
        self.worker.run_op(load_scale, self._scale_loaded, self._failed, owner=self)
        self._poll_timer.start(poll_ms)

    def _build(self, info: SessionInfo) -> None:
        self.header = HeaderBar(info.unit_name.upper(), info.office_name)
        self.idle_page = QWidget()
        idle = QVBoxLayout(self.idle_page)
        idle.addStretch(1)
        idle.addWidget(label(_tr("Xin chào ông/bà!"), "ratingTitle"))
        self.idle_hint = label(_tr("Sau khi được phục vụ, xin ông/bà dành ít giây đánh giá "
                                   "sự hài lòng tại màn hình này."), "ratingHint", wrap=True)
        idle.addWidget(self.idle_hint)
        idle.addStretch(1)
        self.ask_page = AskPage()
        self.thanks_page = QWidget()
        thanks = QVBoxLayout(self.thanks_page)
        thanks.addStretch(1)
        self.thanks_label = label(_tr("Xin cảm ơn ông/bà đã đánh giá!"), "ratingThanks",
                                  wrap=True)
        self.note_label = label("", "ratingNote", wrap=True)
        thanks.addWidget(self.thanks_label)
        thanks.addWidget(self.note_label)
        thanks.addStretch(1)
        self.stack = QStackedWidget()
        for page in (self.idle_page, self.ask_page, self.thanks_page):
            self.stack.addWidget(page)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        self._apply_scale(1366, 768)

    def _scale_loaded(self, scale: dict) -> None:
        self.ask_page.set_scale(scale["levels"], scale["reasons"])
        for code, button in self.ask_page.buttons.items():
            button.clicked.connect(partial(self.rate, code))

    # -- polling and asking ------------------------------------------------------------

    def poll(self) -> None:
        if self._polling or self._disposed or self.stack.currentWidget() is not self.idle_page:
            return
        self._polling = True
        op = partial(ratings.pending, counter=self.counter)
        if self.worker.run_op(op, self._polled, self._failed, owner=self) is None:
            self._polling = False

    def _polled(self, service: dict | None) -> None:
        self._polling = False
        if service is None or service["ticket_id"] in self.skipped or not self.ask_page.buttons:
            return
        if self.stack.currentWidget() is not self.idle_page:
            return
        self.current = service
        self.ask_page.ask(service)
        self.stack.setCurrentWidget(self.ask_page)
        self._ask_timer.start()

    def rate(self, level: str) -> None:
        if self.current is None:
            return
        self.ask_page.set_enabled(False)       # one tap, one rating
        self._ask_timer.stop()
        op = partial(ratings.rate_service, ticket_id=self.current["ticket_id"], level=level,
                     chosen=self.ask_page.chosen_reasons())
        self.worker.run_op(op, lambda _: self._thank(""), self._rate_failed, owner=self)

    def _rate_failed(self, exc: Exception) -> None:
        # Already rated elsewhere, or the database was busy: thank the citizen anyway;
        # what went wrong is in the log for the administrator.
        log.warning("rating not recorded: %s", exc)
        self._thank(str(exc) if isinstance(exc, CounterError) else "")

    def _thank(self, note: str) -> None:
        if self.current is not None:
            self.skipped.add(self.current["ticket_id"])
        self.current = None
        self.thanks_label.setText(_tr("Xin cảm ơn ông/bà đã đánh giá!"))
        self.note_label.setText(note)
        self.stack.setCurrentWidget(self.thanks_page)
        self._thanks_timer.start()

    def give_up(self) -> None:
        """Nobody tapped: a polite goodbye, and this service is not asked about again."""
        if self.current is not None:
            self.skipped.add(self.current["ticket_id"])
        self.current = None
        self.thanks_label.setText(_tr("Xin cảm ơn ông/bà. Chúc ông/bà một ngày tốt lành!"))
        self.note_label.setText("")
        self.stack.setCurrentWidget(self.thanks_page)
        self._thanks_timer.start()

    def show_idle(self) -> None:
        self.stack.setCurrentWidget(self.idle_page)

    def _failed(self, exc: Exception) -> None:
        self._polling = False
        log.warning("rating screen: %s", exc)

    # -- sizes and closing -------------------------------------------------------------

    def stylesheet(self, unit: float) -> str:
        return rating_stylesheet(unit)

    def dispose(self) -> None:
        self._disposed = True
        for timer in (self._poll_timer, self._ask_timer, self._thanks_timer):
            timer.stop()
        self.header.stop()
