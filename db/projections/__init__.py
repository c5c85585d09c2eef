"""Projections: the tables the UI reads, kept by the single ``apply(event)`` path.

Local commands and events pulled from the server go through the same
``apply``; ``rebuild`` replays the whole log into empty tables and must give
the same rows (a test checks it).

The sync server runs these same handlers on PostgreSQL for each office's read model
(sync_server/read_model), so their SQL is the dialect both speak: ``?`` placeholders,
``ON CONFLICT … DO UPDATE SET c = excluded.c`` with the target's own columns qualified by
the table name, ``CASE``/``coalesce`` rather than SQLite's two-argument ``max``/``min``,
``iif`` or ``json_*``; values bound, never formatted in. tests/sync_server/test_read_model.py
fails on anything else.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Callable

from counter_app.domain.events import Event

log = logging.getLogger(__name__)

Handler = Callable[[sqlite3.Connection, Event], None]
_HANDLERS: dict[str, Handler] = {}
# Every table a projection writes, cleared by rebuild.
TABLES: list[str] = ["field_versions"]


def handles(event_type: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        if event_type in _HANDLERS:
            raise ValueError(f"two projections for {event_type}")
        _HANDLERS[event_type] = fn
        return fn
    return register


# Statements run after a full replay (e.g. rebuilding a full-text index).
AFTER_REBUILD: list[str] = []


def owns(*tables: str) -> None:
    TABLES.extend(t for t in tables if t not in TABLES)


def apply(conn: sqlite3.Connection, event: Event) -> None:
    """Project one event. Unknown types (from a newer app) are kept in the log
    and projected after an upgrade by ``rebuild``."""
    handler = _HANDLERS.get(event.type)
    if handler is None:
        log.warning("no projection for event type %s (kept in the log)", event.type)
        return
    handler(conn, event)


def known_types() -> set[str]:
    return set(_HANDLERS)


# Register the projection modules (import for their side effect).
from db.projections import (calendar, catalogue, citizens, codes, dossiers,  # noqa: E402,F401
                            form_sets, office, officers, queue_settings, ratings, slips,
                            tickets)
