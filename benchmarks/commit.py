"""Commit of a simple command with N events already in the store, beside a bare
SQLite insert of the same rows into a table of the same shape, in the same run.

Budget (shared/architecture.md §7): within 3× of the bare insert.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.harness import demo_dataset, measure, report
from counter_app.domain.events import CHAINED_FIELDS, NewEvent, chain_hash, dump_payload
from counter_app.domain.ids import new_id
from counter_app.services.core import Core
from db.connection import write_transaction

_COLS = ("id, device_id, device_seq, hlc, officer_id, entity, entity_id, type, "
         "schema_version, payload, recorded_at, prev_hash, hash")
_VALUES = "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"


def build(folder: Path, size: int) -> tuple[Path, Path]:
    """A demo database plus ``size`` stored events (built once, then reused)."""
    return demo_dataset(folder, f"commit-{size}", lambda core: _fill(core, size))


def _fill(core: Core, size: int) -> None:
    conn = core.conn
    conn.execute(f"CREATE TABLE IF NOT EXISTS bare_events AS SELECT * FROM events WHERE 0")
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS bare_id ON bare_events (id)")
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS bare_seq ON bare_events (device_id, device_seq)")
    conn.execute("CREATE INDEX IF NOT EXISTS bare_entity ON bare_events (entity, entity_id)")
    device = core.device_id
    start, last = conn.execute("SELECT next_seq, last_hash FROM device_state").fetchone()
    batch = 50_000
    for lo in range(0, size, batch):
        rows = []
        for i in range(lo, min(size, lo + batch)):      # a valid chain: `db check` passes
            rows.append(_synthetic(device, start + i, last))
            last = rows[-1][-1]
        with write_transaction(conn):
            conn.executemany(f"INSERT INTO events ({_COLS}) {_VALUES}", rows)
            conn.executemany(f"INSERT INTO bare_events ({_COLS}) {_VALUES}", rows)
            conn.execute("UPDATE device_state SET next_seq = ?, last_hash = ?",
                         (start + len(rows) + lo, last))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _synthetic(device: str, seq: int, prev_hash: str = "") -> tuple:
    payload = {"number": f"A{seq % 1000:03d}", "service": "HOTICH"}
    row = (new_id(), device, seq, f"{1_700_000_000_000 + seq:013d}-000000-{device}",
           "system", "ticket", new_id(), "bench.synthetic", 1, payload,
           "2026-01-01T00:00:00.000Z")
    link = chain_hash(dict(zip(CHAINED_FIELDS, row)), prev_hash)
    return row[:9] + (dump_payload(payload), row[10], prev_hash, link)


def run(size: int, runs: int, as_json: bool, data_dir: Path) -> None:
    t0 = time.perf_counter()
    db, cfg = build(data_dir, size)
    built_s = time.perf_counter() - t0
    core = Core.open(db, cfg, system=True)
    conn = core.conn
    counter_id = conn.execute("SELECT id FROM counters ORDER BY number LIMIT 1").fetchone()[0]

    def command(i: int) -> None:
        core.record([NewEvent("counter", counter_id, "counter.updated", {"name": f"Quầy {i}"})])

    def bare(i: int) -> None:
        row = _synthetic(core.device_id, 10**9 + i + 10) if i >= 0 else \
            _synthetic(core.device_id, 2 * 10**9 - i)
        with write_transaction(conn):
            conn.execute(f"INSERT INTO bare_events ({_COLS}) {_VALUES}", row)

    ours = measure("command → event + projection (commit)", command, runs)
    base = measure("bare SQLite insert of one row (commit)", bare, runs)
    stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    core.close()
    report("commit", [ours, base], {
        "events_in_store": stored, "dataset_build_s": round(built_s, 1),
        "ratio_p50": round(ours.p50_ms / base.p50_ms, 2),
        "ratio_p95": round(ours.p95_ms / base.p95_ms, 2), "budget_ratio": 3.0}, as_json)
