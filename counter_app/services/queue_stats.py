"""Queue figures for the board and for reports (shared/domain.md §7, queue measures).

wait = ticket issued → first call; service = service start (or call) → finish;
service level = share of called tickets called within a threshold (15 min by
default); no-shows; tickets per service, counter, officer and hour.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from counter_app.domain.clock import to_local
from counter_app.services.core import Core, guarded
from counter_app.services.queue import today

GROUPS = ("service", "counter", "officer", "hour")


@guarded
def status(core: Core, recent: int = 8) -> dict:
    """What the display board and the counter panel show right now."""
    conn, day = core.conn, today(core).isoformat()
    services = [dict(r) for r in conn.execute(
        "SELECT s.code, s.name, s.prefix, "
        "sum(t.status = 'waiting') AS waiting, "
        "sum(t.status = 'waiting' AND t.priority_code IS NOT NULL) AS priority_waiting, "
        "count(t.id) AS issued FROM services s LEFT JOIN tickets t "
        "ON t.service_id = s.id AND t.day = ? WHERE s.active = 1 "
        "GROUP BY s.id ORDER BY s.position, s.prefix", (day,))]
    for s in services:
        s["waiting"], s["priority_waiting"] = s["waiting"] or 0, s["priority_waiting"] or 0
    counters = []
    for c in conn.execute("SELECT number, name FROM counters WHERE active = 1 ORDER BY number"):
        cur = conn.execute(
            "SELECT number, status FROM tickets WHERE day = ? AND counter = ? AND "
            "status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1",
            (day, c["number"])).fetchone()
        counters.append({"number": c["number"], "name": c["name"],
                         "current": cur["number"] if cur else None,
                         "status": cur["status"] if cur else None})
    calls = [dict(r) for r in conn.execute(
        "SELECT c.number, c.counter, c.called_at, c.recall FROM ticket_calls c "
        "JOIN tickets t ON t.id = c.ticket_id WHERE t.day = ? ORDER BY c.hlc DESC LIMIT ?",
        (day, recent))]
    for call in calls:
        call["recall"] = bool(call["recall"])
    return {"day": day, "services": services, "counters": counters, "recent_calls": calls}


def _minutes(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    a = datetime.fromisoformat(start.replace("Z", "+00:00"))
    b = datetime.fromisoformat(end.replace("Z", "+00:00"))
    return (b - a).total_seconds() / 60


def _key(row, group: str) -> str:
    if group == "hour":
        issued = datetime.fromisoformat(row["issued_at"].replace("Z", "+00:00"))
        return f"{to_local(issued).hour:02d}:00"
    value = row[group]
    return "" if value is None else str(value)


@guarded
def stats(core: Core, start: date, end: date, group: str = "service",
          threshold_min: float = 15) -> list[dict]:
    """Per-group figures for tickets issued from ``start`` to ``end`` (inclusive)."""
    if group not in GROUPS:
        raise ValueError(group)
    rows = core.conn.execute(
        "SELECT t.*, s.code AS service, o.username AS officer FROM tickets t "
        "JOIN services s ON s.id = t.service_id LEFT JOIN officers o ON o.id = t.officer_id "
        "WHERE t.day BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        groups[_key(r, group)].append(r)
    return [_figures(key, items, threshold_min) for key, items in sorted(groups.items())]


def _figures(key: str, items: list, threshold_min: float) -> dict:
    waits = [w for r in items if (w := _minutes(r["issued_at"], r["first_called_at"])) is not None]
    services = [m for r in items if r["status"] == "done" and
                (m := _minutes(r["started_at"] or r["called_at"], r["finished_at"])) is not None]
    return {
        "key": key, "tickets": len(items),
        "served": sum(r["status"] == "done" for r in items),
        "no_shows": sum(r["status"] == "no_show" for r in items),
        "cancelled": sum(r["status"] == "cancelled" for r in items),
        "waiting": sum(r["status"] == "waiting" for r in items),
        "avg_wait_min": round(sum(waits) / len(waits), 1) if waits else None,
        "max_wait_min": round(max(waits), 1) if waits else None,
        "avg_service_min": round(sum(services) / len(services), 1) if services else None,
        "service_level": round(sum(w <= threshold_min for w in waits) / len(waits), 3)
        if waits else None,
    }


@guarded
def calls_since(core: Core, after: str | None) -> list[dict]:
    """Calls (and recalls) made after the call whose ``hlc`` is ``after``, oldest first.

    The display board keeps the last ``hlc`` it announced and asks for newer
    ones, so every call is announced once, in order, even if two come together.
    """
    rows = core.conn.execute(
        "SELECT c.event_id, c.number, c.counter, c.called_at, c.hlc, c.recall, "
        "s.name AS service_name FROM ticket_calls c JOIN tickets t ON t.id = c.ticket_id "
        "JOIN services s ON s.id = t.service_id WHERE t.day = ? AND c.hlc > ? ORDER BY c.hlc",
        (today(core).isoformat(), after or ""))
    return [dict(r) | {"recall": bool(r["recall"])} for r in rows]
