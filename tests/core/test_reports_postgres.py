"""The reports' SQL is portable: the same functions over a real PostgreSQL holding the
client's projection tables (same table and column names, as the central server's read
model will) give exactly the figures they give over the office's SQLite file — and with
``scope`` they report one office out of several kept in the same tables."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from counter_app.reports import dossiers, queue
from counter_app.reports.period import Period, utc_text
from counter_app.services.core import Core
from tests.core import report_dataset
from tests.sync_server.pg import fresh_database

psycopg = pytest.importorskip("psycopg")
TABLES = ("dossiers", "dossier_payments", "counter_slips", "fields", "procedures",
          "officers", "counters", "services", "tickets")
TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "TEXT": 'TEXT COLLATE "C"'}


@pytest.fixture(scope="module")
def office(tmp_path_factory, demo_template):
    folder = tmp_path_factory.mktemp("report-pg")
    for name in ("db.sqlite", "config.json"):
        shutil.copy(demo_template / name, folder / name)
    core = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
    history = report_dataset.build(core, folder, dossiers_count=150, seed=118)
    yield core, history
    core.close()


def copy_tables(core: Core, pg, office_id: str) -> None:
    """The projection tables into PostgreSQL, text in the "C" collation (UTC ISO times
    must compare as plain text: a language collation ignores the punctuation)."""
    for table in TABLES:
        info = core.conn.execute(f"PRAGMA table_info({table})").fetchall()
        names = [c["name"] for c in info]
        columns = ", ".join(f"{c['name']} {TYPES.get(c['type'], 'TEXT')}" for c in info)
        pg.execute(f'CREATE TABLE IF NOT EXISTS {table} (office_id TEXT COLLATE "C", '
                   f"{columns})")
        rows = [(office_id, *r) for r in core.conn.execute(
            f"SELECT {', '.join(names)} FROM {table}")]
        with pg.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} (office_id, {', '.join(names)}) VALUES "
                            f"({', '.join(['%s'] * (len(names) + 1))})", rows)


@pytest.fixture(scope="module")
def pg(office):
    """Office A is the generated office; office B, in the same tables, has A's catalogue
    and officers but only A's online dossiers and slips."""
    core, _ = office
    with fresh_database() as dsn, psycopg.connect(dsn) as conn:
        copy_tables(core, conn, "A")
        for table in TABLES:
            names = [c["name"] for c in core.conn.execute(f"PRAGMA table_info({table})")]
            only = " AND channel = 2" if table in ("dossiers", "counter_slips") else \
                " AND false" if table == "tickets" else ""
            conn.execute(f"INSERT INTO {table} SELECT 'B', {', '.join(names)} FROM {table} "
                         f"WHERE office_id = 'A'{only}")
        conn.commit()
        yield conn


@pytest.mark.parametrize("period", [Period(date(2026, 1, 1), date(2026, 3, 31)),
                                    Period(date(2025, 1, 1), date(2025, 12, 31))],
                         ids=lambda p: f"{p.start}..{p.end}")
def test_the_dossier_report_is_the_same_on_postgresql(office, pg, period):
    core, history = office
    now = utc_text(history.now)
    on_sqlite = dossiers.report(core.conn, period, now)
    on_postgres = dossiers.report(pg, period, now, scope={"office_id": "A"})
    assert on_postgres == on_sqlite
    assert on_sqlite["totals"]["received"] > 0 and on_sqlite["totals"]["guided"] > 0


def test_the_queue_report_is_the_same_on_postgresql(office, pg):
    core, _ = office
    period = Period(date(2026, 2, 1), date(2026, 2, 28))
    assert queue.report(pg, period, scope={"office_id": "A"}) == queue.report(core.conn, period)


def test_scope_reports_one_office_of_several(office, pg):
    """Office B holds exactly office A's online dossiers and slips: its report is A's
    "online" row."""
    core, history = office
    period = Period(date(2026, 1, 1), date(2026, 3, 31))
    now = utc_text(history.now)
    a = dossiers.report(pg, period, now, scope={"office_id": "A"})
    b = dossiers.report(pg, period, now, scope={"office_id": "B"})
    online = next(r for r in a["breakdowns"]["channel"] if r["key"] == "online")
    assert {k: v for k, v in b["totals"].items() if k != "procedures"} == \
        {k: v for k, v in online.items() if k not in ("key", "name", "previous")}
    assert b["previous_totals"] == online["previous"]
    assert b["totals"]["received_direct"] == 0 < b["totals"]["received_online"]
    assert queue.report(pg, period, scope={"office_id": "B"})["totals"]["tickets"] == 0
