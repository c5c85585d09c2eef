"""Password hashes out of the event log (issue 15): the ``credentials`` table (m017)."""

from __future__ import annotations

import sqlite3
import time

from sqlite_utils import Database

from counter_app.domain.credentials import digest
from db import credentials
from db.migrations.base import MIGRATIONS, run_sql


@MIGRATIONS(name="m017_credentials")
def m017_credentials(db: Database) -> None:
    """Officers' password hashes move from the officers projection (and the events that
    set them) to ``credentials`` (db/credentials.py), where a newer one replaces an
    older one; ``officers.credential`` is the digest the log names. Each account's
    current hash is kept, waiting (``shared`` 0) to be handed to the sync server; the
    events the server already has are scrubbed of their hashes, which a chained
    ``log.scrubbed`` event records (db/chain.py accepts them by it)."""
    run_sql(db, """
    CREATE TABLE credentials (
        officer_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        shared INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (officer_id, digest)
    );
    ALTER TABLE officers ADD COLUMN credential TEXT NOT NULL DEFAULT ''
    """)
    conn = db.conn
    for officer_id, password_hash in conn.execute(
            "SELECT id, password_hash FROM officers").fetchall():
        credentials.store(conn, officer_id, password_hash)
        conn.execute("UPDATE officers SET credential = ? WHERE id = ?",
                     (digest(password_hash), officer_id))
    run_sql(db, """
    UPDATE field_versions SET field = 'credential'
     WHERE entity = 'officer' AND field = 'password_hash';
    ALTER TABLE officers DROP COLUMN password_hash
    """)
    # The event store reads rows by name; a migration may run on a plain connection.
    previous, conn.row_factory = conn.row_factory, sqlite3.Row
    try:
        credentials.scrub(conn, int(time.time() * 1000))
    finally:
        conn.row_factory = previous
