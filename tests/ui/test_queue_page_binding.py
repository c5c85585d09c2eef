"""The Qt binding must not lose references: the queue panel calls Qt all day long.

The panel polls every 3 s while it is open, so one counter PC makes tens of
thousands of Qt calls a day. PySide6 6.12.0 on Python 3.11 drops a reference
to ``None`` on every call of a C++ method that returns nothing, and one to
``True`` on every ``Signal.emit`` (harmless on Python 3.12+, where both are
immortal). The process then aborts with "Fatal Python error: none_dealloc" or
"bool_dealloc" after a few thousand calls: measured, the open queue panel dies
within about 15 minutes. PySide6 6.11.3 on the same Python keeps them.

This guard concerns every window of the app; it sits here because the queue
panel is what makes the leak fatal first.
"""

from __future__ import annotations

import sys

from ui.qt import PYSIDE_VERSION, QLabel, QObject, Signal

CALLS = 50

ADVICE = (
    f"PySide6 {PYSIDE_VERSION} on Python {sys.version.split()[0]} loses a reference to "
    "{what} on every {call}: the app will abort after a few thousand calls. "
    "Use PySide6 6.11.x on Python 3.11 (e.g. pin \"PySide6-Essentials>=6.7,<6.12; "
    "python_version < '3.12'\" in pyproject.toml) or run on Python 3.12+.")


class _Emitter(QObject):
    happened = Signal(object)


def test_void_calls_keep_none_alive(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
    assert sys.getrefcount(None) - before > -CALLS // 2, \
        ADVICE.format(what="None", call="call of a method that returns nothing")


def test_emit_keeps_true_alive(qapp):
    emitter = _Emitter()
    emitter.happened.connect(lambda _value: None)
    before = sys.getrefcount(True)
    for i in range(CALLS):
        emitter.happened.emit(i)
    assert sys.getrefcount(True) - before > -CALLS // 2, \
        ADVICE.format(what="True", call="Signal.emit")
