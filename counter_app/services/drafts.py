"""Typed work kept on this machine: the intake in progress, the text of a step's dialog.

A *draft* is scratch, not a fact: one row of the device-local ``drafts`` table per
(kind, key, officer), written with one UPSERT after every pause in typing and committed
with ``synchronous=FULL``, so closing the window, a crash or a power cut loses at most
the last second of typing. Drafts are never events and never leave the machine (like
``device_state`` and the "Công dân không viết" ``form_drafts``). Each officer has their
own: a colleague logging in on the same PC does not see (or overwrite) someone else's.

Kinds in use: ``intake`` (key ``""``: the intake form of the officer), ``dialog`` (key
names the dialog, e.g. ``step:<dossier code>:return`` or ``intake:refuse``). A draft is
removed when its work is recorded — in the same transaction for an intake
(``discard_in``, called by ``intake.receive``) — or when the officer clears it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded

INTAKE = "intake"
DIALOG = "dialog"


@dataclass(frozen=True)
class Draft:
    """A kept draft: its state as saved (plain JSON values) and when (UTC, ISO text)."""

    kind: str
    key: str
    state: dict
    updated_at: str


@guarded
def save(core: Core, kind: str, key: str, state: dict) -> str:
    """Keep ``state`` for the logged-in officer (insert or replace); returns ``updated_at``."""
    now = core.clock.now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = json.dumps(state, ensure_ascii=False, sort_keys=True)
    with core.conn:
        core.conn.execute(
            "INSERT INTO drafts (kind, key, officer_id, state, updated_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT (kind, key, officer_id) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at",
            (kind, key, core.officer_id, text, now))
    return now


@guarded
def load(core: Core, kind: str, key: str) -> Draft | None:
    """The officer's draft, or None. A draft that cannot be read is reported, never
    dropped here: the officer decides (``discard``)."""
    row = core.conn.execute(
        "SELECT state, updated_at FROM drafts WHERE kind = ? AND key = ? AND officer_id = ?",
        (kind, key, core.officer_id)).fetchone()
    if row is None:
        return None
    try:
        state = json.loads(row["state"])
    except ValueError:
        state = None
    if not isinstance(state, dict):
        raise UserInputError("Bản nháp đã lưu trên máy này bị hỏng, không đọc được.")
    return Draft(kind, key, state, row["updated_at"])


@guarded
def discard(core: Core, kind: str, key: str) -> None:
    """Forget the officer's draft (its work was recorded, or the officer cleared it)."""
    with core.conn:
        discard_in(core.conn, core.officer_id, [(kind, key)])


def discard_in(conn: sqlite3.Connection, officer_id: str,
               keys: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> None:
    """Forget drafts ``(kind, key)`` of ``officer_id`` inside the caller's transaction, so
    the work and the removal of its draft commit (or fail) together."""
    conn.executemany("DELETE FROM drafts WHERE kind = ? AND key = ? AND officer_id = ?",
                     [(kind, key, officer_id) for kind, key in keys])


@guarded
def keys(core: Core, kind: str) -> list[str]:
    """The keys of the officer's drafts of ``kind``, newest first."""
    rows = core.conn.execute(
        "SELECT key FROM drafts WHERE kind = ? AND officer_id = ? ORDER BY updated_at DESC",
        (kind, core.officer_id))
    return [r["key"] for r in rows]
