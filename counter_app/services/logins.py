"""Failed logins and the lockout, kept in the event log.

Every failed login is an event ``login.failed`` (entity ``login``, id the user name
as typed, folded): who tried (the user name), where (the event's device) and when
(its time). A success after failures records ``login.reset``, and so does an
administrator's password reset. The lockout is read back from these events, so
it survives a restart and, once synced, holds on every PC of the office.

After ``MAX_FAILURES`` wrong passwords in a row an account waits ``LOCK_MS``
before the next try, and twice as long after each further wrong password (up to
``MAX_LOCK_MS``). Attempts refused during a wait are recorded too (``locked``),
without lengthening it.

These take a connection, not a ``Core``: they are part of logging in, which
needs no one (counter_app/domain/permissions.py ``OPEN_ACTIONS``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.events import SYSTEM_OFFICER, NewEvent
from counter_app.domain.text import clean
from db import commands

MAX_FAILURES = 5
LOCK_MS = 5 * 60 * 1000
MAX_LOCK_MS = 24 * 60 * 60 * 1000
KEY_LIMIT = 64          # a user name is at most 32 characters; anything typed is cut here


@dataclass(frozen=True)
class Lockout:
    failures: int        # wrong passwords in a row
    until_ms: int        # no try before this time (0: none)


def key_of(username: str) -> str:
    return clean(username).strip().lower()[:KEY_LIMIT] or "-"


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def state(conn: sqlite3.Connection, key: str) -> Lockout:
    """The failures in a row of ``key`` since its last reset, and until when it waits."""
    rows = conn.execute(
        "SELECT type, payload, recorded_at FROM events WHERE entity = 'login' AND entity_id = ? "
        "ORDER BY pos", (key,))
    failures, last_ms = 0, 0
    for row in rows:
        if row["type"] == "login.reset":
            failures, last_ms = 0, 0
        elif row["type"] == "login.failed" and not json.loads(row["payload"]).get("locked"):
            failures, last_ms = failures + 1, _ms(row["recorded_at"])
    if failures < MAX_FAILURES:
        return Lockout(failures, 0)
    wait = min(LOCK_MS * 2 ** (failures - MAX_FAILURES), MAX_LOCK_MS)
    return Lockout(failures, last_ms + wait)


def record_failure(conn: sqlite3.Connection, now_ms: int, key: str, via: str,
                   locked: bool = False) -> None:
    payload = {"username": key, "via": via}
    if locked:
        payload["locked"] = True
    commands.record(conn, now_ms, SYSTEM_OFFICER,
                    [NewEvent("login", key, "login.failed", payload)])


def reset(conn: sqlite3.Connection, now_ms: int, key: str, actor: str = SYSTEM_OFFICER) -> None:
    """Clear the failures of ``key`` (a good password, or an administrator's reset)."""
    if state(conn, key).failures:
        commands.record(conn, now_ms, actor,
                        [NewEvent("login", key, "login.reset", {"username": key})])
