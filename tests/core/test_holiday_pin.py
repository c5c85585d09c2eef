"""The holiday calendar is pinned: the 2025–2026 days off as announced, against the
installed ``holidays`` release (docs/RULES.md, "Tờ khai công dân và lịch nghỉ").

When a new ``holidays`` release changes one of these days, these tests fail and
say which: check the announcement, then fix the table here (and
vn_holidays.ANNOUNCED_SWAPS) before widening the pin in pyproject.toml.
"""

import tomllib
from datetime import date
from importlib.metadata import version
from pathlib import Path

import holidays
import pytest
from packaging.requirements import Requirement

from counter_app.domain import vn_holidays

D = date
# Weekdays off as the package gives them (Labour Code art. 112, the swaps of the
# Ministry's yearly notices), sources in docs/RULES.md.
PACKAGE_WEEKDAYS_OFF = {
    2025: {D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30),
           D(2025, 1, 31), D(2025, 4, 7), D(2025, 4, 30), D(2025, 5, 1),
           D(2025, 5, 2),                                   # swapped for Saturday 26/4
           D(2025, 9, 1), D(2025, 9, 2)},
    2026: {D(2026, 1, 1), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19),
           D(2026, 2, 20),
           D(2026, 4, 27),                                  # Giỗ Tổ fell on Sunday 26/4
           D(2026, 4, 30), D(2026, 5, 1),
           D(2026, 8, 31),                                  # swapped for Saturday 22/8
           D(2026, 9, 1), D(2026, 9, 2),
           D(2026, 11, 24)},                                # Ngày Văn hóa Việt Nam
}
SHIPPED_WEEKDAYS_OFF = {2025: set(), 2026: {D(2026, 1, 2)}}   # vn_holidays.ANNOUNCED_SWAPS
WORKED_WEEKEND_DAYS = {2025: {D(2025, 4, 26)}, 2026: {D(2026, 1, 10), D(2026, 8, 22)}}


def _weekdays(days) -> set[date]:
    return {d for d in days if d.weekday() < 5}


def _changes(found: set[date], expected: set[date]) -> str:
    added = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(found - expected)) or "không"
    gone = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(expected - found)) or "không"
    return f"holidays {version('holidays')}: thêm {added}; bớt {gone}"


@pytest.mark.parametrize("year", sorted(PACKAGE_WEEKDAYS_OFF))
def test_the_installed_release_keeps_the_announced_days_off(year):
    found = _weekdays(holidays.country_holidays("VN", years=year))
    assert found == PACKAGE_WEEKDAYS_OFF[year], (
        f"Lịch nghỉ {year} của gói holidays đã đổi — "
        f"{_changes(found, PACKAGE_WEEKDAYS_OFF[year])}. "
        "Đối chiếu thông báo nghỉ lễ, sửa bảng này và vn_holidays.ANNOUNCED_SWAPS rồi mới "
        "nới giới hạn phiên bản trong pyproject.toml.")


@pytest.mark.parametrize("year", sorted(PACKAGE_WEEKDAYS_OFF))
def test_the_office_calendar_has_every_announced_day(year):
    expected = PACKAGE_WEEKDAYS_OFF[year] | SHIPPED_WEEKDAYS_OFF[year]
    found = _weekdays(vn_holidays.days_off(year))
    assert found == expected, _changes(found, expected)
    assert set(vn_holidays.swapped_working_days(year)) == WORKED_WEEKEND_DAYS[year]


def test_culture_day_and_the_2026_swaps_carry_their_names():
    days = vn_holidays.days_off(2026)
    assert days[D(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    assert days[D(2026, 8, 31)] == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert days[D(2026, 1, 2)] == "Ngày nghỉ (thay cho ngày 10/01/2026)"
    assert vn_holidays.swapped_working_days(2026)[D(2026, 1, 10)] == \
        "Làm bù cho ngày nghỉ 02/01/2026"


def test_shipped_swaps_are_ones_the_package_lacks():
    # A release that learns a shipped swap makes this fail: drop it from the table.
    for off, worked, _source in vn_holidays.ANNOUNCED_SWAPS:
        assert off not in holidays.country_holidays("VN", years=off.year), (
            f"holidays {version('holidays')} đã có ngày nghỉ {off:%d/%m/%Y}: bỏ nó khỏi "
            "vn_holidays.ANNOUNCED_SWAPS")
        assert off.weekday() < 5 <= worked.weekday()


def test_the_installed_release_is_inside_the_pinned_range():
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    pins = [Requirement(r) for r in pyproject["project"]["dependencies"]
            if Requirement(r).name == "holidays"]
    assert len(pins) == 1 and pins[0].specifier, "holidays phải có giới hạn phiên bản"
    assert pins[0].specifier.contains(version("holidays")), (pins[0], version("holidays"))
    assert not pins[0].specifier.contains("0.105"), "0.105 chưa có 24/11 và các ngày hoán đổi"
