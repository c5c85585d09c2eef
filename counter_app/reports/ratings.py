"""The ratings report: how citizens rated the services of a period, by level, with the
satisfaction rate (share of ratings at a "satisfied" level), in total and by officer,
source (screen, paper) and level, with the same period a year earlier."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from counter_app.domain.events import SYSTEM_OFFICER
from counter_app.reports import sql
from counter_app.reports.period import Period

_SELECT = ("SELECT r.officer_id, r.source, r.level, r.satisfied, count(*) FROM ratings r "
           "WHERE r.rated_at >= ? AND r.rated_at < ?{scope} "
           "GROUP BY r.officer_id, r.source, r.level, r.satisfied")
BREAKDOWNS = {"officer": "Công chức được đánh giá", "source": "Nguồn đánh giá",
              "level": "Mức đánh giá"}
SOURCE_NAMES = {"screen": "Màn hình đánh giá", "paper": "Phiếu khảo sát giấy"}


def figures(rows: list[tuple], levels: list[str]) -> dict:
    by_level = dict.fromkeys(levels, 0)
    satisfied = total = 0
    for _, _, level, ok, n in rows:
        by_level[level] = by_level.get(level, 0) + n
        total += n
        satisfied += n if ok else 0
    return {"ratings": by_level, "ratings_total": total, "satisfied": satisfied,
            "satisfaction_rate": round(100 * satisfied / total, 1) if total else None}


def _key(row: tuple, by: str) -> str:
    value = row[{"officer": 0, "source": 1, "level": 2}[by]]
    return "" if value is None else str(value)


def report(conn: Any, period: Period, levels: list[tuple[str, str]],
           by: tuple[str, ...] = tuple(BREAKDOWNS), scope: dict | None = None) -> dict:
    """``levels``: the scale's (code, label), best first."""
    clause, extra = sql.scope_clause("r", scope)
    previous = period.year_before()
    codes = [code for code, _ in levels]

    def rows_of(p: Period) -> list[tuple]:
        return sql.rows(conn, _SELECT.format(scope=clause), [p.lo, p.hi, *extra])

    now, before = rows_of(period), rows_of(previous)
    names = {"officer": {SYSTEM_OFFICER: "Hệ thống",
                         **sql.names(conn, "officers", "id", "full_name", scope)},
             "source": SOURCE_NAMES, "level": dict(levels)}
    breakdowns = {}
    for b in by:
        groups, prev_groups = defaultdict(list), defaultdict(list)
        for r in now:
            groups[_key(r, b)].append(r)
        for r in before:
            prev_groups[_key(r, b)].append(r)
        keys = sorted(set(groups) | set(prev_groups),
                      key=lambda k: (codes.index(k) if b == "level" and k in codes else 99, k))
        breakdowns[b] = [{"key": k, "name": names[b].get(k) or k or "(không rõ)",
                          **figures(groups.get(k, []), codes),
                          "previous": figures(prev_groups.get(k, []), codes)} for k in keys]
    return {"report": "ratings", "period": period.to_dict(),
            "previous_period": previous.to_dict(), "levels": dict(levels),
            "totals": figures(now, codes), "previous_totals": figures(before, codes),
            "breakdowns": breakdowns}
