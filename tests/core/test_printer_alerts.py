"""Ticket printer alerts and unprinted tickets: real prints to fake printers (TCP on
127.0.0.1), recorded by the kiosk's Core, read by a counter's Core on the same file."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from counter_app.domain.clock import FixedClock
from counter_app.services import printer_alerts, queue, ticket_printing
from counter_app.services.core import Core
from db import commands
from tests.conftest import table_dump
from tests.printing import fakes
from tests.printing.conftest import closed_port, tcp_printer  # noqa: F401 (fixtures)

# 09:00 on Monday 23/11/2026 in Hà Nội (02:00 UTC)
NINE = int(datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc).timestamp() * 1000)
MIN = 60_000


@pytest.fixture
def kiosk(demo_paths):
    c = Core.open(*demo_paths, system=True)
    c.clock = FixedClock(NINE)
    yield c
    c.close()


@pytest.fixture
def counter(demo_paths):
    c = Core.open(*demo_paths, system=True)
    c.clock = FixedClock(NINE + MIN)
    yield c
    c.close()


def print_at_kiosk(kiosk, url: str) -> dict:
    return ticket_printing.issue_and_print(kiosk, "A", url=url)[0]


@pytest.mark.parametrize("status, words", [
    (fakes.PAPER_OUT, "đã hết giấy"),
    (fakes.COVER_OPEN, "Nắp máy in phiếu số thứ tự đang mở"),
    (fakes.CUTTER_JAM, "đang báo lỗi"),
])
def test_a_kiosk_printer_problem_alerts_the_counter(tcp_printer, kiosk, counter, status, words):
    ticket = print_at_kiosk(kiosk, tcp_printer(status).url)
    [alert] = printer_alerts.ticket_printer_alerts(counter)
    assert alert.level == printer_alerts.ERROR and words in alert.text
    assert alert.message.endswith("(lúc 09:00)") and alert.detail == ticket["print_error"]
    assert [t["number"] for t in ticket_printing.unprinted_tickets(counter)] == ["A001"]


def test_an_unreachable_printer_alerts_as_offline(closed_port, kiosk, counter):
    print_at_kiosk(kiosk, f"tcp:127.0.0.1:{closed_port}")
    [alert] = printer_alerts.ticket_printer_alerts(counter)
    assert "Không kết nối được máy in phiếu" in alert.text and "từ chối" in alert.detail


def test_paper_near_end_warns_and_a_good_print_clears_everything(tcp_printer, kiosk, counter):
    print_at_kiosk(kiosk, tcp_printer(fakes.PAPER_OUT).url)
    print_at_kiosk(kiosk, tcp_printer(fakes.PAPER_NEAR_END).url)
    [alert] = printer_alerts.ticket_printer_alerts(counter)
    assert alert.level == printer_alerts.WARNING and "sắp hết" in alert.text
    print_at_kiosk(kiosk, tcp_printer(fakes.READY).url)
    assert printer_alerts.ticket_printer_alerts(counter) == []


def test_a_printer_that_does_not_answer_status_prints_without_an_alert(tcp_printer, kiosk,
                                                                       counter):
    ticket = print_at_kiosk(kiosk, tcp_printer(status=None).url)
    assert ticket["printed"] == 1
    assert printer_alerts.ticket_printer_alerts(counter) == []
    row = counter.conn.execute("SELECT ok, online, paper_out FROM printer_status").fetchone()
    assert tuple(row) == (1, None, None)          # status unknown, recorded as such


def test_yesterdays_failure_is_not_an_alert_today(tcp_printer, kiosk, counter):
    print_at_kiosk(kiosk, tcp_printer(fakes.PAPER_OUT).url)
    counter.clock = FixedClock(NINE + 24 * 60 * MIN)
    assert printer_alerts.ticket_printer_alerts(counter) == []
    assert ticket_printing.unprinted_tickets(counter) == []


def test_unprinted_tickets_and_reprint(tcp_printer, kiosk, counter, tmp_path):
    failed = print_at_kiosk(kiosk, tcp_printer(fakes.PAPER_OUT).url)
    on_its_way = queue.issue_ticket(kiosk, "A")            # printing, nothing recorded yet
    counter.clock = FixedClock(NINE + 10_000)
    assert [t["id"] for t in ticket_printing.unprinted_tickets(counter)] == [failed["id"]]
    counter.clock = FixedClock(NINE + 2 * MIN)             # no outcome after the grace time
    assert [t["id"] for t in ticket_printing.unprinted_tickets(counter)] == [failed["id"],
                                                                           on_its_way["id"]]
    result = ticket_printing.print_now(counter, failed["id"], f"file:{tmp_path / 'p.bin'}",
                                       reprint=True)
    assert result.ok
    assert [t["id"] for t in ticket_printing.unprinted_tickets(counter)] == [on_its_way["id"]]


def test_printer_status_rebuilds_from_the_log(tcp_printer, kiosk, counter):
    print_at_kiosk(kiosk, tcp_printer(fakes.PAPER_NEAR_END).url)
    print_at_kiosk(kiosk, tcp_printer(fakes.COVER_OPEN).url)
    live = table_dump(kiosk.conn, ["printer_status", "tickets"])
    commands.rebuild_projections(kiosk.conn)
    assert table_dump(kiosk.conn, ["printer_status", "tickets"]) == live
    row = kiosk.conn.execute("SELECT ok, kind, online, cover_open, paper_near_end "
                             "FROM printer_status").fetchone()
    assert tuple(row) == (0, "cover_open", 0, 1, 0)      # the latest print, not the first
