"""The first release's schema: the event store and office (m001), catalogue, calendar and
codes (m002), the queue (m003), dossiers (m004), "Công dân không viết" (m005)."""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.base import MIGRATIONS, run_sql

@MIGRATIONS(name="m001_event_store_and_office")
def m001_event_store_and_office(db: Database) -> None:
    run_sql(db, """
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
    run_sql(db, """
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
    run_sql(db, """
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
    run_sql(db, """
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
    run_sql(db, """
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
