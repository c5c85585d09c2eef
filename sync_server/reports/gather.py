"""Each office's report rows, read from its read model with the office app's own SQL.

The reports in ``counter_app.reports`` are written in SQL SQLite and PostgreSQL both
speak; here they run with the office's schema alone on the search path and through the
read model's dialect adapter (``?`` → ``%s``), so an unqualified ``dossiers`` is that
office's table. Every office is read in one REPEATABLE READ, READ ONLY transaction: the
figures of all offices come from one snapshot of the database.

Rows are tagged with their office before they are pooled: an officer, counter or
service id means something inside one office only, so its key becomes
``OFFICE/id``; field and procedure codes are national and stay as they are; each row
gets the office code as its last value (the "office" breakdown). The dossier report's
rows (most of them: several thousand an office) are kept as they came, one list an
office, and tagged as they are summed (``office_tally``): not copied row by row.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

import psycopg
from psycopg import sql as pg_sql

from counter_app.domain import ratings as rating_rules
from counter_app.reports import dossiers, payments, queue, ratings, sql
from counter_app.reports.period import Period
from sync_server.errors import ServerError
from sync_server.read_model import schema
from sync_server.read_model.dialect import ProjectionConnection
from sync_server.read_model.projector import search_path


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    schema: str
    refreshed_at: str | None


@dataclass
class Pool:
    """What the offices' reports are made of, pooled."""
    offices: list[Office]
    rows: list[tuple] = field(default_factory=list)          # queue, ratings: tagged rows
    # dossiers: each office's ``coded_groups`` rows as they came, (office code, rows), in
    # the offices' order; summed by ``dossiers.Tally`` (which tags the officers).
    dossiers: list[tuple[str, list[tuple]]] = field(default_factory=list)
    payments: list[tuple] = field(default_factory=list)      # payments.rows_of (dossiers)
    before: list[tuple] = field(default_factory=list)        # the year before (queue, ratings)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    procedures: int = 0
    levels: dict[str, str] = field(default_factory=dict)     # rating level → label
    ratings: tuple[list, list] = field(default_factory=lambda: ([], []))  # dossiers' ratings


class NotReady(ServerError):
    """An office asked for has no read model built by this server's rules yet."""


def offices(conn: psycopg.Connection, codes: list[str] | None) -> list[Office]:
    """The offices ``codes`` names (None: every office), each with a read model built by
    the current rules, or ``ServerError`` / ``NotReady`` saying which is missing."""
    rows = conn.execute(
        "SELECT o.code, o.name, r.schema_name, r.fingerprint, r.refreshed_at FROM offices o "
        "LEFT JOIN read_models r ON r.office = o.code "
        "WHERE %(codes)s::text[] IS NULL OR o.code = ANY(%(codes)s) ORDER BY o.code",
        {"codes": codes}).fetchall()
    found = {r[0] for r in rows}
    missing = [c for c in codes or () if c not in found]
    if missing:
        raise ServerError(f"Không có đơn vị {', '.join(missing)}.")
    if not rows:
        raise ServerError("Chưa có đơn vị nào.")
    current = schema.fingerprint()
    stale = [r[0] for r in rows if r[3] != current]
    if stale:
        raise NotReady(
            f"Mô hình đọc của đơn vị {', '.join(stale)} chưa được dựng theo quy tắc hiện "
            "hành; hãy chạy: counter-sync-server read-model refresh (hoặc dùng --refresh).")
    return [Office(r[0], r[1], r[2], r[4].isoformat() if r[4] else None) for r in rows]


def _tag(office: str, value: Any) -> Any:
    return None if value is None else f"{office}/{value}"


def office_tally(pool: Pool, by: tuple[str, ...]) -> dossiers.Tally:
    """The offices' dossier rows summed, their officers as ``OFFICE/id``."""
    tally = dossiers.Tally(by)
    for office, rows in pool.dossiers:
        tally.add(rows, office, partial(_tag, office))
    return tally


def _tagged_names(office: Office, names: dict[str, str]) -> dict[str, str]:
    return {f"{office.code}/{k}": f"{v} — {office.name}" for k, v in names.items()}


def _merge(into: dict[str, dict[str, str]], names: dict[str, dict[str, str]]) -> None:
    """Names of another office: a national code keeps the first office's name."""
    for by, pairs in names.items():
        target = into.setdefault(by, {})
        for key, name in pairs.items():
            target.setdefault(key, name)


def _levels(target: ProjectionConnection) -> list[tuple[str, str]]:
    """The office's rating scale (office_settings ``rating.scale``), as the app reads it."""
    row = sql.rows(target, "SELECT value FROM office_settings WHERE key = ?", ["rating.scale"])
    return [(lv.code, lv.label) for lv in
            rating_rules.scale_from(json.loads(row[0][0]) if row else None)]


def _rating_rows(target: ProjectionConnection, office: Office, period: Period) -> list:
    return [(_tag(office.code, o), s, lv, ok, n, office.code)
            for o, s, lv, ok, n in ratings.rows_of(target, period)]


def collect(conn: psycopg.Connection, chosen: list[Office], kind: str, period: Period,
            now: str, connect: Callable[[], psycopg.Connection] | None = None,
            workers: int = 1) -> Pool:
    """Every office's rows for a report of ``kind``, pooled, from one snapshot.

    With ``workers`` > 1 and ``connect`` (a new connection to the same database), the
    offices are read by that many connections at once, each in its own slice of the
    offices, all in the snapshot this transaction exports (``pg_export_snapshot``), so
    the figures are still of one moment; PostgreSQL then uses as many cores."""
    pool = Pool(chosen, names={"office": {o.code: o.name for o in chosen}})
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        if workers <= 1 or connect is None or len(chosen) < 2:
            _slice(conn, chosen, kind, period, now, pool)
            return pool
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        size = -(-len(chosen) // workers)
        slices = [chosen[i:i + size] for i in range(0, len(chosen), size)]

        def read(offices: list[Office]) -> Pool:
            part = Pool(offices)
            with connect() as other, other.transaction():
                other.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                other.execute(pg_sql.SQL("SET TRANSACTION SNAPSHOT {}").format(
                    pg_sql.Literal(snapshot)))
                _slice(other, offices, kind, period, now, part)
            return part
        with ThreadPoolExecutor(len(slices)) as threads:
            parts = list(threads.map(read, slices))
    for part in parts:                        # in the offices' order: the same result
        pool.rows += part.rows
        pool.dossiers += part.dossiers
        pool.payments += part.payments
        pool.before += part.before
        _merge(pool.names, part.names)
        pool.procedures += part.procedures
        for code, label in part.levels.items():
            pool.levels.setdefault(code, label)
        pool.ratings[0].extend(part.ratings[0])
        pool.ratings[1].extend(part.ratings[1])
    return pool


def _slice(conn: psycopg.Connection, offices: list[Office], kind: str, period: Period,
           now: str, pool: Pool) -> None:
    previous = period.year_before()
    for office in offices:
        with search_path(conn, office.schema):
            _one(ProjectionConnection(conn), office, kind, period, previous, now, pool)


def _one(target: ProjectionConnection, office: Office, kind: str, period: Period,
         previous: Period, now: str, pool: Pool) -> None:
    levels = _levels(target)
    for code, label in levels:
        pool.levels.setdefault(code, label)
    if kind == "dossiers":
        pool.dossiers.append((office.code, dossiers.coded_groups(target, period, previous,
                                                                 now)))
        pool.payments += [(*r[:4], _tag(office.code, r[4]), *r[5:7], office.code)
                          for r in payments.rows_of(target, period, previous)]
        names = dossiers.names_of(target)
        names["officer"] = _tagged_names(office, names["officer"])
        pool.procedures += dossiers.procedures_of(target)
        pool.ratings[0].extend(_rating_rows(target, office, period))
        pool.ratings[1].extend(_rating_rows(target, office, previous))
    elif kind == "queue":
        def tickets(p: Period) -> list[tuple]:
            return [(*t[:queue.COUNTER], _tag(office.code, t[queue.COUNTER]),
                     _tag(office.code, t[queue.OFFICER]), _tag(office.code, t[queue.SERVICE]),
                     office.code) for t in queue.tickets_of(target, p)]
        pool.rows += tickets(period)
        pool.before += tickets(previous)
        names = queue.names_of(target)
        for by in ("counter", "officer", "service"):
            names[by] = _tagged_names(office, names[by])
    else:
        pool.rows += _rating_rows(target, office, period)
        pool.before += _rating_rows(target, office, previous)
        names = {"officer": _tagged_names(office, ratings.officer_names(target)),
                 "source": ratings.SOURCE_NAMES}
    _merge(pool.names, names)
