"""Two PCs acting on one dossier at once: the rule (docs/OFFICE.md, "Work that crosses PCs").

Each step of a dossier (``dossier.status_changed``, ``dossier.apologized``,
``dossier.competent_received``) names the step
the officer's PC saw last (``based_on``: an event id, ``""`` for none yet). A step based on
the dossier's current step (``dossiers.last_step``) applies. Two steps based on the same
one conflict: **the earlier by the office's clock (HLC, then event id) is kept** and the
other is recorded in ``step_conflicts`` and changes nothing — so is every step that was
based on the loser. Every replica (each PC, the hub's read model, a rebuild) applies the
same events, in whatever order they arrive, to the same rows: when the earlier step arrives
after the later one was applied, the later one (and its followers) is undone from the
columns it found (``dossier_steps.before``) and the earlier one applied.

Steps without ``based_on`` (recorded before this rule) apply as before and do not move
``last_step``.
"""

from __future__ import annotations

import json
import sqlite3

from counter_app.domain.events import Event, dump_payload
from db.projections import owns

owns("dossier_steps", "step_conflicts")

# The columns a step may change (dossiers.py ``_STATUS_SET_COLUMNS`` and what the step
# handlers derive from them): restored when a step is undone.
STEP_COLUMNS = ("status", "transferred_at", "reason", "missing", "due_at", "resolved_at",
                "returned_at", "returned_to", "closed_at", "supplement_count",
                "deadline_day_start", "apology_number", "apologized_at", "apology_old_due",
                "counted_from", "competent_agency", "last_step")
REASON = "Máy khác đã thao tác trên hồ sơ này trước"


def admit(conn: sqlite3.Connection, e: Event) -> bool:
    """Whether the step ``e`` applies now (after undoing a later rival if it wins)."""
    if "based_on" not in e.payload:
        return True
    based_on = e.payload["based_on"] or ""
    row = conn.execute("SELECT " + ", ".join(STEP_COLUMNS) + " FROM dossiers WHERE id = ?",
                       (e.entity_id,)).fetchone()
    if row is None:
        return True         # the projection itself reports the missing dossier
    before = dict(zip(STEP_COLUMNS, row))
    current = before["last_step"] or ""
    depth = _depth(conn, based_on) + 1
    if based_on == current:
        _record(conn, e, based_on, depth, "applied", before)
        return True
    rival = conn.execute(
        "SELECT event_id, hlc, before, depth FROM dossier_steps WHERE dossier_id = ? "
        "AND based_on = ? AND state = 'applied'", (e.entity_id, based_on)).fetchone()
    if rival is None or (rival[1], rival[0]) < (e.hlc, e.id):
        _record(conn, e, based_on, depth, "rejected", before)
        _conflict(conn, e, rival[0] if rival else current)
        return False
    # ``e`` is earlier than the step applied on the same base: undo that one and every
    # step applied after it (they were all based on it), then apply ``e``.
    losers = [r[0] for r in conn.execute(
        "SELECT event_id FROM dossier_steps WHERE dossier_id = ? AND state = 'applied' "
        "AND depth >= ? ORDER BY depth", (e.entity_id, rival[3]))]
    restored = json.loads(rival[2])
    # A record written before a column joined STEP_COLUMNS lacks it: that column stays.
    columns = [c for c in STEP_COLUMNS if c in restored]
    conn.execute("UPDATE dossiers SET " + ", ".join(f"{c} = ?" for c in columns) +
                 " WHERE id = ?", (*(restored[c] for c in columns), e.entity_id))
    for loser in losers:
        conn.execute("UPDATE dossier_steps SET state = 'rejected', before = '{}' "
                     "WHERE event_id = ?", (loser,))
        conn.execute("DELETE FROM dossier_handovers WHERE event_id = ?", (loser,))
        _conflict_of(conn, loser, e.id)
    _record(conn, e, based_on, depth, "applied", restored)
    return True


def applied(conn: sqlite3.Connection, e: Event) -> None:
    """After the step's own changes: it is now the dossier's current step."""
    if "based_on" in e.payload:
        conn.execute("UPDATE dossiers SET last_step = ? WHERE id = ?", (e.id, e.entity_id))


def _depth(conn: sqlite3.Connection, event_id: str) -> int:
    if not event_id:
        return 0
    row = conn.execute("SELECT depth FROM dossier_steps WHERE event_id = ?",
                       (event_id,)).fetchone()
    return row[0] if row else 0


def _record(conn: sqlite3.Connection, e: Event, based_on: str, depth: int, state: str,
            before: dict) -> None:
    conn.execute("INSERT INTO dossier_steps (event_id, dossier_id, based_on, hlc, depth, state, "
                 "before, type, officer_id, device_id, at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                 (e.id, e.entity_id, based_on, e.hlc, depth, state,
                  dump_payload(before) if state == "applied" else "{}",
                  e.type, e.officer_id, e.device_id, e.recorded_at))


def _conflict(conn: sqlite3.Connection, e: Event, winner: str) -> None:
    conn.execute(
        "INSERT INTO step_conflicts (event_id, entity, entity_id, type, officer_id, device_id, "
        "at, winner, reason) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (event_id) DO NOTHING",
        (e.id, e.entity, e.entity_id, e.type, e.officer_id, e.device_id, e.recorded_at,
         winner, REASON))


def _conflict_of(conn: sqlite3.Connection, loser: str, winner: str) -> None:
    """Record an applied step that lost afterwards, from its step record (the read model
    has no event log to read it from)."""
    conn.execute(
        "INSERT INTO step_conflicts (event_id, entity, entity_id, type, officer_id, device_id, "
        "at, winner, reason) SELECT event_id, 'dossier', dossier_id, type, officer_id, "
        "device_id, at, ?, ? FROM dossier_steps WHERE event_id = ? "
        "ON CONFLICT (event_id) DO NOTHING", (winner, REASON, loser))
