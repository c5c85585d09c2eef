"""The serial scanner reader against a real pseudo-terminal standing in for a USB-COM scanner."""

from __future__ import annotations

import os
import queue
import sys
import time
import tty

import pytest

from counter_app.devices.serial_scanner import SerialScanner, split_lines
from counter_app.domain.codes import CodeFormat
from counter_app.domain.scans import classify

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
FMT = CodeFormat("{agency}-{yymmdd}-{seq:04d}")


class Pty:
    """A pty pair; the reader opens the slave by path (or through a symlink)."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(self.slave)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


class Recorder:
    def __init__(self) -> None:
        self.scans: queue.Queue[bytes] = queue.Queue()
        self.statuses: queue.Queue[tuple[str, bool]] = queue.Queue()

    def scan(self, data: bytes) -> None:
        self.scans.put(data)

    def status(self, message: str, connected: bool) -> None:
        self.statuses.put((message, connected))

    def next_scan(self, timeout: float = 3.0) -> bytes:
        return self.scans.get(timeout=timeout)

    def wait_status(self, connected: bool, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message, ok = self.statuses.get(timeout=max(0.01, deadline - time.monotonic()))
            if ok == connected:
                return message
        raise TimeoutError(f"no status with connected={connected}")


@pytest.fixture
def pty_pair():
    p = Pty()
    yield p
    p.unplug()


@pytest.fixture
def reader():
    made: list[SerialScanner] = []

    def make(port: str, rec: Recorder, **kw) -> SerialScanner:
        s = SerialScanner(port, rec.scan, rec.status, retry_seconds=kw.pop("retry", 0.1), **kw)
        made.append(s)
        assert s.start()
        return s
    yield make
    for s in made:
        s.stop()
        assert not s.running


def test_a_cccd_qr_arrives_as_utf8_bytes_and_classifies_as_a_card(pty_pair, reader):
    rec = Recorder()
    reader(pty_pair.path, rec)
    assert "sẵn sàng" in rec.wait_status(True)
    pty_pair.write(QR.encode("utf-8") + b"\r\n")
    raw = rec.next_scan()
    assert raw.decode("utf-8") == QR
    scan = classify(raw, FMT)
    assert scan.kind == "cccd" and scan.card.full_name == "Nguyễn Văn An"
    assert rec.scans.empty(), "CRLF must not produce a second, empty scan"


def test_a_read_split_inside_a_multibyte_letter_is_joined(pty_pair, reader):
    rec = Recorder()
    reader(pty_pair.path, rec)
    rec.wait_status(True)
    data = QR.encode("utf-8")
    cut = data.index("ễ".encode("utf-8")) + 1          # in the middle of "ễ"
    pty_pair.write(data[:cut])
    time.sleep(0.1)
    pty_pair.write(data[cut:] + b"\r")
    assert rec.next_scan().decode("utf-8") == QR


def test_a_scanner_without_suffix_ends_the_line_by_silence(pty_pair, reader):
    rec = Recorder()
    reader(pty_pair.path, rec, line_timeout=0.2)
    rec.wait_status(True)
    pty_pair.write(b"000.17.22.H56-261118-0001")
    assert rec.next_scan() == b"000.17.22.H56-261118-0001"


def test_garbage_is_delivered_as_is_and_is_unknown(pty_pair, reader):
    rec = Recorder()
    reader(pty_pair.path, rec)
    rec.wait_status(True)
    pty_pair.write(b"\xff\xfe\x00abc\x81\r")
    raw = rec.next_scan()
    assert raw == b"\xff\xfe\x00abc\x81"
    assert classify(raw, FMT).kind == "unknown"
    half_qr = "|".join(QR.split("|")[:5]).encode()          # half a QR, then the next scan
    pty_pair.write(half_qr + b"\n" + QR.encode() + b"\n")
    half = classify(rec.next_scan(), FMT)
    assert half.kind == "unknown" and "chưa đọc trọn vẹn" in half.message
    assert classify(rec.next_scan(), FMT).kind == "cccd"


def test_unplugging_drops_the_half_line_reports_and_reconnects(tmp_path, reader):
    first = Pty()
    link = tmp_path / "scanner"
    link.symlink_to(first.path)
    rec = Recorder()
    scanner = reader(str(link), rec)
    rec.wait_status(True)
    first.write(b"001099012345|1234")                       # cut off mid-way
    time.sleep(0.05)
    first.unplug()
    lost = rec.wait_status(False)
    assert "Mất kết nối" in lost or "Không mở được" in lost
    assert scanner.running, "the reader thread must survive an unplugged port"
    time.sleep(0.3)                                          # a few failed retries
    second = Pty()
    try:
        link.unlink()
        link.symlink_to(second.path)
        assert "sẵn sàng" in rec.wait_status(True)
        second.write(QR.encode() + b"\r")
        assert rec.next_scan().decode() == QR
        assert rec.scans.empty(), "the half line from before the unplug was delivered"
    finally:
        scanner.stop()
        second.unplug()


def test_a_missing_port_is_reported_once_and_retried(tmp_path, reader):
    rec = Recorder()
    scanner = reader(str(tmp_path / "no-such-port"), rec)
    message = rec.wait_status(False)
    assert message.startswith("Không mở được cổng máy quét")
    time.sleep(0.4)                                          # several retries, same message
    assert rec.statuses.empty()
    assert scanner.running
    started = time.monotonic()
    scanner.stop()
    assert time.monotonic() - started < 1.0


def test_no_port_configured_starts_no_thread():
    rec = Recorder()
    s = SerialScanner("", rec.scan, rec.status)
    assert not s.start()
    message, connected = rec.statuses.get_nowait()
    assert not connected and "scanner.port" in message
    assert not s.running


def test_a_failing_handler_does_not_stop_the_reader(pty_pair, reader):
    rec = Recorder()
    calls = []

    def handler(data: bytes) -> None:
        calls.append(data)
        if len(calls) == 1:
            raise RuntimeError("boom")
        rec.scan(data)
    s = SerialScanner(pty_pair.path, handler, rec.status, retry_seconds=0.1)
    s.start()
    try:
        rec.wait_status(True)
        pty_pair.write(b"first-scan-0001\rsecond-scan-0002\r")
        assert rec.next_scan() == b"second-scan-0002"
    finally:
        s.stop()


def test_split_lines():
    buf = bytearray(b"a\r\nb\rc\n\n\rrest")
    assert split_lines(buf) == [b"a", b"b", b"c"]
    assert bytes(buf) == b"rest"
