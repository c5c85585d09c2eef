"""A keyboard-wedge scanner, key event by key event, as it reaches a Qt widget.

A wedge scanner types on a US layout: every character is a key press and a key
release; a capital letter or a shifted symbol (``|``, ``:``, ``?``…) is wrapped
in a press and a release of Shift. ``Wedge`` sends exactly those events, with
platform timestamps ``gap_ms`` apart (scanners: 1–20 ms per event), through
the application (``sendEvent`` or ``postEvent``), so every application event
filter sees them as it would see a real scanner.
"""

from __future__ import annotations

from ui.qt import QApplication, QCoreApplication, QEvent, QKeyEvent, Qt

SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
NONE = Qt.KeyboardModifier.NoModifier
PRESS, RELEASE = QEvent.Type.KeyPress, QEvent.Type.KeyRelease


def key_code(ch: str) -> int:
    """Qt's key code for an ASCII character on a US layout (letters: the capital's)."""
    return ord(ch.upper()) if ch.isalpha() else ord(ch)


class Wedge:
    """Sends ``text`` as a scanner types it into ``widget``; ``sent`` records (type, key, text)."""

    def __init__(self, widget, gap_ms: int = 5, post: bool = False,
                 start_ms: int = 50_000) -> None:
        self.widget = widget
        self.gap_ms = gap_ms
        self.post = post
        self.t = start_ms
        self.sent: list[tuple[QEvent.Type, int, str]] = []

    def event(self, kind, key: int, text: str = "", modifiers=NONE, gap_ms: int | None = None):
        self.t += self.gap_ms if gap_ms is None else gap_ms
        event = QKeyEvent(kind, key, modifiers, text)
        event.setTimestamp(self.t)
        self.sent.append((kind, int(key), text))
        if self.post:
            QCoreApplication.postEvent(self.widget, event)
        else:
            QApplication.sendEvent(self.widget, event)

    def char(self, ch: str) -> None:
        shifted = ch.isupper() or ch in SHIFTED
        if shifted:
            self.event(PRESS, Qt.Key.Key_Shift, modifiers=SHIFT)
        mods = SHIFT if shifted else NONE
        self.event(PRESS, key_code(ch), ch, mods)
        self.event(RELEASE, key_code(ch), ch, mods)
        if shifted:
            self.event(RELEASE, Qt.Key.Key_Shift)

    def alt_numpad(self, ch: str, composed_by_platform: bool = False) -> None:
        """``ch`` as Alt + its code on the numpad: 0 + the Windows-1252 code for Latin-1
        letters, the decimal code point for the rest (Unicode Alt mode). On
        Windows the platform composes the character and Qt delivers it after the Alt
        release as a key without a key code; elsewhere nothing follows."""
        self.event(PRESS, Qt.Key.Key_Alt, modifiers=ALT)
        digits = f"0{ch.encode('cp1252')[0]}" if ord(ch) < 256 else str(ord(ch))
        for digit in digits:
            key = int(Qt.Key.Key_0) + int(digit)
            self.event(PRESS, key, "", ALT | KEYPAD)
            self.event(RELEASE, key, "", ALT | KEYPAD)
        self.event(RELEASE, Qt.Key.Key_Alt)
        if composed_by_platform:
            self.event(PRESS, 0, ch)
            self.event(RELEASE, 0, ch)

    def type(self, text: str, alt_for_non_ascii: bool = False, composed: bool = False) -> None:
        for ch in text:
            if alt_for_non_ascii and not ch.isascii():
                self.alt_numpad(ch, composed)
            else:
                self.char(ch)

    def enter(self) -> None:
        self.event(PRESS, Qt.Key.Key_Return, "\r")
        self.event(RELEASE, Qt.Key.Key_Return, "\r")

    def scan(self, text: str, enter: bool = True, **options) -> None:
        self.type(text, **options)
        if enter:
            self.enter()
        if self.post:
            QApplication.processEvents()
