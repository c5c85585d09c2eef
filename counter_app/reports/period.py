"""A report period: local dates (Asia/Ho_Chi_Minh), both ends included.

Stored times are UTC ISO text ("2026-03-09T03:00:00Z", events with milliseconds
"…00.123Z"). A period's bounds are local midnights written as UTC text without a
suffix, which sorts before every stored time of the same instant, so
``lo <= t < hi`` is a plain text comparison in any database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from counter_app.domain.clock import LOCAL_TZ
from counter_app.errors import UserInputError


def bound(day: date) -> str:
    """Local midnight at the start of ``day`` as suffix-less UTC text."""
    moment = datetime.combine(day, time(0), LOCAL_TZ).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def local_hour(stored: str) -> int:
    moment = datetime.fromisoformat(stored[:19] + "+00:00")
    return moment.astimezone(LOCAL_TZ).hour


def minutes_between(start: str, end: str) -> float:
    a = datetime.fromisoformat(start.replace("Z", "+00:00"))
    b = datetime.fromisoformat(end.replace("Z", "+00:00"))
    return (b - a).total_seconds() / 60


@dataclass(frozen=True)
class Period:
    start: date
    end: date        # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UserInputError(
                f"Kỳ báo cáo không hợp lệ: ngày kết thúc {self.end:%d/%m/%Y} trước ngày bắt "
                f"đầu {self.start:%d/%m/%Y}.")

    @property
    def lo(self) -> str:
        return bound(self.start)

    @property
    def hi(self) -> str:
        return bound(self.end + timedelta(days=1))

    def year_before(self) -> "Period":
        """The same dates a year earlier (29 February becomes the 28th)."""
        return Period(_year_back(self.start), _year_back(self.end))

    def to_dict(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def label(self) -> str:
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserInputError(f"{option} {text!r}: ngày phải có dạng YYYY-MM-DD, ví dụ "
                             "2026-01-31.") from None
