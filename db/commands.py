"""Command → events → projections, in one transaction."""

from __future__ import annotations

import sqlite3
from typing import Callable, Iterable

from counter_app.domain.events import Event, NewEvent
from db import event_store, projections
from db.connection import write_transaction

Decide = Callable[[sqlite3.Connection], Iterable[NewEvent]]


def record(conn: sqlite3.Connection, now_ms: int, officer_id: str,
           decide: Decide | Iterable[NewEvent]) -> list[Event]:
    """Run one user action: ``decide`` reads current state inside the write
    transaction and returns the events; they are stored and projected before
    COMMIT. Any exception rolls everything back: all or nothing."""
    with write_transaction(conn):
        drafts = list(decide(conn) if callable(decide) else decide)
        events = event_store.append(conn, now_ms, officer_id, drafts)
        for event in events:
            projections.apply(conn, event)
    return events


def rebuild_projections(conn: sqlite3.Connection) -> int:
    """Empty every projection table and replay the log; returns events replayed."""
    with write_transaction(conn):
        return replay(conn)


def replay(conn: sqlite3.Connection) -> int:
    """``rebuild_projections`` inside the caller's write transaction."""
    for table in projections.TABLES:
        conn.execute(f"DELETE FROM {table}")
    n = 0
    for event in event_store.all_events(conn):
        projections.apply(conn, event)
        n += 1
    for statement in projections.AFTER_REBUILD:
        conn.execute(statement)
    return n
