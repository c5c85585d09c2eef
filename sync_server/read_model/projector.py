"""Each office's read model: its event stream applied by the client's own rules.

The server reads an office's events exactly as a device pulls them
(``protocol.office_events_after``: the same order and the same transaction-id fence,
so a late-committing transaction is not skipped) and applies each through the same
``db.projections.apply`` a client uses, on a psycopg connection (``dialect``), into
the office's own PostgreSQL schema (``schema``). It then holds what a client that
pulled everything holds, which the tests check table by table.

As on a client (counter_app/sync/inbound.py):
- an event the server quarantined on push is never applied;
- an event whose entity's creating event has not arrived (``needs_creator``) waits,
  and an event ``check_wire`` or a projection refuses is held with its reason; both
  are retried after every batch, oldest HLC first, until a pass applies nothing;
- each event is applied under its own savepoint: a refusal undoes only its writes;
- a batch and the new cursor are saved in one transaction.
The office's row in ``read_models`` is locked for the batch, so two server workers
refreshing the same office take turns instead of applying an event twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from counter_app.domain.event_kinds import CREATORS, needs_creator
from counter_app.domain.events import CHAINED_FIELDS, Event
from counter_app.sync.wire import RefusedEvent, check_wire
from db import projections
from sync_server import protocol, wire
from sync_server.errors import ServerError
from sync_server.read_model import schema
from sync_server.read_model.dialect import ProjectionConnection

# Small enough that a refresh's transaction holds back devices' pulls only briefly (the
# pull fence waits for every open transaction of the cluster, this one included).
BATCH = 200
# The office hub writes events as a device of its own, "hub-<office>" (sync_server/hub);
# no device may enroll under such a name (protocol.enroll).
HUB_PREFIX = protocol.HUB_DEVICE_PREFIX


@dataclass
class RefreshReport:
    office: str
    rebuilt: bool = False
    applied: int = 0
    released: int = 0               # applied from the held events
    held: int = 0                   # newly held back in this refresh
    skipped: int = 0                # quarantined by the server on push: never applied
    cursor: int = 0
    batches: int = 0
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"office": self.office, "rebuilt": self.rebuilt, "applied": self.applied,
                "released": self.released, "held": self.held, "skipped": self.skipped,
                "cursor": self.cursor}


def schema_name(office: str) -> str:
    """The office's schema: derived from its code, never the code itself (a code is
    free text to PostgreSQL; the name is always a plain identifier)."""
    return "rm_" + hashlib.sha256(office.encode("utf-8")).hexdigest()[:16]


def ensure(conn: psycopg.Connection, office: str) -> tuple[str, bool]:
    """The office's schema, built (or rebuilt from the log, when the rules or the
    schema changed since it was built); returns (schema, rebuilt)."""
    current = schema.fingerprint()
    with conn.transaction():
        if not conn.execute("SELECT 1 FROM offices WHERE code = %s", (office,)).fetchone():
            raise ServerError(f"Không có đơn vị {office}.")
        conn.execute("INSERT INTO read_models (office, schema_name, fingerprint) "
                     "VALUES (%s, %s, '') ON CONFLICT (office) DO NOTHING",
                     (office, schema_name(office)))
        name, built_by = conn.execute(
            "SELECT schema_name, fingerprint FROM read_models WHERE office = %s FOR UPDATE",
            (office,)).fetchone()
        if built_by == current:
            return name, False
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(ident))
        with search_path(conn, name):
            for statement in schema.statements():
                conn.execute(statement)
        conn.execute("UPDATE read_models SET fingerprint = %s, cursor = 0, applied = 0, "
                     "built_at = now(), refreshed_at = NULL WHERE office = %s",
                     (current, office))
    return name, True


def rebuild(conn: psycopg.Connection, office: str, batch: int = BATCH) -> RefreshReport:
    """Drop the office's read model and apply its whole stream again."""
    with conn.transaction():
        conn.execute("UPDATE read_models SET fingerprint = '' WHERE office = %s", (office,))
    return refresh(conn, office, batch)


def refresh(conn: psycopg.Connection, office: str, batch: int = BATCH) -> RefreshReport:
    """Apply the office's events not yet in its read model (all of them, batch by batch)."""
    name, rebuilt = ensure(conn, office)
    report = RefreshReport(office, rebuilt=rebuilt)
    while _batch(conn, office, name, batch, report):
        pass
    return report


def _batch(conn: psycopg.Connection, office: str, name: str, size: int,
           report: RefreshReport) -> bool:
    """One batch in one transaction; True when more events wait."""
    with conn.transaction():
        lock(conn, office)
        return advance(conn, office, name, size, report)


def lock(conn: psycopg.Connection, office: str) -> None:
    """Take the office's read model for this transaction (refreshes and the hub's
    decisions take turns), refusing one built by other rules."""
    row = conn.execute("SELECT fingerprint FROM read_models WHERE office = %s FOR UPDATE",
                       (office,)).fetchone()
    if row is None or row[0] != schema.fingerprint():
        raise ServerError(f"Mô hình đọc của đơn vị {office} được dựng theo quy tắc khác; "
                          "hãy chạy lại (nó sẽ được dựng lại).")


def advance(conn: psycopg.Connection, office: str, name: str, size: int,
            report: RefreshReport) -> bool:
    """Apply up to ``size`` events of the stream in the caller's transaction, which holds
    ``lock``; True when more events wait."""
    cursor = conn.execute("SELECT cursor FROM read_models WHERE office = %s",
                          (office,)).fetchone()[0]
    rows, cursor, more = protocol.office_events_after(conn, office, cursor, size)
    report.cursor = cursor
    if not rows:
        return False
    held = _held_events(conn, name)
    with search_path(conn, name):
        target = ProjectionConnection(conn)
        applied = _apply_rows(conn, target, rows, held, report)
        released = _retry(conn, target, held)
    report.applied += applied
    report.released += released
    report.batches += 1
    conn.execute("UPDATE read_models SET cursor = %s, applied = applied + %s, "
                 "refreshed_at = now() WHERE office = %s", (cursor, applied + released, office))
    return more


def apply_own(conn: psycopg.Connection, target: ProjectionConnection, event: dict) -> None:
    """Apply an event the hub just wrote (in the same transaction, on the office's search
    path) and remember it, so reading the stream later does not apply it again."""
    conn.execute("INSERT INTO rm_applied (id, entity, entity_id, type) VALUES (%s, %s, %s, %s)",
                 (event["id"], event["entity"], event["entity_id"], event["type"]))
    projections.apply(target, Event(**{k: event[k] for k in CHAINED_FIELDS}))


def _TRUSTED(_event_id: str, _computed: str) -> bool:
    return True


class _Careful(Exception):
    """A projection failed on the fast path: apply the batch again event by event."""


def _apply_rows(conn: psycopg.Connection, target: ProjectionConnection, rows: list[tuple],
                held: dict[int, dict], report: RefreshReport) -> int:
    """Apply a batch's rows; returns how many were applied. Fast path: the whole batch
    under one savepoint; if any projection fails, that is undone and the batch is applied
    again with a savepoint per event, so the failure undoes only its own event (events
    that fail are rare, and a savepoint per event costs two round trips each)."""
    for careful in (False, True):
        counts = RefreshReport(report.office)
        newly: dict[int, dict] = {}
        try:
            with conn.transaction():
                for pos, flag, *values in rows:
                    if flag:
                        counts.skipped += 1
                        continue
                    raw = dict(zip(wire.FIELDS, values))
                    if raw["device_id"].startswith(HUB_PREFIX) and conn.execute(
                            "SELECT 1 FROM rm_applied WHERE id = %s", (raw["id"],)).fetchone():
                        continue            # the hub applied it when it wrote it
                    outcome = _try(conn, target, raw, careful)
                    if outcome is None:
                        counts.applied += 1
                    else:
                        _hold(conn, pos, raw, *outcome)
                        newly[pos] = raw
                        counts.held += 1
                        counts.reasons.append(outcome[1])
        except _Careful:
            continue
        held.update(newly)
        report.skipped += counts.skipped
        report.held += counts.held
        report.reasons += counts.reasons
        return counts.applied
    raise AssertionError("unreachable: the careful pass never raises _Careful")


def _held_events(conn: psycopg.Connection, name: str) -> dict[int, dict]:
    """The office's held events that are retried (read before the search path moves)."""
    rows = conn.execute(sql.SQL(
        "SELECT e.pos, {fields} FROM {schema}.rm_held h JOIN events e ON e.pos = h.pos "
        "WHERE h.state IN ('waiting', 'refused')").format(
            schema=sql.Identifier(name),
            fields=sql.SQL(", ").join(sql.SQL("e.") + sql.Identifier(f) for f in wire.FIELDS)))
    return {r[0]: dict(zip(wire.FIELDS, r[1:])) for r in rows}


def _try(conn: psycopg.Connection, target: ProjectionConnection, raw: dict,
         careful: bool = True) -> tuple[str, str] | None:
    """Apply one event, or say why not: ``(state, reason)``. Not ``careful``: a failing
    projection raises ``_Careful`` instead (the caller's savepoint undoes the batch)."""
    try:
        # The server's own store: its events were chain-checked when pushed, and a
        # password event whose content no longer gives its hash was scrubbed by this
        # server (sync_server/scrub.py), so its content is trusted here.
        checked = check_wire(raw, vouched=_TRUSTED)
    except RefusedEvent as exc:
        return ("waiting" if exc.waiting else "refused"), exc.reason
    creators = needs_creator(checked["entity"], checked["type"])
    if creators and not conn.execute(
            "SELECT 1 FROM rm_applied WHERE entity = %s AND entity_id = %s "
            "AND type = ANY(%s) LIMIT 1",
            (checked["entity"], checked["entity_id"], sorted(creators))).fetchone():
        return "waiting", (f"Chờ sự kiện tạo {checked['entity']} {checked['entity_id']} "
                           f"({', '.join(sorted(creators))}).")
    try:
        if careful:
            with conn.transaction():        # a savepoint: a refusal undoes only this event
                _write(conn, target, checked)
        else:
            _write(conn, target, checked)
    except psycopg.OperationalError:
        raise                               # the database, not the event: abort the batch
    except Exception as exc:                # noqa: BLE001 (any rule or data failure)
        if not careful:
            raise _Careful() from exc
        return "refused", f"Không áp dụng được: {type(exc).__name__}: {str(exc)[:300]}"
    return None


# Only creating events are asked for by ``needs_creator``: only they are remembered.
_CREATING = frozenset().union(*CREATORS.values())


def _write(conn: psycopg.Connection, target: ProjectionConnection, checked: dict) -> None:
    if checked["type"] in _CREATING:
        conn.execute("INSERT INTO rm_applied (id, entity, entity_id, type) "
                     "VALUES (%s, %s, %s, %s)", (checked["id"], checked["entity"],
                                                 checked["entity_id"], checked["type"]))
    projections.apply(target, Event(**{k: checked[k] for k in CHAINED_FIELDS}))


def _hold(conn: psycopg.Connection, pos: int, raw: dict, state: str, reason: str) -> None:
    conn.execute(
        "INSERT INTO rm_held (pos, event_id, hlc, state, reason) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (pos) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
        "attempts = rm_held.attempts + 1, last_seen = now()",
        (pos, raw["id"], raw["hlc"], state, reason))


def _retry(conn: psycopg.Connection, target: ProjectionConnection,
           held: dict[int, dict]) -> int:
    """Retry held events, oldest HLC first, until a pass applies none; returns how many
    were applied."""
    released, progress = 0, True
    while progress and held:
        progress = False
        for pos, raw in sorted(held.items(), key=lambda item: (item[1]["hlc"], item[0])):
            outcome = _try(conn, target, raw)
            if outcome is None:
                conn.execute("DELETE FROM rm_held WHERE pos = %s", (pos,))
                del held[pos]
                released += 1
                progress = True
            else:
                _hold(conn, pos, raw, *outcome)
    return released


class search_path:
    """Within the current transaction, unqualified names mean the office's tables only
    (so a handler can never touch the server's own tables); restored on exit."""

    def __init__(self, conn: psycopg.Connection, name: str) -> None:
        self.conn, self.name = conn, name

    def __enter__(self) -> None:
        self.before = self.conn.execute("SELECT current_setting('search_path')").fetchone()[0]
        self.conn.execute("SELECT set_config('search_path', %s, true)",
                          (sql.Identifier(self.name).as_string(self.conn),))

    def __exit__(self, *exc) -> None:
        if self.conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
            return
        self.conn.execute("SELECT set_config('search_path', %s, true)", (self.before,))
