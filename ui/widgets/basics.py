"""Small building blocks shared by the pages."""

from __future__ import annotations

from ui.qt import QFrame, QLabel, QObject, QTimer, QVBoxLayout, QWidget


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(16, 12, 16, 12)
    for widget in widgets:
        box.addWidget(widget)
    return frame


def page_layout(page: QWidget, title: str) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(28, 20, 28, 20)
    layout.setSpacing(14)
    layout.addWidget(page_title(title))
    return layout


def delay_timer(parent: QObject, ms: int, slot) -> QTimer:
    """A single-shot timer calling ``slot``: restart it on every keystroke and the slot
    runs once typing pauses (searching as you type, autosaving)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
