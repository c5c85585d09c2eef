"""Sync: each device's hash chain (m009), the inbound quarantine (m010) and its chain
places (m011)."""

from __future__ import annotations

from sqlite_utils import Database

from db import chain
from db.migrations.base import MIGRATIONS, run_sql

@MIGRATIONS(name="m009_event_chain")
def m009_event_chain(db: Database) -> None:
    """The event log becomes a hash chain per device (shared/architecture.md §3): every
    event carries its predecessor's hash and its own, and ``device_state.last_hash`` is
    the hash of this device's newest event. Events recorded before are chained here, per
    device in ``device_seq`` order, by the same ``chain_hash`` the app and the server use."""
    run_sql(db, """
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
    run_sql(db, """
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
    run_sql(db, """
    ALTER TABLE sync_quarantine ADD COLUMN state TEXT NOT NULL DEFAULT 'waiting';
    ALTER TABLE sync_quarantine ADD COLUMN device_seq INTEGER;
    ALTER TABLE sync_quarantine ADD COLUMN prev_hash TEXT;
    ALTER TABLE sync_quarantine ADD COLUMN hash TEXT;
    UPDATE sync_quarantine SET state = 'invalid', waiting = 0 WHERE event_id LIKE 'malformed:%';
    UPDATE sync_quarantine SET waiting = 1 WHERE state = 'waiting';
    CREATE INDEX sync_quarantine_link ON sync_quarantine (device_id, device_seq)
    """)
