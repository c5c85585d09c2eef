"""Dates, times, durations and amounts as the forms write them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from printing.documents.text import (clock_date, esc, money, official_date, place_date,
                                     two_digits, working_days)


@pytest.mark.parametrize("d, shown", [
    (date(2027, 1, 5), "ngày 05 tháng 01 năm 2027"),
    (date(2027, 2, 9), "ngày 09 tháng 02 năm 2027"),
    (date(2027, 3, 15), "ngày 15 tháng 3 năm 2027"),
    (date(2027, 10, 1), "ngày 01 tháng 10 năm 2027"),
    (date(2027, 12, 31), "ngày 31 tháng 12 năm 2027"),
])
def test_official_date_zero_pads_days_below_ten_and_january_february(d, shown):
    assert official_date(d) == shown


def test_place_date():
    assert place_date("Ba Đình", date(2027, 1, 5)) == "Ba Đình, ngày 05 tháng 01 năm 2027"
    assert place_date("", date(2027, 1, 5)) == "ngày 05 tháng 01 năm 2027"


def test_clock_date():
    assert clock_date(datetime(2027, 1, 5, 10, 30)) == "10 giờ 30 phút, ngày 05/01/2027"
    assert clock_date(datetime(2027, 11, 20, 7, 5)) == "07 giờ 05 phút, ngày 20/11/2027"


@pytest.mark.parametrize("days, shown", [
    (0, "Trong ngày"), (Decimal("0.0"), "Trong ngày"), (3, "03 ngày làm việc"),
    (Decimal("0.5"), "0,5 ngày làm việc"), (Decimal("2.50"), "2,5 ngày làm việc"),
    (Decimal("15"), "15 ngày làm việc"), (Decimal("1E+1"), "10 ngày làm việc"),
])
def test_working_days(days, shown):
    assert working_days(days) == shown


def test_negative_working_days_rejected():
    with pytest.raises(ValueError):
        working_days(Decimal(-1))


@pytest.mark.parametrize("amount, shown", [
    (0, "0 đồng"), (8000, "8.000 đồng"), (1_250_000, "1.250.000 đồng"), (500, "500 đồng")])
def test_money(amount, shown):
    assert money(amount) == shown


def test_two_digits_and_escaping():
    assert two_digits(1) == "01" and two_digits(125) == "125" and two_digits(None) == "…………"
    assert esc("Công ty A & B <Việt>") == "Công ty A &amp; B &lt;Việt&gt;"


def test_missing_dates_are_dots():
    assert clock_date(None) == "…… giờ …… phút, ngày ……/……/………"
    assert place_date("Ba Đình", None) == "Ba Đình, ngày …… tháng …… năm ………"
