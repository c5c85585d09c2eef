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
    for _, _, level, ok, n, *_ in rows:
        by_level[level] = by_level.get(level, 0) + n
        total += n
        satisfied += n if ok else 0
    return {"ratings": by_level, "ratings_total": total, "satisfied": satisfied,
            "satisfaction_rate": round(100 * satisfied / total, 1) if total else None}


# The central server appends the office's code (index 5) when it pools offices.
_COLUMN = {"officer": 0, "source": 1, "level": 2, "office": 5}


def _key(row: tuple, by: str) -> str:
    value = row[_COLUMN[by]]
    return "" if value is None else str(value)


def rows_of(conn: Any, period: Period, scope: dict | None = None) -> list[tuple]:
    """(officer, source, level, satisfied, ratings) of the period (the server adds the
    office as a sixth value when it pools offices)."""
    clause, extra = sql.scope_clause("r", scope)
    return sql.rows(conn, _SELECT.format(scope=clause), [period.lo, period.hi, *extra])


def officer_names(conn: Any, scope: dict | None = None) -> dict[str, str]:
    return {SYSTEM_OFFICER: "Hệ thống", **sql.names(conn, "officers", "id", "full_name", scope)}


def report(conn: Any, period: Period, levels: list[tuple[str, str]],
           by: tuple[str, ...] = tuple(BREAKDOWNS), scope: dict | None = None) -> dict:
    """``levels``: the scale's (code, label), best first."""
    names = {"officer": officer_names(conn, scope), "source": SOURCE_NAMES,
             "level": dict(levels)}
    return assemble(rows_of(conn, period, scope), rows_of(conn, period.year_before(), scope),
                    period, levels, names, by)


def assemble(now: list[tuple], before: list[tuple], period: Period,
             levels: list[tuple[str, str]], names: dict[str, dict[str, str]],
             by: tuple[str, ...] = tuple(BREAKDOWNS)) -> dict:
    """The report from ``rows_of`` rows — one office's, or several offices' pooled (the
    satisfaction rate is pooled satisfied / pooled total, never an average of rates)."""
    codes = [code for code, _ in levels]
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
            "previous_period": period.year_before().to_dict(), "levels": dict(levels),
            "totals": figures(now, codes), "previous_totals": figures(before, codes),
            "breakdowns": breakdowns}
