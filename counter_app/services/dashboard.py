"""The leader's picture of today (Báo cáo → Hôm nay): the queue now, the dossiers due
today and overdue, the on-time trend of the last weeks and the citizens' ratings.

Every figure comes from the rules the period reports use (``counter_app.reports``: the
QĐ 766 lateness rule, the queue figures, the ratings' satisfaction) or the home page's
deadline list (``dossiers.OPEN_STATUSES``, due by the end of today), so the screen never
disagrees with a report or with Trang chủ. One read, a few small queries: the page asks
for it again every minute on the database worker.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.reports import queue as queue_report
from counter_app.reports import ratings as rating_report
from counter_app.reports.dossiers import LATE
from counter_app.reports.period import Period, bound, minutes_between, utc_text
from counter_app.services import queue_stats, ratings
from counter_app.services.core import Core, guarded
from counter_app.services.dossiers import OPEN_STATUSES

TREND_WEEKS = 8
RATING_DAYS = 30


@guarded
def today(core: Core, weeks: int = TREND_WEEKS, rating_days: int = RATING_DAYS) -> dict:
    """``{"now", "day", "queue", "due", "trend", "ratings"}`` for the office today."""
    now = core.clock.now_utc()
    day = to_local(now).date()
    return {"now": utc_text(now), "day": day.isoformat(),
            "queue": _queue(core, day, _z(now)),
            "due": _due(core, now),
            "trend": _trend(core, day, weeks),
            "ratings": _ratings(core, day, rating_days)}


def _queue(core: Core, day: date, now: str) -> dict:
    """Waiting now (and since when), and each active counter's day so far."""
    status = queue_stats.status(core)
    oldest = core.conn.execute(
        "SELECT min(issued_at) FROM tickets WHERE day = ? AND status = 'waiting'",
        (day.isoformat(),)).fetchone()[0]
    figures = queue_report.report(core.conn, Period(day, day), by=("counter",))
    by_counter = {row["key"]: row for row in figures["breakdowns"]["counter"]}
    counters = []
    for c in status["counters"]:
        row = by_counter.get(str(c["number"]), {})
        counters.append({"number": c["number"], "name": c["name"], "current": c["current"],
                         "served": row.get("served", 0), "called": row.get("called", 0),
                         "avg_wait_min": row.get("avg_wait_min"),
                         "avg_service_min": row.get("avg_service_min")})
    totals = figures["totals"]
    return {"waiting": sum(s["waiting"] for s in status["services"]),
            "longest_wait_min": round(minutes_between(oldest, now), 1) if oldest else None,
            "issued": totals["tickets"], "served": totals["served"],
            "avg_wait_min": totals["avg_wait_min"],
            "services": [{"name": s["name"], "prefix": s["prefix"], "waiting": s["waiting"]}
                         for s in status["services"]],
            "counters": counters}


def _due(core: Core, now: datetime) -> dict:
    """Open dossiers due by the end of today, split at now (the home page's list)."""
    end = datetime.combine(to_local(now).date(), datetime.max.time(), LOCAL_TZ)
    statuses = ",".join(str(int(s)) for s in OPEN_STATUSES)
    row = core.conn.execute(
        f"SELECT sum(due_at < :now), sum(due_at >= :now) FROM dossiers WHERE status IN "
        f"({statuses}) AND due_at IS NOT NULL AND due_at <= :end",
        {"now": _z(now), "end": _z(end)}).fetchone()
    return {"overdue": row[0] or 0, "due_today": row[1] or 0}


def _z(moment: datetime) -> str:
    return utc_text(moment) + "Z"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _trend(core: Core, day: date, weeks: int) -> list[dict]:
    """Dossiers resolved in each of the last ``weeks`` weeks (Monday to Sunday, this one
    included) and the share resolved early or on time, by the reports' QĐ 766 rule."""
    first = week_start(day) - timedelta(weeks=weeks - 1)
    rows = core.conn.execute(
        f"SELECT d.resolved_at, CASE WHEN {LATE} THEN 1 ELSE 0 END FROM dossiers d "
        "WHERE d.resolved_at >= ?", (bound(first),))
    counts = [[0, 0] for _ in range(weeks)]
    for resolved_at, late in rows:
        local = to_local(datetime.fromisoformat(resolved_at.replace("Z", "+00:00"))).date()
        index = (week_start(local) - first).days // 7
        if 0 <= index < weeks:
            counts[index][0] += 1
            counts[index][1] += late
    out = []
    for i, (resolved, late) in enumerate(counts):
        start = first + timedelta(weeks=i)
        out.append({"week_start": start.isoformat(), "resolved": resolved, "late": late,
                    "on_time": resolved - late,
                    "on_time_rate": round(100 * (resolved - late) / resolved, 1)
                    if resolved else None})
    return out


def _ratings(core: Core, day: date, days: int) -> dict:
    levels = [(lv.code, lv.label) for lv in ratings.scale(core)]
    found = rating_report.report(core.conn, Period(day - timedelta(days=days - 1), day),
                                 levels, by=())
    totals = found["totals"]
    return {"days": days, "levels": [{"code": code, "label": label,
                                      "count": totals["ratings"].get(code, 0)}
                                     for code, label in levels],
            "total": totals["ratings_total"], "satisfaction_rate": totals["satisfaction_rate"]}
