"""Small building blocks shared by the pages."""

from __future__ import annotations

from ui.qt import QFrame, QLabel, QVBoxLayout, QWidget


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
