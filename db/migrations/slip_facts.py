"""Counter slips served under "Công dân không viết" (issue 13, follow-up): m016."""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS, run_sql


@MIGRATIONS(name="m016_slip_citizen_not_write")
def m016_slip_citizen_not_write(db: Database) -> None:
    """A guidance or refusal slip records, as a dossier does, whether the citizen was
    served under "Công dân không viết" (an officer filled the forms: ``citizen_not_write``),
    by whom (``citizen_not_write_by``) and with which form set (``form_set_id``), so the
    reports count the citizens helped who left with a slip rather than a dossier.

    Taken over from the log: a slip moved by m012 from an old guided/refused "dossier"
    carries these in its ``dossier.received`` payload (the same keys as a dossier's); a
    slip issued since m012 did not record them (0, as it was)."""
    run_sql(db, """
    ALTER TABLE counter_slips ADD COLUMN citizen_not_write INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE counter_slips ADD COLUMN citizen_not_write_by TEXT;
    ALTER TABLE counter_slips ADD COLUMN form_set_id TEXT;
    UPDATE counter_slips SET
        citizen_not_write = coalesce((SELECT CASE WHEN json_extract(e.payload,
            '$.citizen_not_write') THEN 1 ELSE 0 END FROM events e
            WHERE e.entity = 'dossier' AND e.entity_id = counter_slips.id
            AND e.type = 'dossier.received'), 0),
        citizen_not_write_by = (SELECT json_extract(e.payload, '$.citizen_not_write_by')
            FROM events e WHERE e.entity = 'dossier' AND e.entity_id = counter_slips.id
            AND e.type = 'dossier.received'),
        form_set_id = (SELECT json_extract(e.payload, '$.form_set_id') FROM events e
            WHERE e.entity = 'dossier' AND e.entity_id = counter_slips.id
            AND e.type = 'dossier.received')
    WHERE legacy_code != ''
    """)
