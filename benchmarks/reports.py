"""The yearly dossier report over 100,000 dossiers received in the year.

Budget (shared/architecture.md §7): ≤ 1 s for the yearly report over 100,000 dossiers.
The data set holds the year before too (as many dossiers, for the year-on-year columns
and the dossiers carried over), with a realistic mix of channels, supplements, apologies
and late results, and the counter's guidance and refusal slips (about one submission in
ten: slips, not dossiers); the timing is the whole report — totals, year-on-year and
the four breakdowns — as ``counter-app report dossiers`` computes it, then its XLSX and
PDF files apart.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.harness import demo_dataset, measure, report, summarise
from counter_app.domain.clock import local_day_start
from counter_app.domain.ids import new_id
from counter_app.reports.period import Period
from counter_app.services import reports
from counter_app.services.core import Core
from db.connection import write_transaction

YEAR = 2026
PROCEDURES = [("DEMO-HT-05", "HOTICH", 3), ("DEMO-HT-01", "HOTICH", 0),
              ("DEMO-CT-01", "CHUNGTHUC", 0), ("DEMO-CT-03", "CHUNGTHUC", 2),
              ("DEMO-KD-01", "KINHDOANH", 3), ("DEMO-BT-02", "BAOTRO", 5)]
_COLS = ("id", "code", "procedure_code", "procedure_name", "field_code", "applicant_name",
         "channel", "outcome", "status", "received_at", "due_at", "resolved_at",
         "returned_at", "closed_at", "supplement_count", "apology_number", "apologized_at",
         "apology_old_due", "digitised", "citizen_not_write", "result_delivery", "officer_id",
         "updated_at", "deadline_day_start")


_SLIP_COLS = ("id", "kind", "number", "year", "seq", "procedure_code", "procedure_name",
              "field_code", "applicant_name", "channel", "issued_at", "officer_id",
              "device_id")


def build(folder: Path, size: int) -> tuple[Path, Path]:
    # "slips": data sets built before guidance and refusal became slips are not reused.
    return demo_dataset(folder, f"reports-slips-{size}", lambda core: _fill(core, size))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _fill(core: Core, size: int) -> None:
    rnd = random.Random(766)
    officers = [r[0] for r in core.conn.execute("SELECT id FROM officers")]
    sql = f"INSERT INTO dossiers ({', '.join(_COLS)}) VALUES ({','.join('?' * len(_COLS))})"
    slip_sql = (f"INSERT INTO counter_slips ({', '.join(_SLIP_COLS)}) "
                f"VALUES ({','.join('?' * len(_SLIP_COLS))})")
    for year in (YEAR - 1, YEAR):
        start = datetime(year, 1, 1, 1, tzinfo=timezone.utc)
        for lo in range(0, size, 20_000):
            rows = [_row(rnd, start, officers, year, i) for i in range(lo, min(size, lo + 20_000))]
            # About one submission in ten more is guided or refused at the counter: a slip.
            slips = [_slip(rnd, start, officers, year, i)
                     for i in range(lo, min(size, lo + 20_000)) if rnd.random() < 0.1]
            with write_transaction(core.conn):
                core.conn.executemany(sql, rows)
                core.conn.executemany(slip_sql, slips)
    core.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _row(rnd: random.Random, start: datetime, officers: list[str], year: int, i: int) -> tuple:
    code, field, days = rnd.choice(PROCEDURES)
    received = start + timedelta(minutes=rnd.randrange(365 * 24 * 60))
    due = received + timedelta(days=days, hours=rnd.randrange(1, 9))
    supplements = rnd.choices([0, 1, 2], [85, 12, 3])[0]
    resolved = returned = closed = apology = apologized = old_due = None
    end = rnd.random()
    if end < 0.85:
        resolved = received + timedelta(hours=rnd.randrange(1, 24 * (days + 3) + 2))
        status = 9
        if rnd.random() < 0.8:
            returned, status = resolved + timedelta(hours=rnd.randrange(1, 72)), 10
    elif end < 0.9:
        closed, status = received + timedelta(days=rnd.randrange(1, 10)), rnd.choice([7, 8])
    else:
        status = 4
    if rnd.random() < 0.03:
        apology, apologized = f"{i:05d}/{year}/PXL", received + timedelta(days=days)
        old_due, due = due, due + timedelta(days=5)
    when = [None if t is None else _stamp(t) for t in (resolved, returned, closed, apologized)]
    return (new_id(), f"BENCH-{year}-{i:06d}", code, code, field, f"Công dân {i}",
            rnd.choice([1, 1, 2, 2, 2, 3]), "received", status, _stamp(received),
            _stamp(due), when[0], when[1], when[2],
            supplements, apology, when[3], _stamp(old_due) if old_due else None,
            int(rnd.random() < 0.6), int(rnd.random() < 0.1),
            rnd.choice(["counter", "post", "online"]), rnd.choice(officers), _stamp(received),
            local_day_start(_stamp(old_due or due)))


def _slip(rnd: random.Random, start: datetime, officers: list[str], year: int,
          i: int) -> tuple:
    code, field, _ = rnd.choice(PROCEDURES)
    kind, suffix = rnd.choice([("guidance", "HDHS")] * 3 + [("refusal", "TCHS")] * 2)
    issued = start + timedelta(minutes=rnd.randrange(365 * 24 * 60))
    return (new_id(), kind, f"{i:06d}/{year}/{suffix}", year, i, code, code, field,
            f"Công dân {i}", rnd.choice([1, 1, 2, 2, 2, 3]), _stamp(issued),
            rnd.choice(officers), "bench")


def run(size: int, runs: int, as_json: bool, data_dir: Path) -> None:
    t0 = time.perf_counter()
    db, cfg = build(data_dir, size)
    built_s = time.perf_counter() - t0
    core = Core.open(db, cfg, system=True)
    period = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    data = reports.build(core, "dossiers", period)
    timings = [measure("yearly dossier report (all breakdowns)",
                       lambda i: reports.build(core, "dossiers", period), runs, warmup=1)]
    # CPU time of the same runs: on a shared, loaded machine the wall time above counts
    # the waits for a core too; this is what the report itself costs.
    cpu = []
    for _ in range(runs):
        t = time.process_time()
        reports.build(core, "dossiers", period)
        cpu.append((time.process_time() - t) * 1000)
    timings.append(summarise("  the same, CPU time", cpu))
    out = data_dir / "report-bench"
    timings.append(measure("  its XLSX file", lambda i: reports.write(
        core, data, "xlsx", out.with_suffix(".xlsx")), max(1, runs // 2), warmup=1))
    timings.append(measure("  its PDF file", lambda i: reports.write(
        core, data, "pdf", out.with_suffix(".pdf")), max(1, runs // 2), warmup=1))
    dossiers_in_year = data["totals"]["received"] - data["totals"]["carried_over"]
    report("reports", timings, {
        "dossiers_in_store": core.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0],
        "slips_in_store": core.conn.execute("SELECT count(*) FROM counter_slips").fetchone()[0],
        "new_dossiers_in_year": dossiers_in_year, "built_s": round(built_s, 1),
        "budget_ms": 1000, "load_average": [round(x, 2) for x in os.getloadavg()]}, as_json)
    core.close()
