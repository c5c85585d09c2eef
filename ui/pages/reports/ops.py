"""What Báo cáo reads and writes, as plain operations for the database worker, and the
figures turned into the text the screen shows. Nothing here imports Qt.

``read_today`` is the one read behind the "Hôm nay" tab (refreshed every minute);
``build`` and ``write`` are the period reports of ``counter-app report``, the same
service functions, so the screen and the command line give the same figures and files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from counter_app.domain.clock import to_local
from counter_app.reports.period import Period
from counter_app.services import dashboard, reports
from counter_app.services.core import Core
from printing.reports.columns import change, flatten_ratings, measures, text

KINDS = (("dossiers", "Kết quả tiếp nhận, giải quyết hồ sơ"),
         ("queue", "Xếp hàng, phục vụ tại quầy"),
         ("ratings", "Đánh giá sự hài lòng"))
PRESETS = (("this_month", "Tháng này"), ("last_month", "Tháng trước"),
           ("this_quarter", "Quý này"), ("last_quarter", "Quý trước"),
           ("this_year", "Năm nay"), ("last_year", "Năm trước"), ("custom", "Tự chọn ngày"))


def read_today(core: Core) -> dict:
    return dashboard.today(core)


def office_today(core: Core) -> date:
    """Today in Hà Nội by the office's clock (the named periods count from it)."""
    return to_local(core.clock.now_utc()).date()


def build(core: Core, kind: str, start: date, end: date) -> dict:
    """The period report with every breakdown (the files show them all)."""
    return reports.build(core, kind, Period(start, end))


def write(core: Core, data: dict, fmt: str, path: Path) -> Path:
    return reports.write(core, data, fmt, path)


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The dates of a named period around ``today`` (this month: up to today)."""
    month_start = today.replace(day=1)
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if preset == "this_month":
        return month_start, today
    if preset == "last_month":
        end = month_start - timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_quarter":
        return quarter_start, today
    if preset == "last_quarter":
        end = quarter_start - timedelta(days=1)
        return end.replace(month=end.month - 2, day=1), end
    if preset == "this_year":
        return today.replace(month=1, day=1), today
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    raise ValueError(preset)


def totals_rows(data: dict) -> list[tuple[str, str, str, str]]:
    """(measure, this period, a year earlier, change) for the report's summary table."""
    if data["report"] == "ratings":
        data = flatten_ratings(data)
    now, before = data["totals"], data["previous_totals"]
    return [(label, text(now.get(key)), text(before.get(key)),
             change(now.get(key), before.get(key)))
            for key, label in measures(data["report"], data).items() if key in now]


def file_name(data: dict, fmt: str) -> str:
    """A name that says which report and which period: bao-cao-ho-so-2026-11-01_2026-11-30."""
    short = {"dossiers": "ho-so", "queue": "xep-hang", "ratings": "danh-gia"}[data["report"]]
    period = data["period"]
    return f"bao-cao-{short}-{period['from']}_{period['to']}.{fmt}"


@dataclass(frozen=True)
class TodayText:
    """The "Hôm nay" figures as the cards write them."""

    waiting: str
    longest: str
    served: str
    due_today: str
    overdue: str
    satisfaction: str


def today_text(data: dict) -> TodayText:
    q, due, r = data["queue"], data["due"], data["ratings"]
    longest = q["longest_wait_min"]
    return TodayText(
        waiting=text(q["waiting"]),
        longest="–" if longest is None else minutes_text(longest),
        served=f"{text(q['served'])} / {text(q['issued'])}",
        due_today=text(due["due_today"]), overdue=text(due["overdue"]),
        satisfaction="–" if r["satisfaction_rate"] is None
        else text(r["satisfaction_rate"]) + "%")


def minutes_text(minutes: float) -> str:
    whole = int(round(minutes))
    if whole < 60:
        return f"{whole} phút"
    return f"{whole // 60} giờ {whole % 60:02d} phút"


def week_label(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}"
