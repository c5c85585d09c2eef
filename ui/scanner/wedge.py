"""Keyboard-wedge (HID) scanners: telling a scanner's burst of keys from a person typing.

The scanner types. ``HidScanDetector`` is an
application-wide event filter: printable keys are held back for a few
milliseconds; keys arriving less than ``SCAN_GAP_MS`` apart, at least
``MIN_SCAN_LENGTH`` of them, ended by Enter (or by a pause) are a scan: they
are swallowed, so nothing lands in the focused field, and ``scanned(text)``
is emitted. Anything slower is a person typing: the held keys are delivered
to their widget unchanged, in order. A burst ended by a pause only counts if
``recognises(text)`` says it is a code (a card, a dossier code, a ticket), so
text typed by a program (a test, a text expander) is not swallowed. The text
is taken as Qt delivers it (``QKeyEvent.text()``), and a Backspace inside a
burst removes the last character, so what a Vietnamese input method rewrote
is read the way it would have landed in a text field.

A wedge scanner types like a US keyboard: it presses and releases Shift
around every capital letter and around ``|``, ``:``, ``?``…, one key every
1–20 ms. Modifier presses and releases (Shift, Ctrl, Alt, AltGr, Meta) inside
a burst belong to it, and a burst may start with Shift, Alt or AltGr (a code
that starts with a capital). Some scanners type what the layout lacks as
Alt+numpad: Alt held, numpad digits, Alt released → one character. Windows
composes that character itself and Qt delivers it as a key without a key
code; where nothing is delivered, the digits are decoded here (a leading 0:
Windows-1252, above 255: the Unicode code point, else code page 437).

Caveat (Unikey, EVKey, OpenKey in Telex/VNI mode): the input method rewrites
the scanner's keystrokes (``dd`` → ``đ``, ``aa`` → ``â``, ``s``/``f``/``r``/
``x``/``j`` after a vowel add tones), and a wedge scanner cannot type ``ễ``
at all without a special mode. Tell counter staff to switch the input method
off (or add the app to its exclusion list) while scanning, and to set the
scanner to **USB-COM** (virtual serial port) mode for ID-card QR codes; the
card parser warns when a name shows Telex residue or lost accents.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from ui.qt import (QCoreApplication, QEvent, QInputMethodEvent, QKeyEvent, QObject, Qt, QTimer,
                   Signal, is_valid)

log = logging.getLogger(__name__)


SCAN_GAP_MS = 30          # scanners type a key every 1–20 ms; people need 80 ms or more
MIN_SCAN_LENGTH = 12      # the shortest code worth scanning (a 12-digit ID number)
END_PAUSE_MS = 50         # no key for this long: the burst (or the person's key) is over
ENTER_GAP_FACTOR = 2      # the Enter suffix may lag a little behind the last character

_KEY_PRESS = QEvent.Type.KeyPress
_KEY_RELEASE = QEvent.Type.KeyRelease
_INPUT_METHOD = QEvent.Type.InputMethod
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = frozenset((Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                            Qt.Key.Key_AltGr, Qt.Key.Key_Meta, Qt.Key.Key_Super_L,
                            Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R))
# A scan may begin with these: Shift before a capital, Alt before an Alt+numpad character,
# AltGr before a symbol on some layouts. Ctrl or Meta alone never starts one.
_BURST_STARTERS = frozenset((Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_AltGr))
_NUMPAD_DIGITS = {int(Qt.Key.Key_0) + n: str(n) for n in range(10)}
_KEYPAD = Qt.KeyboardModifier.KeypadModifier


def _printable(text: str) -> bool:
    return bool(text) and all(ch.isprintable() for ch in text)


def alt_numpad_char(digits: str) -> str:
    """The character Alt+numpad ``digits`` stands for: a leading 0 picks Windows-1252
    (Windows' ANSI page for Latin text), a number above 255 is a Unicode code point
    (scanners' Unicode Alt mode), anything else code page 437 (Windows' OEM rule)."""
    number = int(digits)
    if number > 255:
        return chr(number) if number <= 0x10FFFF else ""
    page = "cp1252" if digits.startswith("0") else "cp437"
    return bytes([number]).decode(page, errors="ignore")


def _copy_key(event: QKeyEvent) -> QKeyEvent:
    """A copy we own: Qt deletes the original once it has been filtered."""
    return QKeyEvent(event.type(), event.key(), event.modifiers(), event.nativeScanCode(),
                     event.nativeVirtualKey(), event.nativeModifiers(), event.text(),
                     event.isAutoRepeat(), event.count())


def _copy_input_method(event: QInputMethodEvent) -> QInputMethodEvent:
    copy = QInputMethodEvent(event.preeditString(), event.attributes())
    copy.setCommitString(event.commitString(), event.replacementStart(),
                         event.replacementLength())
    return copy


class HidScanDetector(QObject):
    """Tells a keyboard-wedge scanner's burst from typing; emits ``scanned(text)``.

    Install it on the application (``install()``). ``accepts(widget)`` says
    whether keys aimed at ``widget`` may be a scan (e.g. only on pages that
    handle scans); other keys pass untouched, without delay.
    """

    scanned = Signal(str)

    def __init__(self, accepts: Callable[[QObject], bool] | None = None,
                 parent: QObject | None = None, *, gap_ms: float = SCAN_GAP_MS,
                 min_length: int = MIN_SCAN_LENGTH, pause_ms: int = END_PAUSE_MS,
                 recognises: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self.accepts = accepts or (lambda _widget: True)
        self.recognises = recognises
        self.gap_ms = gap_ms
        self.min_length = min_length
        self._held: list[tuple[QObject, QEvent]] = []
        self._chars: list[str] = []
        self._last: tuple[int, float] | None = None   # (event timestamp, monotonic) in ms
        self._alt_digits: str | None = None   # numpad digits typed while Alt is held
        self._alt_pending = ""                # digits of an Alt sequence whose Alt was released
        self._replaying = False
        self._installed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self._pause)

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        self.flush()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    @property
    def pending(self) -> str:
        """The characters held back right now (for tests and diagnostics)."""
        return "".join(self._chars)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if (kind != _KEY_PRESS and kind != _INPUT_METHOD and kind != _KEY_RELEASE) \
                or self._replaying:
            return False
        if kind == _KEY_RELEASE:
            return self._release(obj, event)
        if not obj.isWidgetType():
            return False  # the window's copy of the key; the focused widget's copy follows
        try:
            if not self.accepts(obj):
                self.flush()
                return False
            if kind == _KEY_PRESS:
                return self._key(obj, event)
            return self._input_method(obj, event)
        except Exception:  # a filter that raises would eat the keyboard
            log.exception("scanner key filter failed; passing the key on")
            self.flush()
            return False

    # --- one key ----------------------------------------------------------------------------

    def _stamp(self, event: QEvent) -> tuple[int, float]:
        stamp = event.timestamp() if isinstance(event, QKeyEvent) else 0  # IME events have none
        return int(stamp), time.monotonic() * 1000

    def _gap(self, now: tuple[int, float]) -> float | None:
        if self._last is None:
            return None
        (then_ts, then_mono), (now_ts, now_mono) = self._last, now
        if then_ts and now_ts and now_ts >= then_ts:
            return now_ts - then_ts         # the platform's own times: immune to a busy GUI
        return now_mono - then_mono

    def _key(self, obj: QObject, event: QKeyEvent) -> bool:
        now = self._stamp(event)
        gap = self._gap(now)
        key = event.key()
        if event.isAutoRepeat():
            self.flush()
            return False
        if key in _ENTER_KEYS:
            self._settle_alt(None)
            if self._held and gap is not None and gap <= self.gap_ms * ENTER_GAP_FACTOR \
                    and len(self._chars) >= self.min_length:
                self._finish()
                return True
            self.flush()
            return False
        if self._held and (gap is None or gap > self.gap_ms):
            self.flush()  # a key after a pause: what was held back was typing
        if key in _MODIFIER_KEYS:
            return self._modifier(obj, event, now)
        if self._alt_digits is not None and key in _NUMPAD_DIGITS and event.modifiers() & _KEYPAD:
            self._alt_digits += _NUMPAD_DIGITS[key]
            self._hold(obj, _copy_key(event), now)    # one digit of an Alt+numpad character
            return True
        self._settle_alt(event)
        if key == Qt.Key.Key_Backspace and self._held:
            self._hold(obj, _copy_key(event), now, erase=1)  # an IME correcting its last letter
            return True
        text = "\t" if key == Qt.Key.Key_Tab and self._held else event.text()
        if _printable(text) or (text == "\t" and self._held):
            self._hold(obj, _copy_key(event), now, text)
            return True
        self.flush()
        return False

    def _modifier(self, obj: QObject, event: QKeyEvent, now: tuple[int, float]) -> bool:
        """Shift, Ctrl, Alt, AltGr, Meta pressed: part of a burst, or the start of one."""
        key = event.key()
        if not self._held and key not in _BURST_STARTERS:
            return False
        if key == Qt.Key.Key_Alt:
            self._settle_alt(None)
            self._alt_digits = ""
        self._hold(obj, _copy_key(event), now)
        return True

    def _settle_alt(self, event: QKeyEvent | None) -> None:
        """After an Alt+numpad sequence: a key without a key code carrying text is the
        character the platform composed (Windows); anything else means nobody composed
        it, so the digits are decoded here."""
        digits, self._alt_pending = self._alt_pending, ""
        if not digits:
            return
        composed = event is not None and event.key() in (0, Qt.Key.Key_unknown) \
            and _printable(event.text())
        if not composed:
            self._chars.extend(alt_numpad_char(digits))

    def _release(self, obj: QObject, event: QKeyEvent) -> bool:
        """While presses are held back, their releases wait behind them (a button pressed
        with Space must see press, then release); they keep a burst going, since a scanner
        sends one event every few milliseconds. Releasing Alt ends an Alt+numpad sequence."""
        if not self._held or not obj.isWidgetType():
            return False
        if event.key() == Qt.Key.Key_Alt:
            if self._alt_digits:
                self._alt_pending = self._alt_digits
            self._alt_digits = None
        self._hold(obj, _copy_key(event), self._stamp(event))
        return True

    def _input_method(self, obj: QObject, event: QInputMethodEvent) -> bool:
        """An IME committing text in the middle of a burst: read it like keys."""
        now = self._stamp(event)
        gap = self._gap(now)
        if not self._held or gap is None or gap > self.gap_ms:
            self.flush()
            return False
        start, length = event.replacementStart(), event.replacementLength()
        erase = length if start < 0 and length > 0 else 0
        self._hold(obj, _copy_input_method(event), now, event.commitString(), erase=erase)
        return True

    def _hold(self, obj: QObject, event: QEvent, now: tuple[int, float], text: str = "",
              erase: int = 0) -> None:
        self._held.append((obj, event))
        if erase:
            del self._chars[-erase:]
        self._chars.extend(text)
        self._last = now
        self._timer.start()

    # --- the end of a burst -----------------------------------------------------------------

    def _pause(self) -> None:
        self._settle_alt(None)
        text = "".join(self._chars)
        if len(text) >= self.min_length and (self.recognises is None or self.recognises(text)):
            self._finish()  # a scanner set to send no suffix
        else:
            self.flush()

    def _finish(self) -> None:
        self._settle_alt(None)
        text = "".join(self._chars)
        self._reset()
        log.debug("keyboard-wedge scan of %d characters", len(text))
        self.scanned.emit(text)

    def _reset(self) -> None:
        self._timer.stop()
        self._held, self._chars, self._last = [], [], None
        self._alt_digits, self._alt_pending = None, ""

    def flush(self) -> None:
        """Deliver the held keys to their widgets, in order: it was typing after all."""
        held = self._held
        self._reset()
        if not held:
            return
        self._replaying = True
        try:
            for obj, event in held:
                if is_valid(obj):
                    QCoreApplication.sendEvent(obj, event)
        finally:
            self._replaying = False
