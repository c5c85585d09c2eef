"""Scanners in the GUI: keyboard-wedge bursts, the serial bridge (on a pty), routing."""

from __future__ import annotations

import os
import sys
import threading
import tty

import pytest

from counter_app.domain.codes import CodeFormat
from ui.qt import QApplication, QEvent, QInputMethodEvent, QKeyEvent, QLineEdit, Qt
from ui.scanner import (HidScanDetector, ScanRouter, ScannerHub, ScannerSettings,
                        SerialScannerBridge)

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
FMT = CodeFormat("{agency}-{yymmdd}-{seq:04d}")


class Keys:
    """Key events with explicit platform timestamps, as a real keyboard delivers them."""

    def __init__(self, widget, start_ms: int = 10_000) -> None:
        self.widget = widget
        self.t = start_ms

    def press(self, text: str, key: int = 0, *, gap_ms: int = 5, autorepeat: bool = False):
        self.t += gap_ms
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text,
                          autorepeat)
        event.setTimestamp(self.t)
        QApplication.sendEvent(self.widget, event)

    def type(self, text: str, gap_ms: int = 5) -> None:
        for ch in text:
            self.press(ch, gap_ms=gap_ms)

    def enter(self, gap_ms: int = 5) -> None:
        self.press("\r", Qt.Key.Key_Return, gap_ms=gap_ms)


@pytest.fixture
def field(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    return edit


@pytest.fixture
def detector(qapp):
    d = HidScanDetector()
    d.install()
    yield d
    d.uninstall()


def test_a_burst_with_enter_is_a_scan_and_never_reaches_the_field(qtbot, field, detector):
    field.setText("đã gõ")
    keys = Keys(field)
    with qtbot.waitSignal(detector.scanned) as blocker:
        keys.type(QR)
        keys.enter()
    assert blocker.args == [QR]
    qtbot.wait(100)                                   # past the pause: nothing replayed
    assert field.text() == "đã gõ"
    assert detector.pending == ""


def test_typing_slowly_reaches_the_field_in_order(qtbot, field, detector):
    scans = []
    detector.scanned.connect(scans.append)
    keys = Keys(field)
    keys.type("Nguyen Van Binh 0912", gap_ms=120)
    keys.enter(gap_ms=120)
    qtbot.waitUntil(lambda: field.text() == "Nguyen Van Binh 0912")
    assert scans == []


def test_qtest_typing_without_delay_is_delivered_after_the_pause(qtbot, field, detector):
    scans = []
    detector.scanned.connect(scans.append)
    qtbot.keyClicks(field, "xac nhan")                # fast but short, no Enter: typing
    qtbot.waitUntil(lambda: field.text() == "xac nhan")
    assert scans == []


def test_a_short_fast_burst_with_enter_is_typing(qtbot, field, detector):
    returned = []
    field.returnPressed.connect(lambda: returned.append(field.text()))
    keys = Keys(field)
    keys.type("A025")
    keys.enter()
    assert field.text() == "A025" and returned == ["A025"]   # replayed before the Enter


def test_a_burst_without_suffix_ends_with_the_pause(qtbot, field, detector):
    with qtbot.waitSignal(detector.scanned) as blocker:
        Keys(field).type("000.17.22.H56-261118-0001")
    assert blocker.args == ["000.17.22.H56-261118-0001"]
    assert field.text() == ""


def test_a_slow_key_in_the_middle_makes_it_typing(qtbot, field, detector):
    scans = []
    detector.scanned.connect(scans.append)
    keys = Keys(field)
    keys.type("001099")
    keys.press("0", gap_ms=200)
    keys.type("12345")                                # a new fast run, but too short
    keys.enter()
    qtbot.waitUntil(lambda: field.text() == "001099012345")
    assert scans == []


def test_ime_backspace_and_commit_inside_a_burst_are_read_as_delivered(qtbot, field, detector):
    keys = Keys(field)
    with qtbot.waitSignal(detector.scanned) as blocker:
        keys.type("001099012345|Nguyen d")
        keys.press("\b", Qt.Key.Key_Backspace)          # Unikey: delete "d", then type "đ"
        keys.press("đ")
        ime = QInputMethodEvent()
        ime.setCommitString("ô", -1, 1)                  # replace the "o" before: "ô"
        keys.type("o")
        QApplication.sendEvent(field, ime)
        keys.enter()
    assert blocker.args == ["001099012345|Nguyen đô"]
    assert field.text() == ""


def test_autorepeat_and_refused_widgets_pass_at_once(qtbot, field, qapp):
    d = HidScanDetector(accepts=lambda widget: False)
    d.install()
    try:
        Keys(field).type("0123456789012345")
        assert field.text() == "0123456789012345"       # synchronously: nothing held
    finally:
        d.uninstall()
    d = HidScanDetector()
    d.install()
    try:
        field.clear()
        keys = Keys(field)
        for _ in range(3):
            keys.press("a", Qt.Key.Key_A, autorepeat=True)
        assert field.text() == "aaa"
    finally:
        d.uninstall()


def test_router_emits_the_right_signal(qapp):
    router = ScanRouter(FMT)
    got = {}
    router.card.connect(lambda card: got.setdefault("card", card))
    router.dossier_code.connect(lambda code: got.setdefault("code", code))
    router.ticket.connect(lambda text: got.setdefault("ticket", text))
    router.unknown.connect(lambda message: got.setdefault("unknown", message))
    assert router.route("]Q1" + QR).kind == "cccd"
    assert got["card"].full_name == "Nguyễn Văn An"
    router.route("000.17.22.H56-261118-0001\r\n")
    assert got["code"] == "000.17.22.H56-261118-0001"
    router.route("SOTHUTU|2026-11-23|A025|01ABC")
    assert got["ticket"].startswith("SOTHUTU|")
    router.route(b"\xff\xfe garbage")
    assert got["unknown"].startswith("Mã vừa quét không phải")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_serial_bridge_delivers_on_the_gui_thread(qtbot, qapp):
    master, slave = os.openpty()
    tty.setraw(master)
    bridge = SerialScannerBridge(os.ttyname(slave), retry_seconds=0.1)
    threads = []
    bridge.scanned.connect(lambda _text: threads.append(threading.current_thread()))
    try:
        with qtbot.waitSignal(bridge.status, timeout=5_000) as status:
            bridge.start()
        assert status.args[1] is True
        with qtbot.waitSignal(bridge.scanned, timeout=5_000) as blocker:
            os.write(master, QR.encode("utf-8") + b"\r")
        assert blocker.args == [QR]
        assert threads == [threading.main_thread()]
        with qtbot.waitSignal(bridge.status, timeout=5_000) as lost:
            os.close(master)
        assert lost.args[1] is False and "Mất kết nối" in lost.args[0]
    finally:
        bridge.stop()
        os.close(slave)
    assert not bridge.reader.running


def test_hub_serial_mode_without_port_reports_and_keeps_hid(qtbot, qapp):
    hub = ScannerHub(ScannerSettings(mode="serial", port=""), accepts=lambda w: True)
    with qtbot.waitSignal(hub.status) as blocker:
        hub.start()
    assert blocker.args[1] is False and "scanner.port" in blocker.args[0]
    field = QLineEdit()
    qtbot.addWidget(field)
    try:
        with qtbot.waitSignal(hub.scanned) as scanned:
            keys = Keys(field)
            keys.type("000.17.22.H56-261118-0001")
            keys.enter()
        assert scanned.args[0].kind == "dossier_code"
    finally:
        hub.stop()


def test_a_pause_ended_burst_that_is_no_code_is_typing(qtbot, field, qapp):
    router = ScanRouter(FMT)
    d = HidScanDetector(recognises=router.recognises)
    d.install()
    scans = []
    d.scanned.connect(scans.append)
    try:
        qtbot.keyClicks(field, "nguyen van an 0912")      # a program typing fast, no Enter
        qtbot.waitUntil(lambda: field.text() == "nguyen van an 0912")
        field.clear()
        Keys(field).type("000.17.22.H56-261118-0001")        # a dossier code: a scan
        qtbot.waitUntil(lambda: scans == ["000.17.22.H56-261118-0001"])
        assert field.text() == ""
    finally:
        d.uninstall()


def test_a_button_pressed_with_space_still_clicks(qtbot, detector):
    from ui.qt import QPushButton
    button = QPushButton("OK")
    qtbot.addWidget(button)
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    qtbot.keyClick(button, Qt.Key.Key_Space)                 # press and release within 1 ms
    qtbot.waitUntil(lambda: clicks == [1])
    assert not button.isDown()
