"""Working days and the appointment date (ngày hẹn trả), shared/domain.md §5.

Rules:
- A working day is Monday–Friday, minus public holidays, minus extra days off,
  plus make-up working days (administrator overrides win over everything).
- A moment outside working hours (an online or postal dossier at night, on a
  Sunday) counts as received at the start of the next working session.
- Same-day procedures (or 0 days): due at closing time of the receipt day when
  received before the cut-off (default 15:00), else at closing time of the next
  working day.
- N working days, rule ``end_of_day`` (the default; Civil Code 2015 art. 147(2)
  and 148(1): the day of the event is not counted and a term in days ends at the
  end of its last day): due at the office's closing time on the N-th working day
  after the receipt day, so 1 day from Wednesday 10:00 is Thursday at closing
  time. The receipt day is the day of the effective receipt (a dossier received
  at night or on a Sunday counts from the next working session, so its own day
  is that next working day). A fraction of a day (0.5, 1.5) is a term in working
  hours (art. 147(1): counted from the moment): the fraction × the working
  minutes of a day, walked through the sessions from the moment of receipt when
  there is no whole day, else from the opening after the last whole day
  (1.5 days from Wednesday 10:00 = Thursday closing + 4 h = Friday 12:00).
- Rule ``working_hours`` (kept for provinces whose systems count this way):
  working time is walked forward N × (working minutes per day) through the
  sessions, so 1 day from Wednesday 10:00 is Thursday 10:00.
- Either way the result is never earlier than the same-day due time, which
  keeps the due date non-decreasing in N.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Callable, Mapping

MAX_SCAN_DAYS = 3 * 366  # no office closes for three years; stops a runaway loop
END_OF_DAY, WORKING_HOURS = "end_of_day", "working_hours"
DUE_RULES = (END_OF_DAY, WORKING_HOURS)


@dataclass(frozen=True)
class Schedule:
    """Office hours: working sessions of a day, the same-day cut-off, and how a
    term in days is counted (``due_rule``: ``end_of_day`` or ``working_hours``)."""

    sessions: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
    cutoff: time = time(15)
    due_rule: str = END_OF_DAY

    def __post_init__(self) -> None:
        if self.due_rule not in DUE_RULES:
            raise ValueError(f"Cách tính hạn {self.due_rule!r} không có; dùng: "
                             + ", ".join(DUE_RULES))

    @property
    def opening(self) -> time:
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        return self.sessions[-1][1]

    def minutes_per_day(self) -> int:
        return sum(_minutes(b) - _minutes(a) for a, b in self.sessions)


def parse_sessions(text: str) -> tuple[tuple[time, time], ...]:
    """"08:00-12:00,13:00-17:00" → sessions; raises ValueError with a Vietnamese reason."""
    sessions = []
    for part in text.split(","):
        start, sep, end = part.strip().partition("-")
        if not sep:
            raise ValueError(f"Giờ làm việc {part!r} phải có dạng HH:MM-HH:MM.")
        a, b = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
        if b <= a or (sessions and a < sessions[-1][1]):
            raise ValueError(f"Giờ làm việc {text!r} không tăng dần.")
        sessions.append((a, b))
    if not sessions:
        raise ValueError("Chưa khai báo giờ làm việc.")
    return tuple(sessions)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class Override:
    kind: str  # "off" or "work"
    reason: str


class WorkCalendar:
    """Decides working days from public holidays and administrator overrides."""

    def __init__(self, holidays_of_year: Callable[[int], Mapping[date, str]],
                 workdays_of_year: Callable[[int], Mapping[date, str]],
                 overrides: Mapping[date, Override], schedule: Schedule = Schedule()) -> None:
        self._holidays = holidays_of_year
        self._swapped = workdays_of_year
        self.overrides = dict(overrides)
        self.schedule = schedule

    def day_info(self, d: date) -> tuple[bool, str]:
        """(is working day, why) — the reason is empty for an ordinary day."""
        o = self.overrides.get(d)
        if o is not None:
            return o.kind == "work", o.reason
        holiday = self._holidays(d.year).get(d)
        if holiday:
            return False, holiday
        swapped = self._swapped(d.year).get(d)
        if swapped:
            return True, swapped
        if d.weekday() >= 5:
            return False, "Thứ Bảy" if d.weekday() == 5 else "Chủ Nhật"
        return True, ""

    def is_working_day(self, d: date) -> bool:
        return self.day_info(d)[0]

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        for _ in range(MAX_SCAN_DAYS):
            d += timedelta(days=1)
            if self.is_working_day(d):
                return d
        raise ValueError("Không tìm thấy ngày làm việc nào trong ba năm tới: kiểm tra lịch.")

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (``d`` itself not counted)."""
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def effective_receipt(self, received: datetime) -> datetime:
        """Move a moment outside working hours to the start of the next session."""
        s = self.schedule
        if self.is_working_day(received.date()):
            for start, end in s.sessions:
                if received.time() < start:
                    return received.replace(hour=start.hour, minute=start.minute, second=0,
                                            microsecond=0)
                if received.time() < end:
                    return received
        nxt = self.next_working_day(received.date())
        return datetime.combine(nxt, s.opening, received.tzinfo)

    def due(self, received: datetime, days: Decimal | float | int,
            same_day: bool = False) -> datetime:
        """The appointment moment for a dossier received at ``received`` (local time)."""
        days = Decimal(str(days))
        if days < 0:
            raise ValueError("Thời hạn giải quyết không được âm.")
        same = self._same_day_due(received)
        if same_day or days == 0:
            return same
        start = self.effective_receipt(received)
        if self.schedule.due_rule == WORKING_HOURS:
            return max(same, self._walk(start, days))
        return max(same, self._end_of_last_day(start, days))

    def _end_of_last_day(self, start: datetime, days: Decimal) -> datetime:
        """Civil Code art. 147–148: whole days end at closing time of the last one;
        a fraction is working time after them (or after ``start`` alone)."""
        whole = int(days)
        if whole == 0:
            return self._walk(start, days)
        day = self.add_working_days(start.date(), whole)
        end = datetime.combine(day, self.schedule.closing, start.tzinfo)
        minutes = int((days - whole) * self.schedule.minutes_per_day())
        return self._add_minutes(end, minutes) if minutes else end

    def _same_day_due(self, received: datetime) -> datetime:
        s = self.schedule
        d = received.date()
        if not (self.is_working_day(d) and received.time() < s.cutoff):
            d = self.next_working_day(d)
        return datetime.combine(d, s.closing, received.tzinfo)

    def _walk(self, start: datetime, days: Decimal) -> datetime:
        """Walk ``days`` working days of working time forward from ``start``."""
        whole = int(days)
        minutes = int((days - whole) * self.schedule.minutes_per_day())
        day = self.add_working_days(start.date(), whole)
        moment = datetime.combine(day, start.time(), start.tzinfo)
        return self._add_minutes(moment, minutes)

    def _add_minutes(self, moment: datetime, minutes: int) -> datetime:
        s = self.schedule
        day, now = moment.date(), _minutes(moment.time())
        for _ in range(MAX_SCAN_DAYS):
            for start, end in s.sessions:
                a, b = max(now, _minutes(start)), _minutes(end)
                if a >= b:
                    continue
                if minutes <= b - a:
                    m = a + minutes
                    return datetime.combine(day, time(m // 60, m % 60), moment.tzinfo)
                minutes -= b - a
            day, now = self.next_working_day(day), 0
        raise ValueError("Thời hạn quá dài.")
