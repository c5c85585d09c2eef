"""Vietnamese public holidays, seeded from the PyPI ``holidays`` package.

The package knows the lunar dates (Tết, Giỗ Tổ) and most announced swaps, e.g.
"Ngày nghỉ (thay cho ngày 22/08/2026)": a weekday off in exchange for a
Saturday that is worked. We read that Saturday back out as a working day.

The package is pinned (pyproject: ``holidays>=0.106,<0.110``): 0.106 is the
first release with Ngày Văn hóa Việt Nam (24/11, from 2026) and the 2025–26
swaps; tests/core/test_holiday_pin.py holds the 2025–2026 calendar as announced
and fails when a release changes one of those days. Swaps announced that no
release carries are shipped below (``ANNOUNCED_SWAPS``); anything else an
administrator adds as a calendar override.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import holidays

_SWAP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")

# (weekday off, weekend day worked instead, source). Only swaps the package lacks
# (checked by tests/core/test_holiday_pin.py: a release that adds one makes the
# test say so, and the entry can go).
ANNOUNCED_SWAPS: tuple[tuple[date, date, str], ...] = (
    (date(2026, 1, 2), date(2026, 1, 10),
     "Chính phủ đồng ý hoán đổi ngày 25/12/2025, Bộ Nội vụ thông báo cùng ngày (đọc qua "
     "báo chí, chưa đọc văn bản gốc); holidays 0.109 chưa có"),
)


def _day_off_name(worked: date) -> str:
    return f"Ngày nghỉ (thay cho ngày {worked:%d/%m/%Y})"


@lru_cache(maxsize=64)
def days_off(year: int) -> dict[date, str]:
    """Public holidays (and their substitutes) of ``year``, with Vietnamese names."""
    found = dict(holidays.country_holidays("VN", years=year, language="vi"))
    for off, worked, _source in ANNOUNCED_SWAPS:
        if off.year == year:
            found.setdefault(off, _day_off_name(worked))
    return found


@lru_cache(maxsize=64)
def swapped_working_days(year: int) -> dict[date, str]:
    """Weekend days worked in exchange for a weekday off (as the package records them)."""
    found = {}
    for y in (year, year + 1):  # a swap may be announced across the new year
        for day_off, name in days_off(y).items():
            m = _SWAP.search(name)
            if m:
                worked = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                if worked.year == year:
                    found[worked] = (f"Làm bù cho ngày nghỉ {day_off:%d/%m/%Y}")
    return found
