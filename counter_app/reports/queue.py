"""The queue report: tickets of the period's days, waits and service times, in total
and by counter, officer, service and hour of day, with the same days a year earlier.

wait = issued → first call; service = start (or call) → finish, for tickets served;
the threshold share = tickets called within ``threshold_min`` minutes of issue, of
those called; percentiles are nearest-rank (the smallest value with at least p % of
the values at or below it). shared/domain.md §7.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from counter_app.domain.events import SYSTEM_OFFICER
from counter_app.reports import sql
from counter_app.reports.measures import QUEUE_BREAKDOWNS
from counter_app.reports.period import Period, local_hour, minutes_between

_SELECT = ("SELECT t.status, t.issued_at, t.first_called_at, t.called_at, t.started_at, "
           "t.finished_at, t.counter, t.officer_id, t.service_id FROM tickets t "
           "WHERE t.day >= ? AND t.day <= ?")
STATUS, ISSUED, FIRST_CALLED, CALLED, STARTED, FINISHED, COUNTER, OFFICER, SERVICE = range(9)
# The central server appends the office's code to each row when it pools offices.
OFFICE = 9
DEFAULT_THRESHOLD_MIN = 15.0


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of ``values`` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def figures(tickets: list[tuple], threshold_min: float) -> dict:
    waits = [minutes_between(t[ISSUED], t[FIRST_CALLED]) for t in tickets if t[FIRST_CALLED]]
    services = [minutes_between(t[STARTED] or t[CALLED], t[FINISHED]) for t in tickets
                if t[STATUS] == "done" and (t[STARTED] or t[CALLED]) and t[FINISHED]]
    return {
        "tickets": len(tickets),
        "called": len(waits),
        "served": sum(t[STATUS] == "done" for t in tickets),
        "no_shows": sum(t[STATUS] == "no_show" for t in tickets),
        "cancelled": sum(t[STATUS] == "cancelled" for t in tickets),
        "unfinished": sum(t[STATUS] in ("waiting", "called", "serving") for t in tickets),
        "avg_wait_min": _one(sum(waits) / len(waits)) if waits else None,
        "p90_wait_min": _one(percentile(waits, 90)),
        "max_wait_min": _one(max(waits)) if waits else None,
        "avg_service_min": _one(sum(services) / len(services)) if services else None,
        "p90_service_min": _one(percentile(services, 90)),
        "within_threshold_share": round(100 * sum(w <= threshold_min for w in waits)
                                        / len(waits), 1) if waits else None,
    }


def _key(t: tuple, by: str) -> str:
    if by == "hour":
        return f"{local_hour(t[ISSUED]):02d}"
    value = {"counter": COUNTER, "officer": OFFICER, "service": SERVICE, "office": OFFICE}[by]
    value = t[value]
    return "" if value is None else str(value)


def _grouped(tickets: list[tuple], by: str) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for t in tickets:
        groups[_key(t, by)].append(t)
    return groups


def tickets_of(conn: Any, period: Period, scope: dict | None = None) -> list[tuple]:
    """The tickets of the period's days, as the rows ``figures`` reads."""
    clause, extra = sql.scope_clause("t", scope)
    return sql.rows(conn, _SELECT + clause,
                    [period.start.isoformat(), period.end.isoformat(), *extra])


def report(conn: Any, period: Period, by: tuple[str, ...] = tuple(QUEUE_BREAKDOWNS),
           threshold_min: float = DEFAULT_THRESHOLD_MIN, scope: dict | None = None) -> dict:
    return assemble(tickets_of(conn, period, scope),
                    tickets_of(conn, period.year_before(), scope), period,
                    names_of(conn, scope), by, threshold_min)


def assemble(now: list[tuple], before: list[tuple], period: Period,
             names: dict[str, dict[str, str]], by: tuple[str, ...] = tuple(QUEUE_BREAKDOWNS),
             threshold_min: float = DEFAULT_THRESHOLD_MIN) -> dict:
    """The report from ticket rows — one office's, or several offices' pooled: averages,
    percentiles and shares are computed over the pooled tickets, never averaged."""
    breakdowns = {}
    for b in by:
        groups, prev_groups = _grouped(now, b), _grouped(before, b)
        breakdowns[b] = [
            {"key": k, "name": names[b].get(k) or k or "(chưa gọi)",
             **figures(groups.get(k, []), threshold_min),
             "previous": figures(prev_groups.get(k, []), threshold_min)}
            for k in sorted(set(groups) | set(prev_groups), key=_order)]
    return {"report": "queue", "period": period.to_dict(),
            "previous_period": period.year_before().to_dict(), "threshold_min": threshold_min,
            "totals": figures(now, threshold_min),
            "previous_totals": figures(before, threshold_min), "breakdowns": breakdowns}


def _order(key: str):
    """Counters by number ("2" before "10"), within each office ("OFFICE/2") when pooled."""
    head, _, tail = key.rpartition("/")
    return (head, 0, int(tail), "") if tail.isdigit() else (head, 1, 0, tail)


def names_of(conn: Any, scope: dict | None = None) -> dict[str, dict[str, str]]:
    counters = {k: v if v == f"Quầy {k}" else f"Quầy {k} - {v}" for k, v in
                sql.names(conn, "counters", "number", "name", scope).items()}
    return {"counter": counters,
            "officer": {SYSTEM_OFFICER: "Hệ thống",
                        **sql.names(conn, "officers", "id", "full_name", scope)},
            "service": sql.names(conn, "services", "id", "name", scope),
            "hour": {f"{h:02d}": f"{h:02d}:00–{h:02d}:59" for h in range(24)}}
