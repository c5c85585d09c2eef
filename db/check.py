"""Health check of a database file: integrity, schema, event log, projections."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db import chain, event_store
from db.connection import read_snapshot
from db.database import applied_names, schema_version
from db.migrations import SCHEMA_VERSION


def _search_index_problems(conn: sqlite3.Connection) -> list[str]:
    """The full-text index must be sound and index exactly the dossiers there are."""
    try:
        conn.execute("INSERT INTO dossier_search (dossier_search) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        return [f"dossier_search: {exc}"]
    stray = conn.execute(
        "SELECT (SELECT count(*) FROM dossier_search_docsize WHERE id NOT IN "
        "(SELECT rowid FROM dossiers)) + (SELECT count(*) FROM dossiers WHERE rowid NOT IN "
        "(SELECT id FROM dossier_search_docsize))").fetchone()[0]
    if stray:
        return [f"dossier_search: {stray} row(s) out of step with dossiers "
                "(run: counter-app db rebuild-projections)"]
    return []


def check(conn: sqlite3.Connection, path: Path) -> dict:
    """Read-only report; ``ok`` is true only if every check passed."""
    problems: list[str] = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append("integrity_check: " + "; ".join(integrity[:5]))
    problems += _search_index_problems(conn)
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"foreign_key_check: {len(fk)} row(s)")
    version = schema_version(conn)
    if version != SCHEMA_VERSION:
        problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
    with read_snapshot(conn):
        report = _event_log(conn, problems)
    return {
        "ok": not problems,
        "path": str(path),
        "integrity": integrity[0] if integrity == ["ok"] else "error",
        "schema_version": version,
        "expected_schema_version": SCHEMA_VERSION,
        "migrations": applied_names(conn),
        **report,
        "problems": problems,
    }


def _event_log(conn: sqlite3.Connection, problems: list[str]) -> dict:
    """The device's sequence and every device's hash chain, read in one snapshot."""
    device = conn.execute("SELECT device_id, next_seq FROM device_state WHERE id=1").fetchone()
    if device is None:
        problems.append("device_state missing")
    else:
        stats = conn.execute(
            "SELECT count(*), coalesce(max(device_seq), 0) FROM events WHERE device_id = ?",
            (device["device_id"],)).fetchone()
        if not (stats[0] == stats[1] == device["next_seq"] - 1):
            problems.append(
                f"device_seq not gap-free: {stats[0]} events, max seq {stats[1]}, "
                f"next {device['next_seq']}")
    links = chain.verify(conn)
    problems += [b.message for b in links.breaks]
    if links.break_count > len(links.breaks):
        problems.append(f"… và {links.break_count - len(links.breaks)} chỗ hỏng khác "
                        "trong nhật ký sự kiện.")
    return {
        "device_id": device["device_id"] if device else None,
        "event_count": event_store.count(conn),
        "pending_sync": event_store.pending_sync(conn),
        "chain": links.as_dict(),
    }
