"""The dossier report: received, resolved (early / on time / late), in progress, … for
one period and the same period a year earlier, in total and by field, procedure,
officer and channel. The rules are ``measures_of`` (docs/REPORTS.md gives each with its
source); the SELECT only picks the dossiers that can count.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from counter_app.domain.events import SYSTEM_OFFICER
from counter_app.domain.statuses import CHANNEL_LABELS, Channel, Status
from counter_app.reports import sql
from counter_app.reports.measures import BREAKDOWNS, DOSSIER_COUNTS, with_rates
from counter_app.reports.period import Period, local_day

# Column order of the SELECT (the tuple indices below).
COLUMNS = ("field_code", "procedure_code", "officer_id", "channel", "outcome", "status",
           "received_at", "due_at", "resolved_at", "returned_at", "closed_at",
           "supplement_count", "apology_old_due", "apologized_at", "digitised",
           "citizen_not_write", "result_delivery", "procedure_name")
(FIELD, PROCEDURE, OFFICER, CHANNEL, OUTCOME, STATUS, RECEIVED, DUE, RESOLVED, RETURNED,
 CLOSED, SUPPLEMENTS, OLD_DUE, APOLOGIZED, DIGITISED, CNW, DELIVERY, PROC_NAME) = range(18)

_SELECT = (
    "SELECT " + ", ".join(f"d.{c}" for c in COLUMNS) + " FROM dossiers d "
    "WHERE d.received_at < ? AND (d.received_at >= ? "
    "OR coalesce(d.resolved_at, d.closed_at) IS NULL "
    "OR coalesce(d.resolved_at, d.closed_at) >= ? "
    "OR d.returned_at >= ? OR d.apologized_at >= ?)")

_CHANNEL_KEYS = {int(c): c.key for c in Channel}
_NEW_BY_CHANNEL = {1: "received_direct", 2: "received_online", 3: "received_post"}
_WAITING = int(Status.SUPPLEMENT)


def fetch(conn: Any, earliest: Period, latest: Period, scope: dict | None = None) -> list:
    """Every dossier that can count in a period from ``earliest.start`` to ``latest.end``."""
    clause, extra = sql.scope_clause("d", scope)
    lo = earliest.lo
    return sql.rows(conn, _SELECT + clause, [latest.hi, lo, lo, lo, lo, *extra])


def measures_of(r: tuple, lo: str, hi: str, as_of: str) -> list[str]:
    """The counts one dossier adds to a period [lo, hi) judged at ``as_of`` (the period's
    end, or now when the period has not ended)."""
    received, outcome = r[RECEIVED], r[OUTCOME]
    if received >= hi:
        return []
    keys = []
    new = received >= lo
    if new and r[CNW]:
        keys.append("citizen_not_write")     # helped, whatever the intake's outcome
    if outcome == "refused":
        return keys + ["refused"] if new else keys
    if outcome == "incomplete":
        if new:
            keys.append("guided")
        if r[DUE] is None:          # never completed: not received (form 02 only)
            return keys
    ended = r[RESOLVED] or r[CLOSED]
    if new:
        keys += ("received", _NEW_BY_CHANNEL[r[CHANNEL]])
        if r[DIGITISED]:
            keys.append("digitised")
    elif ended is None or ended >= lo:
        keys += ("received", "carried_over")
    if "received" in keys:
        keys += _progress(r, lo, hi, as_of, ended)
    if r[RETURNED] and lo <= r[RETURNED] < hi:
        keys.append("returned")
        if r[DELIVERY] == "post":
            keys.append("results_post")
    if r[APOLOGIZED] and lo <= r[APOLOGIZED] < hi:
        keys.append("apologies")
    return keys


def _progress(r: tuple, lo: str, hi: str, as_of: str, ended: str | None) -> tuple:
    resolved = r[RESOLVED]
    if resolved and resolved < hi:
        keys = ("resolved", _timeliness(r))
        return keys + ("results_online",) if r[DELIVERY] == "online" else keys
    if r[CLOSED] and r[CLOSED] < hi:
        return ("withdrawn",) if r[STATUS] == Status.WITHDRAWN else ("stopped",)
    deadline = r[OLD_DUE] or r[DUE]
    overdue = r[SUPPLEMENTS] > 1 or (r[STATUS] != _WAITING and deadline is not None
                                     and deadline < as_of)
    return ("in_progress", "in_progress_overdue" if overdue else "in_progress_within")


def _timeliness(r: tuple) -> str:
    """QĐ 766: late if finished after the appointment (the one before an apology; a
    supplement restarts it, so waiting time is excluded) or if supplements were asked
    more than once; early if finished on a day before the appointment's day."""
    deadline = r[OLD_DUE] or r[DUE]
    if r[SUPPLEMENTS] > 1 or (deadline is not None and r[RESOLVED] > deadline):
        return "resolved_late"
    if deadline is not None and local_day(r[RESOLVED]) < local_day(deadline):
        return "resolved_early"
    return "resolved_on_time"


def _group_key(r: tuple, by: str) -> str:
    if by == "field":
        return r[FIELD] or ""
    if by == "procedure":
        return r[PROCEDURE]
    if by == "officer":
        return r[OFFICER]
    return _CHANNEL_KEYS.get(r[CHANNEL], str(r[CHANNEL]))


def _count(rows: list, period: Period, now: str, by: tuple[str, ...]):
    lo, hi = period.lo, period.hi
    as_of = min(hi, now)
    totals = dict.fromkeys(DOSSIER_COUNTS, 0)
    groups = {b: defaultdict(lambda: dict.fromkeys(DOSSIER_COUNTS, 0)) for b in by}
    for r in rows:
        keys = measures_of(r, lo, hi, as_of)
        if not keys:
            continue
        targets = [totals] + [groups[b][_group_key(r, b)] for b in by]
        for target in targets:
            for k in keys:
                target[k] += 1
    return totals, groups


def report(conn: Any, period: Period, now: str, by: tuple[str, ...] = tuple(BREAKDOWNS),
           scope: dict | None = None) -> dict:
    """The report of ``period`` with year-on-year figures. ``now`` (UTC text) judges
    dossiers still open when the period has not ended yet."""
    previous = period.year_before()
    rows = fetch(conn, previous, period, scope)
    totals, groups = _count(rows, period, now, by)
    prev_totals, prev_groups = _count(rows, previous, now, by)
    names = _names(conn, rows, scope)
    breakdowns = {}
    for b in by:
        keys = sorted(set(groups[b]) | set(prev_groups[b]))
        breakdowns[b] = [{"key": k, "name": names[b].get(k) or k or "(không rõ)",
                          **with_rates(groups[b].get(k) or dict.fromkeys(DOSSIER_COUNTS, 0)),
                          "previous": with_rates(prev_groups[b].get(k)
                                                 or dict.fromkeys(DOSSIER_COUNTS, 0))}
                         for k in keys]
    procedures = sql.rows(conn, "SELECT count(*) FROM procedures t WHERE t.active = 1"
                          + sql.scope_clause("t", scope)[0], sql.scope_clause("t", scope)[1])
    return {"report": "dossiers", "period": period.to_dict(),
            "previous_period": previous.to_dict(),
            "totals": {**with_rates(totals), "procedures": procedures[0][0]},
            "previous_totals": with_rates(prev_totals), "breakdowns": breakdowns}


def _names(conn: Any, rows: list, scope: dict | None) -> dict[str, dict[str, str]]:
    procedures = {r[PROCEDURE]: r[PROC_NAME] for r in rows}
    return {"field": sql.names(conn, "fields", "code", "name", scope),
            "procedure": {**procedures, **sql.names(conn, "procedures", "code", "name", scope)},
            "officer": {SYSTEM_OFFICER: "Hệ thống (dòng lệnh)",
                        **sql.names(conn, "officers", "id", "full_name", scope)},
            "channel": {c.key: CHANNEL_LABELS[c] for c in Channel}}
