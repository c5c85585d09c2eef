"""Dates and numbers written the Vietnamese way for the screen."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.clock import to_local
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

_WEEKDAYS = (
    QT_TRANSLATE_NOOP("formatting", "Thứ Hai"),
    QT_TRANSLATE_NOOP("formatting", "Thứ Ba"),
    QT_TRANSLATE_NOOP("formatting", "Thứ Tư"),
    QT_TRANSLATE_NOOP("formatting", "Thứ Năm"),
    QT_TRANSLATE_NOOP("formatting", "Thứ Sáu"),
    QT_TRANSLATE_NOOP("formatting", "Thứ Bảy"),
    QT_TRANSLATE_NOOP("formatting", "Chủ Nhật"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("formatting", text)


def long_date(day: date) -> str:
    """"Thứ Hai, ngày 23 tháng 11 năm 2026".

    Days below 10 and months 1–2 get a leading zero, as in official documents
    (Nghị định 30/2020/NĐ-CP), so the screen matches what the office prints.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _tr("{weekday}, ngày {day:02d} tháng {month} năm {year}").format(
        weekday=_tr(_WEEKDAYS[day.weekday()]), day=day.day, month=month, year=day.year)


def counter_label(number: int | None) -> str:
    if number is None:
        return _tr("Chưa gán quầy")
    return _tr("Quầy số {number}").format(number=number)


def local_time_text(utc: str, fmt: str = "%H:%M %d/%m") -> str:
    """Stored UTC text → "10:32 18/11" in local time (Asia/Ho_Chi_Minh)."""
    try:
        moment = to_local(datetime.fromisoformat(utc.replace("Z", "+00:00")))
    except (ValueError, AttributeError):
        return ""
    return moment.strftime(fmt)


def lateness(minutes: int) -> str:
    """How late a dossier is: "Quá hạn 6 ngày", "Quá hạn 3 giờ", "Quá hạn 20 phút"; not yet
    late (0 or less): "Còn 4 giờ", "Còn 15 phút" (whole units, rounded down)."""
    late = minutes > 0
    size = abs(minutes)
    if size >= 24 * 60:
        amount = _tr("{n} ngày").format(n=size // (24 * 60))
    elif size >= 60:
        amount = _tr("{n} giờ").format(n=size // 60)
    else:
        amount = _tr("{n} phút").format(n=size)
    return (_tr("Quá hạn {amount}") if late else _tr("Còn {amount}")).format(amount=amount)
