"""Injectable clocks, so "today", HLC and daily resets are testable."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class SystemClock:
    """The machine's wall clock (which may jump backwards: see hlc.py)."""

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000

    def now_utc(self) -> datetime:
        return datetime.fromtimestamp(self.now_ms() / 1000, tz=timezone.utc)


class FixedClock(SystemClock):
    """A clock that only moves when told to (tests, benchmarks, replays)."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def now_ms(self) -> int:
        return self.ms

    def advance(self, ms: int) -> None:
        self.ms += ms


def to_local(dt: datetime) -> datetime:
    """UTC (or aware) datetime → Asia/Ho_Chi_Minh, the time shown and printed."""
    return dt.astimezone(LOCAL_TZ)


def utc_iso(ms: int) -> str:
    """Milliseconds since the epoch → ISO 8601 UTC text with a Z suffix."""
    dt = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def local_day_start(stored: str | None) -> str | None:
    """The local midnight that starts the local day of a stored UTC time, as UTC text
    without a suffix ("2026-03-09T17:00:00" for any time on 10/03/2026 in Hà Nội). It
    sorts before every stored time of that instant, so "t is on an earlier local day
    than d" is the text comparison ``t < local_day_start(d)`` in any database."""
    if not stored:
        return None
    moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    day = moment.astimezone(LOCAL_TZ).date()
    start = datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
    return start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
