"""Ticket printing: render → ESC/POS bytes → a network printer on 127.0.0.1.

Budget (shared/architecture.md §7): button press → bytes written to the printer
transport, p95 ≤ 150 ms. "Button → bytes" is the whole kiosk path:
the queue command (number allocated, events and projections committed in a
demo database already holding ``size`` tickets today), the ticket content read
back, render, encode, connect, status query, write, close — against a fake
raw-port printer on 127.0.0.1 that answers status queries at once.
"""

from __future__ import annotations

import shutil
import socket
import threading
from datetime import datetime
from pathlib import Path

from benchmarks.harness import measure, report
from counter_app.domain.permissions import Device
from counter_app.services import queue, queue_config, ticket_printing
from counter_app.services.core import Core
from counter_app.services.setup import initialise
from printing.escpos_bytes import ticket_bytes
from printing.service import print_ticket
from printing.ticket import TicketContent, render_ticket

BUDGET_P95_MS = 150.0


class SinkPrinter:
    """Accepts connections on 127.0.0.1, answers DLE EOT with "ready", counts bytes."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp:127.0.0.1:{self.server.getsockname()[1]}"
        self.received = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            while chunk := conn.recv(65536):
                self.received += len(chunk)
                if len(chunk) == 3 and chunk[:2] == b"\x10\x04":
                    conn.sendall(b"\x12")

    def close(self) -> None:
        self.server.close()


def _content(i: int) -> TicketContent:
    return TicketContent(
        agency_name="UBND PHƯỜNG HOÀN KIẾM", parent_name="UBND THÀNH PHỐ HÀ NỘI",
        number=f"A{abs(i) % 1000:03d}", service_name="Hộ tịch – Đăng ký khai sinh",
        waiting_ahead=abs(i) % 17, issued_at=datetime(2027, 2, 3, 14, 5),
        qr_text=f"T-01J9Z6A{abs(i):06d}", counter_hint="Mời đến quầy số 2")


def _kiosk_core(data_dir: Path, size: int) -> Core:
    """A fresh demo office with ``size`` tickets issued today (service B)."""
    folder = data_dir / f"ticket-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    initialise(folder / "db.sqlite", folder / "config.json", demo=True)
    core = Core.open(folder / "db.sqlite", folder / "config.json")
    queue_config.update_service(_system(core), "B", number_end=9999)
    for _ in range(size):
        queue.issue_ticket(core, "B")
    return core


def _system(core: Core) -> Core:
    core.device = Device.SYSTEM
    return core


def run(size: int, runs: int, as_json: bool, data_dir: Path) -> None:
    printer = SinkPrinter()
    core = _kiosk_core(data_dir, size)
    core.device = Device.KIOSK  # the kiosk acts as the public, like the real one
    timings, sizes = [], {}
    try:
        for width in (576, 384):
            image = render_ticket(_content(0), width)
            sizes[width] = len(ticket_bytes(image))
            timings.append(measure(f"render {width} dots",
                                   lambda i, w=width: render_ticket(_content(i), w), runs))
            timings.append(measure(f"encode ESC/POS {width} dots",
                                   lambda i, im=image: ticket_bytes(im), runs))
            timings.append(measure(f"button → bytes written (tcp) {width}",
                                   lambda i, w=width: _button_to_bytes(core, printer.url, w),
                                   runs))
    finally:
        printer.close()
        core.close()
    end_to_end = timings[2]
    report("ticket", timings, {
        "tickets_today_before": size, "ticket_bytes": sizes, "budget_p95_ms": BUDGET_P95_MS,
        "within_budget": end_to_end.p95_ms <= BUDGET_P95_MS}, as_json)


def _button_to_bytes(core: Core, url: str, width: int) -> None:
    """What the kiosk does for one press: record the ticket, then print it."""
    ticket = queue.issue_ticket(core, "A")
    result = print_ticket(ticket_printing.content_for(core, ticket["id"]), url, width, timeout=5.0)
    if not result.ok:
        raise RuntimeError(result.error)
