"""Dossiers received on behalf of another commune whose competent agency receives them
later (issue 13 §6): the step that records that receipt (m019)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS


@MIGRATIONS(name="m019_competent_receipt_step")
def m019_competent_receipt_step(db: Database) -> None:
    """``dossier.competent_received`` is a step (db/projections/steps.py) that changes
    ``counted_from`` and ``competent_agency``, so a step's record of the columns it found
    (``dossier_steps.before``, restored when the step is undone) holds those two as well.
    Before this version no step changed them: the value each step found is the dossier's
    value now. Written as the projection writes it (canonical JSON), so a rebuild from the
    event log gives the same text. No column is added: ``due_at`` was always nullable (a
    pending due date is NULL)."""
    from counter_app.domain.events import dump_payload
    conn = db.conn
    rows = conn.execute(
        "SELECT s.event_id, s.before, d.counted_from, d.competent_agency FROM dossier_steps s "
        "JOIN dossiers d ON d.id = s.dossier_id WHERE s.state = 'applied'").fetchall()
    for event_id, before, counted_from, agency in rows:
        found = json.loads(before)
        found.update(counted_from=counted_from, competent_agency=agency)
        conn.execute("UPDATE dossier_steps SET before = ? WHERE event_id = ?",
                     (dump_payload(found), event_id))
