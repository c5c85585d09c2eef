"""Office mode (issue 12, docs/OFFICE.md): numbers and steps shared by every PC of an
office (m015)."""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS, run_sql


@MIGRATIONS(name="m015_office_numbers_and_steps")
def m015_office_numbers_and_steps(db: Database) -> None:
    """Code leases: the blocks of the daily dossier-code sequence the office hub lent to
    each device (a projection of the hub's ``code_lease.granted``), so PCs working offline
    never mint the same code. Dossier steps: each step (``dossier.status_changed``,
    ``dossier.apologized``) names the step it was based on (``based_on``); ``last_step``
    is the dossier's current one and ``dossier_steps`` every step with its fate and the
    columns as they were before it (to undo a step that lost to an earlier one).
    A form set records which event used it (``used_event``, ``used_hlc``, by whom): of two
    intakes using one set, the earlier keeps it. ``step_conflicts``: steps not applied because another PC acted first (the losing
    officer is told; the dossier's history shows them)."""
    run_sql(db, """
    CREATE TABLE code_leases (
        id TEXT PRIMARY KEY,
        agency TEXT NOT NULL,
        day TEXT NOT NULL,
        seq_start INTEGER NOT NULL,
        seq_end INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        leased_at TEXT NOT NULL
    );
    CREATE INDEX code_leases_device ON code_leases (device_id, agency, day);
    ALTER TABLE dossiers ADD COLUMN last_step TEXT;
    ALTER TABLE form_sets ADD COLUMN used_event TEXT;
    ALTER TABLE form_sets ADD COLUMN used_hlc TEXT;
    ALTER TABLE form_sets ADD COLUMN used_officer TEXT;
    ALTER TABLE form_sets ADD COLUMN used_device TEXT;
    CREATE TABLE dossier_steps (
        event_id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL,
        based_on TEXT NOT NULL DEFAULT '',
        hlc TEXT NOT NULL,
        depth INTEGER NOT NULL,
        state TEXT NOT NULL,
        before TEXT NOT NULL DEFAULT '{}',
        type TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX dossier_steps_dossier ON dossier_steps (dossier_id, state);
    CREATE TABLE step_conflicts (
        event_id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        type TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at TEXT NOT NULL,
        winner TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL
    );
    CREATE INDEX step_conflicts_device ON step_conflicts (device_id);
    UPDATE form_sets SET (used_event, used_hlc, used_officer, used_device) = (
        SELECT e.id, e.hlc, e.officer_id, e.device_id FROM events e
        WHERE e.entity = 'form_set' AND e.entity_id = form_sets.id AND e.type = 'form_set.used'
        ORDER BY e.pos DESC LIMIT 1)
    WHERE status = 'used'
    """)
