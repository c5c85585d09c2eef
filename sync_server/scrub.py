"""Scrub the password hashes older app versions wrote into events, from the server's copies.

Rules (docs/SECURITY.md, "Password hashes"; the PCs' side is db/credentials.py):
- An administrator's command (``counter-sync-server scrub-hashes``), not a migration:
  a PC of a version from before the vouching rule would refuse a scrubbed event it
  pulls (its content no longer gives its hash), so it is run once every PC of the
  office runs a version that knows it (docs/SYNC.md, §3).
- For each officer password event of the office (``officer.created``/``officer.updated``)
  whose payload still holds ``password_hash``, in one transaction per office holding the
  office's row: the hash first goes to ``credentials`` (the newest per officer, by the
  HLC of the event naming it, as ``POST /v1/credentials`` keeps it, so a PC that never
  sent it still finds it there), then the payload's hash is replaced by its digest
  (``credential``, ``domain.credentials.redact``, the same as the PCs'). The event keeps
  its original ``hash``, so every link of its device's chain still holds and a PC's
  re-sent copy still matches.
- The scrub is recorded as chained events of the office hub's device
  (sync_server/hub/ledger.py), ``log.scrubbed`` ``{"events": {event id: chain hash of
  the scrubbed content}}``, at most ``PER_RECORD`` ids each: PCs pull them like any event
  and accept a scrubbed event only when such a record vouches for exactly its content
  (counter_app/sync/wire.py; ``db check``, db/chain.py). A scrubbed event pulled before
  its record waits in the PC's quarantine and applies when the record arrives.
- An event that no longer matches its own hash (edited in the database) is left alone
  and reported: scrubbing must never launder an edit.
"""

from __future__ import annotations

import json

import psycopg

from counter_app.domain.credentials import LEGACY_FIELD, PASSWORD_EVENTS, digest, redact
from counter_app.domain.events import NewEvent, chain_hash
from sync_server import wire
from sync_server.hub import ledger, notify

PER_RECORD = 200        # ids per log.scrubbed record: small payloads, well under the limits
SYSTEM = "system"

_LEGACY = """
SELECT pos, {fields} FROM events
 WHERE office = %s AND entity = 'officer' AND type = ANY(%s) AND payload ? %s
 ORDER BY pos
""".format(fields=", ".join(wire.FIELDS))


def offices_with_hashes(conn: psycopg.Connection) -> list[str]:
    """The offices whose stored events still hold a password hash."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT office FROM events WHERE entity = 'officer' AND type = ANY(%s) "
        "AND payload ? %s ORDER BY office", (list(PASSWORD_EVENTS), LEGACY_FIELD))]


def scrub_office(conn: psycopg.Connection, office: str, now_ms: int) -> dict:
    """Scrub one office's stored events (see the module's rules); returns
    ``{"office", "scrubbed", "records", "altered"}``."""
    with conn.transaction():
        # One scrub of an office at a time (and not beside an enrollment of it).
        conn.execute("SELECT 1 FROM offices WHERE code = %s FOR UPDATE", (office,))
        rows = conn.execute(_LEGACY, (office, list(PASSWORD_EVENTS), LEGACY_FIELD)).fetchall()
        vouches: dict[str, str] = {}
        altered = []
        for pos, *values in rows:
            event = dict(zip(wire.FIELDS, values))
            if chain_hash(event, event["prev_hash"]) != event["hash"]:
                altered.append(event["id"])
                continue
            if isinstance(event["payload"][LEGACY_FIELD], str):
                _keep_newest(conn, office, event)
            event["payload"] = redact(event["payload"])
            vouches[event["id"]] = chain_hash(event, event["prev_hash"])
            conn.execute("UPDATE events SET payload = %s::jsonb WHERE pos = %s",
                         (json.dumps(event["payload"], ensure_ascii=False), pos))
        ids = list(vouches)
        records = [NewEvent("log", ledger.hub_device(office), "log.scrubbed",
                            {"events": {i: vouches[i] for i in ids[at:at + PER_RECORD]}})
                   for at in range(0, len(ids), PER_RECORD)]
        if records:
            ledger.append(conn, office, SYSTEM, records, None, now_ms)
            notify.send(conn, office, "events")        # on commit: the PCs pull the records
    return {"office": office, "scrubbed": len(vouches), "records": len(records),
            "altered": altered}


def _keep_newest(conn: psycopg.Connection, office: str, event: dict) -> None:
    """The event's hash into ``credentials`` unless a newer one is kept there already."""
    value = event["payload"][LEGACY_FIELD]
    conn.execute(
        "INSERT INTO credentials (office, officer_id, digest, password_hash, hlc) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (office, officer_id) DO UPDATE SET "
        "digest = excluded.digest, password_hash = excluded.password_hash, "
        "hlc = excluded.hlc WHERE credentials.hlc < excluded.hlc",
        (office, event["entity_id"], digest(value), value, event["hlc"]))
