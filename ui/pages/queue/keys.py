"""The queue's F-keys (F2–F8) for the whole counter window.

The officer serves a citizen on the intake page, so the keys act from every page of
the window, not only while the queue is shown: the main window owns one action per
key (``Qt.WindowShortcut``) routed to ``QueuePage.trigger``. Being window shortcuts,
they never fire while a dialog is the active window (a key typed in "Chuyển số…" or
in a question box stays there). Qt matches shortcuts before delivering the key, so
the wedge-scanner filter (``ui.scanner``) never sees them and keeps its bursts.
"""

from __future__ import annotations

from functools import partial

from ui.pages.queue.page import ACTION_BUTTONS, QueuePage
from ui.qt import QAction, QKeySequence, Qt, QWidget


def install_queue_keys(window: QWidget, page: QueuePage) -> dict[str, QAction]:
    """One action per queue key on ``window``; returns them by action key ("next"…)."""
    actions = {}
    for key, _text, shortcut in ACTION_BUTTONS:
        # An action, not QPushButton.setShortcut: a button's shortcut clicks ~100 ms
        # later (animateClick); the action runs at once, so a second press finds the
        # panel busy.
        action = QAction(window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(partial(page.trigger, key))
        window.addAction(action)
        actions[key] = action
    return actions
