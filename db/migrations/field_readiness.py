"""Field readiness: each kiosk's printer status (m006), first-login password change
(m007), drafts kept through a crash (m008)."""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS, run_sql

@MIGRATIONS(name="m006_printer_status")
def m006_printer_status(db: Database) -> None:
    """The last print outcome of each device's ticket printer (a projection of
    ``ticket.printed``), so a counter learns of a kiosk's printer trouble. The
    status flags are NULL when the printer's status was unknown (as in every
    print recorded before this version, taken over from the log here)."""
    run_sql(db, """
    CREATE TABLE printer_status (
        device_id TEXT PRIMARY KEY,
        ok INTEGER NOT NULL,
        kind TEXT,
        error TEXT,
        online INTEGER,
        cover_open INTEGER,
        paper_out INTEGER,
        paper_near_end INTEGER,
        printer_error INTEGER,
        ticket_id TEXT,
        recorded_at TEXT NOT NULL,
        hlc TEXT NOT NULL
    );
    INSERT INTO printer_status (device_id, ok, kind, error, ticket_id, recorded_at, hlc)
    SELECT device_id, json_extract(payload, '$.ok'), json_extract(payload, '$.kind'),
           CASE WHEN json_extract(payload, '$.ok') THEN NULL
                ELSE json_extract(payload, '$.error') END,
           entity_id, recorded_at, hlc
    FROM events e WHERE type = 'ticket.printed' AND hlc = (
        SELECT max(hlc) FROM events WHERE type = 'ticket.printed' AND device_id = e.device_id)
    """)


@MIGRATIONS(name="m007_officer_must_change_password")
def m007_officer_must_change_password(db: Database) -> None:
    """An account whose password everyone knows (the demo's) must get a new one at
    its first login in a real office (officer.created/updated events set it)."""
    run_sql(db, """
    ALTER TABLE officers ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    """)


@MIGRATIONS(name="m008_drafts")
def m008_drafts(db: Database) -> None:
    """Typed work kept on this machine (device-local scratch like ``form_drafts``, never
    an event, never synced): the intake in progress and the text typed in a step's dialog,
    one row per (kind, key, officer)."""
    run_sql(db, """
    CREATE TABLE drafts (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, key, officer_id)
    )
    """)
