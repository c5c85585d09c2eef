"""Fixtures: fake printers (TCP on 127.0.0.1, serial over a pseudo-terminal) and a ticket."""

from __future__ import annotations

import socket
from datetime import datetime

import pytest

from printing.ticket import TicketContent
from tests.printing.fakes import READY, FakeSerialPrinter, FakeTcpPrinter


@pytest.fixture
def tcp_printer():
    """``tcp_printer(status=READY, **misbehaviour)`` → a running FakeTcpPrinter, closed
    after the test."""
    made = []

    def make(status=READY, **misbehaviour):
        made.append(FakeTcpPrinter(status, **misbehaviour))
        return made[-1]
    yield make
    for p in made:
        p.close()


@pytest.fixture
def serial_printer():
    """``serial_printer(status=READY, reading=True, **misbehaviour)`` → a FakeSerialPrinter
    on a pty."""
    made = []

    def make(status=READY, reading=True, **misbehaviour):
        made.append(FakeSerialPrinter(status, reading, **misbehaviour))
        return made[-1]
    yield make
    for p in made:
        p.close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (connecting is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def content() -> TicketContent:
    return TicketContent(
        agency_name="UBND PHƯỜNG HOÀN KIẾM", parent_name="UBND THÀNH PHỐ HÀ NỘI",
        number="A025", service_name="Hộ tịch – Đăng ký khai sinh", waiting_ahead=3,
        issued_at=datetime(2027, 2, 3, 14, 5), priority_label="Người cao tuổi",
        qr_text="T-01J9Z6A025", counter_hint="Mời đến quầy số 2")
