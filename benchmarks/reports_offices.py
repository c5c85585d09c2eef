"""The yearly report across offices on the central server: 1,000,000 dossiers received
in the year in 100 offices (and as many the year before, for the year-on-year columns
and the dossiers carried over), with the counter's guidance and refusal slips.

The data is not pushed through the protocol (a million dossiers' events would take an
hour to sync and project, and ``python -m benchmarks sync`` measures that path): each
office's read model is built by the server's own ``read_model.ensure`` (the client's
schema, translated), its catalogue, officers and settings are the demo office's rows,
and its dossiers and slips — the same generator as ``python -m benchmarks reports``
(benchmarks/reports.py) — are written with PostgreSQL's ``COPY`` straight into the
office's ``dossiers`` and ``counter_slips`` tables, then ``ANALYZE``. The timing is
``counter-sync-server report dossiers --all`` as it computes: every office's rows read
with the office app's SQL on its schema in one snapshot, pooled, every breakdown
(office, field, procedure, officer, channel) and the ratings; then the same with as
many connections as the machine has cores (``--workers``); then its XLSX and PDF.
The database is dropped at the end.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date, datetime, timezone
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks.harness import demo_dataset, measure, report, summarise
from benchmarks.reports import _COLS, _SLIP_COLS, YEAR, _row, _slip
from benchmarks.sync import scratch_database
from counter_app.reports.period import Period
from sync_server import admin, read_model
from sync_server.reports import build

# The demo office's rows every benchmark office starts from (names, the remit).
CATALOGUE = ("fields", "procedures", "officers", "counters", "services", "office_settings")


def _copy(conn: psycopg.Connection, schema: str, table: str, columns, rows) -> int:
    statement = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
        sql.Identifier(schema), sql.Identifier(table),
        sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    n = 0
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def _catalogue(template: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    import sqlite3
    conn = sqlite3.connect(template)
    try:
        out = {}
        for table in CATALOGUE:
            cur = conn.execute(f"SELECT * FROM {table}")
            out[table] = ([d[0] for d in cur.description], cur.fetchall())
        return out
    finally:
        conn.close()


def fill(conn: psycopg.Connection, template: Path, offices: int, per_office: int) -> dict:
    """``offices`` offices, each with ``per_office`` dossiers a year for two years."""
    catalogue = _catalogue(template)
    officers = [r[0] for r in catalogue["officers"][1]]
    rnd = random.Random(766)
    counts = {"dossiers": 0, "slips": 0}
    for n in range(offices):
        code = f"BENCH-{n:03d}"
        admin.add_office(conn, code, f"Phường thử nghiệm {n:03d}", None)
        name, _ = read_model.ensure(conn, code)
        with conn.transaction():
            for table, (columns, rows) in catalogue.items():
                _copy(conn, name, table, columns, rows)
            for year in (YEAR - 1, YEAR):
                start = datetime(year, 1, 1, 1, tzinfo=timezone.utc)
                counts["dossiers"] += _copy(conn, name, "dossiers", _COLS, (
                    _row(rnd, start, officers, year, i) for i in range(per_office)))
                counts["slips"] += _copy(conn, name, "counter_slips", _SLIP_COLS, (
                    _slip(rnd, start, officers, year, i) for i in range(per_office)
                    if rnd.random() < 0.1))
    conn.execute("ANALYZE")
    return counts


def _cpu_ms(pid: int) -> float | None:
    """CPU time (user + system) of a PostgreSQL backend on this machine, from /proc: with
    this process's own, what the report costs whatever else the machine is doing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def run(size: int, runs: int, as_json: bool, data_dir: Path, offices: int = 100) -> None:
    per_office = max(1, size // offices)
    template, _ = demo_dataset(data_dir, "reports-offices-demo", lambda core: None)
    with scratch_database() as dsn, psycopg.connect(dsn, autocommit=True) as conn:
        t0 = time.perf_counter()
        counts = fill(conn, template, offices, per_office)
        built_s = time.perf_counter() - t0
        period = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
        data = build.build(conn, "dossiers", period, None)
        timings = [measure(f"yearly report, {offices} offices (all breakdowns)",
                           lambda i: build.build(conn, "dossiers", period, None),
                           runs, warmup=1)]
        workers = os.cpu_count() or 2

        def parallel(i: int) -> dict:
            return build.build(conn, "dossiers", period, None,
                               connect=lambda: psycopg.connect(dsn, autocommit=True),
                               workers=workers)
        assert parallel(0)["totals"] == data["totals"]
        timings.append(measure(f"  the same, {workers} connections at once", parallel, runs,
                               warmup=0))
        cpu, server_cpu = [], []
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        for _ in range(runs):
            t, s0 = time.process_time(), _cpu_ms(backend)
            build.build(conn, "dossiers", period, None)
            cpu.append((time.process_time() - t) * 1000)
            s1 = _cpu_ms(backend)
            if s0 is not None and s1 is not None:
                server_cpu.append(s1 - s0)
        timings.append(summarise("  the same, CPU time of this process", cpu))
        if server_cpu:
            timings.append(summarise("  the same, CPU time of PostgreSQL", server_cpu))
        few = max(1, runs // 2)
        timings.append(measure("  its XLSX file", lambda i: build.render(data, "xlsx"),
                               few, warmup=1))
        timings.append(measure("  its PDF file", lambda i: build.render(data, "pdf"),
                               few, warmup=1))
        size_mb = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        server = conn.execute("SHOW server_version").fetchone()[0]
    t = data["totals"]
    report("reports-offices", timings, {
        "offices": offices, "dossiers_in_store": counts["dossiers"],
        "slips_in_store": counts["slips"],
        "new_dossiers_in_year": t["received"] - t["carried_over"],
        "breakdown_rows": {b: len(rows) for b, rows in data["breakdowns"].items()},
        "built_s": round(built_s, 1), "database_mb": round(size_mb / 2**20),
        "postgresql": server, "load_average": [round(x, 2) for x in os.getloadavg()]},
        as_json)
