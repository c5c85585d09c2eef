"""Vietnamese dates and counter labels on screen."""

from __future__ import annotations

from datetime import date

import pytest

from ui.formatting import counter_label, long_date


@pytest.mark.parametrize("day, text", [
    (date(2026, 11, 23), "Thứ Hai, ngày 23 tháng 11 năm 2026"),
    (date(2026, 11, 29), "Chủ Nhật, ngày 29 tháng 11 năm 2026"),
    (date(2026, 1, 3), "Thứ Bảy, ngày 03 tháng 01 năm 2026"),
    (date(2026, 2, 5), "Thứ Năm, ngày 05 tháng 02 năm 2026"),
    (date(2026, 3, 4), "Thứ Tư, ngày 04 tháng 3 năm 2026"),
])
def test_long_date(qapp, day, text):
    assert long_date(day) == text


def test_counter_label(qapp):
    assert counter_label(2) == "Quầy số 2"
    assert counter_label(None) == "Chưa gán quầy"
