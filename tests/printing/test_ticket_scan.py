"""A printed ticket's own QR, scanned at the counter, is read back as that very ticket.

The ticket goes through the real path: recorded by the queue, rendered, sent as
ESC/POS raster to a file printer; the QR is decoded from the printed raster with
zxing-cpp and classified as the counter's scanner would.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from counter_app.domain.clock import FixedClock
from counter_app.domain.scans import classify
from counter_app.services import codes, queue, ticket_printing
from tests.printing.escpos_decode import decode_qr, parse, raster_image

# 09:00 on Monday 23/11/2026 in Hà Nội
NINE = int(datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc).timestamp() * 1000)


@pytest.mark.parametrize("priority", [None, "NCT"])
def test_a_printed_tickets_qr_scans_as_that_ticket(core, tmp_path, priority):
    core.clock = FixedClock(NINE)
    ticket = queue.issue_ticket(core, "A", priority)
    printer = tmp_path / "ticket-printer.escpos"
    assert ticket_printing.print_now(core, ticket["id"], f"file:{printer}").ok
    (text,) = decode_qr(raster_image(parse(printer.read_bytes())))
    scan = classify(text, codes.code_format(core))
    assert scan.kind == "ticket", scan.message
    _, day, number, ticket_id = scan.text.split("|")
    assert (day, number, ticket_id) == ("2026-11-23", ticket["number"], ticket["id"])
    assert queue.find_today(core, number)["id"] == ticket["id"]
    assert queue.get_ticket(core, ticket["id"])["printed"] == 1
