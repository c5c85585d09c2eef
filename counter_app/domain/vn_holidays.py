"""Vietnamese public holidays, seeded from the PyPI ``holidays`` package.

The package knows the lunar dates (Tết, Giỗ Tổ) and most announced swaps, e.g.
"Ngày nghỉ (thay cho ngày 22/08/2026)": a weekday off in exchange for a
Saturday that is worked. We read that Saturday back out as a working day. It
does not know every swap: administrators add the rest as calendar overrides.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import holidays

_SWAP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=64)
def days_off(year: int) -> dict[date, str]:
    """Public holidays (and their substitutes) of ``year``, with Vietnamese names."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


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
