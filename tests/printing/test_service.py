"""print_ticket end to end: real bytes to fake printers, decoded back; failures as results."""

from __future__ import annotations

import logging
import time

import pytest

from printing import service
from printing.escpos_bytes import ticket_bytes
from printing.service import PrintResult, print_ticket, sample_ticket
from printing.ticket import render_ticket
from tests.printing import fakes
from tests.printing.escpos_decode import decode_qr, names, parse, raster_image

STATUS_QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"


def check_ticket_stream(stream: bytes, content, width: int) -> None:
    commands = parse(stream)
    assert names(commands)[0] == "INIT" and names(commands)[-1] == "CUT"
    image = raster_image(commands)
    assert image.width == width
    assert decode_qr(image) == [content.qr_text]


@pytest.mark.parametrize("width", [384, 576])
def test_tcp_ticket_arrives_whole(tcp_printer, content, width):
    printer = tcp_printer()
    result = print_ticket(content, printer.url, width, timeout=2)
    assert result == PrintResult(True, None, result.bytes_sent, status=result.status,
                                 status_asked=True)
    assert result.status is not None and result.status.ready
    job = printer.wait_jobs(1)[0]
    assert job.startswith(STATUS_QUERIES)
    ticket = job[len(STATUS_QUERIES):]
    assert ticket == ticket_bytes(render_ticket(content, width))     # nothing lost or added
    assert result.bytes_sent == len(ticket)
    check_ticket_stream(ticket, content, width)


def test_serial_ticket_arrives_whole(serial_printer, content):
    printer = serial_printer()
    result = print_ticket(content, printer.url("baudrate=115200"), 512, timeout=2)
    assert result.ok, result.error
    stream = printer.wait_bytes(len(STATUS_QUERIES) + result.bytes_sent)
    assert stream[:len(STATUS_QUERIES)] == STATUS_QUERIES
    check_ticket_stream(stream[len(STATUS_QUERIES):], content, 512)


@pytest.mark.parametrize("status, code, words", [
    (fakes.PAPER_OUT, "paper_out", "Máy in hết giấy"),
    (fakes.COVER_OPEN, "cover_open", "Nắp máy in đang mở"),
    (fakes.CUTTER_JAM, "not_ready", "Dao cắt giấy"),
])
def test_a_printer_with_a_problem_gets_no_ticket(tcp_printer, content, status, code, words):
    printer = tcp_printer(status)
    result = print_ticket(content, printer.url, 576, timeout=2)
    assert not result.ok and result.error_code == code and words in result.error
    assert result.bytes_sent == 0
    assert b"\x1dv0" not in printer.wait_jobs(1)[0]


def test_paper_near_end_prints_with_a_warning(tcp_printer, content):
    result = print_ticket(content, tcp_printer(fakes.PAPER_NEAR_END).url, 384, timeout=2)
    assert result.ok and "sắp hết" in result.warning


def test_network_printer_that_never_answers_status_still_prints(tcp_printer, content):
    printer = tcp_printer(status=None)
    t0 = time.monotonic()
    result = print_ticket(content, printer.url, 576, timeout=0.5)
    assert time.monotonic() - t0 < 4
    assert result.ok and result.status is None and result.error is None    # unknown ≠ failed
    assert result.status_asked                   # asked, no answer (not a one-way link)
    job = printer.wait_jobs(1)[0]
    assert job == b"\x10\x04\x01" + ticket_bytes(render_ticket(content, 576))
    check_ticket_stream(job[3:], content, 576)


def only_status_queries(prefix: bytes) -> bool:
    return len(prefix) % 3 == 0 and all(
        prefix[i:i + 2] == b"\x10\x04" for i in range(0, len(prefix), 3))


@pytest.mark.parametrize("misbehaviour", [
    dict(chatter=fakes.FLOOD),                            # bytes without end
    dict(chatter=fakes.ASB, every=0.005),                 # automatic status back, unasked
    dict(status=None),                                    # never answers DLE EOT
    dict(status=None, hold_open=True),                    # accepts, then goes silent
    dict(chatter=fakes.FLOOD, hold_open=True),
], ids=["flood", "asb", "no-answer", "silent", "flood-never-closes"])
def test_a_misbehaving_network_printer_never_blocks_and_prints(tcp_printer, content,
                                                               misbehaviour):
    printer = tcp_printer(**{"status": fakes.READY, **misbehaviour})
    t0 = time.monotonic()
    result = print_ticket(content, printer.url, 384, timeout=1)
    assert time.monotonic() - t0 < 5
    assert result.ok, result.error
    ticket = ticket_bytes(render_ticket(content, 384))
    job = printer.wait_jobs(1)[0]
    assert job.endswith(ticket) and only_status_queries(job[:-len(ticket)])
    check_ticket_stream(job[-len(ticket):], content, 384)


@pytest.mark.parametrize("misbehaviour", [
    dict(chatter=fakes.FLOOD), dict(chatter=fakes.ASB, every=0.005), dict(status=None),
], ids=["flood", "asb", "no-answer"])
def test_a_misbehaving_serial_printer_never_blocks_and_prints(serial_printer, content,
                                                              misbehaviour):
    printer = serial_printer(**{"status": fakes.READY, **misbehaviour})
    t0 = time.monotonic()
    result = print_ticket(content, printer.url("baudrate=115200"), 384, timeout=1)
    assert time.monotonic() - t0 < 5
    assert result.ok, result.error
    ticket = ticket_bytes(render_ticket(content, 384))
    stream = printer.wait_until(lambda got: got.endswith(ticket))
    assert stream.endswith(ticket) and only_status_queries(stream[:-len(ticket)])
    check_ticket_stream(stream[-len(ticket):], content, 384)


def test_printer_that_never_answers_can_still_print_with_status_off(tcp_printer, content):
    printer = tcp_printer(status=None)
    result = print_ticket(content, printer.url + "?status=off", 576, timeout=0.5)
    assert result.ok
    check_ticket_stream(printer.wait_jobs(1)[0], content, 576)


def test_refused_connection(closed_port, content):
    result = print_ticket(content, f"tcp:127.0.0.1:{closed_port}", 576, timeout=1)
    assert not result.ok and result.error_code == "unreachable"
    assert "từ chối kết nối" in result.error


@pytest.mark.parametrize("url, code", [("", "bad_url"), ("lpt:1", "bad_url"),
                                       ("win32:Máy in phiếu", "unsupported")])
def test_bad_or_unusable_addresses(monkeypatch, content, url, code):
    monkeypatch.setattr("printing.transports.escpos_link.module_available", lambda name: False)
    result = print_ticket(content, url, 576)
    assert not result.ok and result.error_code == code and result.error


def test_file_printer_and_reprint(tmp_path, content):
    path = tmp_path / "printer.bin"
    first = print_ticket(content, f"file:{path}", 576)
    again = print_ticket(content, f"file:{path}", 576)
    assert first.ok and again.ok and first.bytes_sent == again.bytes_sent
    assert first.status is None and not first.status_asked      # a file cannot be asked
    data = path.read_bytes()
    assert data == ticket_bytes(render_ticket(content, 576)) * 2


def test_bugs_become_a_result_not_an_exception(monkeypatch, content, caplog):
    def broken(*args):
        raise ZeroDivisionError
    monkeypatch.setattr(service, "render_ticket", broken)
    result = print_ticket(content, "file:/dev/null", 576)
    assert not result.ok and result.error_code == "internal" and "nhật ký" in result.error
    assert "ZeroDivisionError" in caplog.text


def test_logs_say_where_and_why_but_no_ticket_text(tcp_printer, closed_port, content, caplog):
    caplog.set_level(logging.DEBUG)
    print_ticket(content, tcp_printer().url, 576, timeout=2)
    print_ticket(content, f"tcp:127.0.0.1:{closed_port}", 576, timeout=1)
    assert "ticket printed" in caplog.text and "unreachable" in caplog.text
    for private in (content.service_name, content.qr_text, content.number, content.agency_name):
        assert private not in caplog.text


def test_sample_ticket_prints(tcp_printer):
    content = sample_ticket("UBND PHƯỜNG BA ĐÌNH")
    printer = tcp_printer()
    assert print_ticket(content, printer.url, 384, timeout=2).ok
    check_ticket_stream(printer.wait_jobs(1)[0][len(STATUS_QUERIES):], content, 384)
