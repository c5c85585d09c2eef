"""How dates, times, durations and money are written on the forms.

Dates in running text follow Nghị định 30/2020 (Phụ lục I): days below 10 and the
months 1 and 2 take a leading zero, so "ngày 05 tháng 01 năm 2027" but "ngày 15
tháng 3 năm 2027" (the zero before January and February keeps "tháng 1" from being
read as "tháng 10", "11", "12" on a hand-altered copy). Numeric dates are dd/mm/yyyy.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

BLANK = "…………"
# A missing date or time prints as dots to be filled in by hand, never as "None".
BLANK_DATE = "……/……/………"
BLANK_OFFICIAL = "ngày …… tháng …… năm ………"


def esc(text: object) -> str:
    """Text made safe for a reportlab Paragraph (which reads a little XML)."""
    return escape(str(text))


def day_month_year(d: date) -> tuple[str, str, str]:
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}", month, str(d.year)


def official_date(d: date) -> str:
    """``ngày 05 tháng 01 năm 2027``."""
    day, month, year = day_month_year(d)
    return f"ngày {day} tháng {month} năm {year}"


def place_date(place: str, d: date | None) -> str:
    """The date line under the national motto: ``Ba Đình, ngày 05 tháng 01 năm 2027``."""
    text = official_date(d) if d is not None else BLANK_OFFICIAL
    return f"{place}, {text}" if place else text


def numeric_date(d: date | None) -> str:
    return BLANK_DATE if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


def clock_date(t: datetime | None) -> str:
    """``10 giờ 30 phút, ngày 05/01/2027``."""
    if t is None:
        return f"…… giờ …… phút, ngày {BLANK_DATE}"
    return f"{t.hour:02d} giờ {t.minute:02d} phút, ngày {numeric_date(t)}"


def working_days(days: Decimal | int | float) -> str:
    """``03 ngày làm việc``; 0 → ``Trong ngày``; 0.5 → ``0,5 ngày làm việc``."""
    value = Decimal(str(days))
    if value < 0:
        raise ValueError(f"processing time cannot be negative: {days}")
    if value == 0:
        return "Trong ngày"
    if value == value.to_integral_value():
        return f"{int(value):02d} ngày làm việc"
    text = format(value.normalize(), "f").replace(".", ",")
    return f"{text} ngày làm việc"


def money(amount: int) -> str:
    """``8.000 đồng`` (dots between thousands, as Vietnamese writes them)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def two_digits(n: int | None) -> str:
    """``01`` for counts and numbers printed on forms; ``None`` → a blank to fill in."""
    return BLANK if n is None else f"{n:02d}"
