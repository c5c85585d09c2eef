"""The rules as they stand in 2026 (issue 13): counter slips, dated procedure versions and
linked groups (m012), the deciding agency's proper name (m013)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS, run_sql

@MIGRATIONS(name="m012_slips_versions_groups")
def m012_slips_versions_groups(db: Database) -> None:
    """Issue 13 §4, §6, §8. (1) Guidance and refusal at the counter are numbered slips,
    not dossiers: ``counter_slips``, and every old guided or refused "dossier" moves
    there — built from its ``dossier.received`` event exactly as a rebuild does
    (db/projections/slips.py), numbered with the dossier code it was printed with —
    and leaves ``dossiers`` (its code stays allocated in ``dossier_codes``: a number
    on paper never changes). (2) A dossier received on behalf of another commune
    counts from the competent agency's receipt (``counted_from``). (3) Procedures
    have dated versions and groups of linked procedures received in one intake;
    a dossier names its group intake and the version used."""
    run_sql(db, """
    CREATE TABLE counter_slips (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('guidance', 'refusal')),
        number TEXT NOT NULL,
        year INTEGER NOT NULL,
        seq INTEGER,
        legacy_code TEXT NOT NULL DEFAULT '',
        procedure_code TEXT NOT NULL,
        procedure_name TEXT NOT NULL,
        field_code TEXT NOT NULL DEFAULT '',
        citizen_id TEXT,
        applicant_name TEXT NOT NULL,
        applicant_id_number TEXT NOT NULL DEFAULT '',
        applicant_address TEXT NOT NULL DEFAULT '',
        applicant_phone TEXT NOT NULL DEFAULT '',
        applicant_email TEXT NOT NULL DEFAULT '',
        channel INTEGER NOT NULL,
        portal_code TEXT NOT NULL DEFAULT '',
        documents TEXT NOT NULL DEFAULT '[]',
        missing TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL DEFAULT '',
        issued_at TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        ticket_id TEXT,
        search_text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX counter_slips_seq ON counter_slips (kind, year, seq);
    CREATE INDEX counter_slips_number ON counter_slips (number);
    CREATE INDEX counter_slips_issued ON counter_slips (issued_at);
    ALTER TABLE dossiers ADD COLUMN counted_from TEXT;
    ALTER TABLE dossiers ADD COLUMN competent_agency TEXT NOT NULL DEFAULT '';
    ALTER TABLE dossiers ADD COLUMN group_id TEXT;
    ALTER TABLE dossiers ADD COLUMN procedure_version TEXT NOT NULL DEFAULT '';
    CREATE INDEX dossiers_group ON dossiers (group_id);
    CREATE TABLE procedure_versions (
        code TEXT NOT NULL,
        effective_from TEXT NOT NULL,
        name TEXT NOT NULL,
        field_code TEXT NOT NULL,
        processing_days REAL NOT NULL,
        same_day INTEGER NOT NULL DEFAULT 0,
        agency TEXT NOT NULL DEFAULT '',
        fees TEXT NOT NULL DEFAULT '[]',
        documents TEXT NOT NULL DEFAULT '[]',
        result_delivery TEXT NOT NULL DEFAULT '[]',
        online_level TEXT NOT NULL DEFAULT '',
        citizen_forms TEXT NOT NULL DEFAULT '[]',
        legal_basis TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        demo INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (code, effective_from)
    );
    CREATE TABLE procedure_groups (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        procedures TEXT NOT NULL DEFAULT '[]',
        legal_basis TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        demo INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    )
    """)
    _move_legacy_slips(db)


def _move_legacy_slips(db: Database) -> None:
    from counter_app.domain.events import Event
    from db.projections import slips
    conn = db.conn
    rows = conn.execute(
        "SELECT * FROM events WHERE type = 'dossier.received' AND "
        "json_extract(payload, '$.outcome') IN ('incomplete', 'refused') ORDER BY pos").fetchall()
    names = [d[0] for d in conn.execute("SELECT * FROM events LIMIT 0").description]
    for values in rows:
        r = dict(zip(names, values))
        event = Event(r["id"], r["device_id"], r["device_seq"], r["hlc"], r["officer_id"],
                      r["entity"], r["entity_id"], r["type"], r["schema_version"],
                      json.loads(r["payload"]), r["recorded_at"])
        slips.legacy_received(conn, event)
        conn.execute("DELETE FROM dossiers WHERE id = ?", (event.entity_id,))


@MIGRATIONS(name="m013_deciding_agency_name")
def m013_deciding_agency_name(db: Database) -> None:
    """A procedure's deciding agency as a proper name ("Ủy ban nhân dân xã Tân Lập"),
    printed where the law names the agency (form 04); ``agency`` stays the free text of
    the catalogue. Empty on existing rows: the office's People's Committee is used. Dated
    versions (m012) carry it too."""
    run_sql(db, """
    ALTER TABLE procedures ADD COLUMN deciding_agency_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE procedure_versions ADD COLUMN deciding_agency_name TEXT NOT NULL DEFAULT ''
    """)
