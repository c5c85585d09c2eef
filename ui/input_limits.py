"""Text fields stop at the length the services accept (``counter_app.domain.limits``).

A line edit gets Qt's own ``setMaxLength`` (typing stops, a paste is cut at the
bound, as the officer sees). A plain-text edit has no such property: characters
past the bound are taken back where they were just typed, the cursor left there.
The services still check every value: this only saves the officer a refusal
after typing.
"""

from __future__ import annotations

from counter_app.domain import limits
from ui.qt import QLineEdit, QPlainTextEdit, QWidget

# Applicant fields on the intake screen, by ``Applicant`` name.
APPLICANT = {**limits.APPLICANT, "birth_date": 20}


def limit(widget: QWidget, length: int) -> QWidget:
    """Cap ``widget`` (a line or plain-text edit) at ``length`` characters; returns it."""
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(length)
    elif isinstance(widget, QPlainTextEdit):
        widget.setProperty("maxLength", length)
        widget.textChanged.connect(lambda: _take_back(widget, length))
        _take_back(widget, length)
    return widget


def _take_back(edit: QPlainTextEdit, length: int) -> None:
    text = edit.toPlainText()
    excess = len(text) - length
    if excess <= 0:
        return
    end = edit.textCursor().position()
    start = end - excess
    if start < 0:               # text set by the program: keep its beginning
        start, end = length, len(text)
    edit.setPlainText(text[:start] + text[end:])    # signals again, with nothing in excess
    cursor = edit.textCursor()
    cursor.setPosition(start)
    edit.setTextCursor(cursor)
