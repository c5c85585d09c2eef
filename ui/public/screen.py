"""Pieces shared by the kiosk and the display board: the header with the clock,
the administrator's close shortcut, and full-screen placement."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from counter_app.domain.clock import to_local
from ui.formatting import long_date
from ui.public.fit import FitLabel
from ui.public.style import unit_for
from ui.qt import (QCloseEvent, QCoreApplication, QFrame, QGuiApplication, QHBoxLayout, QKeyEvent,
                   QKeySequence, QLabel, QResizeEvent, QShortcut, Qt, QTimer, QVBoxLayout, QWidget,
                   Signal)

log = logging.getLogger(__name__)

ADMIN_CLOSE_KEYS = "Ctrl+Shift+Q"


def _tr(text: str) -> str:
    return QCoreApplication.translate("screens", text)


def _now_local() -> datetime:
    return to_local(datetime.now().astimezone())


def label(text: str = "", name: str = "", *, wrap: bool = False, fit: bool = False,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    """A styled label; ``fit``: one line shrunk to fit by its ink (ui/public/fit.py)."""
    widget = FitLabel(text) if fit else QLabel(text)
    widget.setObjectName(name)
    widget.setAlignment(align)
    widget.setWordWrap(wrap)
    return widget


def repolish(widget: QWidget) -> None:
    """Re-apply style rules after a dynamic property changed (children included)."""
    for w in [widget, *widget.findChildren(QWidget)]:
        w.style().unpolish(w)
        w.style().polish(w)
    widget.update()


class HeaderBar(QFrame):
    """Office name on the left, the time and date on the right, ticking each second."""

    def __init__(self, office_name: str, parent_name: str = "",
                 now: Callable[[], datetime] = _now_local, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screenHeader")
        self._now = now
        names = QVBoxLayout()
        names.setSpacing(0)
        if parent_name:
            names.addWidget(label(parent_name, "screenParent", align=Qt.AlignmentFlag.AlignLeft))
        self.office_label = label(office_name or _tr("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"),
                                  "screenOffice", wrap=True, align=Qt.AlignmentFlag.AlignLeft)
        names.addWidget(self.office_label)
        times = QVBoxLayout()
        times.setSpacing(0)
        self.clock_label = label("", "screenClock", align=Qt.AlignmentFlag.AlignRight)
        self.date_label = label("", "screenDate", align=Qt.AlignmentFlag.AlignRight)
        times.addWidget(self.clock_label)
        times.addWidget(self.date_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.addLayout(names, 1)
        row.addLayout(times)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.tick()

    def tick(self) -> None:
        moment = self._now()
        self.clock_label.setText(moment.strftime("%H:%M"))
        self.date_label.setText(long_date(moment.date()))

    def stop(self) -> None:
        self._timer.stop()


class PublicScreen(QWidget):
    """A full-screen window citizens can touch: Escape and Alt+F4 do not close it.

    An administrator closes it with Ctrl+Shift+Q; ``closed`` is emitted then.
    """

    closed = Signal()

    def _timer(self, slot, single: bool) -> QTimer:
        """A timer owned by this window (stopped and freed with it)."""
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._may_close = False
        self._unit = 0.0
        shortcut = QShortcut(QKeySequence(ADMIN_CLOSE_KEYS), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.close_by_admin)

    # -- screen size: one scale unit for every size in the style sheet (ui/public/style.py) --

    def stylesheet(self, unit: float) -> str:
        """This window's style sheet at ``unit`` (1.0 for a 1080-pixel short side)."""
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._apply_scale(event.size().width(), event.size().height())

    def _apply_scale(self, width: int, height: int) -> None:
        unit = unit_for(width, height)
        if abs(unit - self._unit) > 0.01:   # a style sheet costs a full re-polish
            self._unit = unit
            self.setStyleSheet(self.stylesheet(unit))

    def close_by_admin(self) -> None:
        log.info("%s closed by the administrator", type(self).__name__)
        self._may_close = True
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # a citizen must not leave the kiosk
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.isFullScreen() and not self._may_close:
            event.ignore()  # Alt+F4 or the window manager, in front of the public
            return
        self.dispose()
        super().closeEvent(event)
        self.closed.emit()

    def dispose(self) -> None:
        """Stop timers and background work (overridden by the windows)."""


def show_on_screen(window: QWidget, screen_index: int | None, windowed: bool,
                   size: tuple[int, int] = (1280, 800)) -> None:
    """Show ``window`` full screen on screen ``screen_index`` (0 = the first of
    QGuiApplication.screens()), or as a normal window for trying it on a desktop."""
    screens = QGuiApplication.screens()
    screen = None
    if screen_index is not None:
        if 0 <= screen_index < len(screens):
            screen = screens[screen_index]
        else:
            log.warning("screen %s does not exist (%d screens); using the primary one",
                        screen_index, len(screens))
    screen = screen or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setScreen(screen)
        window.move(screen.geometry().topLeft())
    if windowed:
        window.resize(*size)
        window.show()
    else:
        window.showFullScreen()
