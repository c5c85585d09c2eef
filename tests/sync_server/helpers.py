"""Wire events and enrolled devices for the sync server's tests."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import httpx
import psycopg

from counter_app.domain.events import GENESIS, Event, chain_hash
from db.event_store import all_events
from sync_server import read_model
from tests.conftest import table_dump
from tests.sync_server.pg import cli_json

FENCE_S = 30    # the pull fence is cluster-wide: another test's open transaction delays


def chained(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give events (one device, device_seq order) their prev_hash and hash, by chain_hash."""
    prev, out = GENESIS, []
    for event in events:
        event = dict(event, prev_hash=prev)
        event["hash"] = chain_hash(event, prev)
        prev = event["hash"]
        out.append(event)
    return out


def wire_events(conn) -> list[dict[str, Any]]:
    """A client database's own events as the wire carries them, chained."""
    events: list[Event] = sorted(all_events(conn), key=lambda e: (e.device_id, e.device_seq))
    return chained([dataclasses.asdict(e) for e in events])


def enroll(http: httpx.Client, dsn: str, office: str, device_id: str,
           label: str = "Quầy 1") -> dict[str, Any]:
    code = cli_json(dsn, "enroll-code", office)["code"]
    r = http.post("/v1/enroll", json={"code": code, "device_id": device_id, "label": label})
    assert r.status_code == 200, r.text
    return r.json()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def synthetic(device_id: str, count: int, start: int = 1, **overrides) -> list[dict[str, Any]]:
    """``count`` well-formed unchained events of ``device_id`` (pass through ``chained``)."""
    return [{"id": f"{device_id}-{seq:06d}", "device_id": device_id, "device_seq": seq,
             "hlc": f"{1796541857972 + seq}-000000-{device_id}", "officer_id": "canbo1",
             "entity": "ticket", "entity_id": f"t{seq}", "type": "ticket.printed",
             "schema_version": 1, "payload": {"n": seq, "ghi_chú": "Lần in thứ nhất"},
             "recorded_at": "2026-12-06T07:24:17.972Z", **overrides}
            for seq in range(start, start + count)]


def pull_all(http: httpx.Client, secret: str, cursor: str = "0", limit: int = 1000,
             until: int = 0):
    """Every event the device may pull from ``cursor``: (events, final cursor). With
    ``until``, keep asking (up to 30 s) until that many arrived: the pull fence is the
    oldest transaction of the whole PostgreSQL cluster, so another database's open
    transaction (a parallel test run) may hold committed rows back for a while."""
    events, deadline = [], time.monotonic() + 30
    while True:
        r = http.get("/v1/pull", params={"cursor": cursor, "limit": limit},
                     headers=bearer(secret))
        assert r.status_code == 200, r.text
        body = r.json()
        events += body["events"]
        cursor = body["cursor"]
        if not body["more"]:
            if len(events) >= until or time.monotonic() > deadline:
                return events, cursor
            time.sleep(0.2)


def pg_dump(conn: psycopg.Connection, office: str, tables) -> dict:
    """The office's read-model tables as ``table_dump`` gives a client's (rows sorted in
    Python: PostgreSQL's text collation need not sort like SQLite's)."""
    name = read_model.schema_name(office)
    return {t: sorted((tuple(r) for r in conn.execute(f'SELECT * FROM "{name}".{t}')), key=repr)
            for t in tables}


def sqlite_dump(conn, tables) -> dict:
    return {t: sorted(rows, key=repr) for t, rows in table_dump(conn, tables).items()}


def refresh_until(conn: psycopg.Connection, office: str, applied: int) -> read_model.RefreshReport:
    """Refresh until ``applied`` events are in (rows of a just-committed push may sit
    behind the fence for a moment)."""
    deadline = time.monotonic() + FENCE_S
    while True:
        report = read_model.refresh(conn, office)
        row = read_model.status(conn, office)[0]
        if row["applied"] >= applied and row["pending"] == 0 or time.monotonic() > deadline:
            return report
        time.sleep(0.2)


def ready(conn: psycopg.Connection, office: str) -> None:
    """Wait until the office's read model holds every event pushed so far (its setup),
    as an office's PCs have long before the hub is asked anything."""
    total = conn.execute("SELECT count(*) FROM events WHERE office = %s AND quarantined IS NULL",
                         (office,)).fetchone()[0]
    refresh_until(conn, office, total)
