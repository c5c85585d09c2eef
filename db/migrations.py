"""Schema migrations (sqlite-utils ``Migrations``).

Rules: never edit a migration that has shipped; add a new one. Each runs in a
transaction with its record. When you add one, add a fixture database for the
previous version under tests/fixtures/db (see tests/db/make_fixture.py).
"""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from counter_app.domain.clock import local_day_start
from db import chain

MIGRATIONS = Migrations("counter_app")


def _run(db: Database, sql: str) -> None:
    """Run statements one by one (executescript() would COMMIT the migration's
    transaction); a trigger body's inner ";" does not end its statement."""
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                db.execute(buffer)
            buffer = ""
    if buffer.strip(" \n;"):
        db.execute(buffer)


@MIGRATIONS(name="m001_event_store_and_office")
def m001_event_store_and_office(db: Database) -> None:
    _run(db, """
    CREATE TABLE device_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL,
        next_seq INTEGER NOT NULL DEFAULT 1,
        hlc TEXT,
        push_acked_seq INTEGER NOT NULL DEFAULT 0,
        pull_cursor TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE events (
        pos INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        device_seq INTEGER NOT NULL,
        hlc TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        payload TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        UNIQUE (device_id, device_seq)
    );
    CREATE INDEX events_entity ON events (entity, entity_id);
    CREATE TABLE field_versions (
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id, field)
    ) WITHOUT ROWID;
    CREATE TABLE officers (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL COLLATE NOCASE,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    );
    CREATE INDEX officers_username ON officers (username);
    CREATE TABLE counters (
        id TEXT PRIMARY KEY,
        number INTEGER NOT NULL,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE services (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    )
    """)


@MIGRATIONS(name="m002_catalogue_calendar_codes")
def m002_catalogue_calendar_codes(db: Database) -> None:
    _run(db, """
    CREATE TABLE fields (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE procedures (
        code TEXT PRIMARY KEY,
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
        search_text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX procedures_field ON procedures (field_code);
    CREATE TABLE calendar_days (
        day TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
        reason TEXT NOT NULL
    );
    CREATE TABLE dossier_codes (
        code TEXT PRIMARY KEY,
        agency TEXT NOT NULL,
        day TEXT NOT NULL,
        seq INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        allocated_at TEXT NOT NULL,
        UNIQUE (agency, day, seq)
    )
    """)


@MIGRATIONS(name="m003_queue")
def m003_queue(db: Database) -> None:
    _run(db, """
    ALTER TABLE services ADD COLUMN number_start INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE services ADD COLUMN number_end INTEGER NOT NULL DEFAULT 999;
    ALTER TABLE services ADD COLUMN daily_cap INTEGER;
    ALTER TABLE services ADD COLUMN counters TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE services ADD COLUMN field_codes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE services ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE priority_categories (
        code TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE office_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        prefix TEXT NOT NULL,
        seq INTEGER NOT NULL,
        number TEXT NOT NULL,
        priority_code TEXT,
        priority_label TEXT,
        status TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        issue_order TEXT NOT NULL,
        first_called_at TEXT,
        called_at TEXT,
        started_at TEXT,
        finished_at TEXT,
        counter INTEGER,
        officer_id TEXT,
        call_count INTEGER NOT NULL DEFAULT 0,
        for_counter INTEGER,
        transfers INTEGER NOT NULL DEFAULT 0,
        printed INTEGER NOT NULL DEFAULT 0,
        print_error TEXT,
        kiosk_device TEXT
    );
    CREATE INDEX tickets_day_prefix ON tickets (day, prefix, seq);
    CREATE INDEX tickets_day_status ON tickets (day, status, service_id);
    CREATE TABLE ticket_calls (
        event_id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL,
        number TEXT NOT NULL,
        counter INTEGER,
        called_at TEXT NOT NULL,
        hlc TEXT NOT NULL,
        recall INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX ticket_calls_hlc ON ticket_calls (hlc)
    """)


@MIGRATIONS(name="m004_dossiers")
def m004_dossiers(db: Database) -> None:
    _run(db, """
    CREATE TABLE citizens (
        id TEXT PRIMARY KEY,
        id_number TEXT NOT NULL DEFAULT '',
        old_id_number TEXT NOT NULL DEFAULT '',
        full_name TEXT NOT NULL,
        birth_date TEXT,
        gender TEXT,
        address TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        issue_date TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX citizens_id_number ON citizens (id_number);
    CREATE TABLE dossiers (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
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
        outcome TEXT NOT NULL,
        status INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        due_at TEXT,
        due_reason TEXT NOT NULL DEFAULT '',
        processing_days REAL NOT NULL DEFAULT 0,
        same_day INTEGER NOT NULL DEFAULT 0,
        sets INTEGER NOT NULL DEFAULT 1,
        fees TEXT NOT NULL DEFAULT '[]',
        documents TEXT NOT NULL DEFAULT '[]',
        missing TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL DEFAULT '',
        result_delivery TEXT NOT NULL DEFAULT '',
        deciding_agency TEXT NOT NULL DEFAULT '',
        officer_id TEXT NOT NULL,
        ticket_id TEXT,
        book_year INTEGER,
        book_number INTEGER,
        book_line INTEGER,
        transferred_at TEXT,
        resolved_at TEXT,
        returned_at TEXT,
        returned_to TEXT NOT NULL DEFAULT '',
        supplement_count INTEGER NOT NULL DEFAULT 0,
        apology_number TEXT,
        citizen_not_write INTEGER NOT NULL DEFAULT 0,
        digitised INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        search_text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX dossiers_status_due ON dossiers (status, due_at);
    CREATE INDEX dossiers_received ON dossiers (received_at);
    CREATE INDEX dossiers_applicant_id ON dossiers (applicant_id_number);
    CREATE INDEX dossiers_book ON dossiers (book_year, book_line);
    CREATE TABLE dossier_handovers (
        event_id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL,
        from_agency TEXT NOT NULL,
        to_agency TEXT NOT NULL,
        at TEXT NOT NULL,
        giver TEXT NOT NULL DEFAULT '',
        receiver TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX dossier_handovers_dossier ON dossier_handovers (dossier_id);
    CREATE TABLE dossier_files (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL,
        document_index INTEGER,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX dossier_files_dossier ON dossier_files (dossier_id);
    CREATE VIRTUAL TABLE dossier_search USING fts5(
        search_text, content='dossiers', content_rowid='rowid', prefix='2 3');
    CREATE TRIGGER dossiers_ai AFTER INSERT ON dossiers BEGIN
        INSERT INTO dossier_search (rowid, search_text) VALUES (new.rowid, new.search_text);
    END;
    CREATE TRIGGER dossiers_ad AFTER DELETE ON dossiers BEGIN
        INSERT INTO dossier_search (dossier_search, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
    END;
    CREATE TRIGGER dossiers_au AFTER UPDATE OF search_text ON dossiers BEGIN
        INSERT INTO dossier_search (dossier_search, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO dossier_search (rowid, search_text) VALUES (new.rowid, new.search_text);
    END
    """)


@MIGRATIONS(name="m005_citizen_forms")
def m005_citizen_forms(db: Database) -> None:
    """"Công dân không viết": drafts (this machine only), completed form sets (a
    projection of form_set.* events), and who served a dossier under the model."""
    _run(db, """
    CREATE TABLE form_drafts (
        id TEXT PRIMARY KEY,
        officer_id TEXT NOT NULL,
        procedure_code TEXT NOT NULL DEFAULT '',
        applicant_name TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE form_sets (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        procedure_name TEXT NOT NULL,
        field_code TEXT NOT NULL DEFAULT '',
        applicant_name TEXT NOT NULL DEFAULT '',
        applicant_id_number TEXT NOT NULL DEFAULT '',
        applicant TEXT NOT NULL DEFAULT '{}',
        forms TEXT NOT NULL DEFAULT '[]',
        form_count INTEGER NOT NULL DEFAULT 0,
        completed_at TEXT NOT NULL,
        dossier_id TEXT,
        dossier_code TEXT,
        used_at TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX form_sets_status ON form_sets (status, completed_at);
    CREATE INDEX form_sets_applicant ON form_sets (applicant_id_number);
    ALTER TABLE dossiers ADD COLUMN citizen_not_write_by TEXT;
    ALTER TABLE dossiers ADD COLUMN form_set_id TEXT;
    ALTER TABLE dossier_files ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE dossier_files ADD COLUMN generated INTEGER NOT NULL DEFAULT 0
    """)


@MIGRATIONS(name="m006_printer_status")
def m006_printer_status(db: Database) -> None:
    """The last print outcome of each device's ticket printer (a projection of
    ``ticket.printed``), so a counter learns of a kiosk's printer trouble. The
    status flags are NULL when the printer's status was unknown (as in every
    print recorded before this version, taken over from the log here)."""
    _run(db, """
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
    _run(db, """
    ALTER TABLE officers ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    """)


@MIGRATIONS(name="m008_drafts")
def m008_drafts(db: Database) -> None:
    """Typed work kept on this machine (device-local scratch like ``form_drafts``, never
    an event, never synced): the intake in progress and the text typed in a step's dialog,
    one row per (kind, key, officer)."""
    _run(db, """
    CREATE TABLE drafts (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, key, officer_id)
    )
    """)


@MIGRATIONS(name="m009_event_chain")
def m009_event_chain(db: Database) -> None:
    """The event log becomes a hash chain per device (shared/architecture.md §3): every
    event carries its predecessor's hash and its own, and ``device_state.last_hash`` is
    the hash of this device's newest event. Events recorded before are chained here, per
    device in ``device_seq`` order, by the same ``chain_hash`` the app and the server use."""
    _run(db, """
    ALTER TABLE events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE device_state ADD COLUMN last_hash TEXT NOT NULL DEFAULT ''
    """)
    chain.backfill(db.conn)


@MIGRATIONS(name="m010_sync_inbound")
def m010_sync_inbound(db: Database) -> None:
    """Pulled events that could not be applied yet (their entity or their device's
    previous event has not arrived) or at all (a projection refused them): kept here,
    device-local, and retried after every pull; never in ``events`` until applied, so
    the log (and a rebuild from it) holds only what the projections accepted. The pull
    cursor itself is ``device_state.pull_cursor`` (m001)."""
    _run(db, """
    CREATE TABLE sync_quarantine (
        event_id TEXT PRIMARY KEY,
        hlc TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL,
        reason TEXT NOT NULL,
        waiting INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    CREATE INDEX sync_quarantine_hlc ON sync_quarantine (hlc)
    """)


@MIGRATIONS(name="m011_quarantine_links")
def m011_quarantine_links(db: Database) -> None:
    """A held event's place in its device's chain (docs/SYNC.md, "Refused events keep
    their place"): ``state`` is ``waiting`` (retried), ``refused`` (this PC's rules or
    projections refused it; retried), ``server`` (the server quarantined it; never
    applied) or ``invalid`` (no trustworthy link: malformed, altered, forged). A
    ``refused`` or ``server`` event's link was verified, so it stands in the chain for
    its (device_id, device_seq): the device's next event may apply after it and
    ``db check`` accepts it in place of a log row. Rows held before are re-judged by
    the next retry (``waiting``), malformed ones stay ``invalid``."""
    _run(db, """
    ALTER TABLE sync_quarantine ADD COLUMN state TEXT NOT NULL DEFAULT 'waiting';
    ALTER TABLE sync_quarantine ADD COLUMN device_seq INTEGER;
    ALTER TABLE sync_quarantine ADD COLUMN prev_hash TEXT;
    ALTER TABLE sync_quarantine ADD COLUMN hash TEXT;
    UPDATE sync_quarantine SET state = 'invalid', waiting = 0 WHERE event_id LIKE 'malformed:%';
    UPDATE sync_quarantine SET waiting = 1 WHERE state = 'waiting';
    CREATE INDEX sync_quarantine_link ON sync_quarantine (device_id, device_seq)
    """)


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
    _run(db, """
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
    _run(db, """
    ALTER TABLE procedures ADD COLUMN deciding_agency_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE procedure_versions ADD COLUMN deciding_agency_name TEXT NOT NULL DEFAULT ''
    """)


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
    _run(db, """
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


def known_names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]


SCHEMA_VERSION = len(known_names())
