"""The look of the counter's pages and their inline message bar.

``PANEL_STYLE`` is the style sheet the queue, dossier and form pages build on;
``INTAKE_STYLE`` adds the procedure picker, step headings and outcome buttons that the
intake page and "Công dân không viết" share. ``MessageBar`` shows errors (kept until
closed or until the page's next action) and notes (fading by themselves) under a page's
title; once shown it keeps its place when it hides, so nothing under the mouse jumps."""

from __future__ import annotations

from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QTimer, QWidget

INFO_VISIBLE_MS = 6_000

PANEL_STYLE = """
QFrame#messageBar[kind="error"] { background: #fdecea; border: 1px solid #e4a29c;
                                  border-radius: 4px; }
QFrame#messageBar[kind="info"] { background: #e8f1fb; border: 1px solid #a9c4e4;
                                 border-radius: 4px; }
QFrame#messageBar[kind="error"] QLabel { color: #8c1d18; }
QFrame#messageBar QPushButton { border: none; background: transparent; font-size: 12pt;
                                padding: 0 6px; }
QLabel#currentNumber { font-size: 40pt; font-weight: 700; color: #123d6b; }
QLabel#currentService { font-size: 16pt; font-weight: 600; color: #1f2933; }
QLabel#ticketStatus { background: #1a5490; color: white; border-radius: 4px;
                      padding: 2px 10px; font-weight: 600; }
QLabel#ticketStatus[status="serving"] { background: #2e7d32; }
QLabel#priorityBadge { background: #f6c343; color: #3d2c00; border-radius: 4px;
                       padding: 2px 10px; font-weight: 600; }
QLabel#noCounter { background: #fff7dc; border: 1px solid #e8c95a; border-radius: 4px;
                   padding: 8px 12px; }
QLabel#sectionHeading { font-weight: 600; font-size: 11pt; }
QPushButton#queueAction { min-height: 40px; padding: 0 12px; font-size: 11pt; }
QPushButton#queueAction[primary="true"] { background: #1a5490; color: white;
    border: 1px solid #123d6b; border-radius: 4px; font-weight: 600; }
QPushButton#queueAction[primary="true"]:disabled { background: #9fb3c8; border-color: #9fb3c8; }
"""


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


class MessageBar(QFrame):
    """An inline message under the title: errors stay until closed, notes fade by themselves.

    Pages call ``clear()`` when the officer starts the next action: a banner about the
    previous ticket or dossier must not stay beside the next one. Hiding never moves the
    page: from its first message on, the bar keeps its space (and its last text, unseen,
    which sets that space's height) while hidden, so a button the officer is about to
    click stays where it is when a note fades."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.kind = ""
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton("×")
        self.close_button.setToolTip(self.tr("Đóng thông báo"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.setInterval(INFO_VISIBLE_MS)
        self._fade.timeout.connect(self.clear)
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_error(self, text: str) -> None:
        self._show("error", text)
        self._fade.stop()

    def show_info(self, text: str) -> None:
        self._show("info", text)
        self._fade.start()

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setProperty("kind", kind)
        repolish(self)
        for child in (self.label, self.close_button):
            repolish(child)
        self.label.setText(text)
        self.show()
        policy = self.sizePolicy()
        if not policy.retainSizeWhenHidden():
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)

    def clear(self) -> None:
        self._fade.stop()
        self.kind = ""
        self.hide()    # the label keeps its text: the reserved space keeps its height


INTAKE_STYLE = PANEL_STYLE + """
QLabel#ticketLink { background: #e8f1fb; border: 1px solid #a9c4e4; border-radius: 4px;
                    padding: 4px 12px; font-weight: 600; color: #123d6b; }
QLabel#ticketLink[linked="false"] { background: #f1f3f5; border-color: #d5dce6;
                                    color: #52606d; font-weight: 400; }
QListWidget#procedures::item { padding: 4px 2px; border-bottom: 1px solid #e4e9f0; }
QListWidget#procedures::item:selected { background: #1a5490; color: white; }
QLabel#stepHeading { font-weight: 600; font-size: 11pt; color: #123d6b; }
QLabel#procedureName { font-weight: 600; font-size: 11pt; }
QLabel#sameDay { background: #2e7d32; color: white; border-radius: 4px; padding: 1px 8px; }
QLabel#cardWarnings { background: #fff7dc; border: 1px solid #e8c95a; border-radius: 4px;
                      padding: 6px 10px; }
QFrame#earlierVisit { background: #e8f1fb; border: 1px solid #a9c4e4; border-radius: 4px; }
QLabel#dueDate { font-size: 12pt; font-weight: 600; color: #1a5490; }
QLabel#doneTitle { font-size: 16pt; font-weight: 600; color: #2e7d32; }
QLabel#doneTitle[outcome="incomplete"] { color: #9a6700; }
QLabel#doneTitle[outcome="refused"] { color: #8c1d18; }
QLabel#doneCode { font-size: 26pt; font-weight: 700; color: #123d6b; }
QLabel#doneDue { font-size: 15pt; font-weight: 600; color: #1a5490; }
QPushButton#outcome { min-height: 40px; padding: 0 16px; font-size: 11pt; }
QPushButton#outcome[primary="true"] { background: #1a5490; color: white;
    border: 1px solid #123d6b; border-radius: 4px; font-weight: 600; }
QPushButton#outcome[primary="true"]:disabled { background: #9fb3c8; border-color: #9fb3c8; }
"""


def step_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("stepHeading")
    return label
