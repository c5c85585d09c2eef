"""DLE EOT status bytes → what the printer is doing, in Vietnamese."""

from __future__ import annotations

import pytest

from printing import status as st
from printing.errors import CoverOpen, PaperOut, PrinterNotReady
from tests.printing import fakes


def test_query_bytes():
    assert st.query(1) == b"\x10\x04\x01" and st.query(4) == b"\x10\x04\x04"


def test_ready_printer():
    s = st.decode(fakes.READY)
    assert s.ready and s.online and s.problem() is None and s.warning is None
    assert s.description == "Máy in sẵn sàng."


@pytest.mark.parametrize("replies, error, words", [
    (fakes.PAPER_OUT, PaperOut, "hết giấy"),
    ({4: 0x72}, PaperOut, "hết giấy"),                  # roll sensor alone
    ({2: 0x32}, PaperOut, "hết giấy"),                  # "stopped by paper end" alone
    (fakes.COVER_OPEN, CoverOpen, "Nắp máy in đang mở"),
    (fakes.CUTTER_JAM, PrinterNotReady, "Dao cắt"),
    ({2: 0x52, 3: 0x32}, PrinterNotReady, "không tự khắc phục"),
    ({2: 0x52, 3: 0x52}, PrinterNotReady, "quá nóng"),
    ({2: 0x52}, PrinterNotReady, "đang báo lỗi"),
    ({1: 0x1A}, PrinterNotReady, "offline"),
])
def test_problems(replies, error, words):
    s = st.decode(replies)
    assert not s.ready
    assert isinstance(s.problem(), error)
    assert words in str(s.problem()) and s.description == str(s.problem())


def test_paper_out_wins_over_cover_open():
    assert isinstance(st.decode({2: 0x36, 4: 0x7E}).problem(), PaperOut)


def test_paper_near_end_is_a_warning_only():
    s = st.decode(fakes.PAPER_NEAR_END)
    assert s.ready and s.paper_near_end
    assert "sắp hết" in s.warning and s.description == s.warning


def test_bytes_that_are_not_status_replies_are_ignored():
    s = st.decode({1: 0xFF, 2: 0x00, 4: 0x7F})
    assert s.ready and s.raw == {1: 0xFF, 2: 0x00, 4: 0x7F}


def test_error_cause_is_asked_only_after_an_error():
    assert st.needs_error_query({2: 0x52}) and not st.needs_error_query({2: 0x12})
