"""Wedge scans as a real scanner types them: Shift around capitals and ``|``, Alt+numpad.

Every test sends the exact key events (``tests/ui/wedge.py``) to a focused
QLineEdit through the application's event filter, at 1, 5 and 20 ms per event,
with and without the Enter suffix.
"""

from __future__ import annotations

import pytest

from counter_app.domain.codes import CodeFormat
from counter_app.domain.ids import new_id
from counter_app.services.ticket_printing import qr_text
from tests.ui.wedge import ALT, KEYPAD, PRESS, RELEASE, SHIFT, Wedge, key_code
from ui.qt import QEvent, QLineEdit, QObject, Qt
from ui.scanner import HidScanDetector, ScanRouter, alt_numpad_char

FMT = CodeFormat("{agency}-{yymmdd}-{seq:04d}")
# An ID card's QR as a wedge scanner on a US layout can type it: no Vietnamese letters.
CARD = "001099012345|123456789|NGUYEN VAN AN|01011999|Nam|SO 1, PHO X, PHUONG Y, HA NOI|15082021"
CODES = {
    "card": CARD,
    "dossier": "H56.27-261206-0001",                       # starts with a capital
    "dossier_office": "000.17.22.H56-261206-0001",
    "ticket": qr_text({"day": "2026-12-06", "number": "A025", "id": new_id()}),
}
KINDS = {"card": "cccd", "dossier": "dossier_code", "dossier_office": "dossier_code",
         "ticket": "ticket"}


class Recorder(QObject):
    """The key events that reach a widget (after the application's filters)."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.events: list[tuple[QEvent.Type, int, str]] = []
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event):  # noqa: N802 (Qt override)
        if event.type() in (PRESS, RELEASE):
            self.events.append((event.type(), event.key(), event.text()))
        return False


@pytest.fixture
def field(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    return edit


@pytest.fixture
def scanner(qapp):
    router = ScanRouter(FMT)
    detector = HidScanDetector(recognises=router.recognises)
    detector.scanned.connect(router.route)
    scans = []
    router.routed.connect(scans.append)
    detector.install()
    yield detector, scans
    detector.uninstall()


def test_the_codes_really_carry_capitals_and_bars():
    assert all(any(ch.isupper() for ch in text) for text in CODES.values())
    assert CARD.count("|") == 6 and "|" in CODES["ticket"]


@pytest.mark.parametrize("gap_ms", [1, 5, 20])
@pytest.mark.parametrize("enter", [True, False], ids=["enter", "no-suffix"])
@pytest.mark.parametrize("name", list(CODES))
def test_a_scan_with_shifted_keys_is_taken_whole(qtbot, field, scanner, name, gap_ms, enter):
    detector, scans = scanner
    field.setText("đã gõ")
    received = Recorder(field)
    Wedge(field, gap_ms).scan(CODES[name], enter=enter)
    qtbot.waitUntil(lambda: len(scans) == 1)
    assert scans[0].kind == KINDS[name]
    assert scans[0].text == CODES[name]
    qtbot.wait(80)                                   # past the pause: nothing replayed
    assert field.text() == "đã gõ"
    assert detector.pending == ""
    # Enter's release (and only that) passes once the scan is taken.
    assert [e for e in received.events if e[0] == PRESS] == []


def test_posted_events_are_a_scan_too(qtbot, field, scanner):
    _detector, scans = scanner
    Wedge(field, 5, post=True).scan(CARD)
    qtbot.waitUntil(lambda: len(scans) == 1)
    assert scans[0].kind == "cccd" and scans[0].card.full_name == "NGUYEN VAN AN"
    assert field.text() == ""


@pytest.mark.parametrize("composed", [False, True], ids=["decoded-here", "windows-composes"])
def test_alt_numpad_characters_belong_to_the_burst(qtbot, field, scanner, composed):
    _detector, scans = scanner
    qr = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Hà Nội|15082021"
    Wedge(field, 3).scan(qr, alt_for_non_ascii=True, composed=composed)
    qtbot.waitUntil(lambda: len(scans) == 1)
    assert scans[0].kind == "cccd"
    assert scans[0].text == qr
    assert scans[0].card.full_name == "Nguyễn Văn An"
    assert field.text() == ""


def test_alt_numpad_code_pages():
    assert alt_numpad_char("0233") == "é"                  # leading 0: Windows-1252
    assert alt_numpad_char("130") == "é"                   # OEM page 437
    assert alt_numpad_char("7877") == "ễ"                  # Unicode code point
    assert alt_numpad_char("124") == "|"


def person_types(field, text: str) -> list:
    """A person at the keyboard: Shift held for a capital, 70–120 ms between keys."""
    keys = Wedge(field, gap_ms=110)
    for ch in text:
        shifted = ch.isupper() or ch in "|:?"
        if shifted:
            keys.event(PRESS, Qt.Key.Key_Shift, modifiers=SHIFT)
        mods = SHIFT if shifted else Qt.KeyboardModifier.NoModifier
        keys.event(PRESS, key_code(ch), ch, mods, gap_ms=70 if shifted else 110)
        keys.event(RELEASE, key_code(ch), ch, mods, gap_ms=90)
        if shifted:
            keys.event(RELEASE, Qt.Key.Key_Shift, gap_ms=40)
    return keys.sent


def test_a_person_typing_with_shift_types_normally(qtbot, field, scanner):
    _detector, scans = scanner
    received = Recorder(field)
    text = "Nguyen Van An|HN: 0912?"
    sent = person_types(field, text)
    qtbot.waitUntil(lambda: field.text() == text)
    qtbot.wait(80)
    assert scans == []
    assert received.events == sent                  # nothing swallowed, order kept


def test_a_lone_shift_or_alt_press_reaches_the_widget(qtbot, field, scanner):
    received = Recorder(field)
    keys = Wedge(field, gap_ms=200)
    keys.event(PRESS, Qt.Key.Key_Shift, modifiers=SHIFT)
    keys.event(RELEASE, Qt.Key.Key_Shift)
    keys.event(PRESS, Qt.Key.Key_Alt, modifiers=ALT)
    keys.event(PRESS, int(Qt.Key.Key_1), "1", ALT | KEYPAD)
    keys.event(RELEASE, int(Qt.Key.Key_1), "1", ALT | KEYPAD)
    keys.event(RELEASE, Qt.Key.Key_Alt)
    qtbot.waitUntil(lambda: len(received.events) == len(keys.sent))
    assert received.events == keys.sent
