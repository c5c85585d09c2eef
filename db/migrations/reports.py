"""The facts the periodic reports need (issue 14): report columns on dossiers and the
ratings table (m014)."""

from __future__ import annotations

from sqlite_utils import Database

from counter_app.domain.clock import local_day_start
from db.migrations.base import MIGRATIONS, run_sql

@MIGRATIONS(name="m014_report_facts")
def m014_report_facts(db: Database) -> None:
    """Facts the periodic reports need that the dossier row did not keep (docs/REPORTS.md):
    when a dossier ended without a result (``closed_at``: refused after intake, withdrawn,
    stopped), when its apology (form 04) was issued and the appointment it replaced
    (QĐ 766 judges a dossier against the date before the apology), and the local
    midnight starting the day of the appointment it is judged by (``deadline_day_start``:
    "resolved early" is then a plain text comparison). Taken over from the event log for
    dossiers recorded before this version. And citizens' ratings (``ratings``, a projection
    of ``rating.recorded``): one per service at most, from the rating screen or a paper
    survey."""
    run_sql(db, """
    ALTER TABLE dossiers ADD COLUMN closed_at TEXT;
    ALTER TABLE dossiers ADD COLUMN apologized_at TEXT;
    ALTER TABLE dossiers ADD COLUMN apology_old_due TEXT;
    ALTER TABLE dossiers ADD COLUMN deadline_day_start TEXT;
    UPDATE dossiers SET closed_at = (
        SELECT max(e.recorded_at) FROM events e WHERE e.entity = 'dossier'
        AND e.entity_id = dossiers.id AND e.type = 'dossier.status_changed'
        AND json_extract(e.payload, '$.status') IN (3, 7, 8))
    WHERE status IN (3, 7, 8);
    UPDATE dossiers SET
        apologized_at = (SELECT e.recorded_at FROM events e WHERE e.entity = 'dossier'
            AND e.entity_id = dossiers.id AND e.type = 'dossier.apologized'),
        apology_old_due = (SELECT json_extract(e.payload, '$.old_due') FROM events e
            WHERE e.entity = 'dossier' AND e.entity_id = dossiers.id
            AND e.type = 'dossier.apologized')
    WHERE apology_number IS NOT NULL;
    CREATE TABLE ratings (
        id TEXT PRIMARY KEY,
        ticket_id TEXT,
        dossier_id TEXT,
        officer_id TEXT,
        counter INTEGER,
        level TEXT NOT NULL,
        satisfied INTEGER NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        comment TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        rated_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE UNIQUE INDEX ratings_ticket ON ratings (ticket_id) WHERE ticket_id IS NOT NULL;
    CREATE INDEX ratings_rated ON ratings (rated_at)
    """)
    rows = db.execute("SELECT id, coalesce(apology_old_due, due_at) FROM dossiers "
                      "WHERE coalesce(apology_old_due, due_at) IS NOT NULL").fetchall()
    db.conn.executemany("UPDATE dossiers SET deadline_day_start = ? WHERE id = ?",
                        [(local_day_start(due), dossier_id) for dossier_id, due in rows])
