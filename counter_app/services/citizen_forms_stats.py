"""How many citizens were served under "Công dân không viết", for the reports.

A citizen served is a form set completed (printed for signature) in the period,
whether or not it became a dossier here (it may have been submitted online), plus
the dossiers an officer marked as served this way without a form set (forms written
by hand for the citizen), and the guidance or refusal slips so marked (the citizen was
helped but left with a slip, not a dossier). Counted on the day the forms were completed, in local time;
per officer who filled them, per field (lĩnh vực), per month — or any mix of these.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.domain.events import SYSTEM_OFFICER
from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded

GROUPS = ("officer", "field", "month")
MEASURES = ("served", "forms", "dossiers")


def _bound(day: date) -> str:
    """Local midnight of ``day`` as UTC text without a suffix, so that it sorts before
    every stored time of that instant ("…T17:00:00" < "…T17:00:00.000Z")."""
    moment = datetime.combine(day, time(0), LOCAL_TZ).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _rows(core: Core, start: date, end: date) -> list[dict]:
    lo, hi = _bound(start), _bound(end + timedelta(days=1))
    sets = core.conn.execute(
        "SELECT s.completed_at AS at, s.officer_id, s.field_code, s.form_count AS forms, "
        "s.status = 'used' AS dossiers FROM form_sets s "
        "WHERE s.completed_at >= ? AND s.completed_at < ?", (lo, hi)).fetchall()
    by_hand = core.conn.execute(
        "SELECT received_at AS at, coalesce(citizen_not_write_by, officer_id) AS officer_id, "
        "field_code, 0 AS forms, 1 AS dossiers FROM dossiers WHERE citizen_not_write = 1 "
        "AND form_set_id IS NULL AND received_at >= ? AND received_at < ?", (lo, hi)).fetchall()
    # Marked by hand and sent away with a guidance or refusal slip: served, no dossier.
    slips = core.conn.execute(
        "SELECT issued_at AS at, coalesce(citizen_not_write_by, officer_id) AS officer_id, "
        "field_code, 0 AS forms, 0 AS dossiers FROM counter_slips WHERE citizen_not_write = 1 "
        "AND form_set_id IS NULL AND issued_at >= ? AND issued_at < ?", (lo, hi)).fetchall()
    return [dict(r) for r in [*sets, *by_hand, *slips]]


def _names(core: Core, table: str, key: str) -> dict[str, str]:
    column = "full_name" if table == "officers" else "name"
    return {r[0]: r[1] for r in core.conn.execute(f"SELECT {key}, {column} FROM {table}")}


@guarded
def served(core: Core, start: date, end: date, by: tuple[str, ...] = ("officer",)) -> dict:
    """Counts per group: ``served`` citizens, ``forms`` printed, ``dossiers`` received."""
    if end < start:
        raise UserInputError("Ngày kết thúc phải sau ngày bắt đầu.")
    unknown = [g for g in by if g not in GROUPS]
    if unknown:
        raise UserInputError(f"Không nhóm theo '{unknown[0]}' được: chỉ {', '.join(GROUPS)}.")
    officers = {SYSTEM_OFFICER: "Hệ thống (dòng lệnh)", **_names(core, "officers", "id")}
    fields = _names(core, "fields", "code")
    totals: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for row in _rows(core, start, end):
        local = to_local(datetime.fromisoformat(row["at"].replace("Z", "+00:00")))
        key = tuple(_group_value(g, row, local) for g in by)
        counts = totals[key]
        counts["served"] += 1
        counts["forms"] += row["forms"]
        counts["dossiers"] += row["dossiers"]
    rows = [_row(by, key, counts, officers, fields) for key, counts in sorted(totals.items())]
    total = {m: sum(r[m] for r in rows) for m in MEASURES}
    return {"from": start.isoformat(), "to": end.isoformat(), "by": list(by), "rows": rows,
            "total": total}


def _group_value(group: str, row: dict, local: datetime) -> str:
    if group == "month":
        return f"{local.year}-{local.month:02d}"
    return row["officer_id"] if group == "officer" else (row["field_code"] or "")


def _row(by, key, counts, officers, fields) -> dict:
    out: dict = {}
    for group, value in zip(by, key):
        if group == "officer":
            out.update(officer_id=value, officer_name=officers.get(value, value))
        elif group == "field":
            out.update(field_code=value, field_name=fields.get(value, value or "(khác)"))
        else:
            out["month"] = value
    return {**out, **counts}
