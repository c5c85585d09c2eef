"""Hub answers that never came (docs/OFFICE.md, "Lost answers").

Every request to the office hub carries an id made here. When the request was sent but
no answer came (the network cut mid-answer, or the hub slower than the read timeout),
the hub may have decided all the same while this PC, hearing nothing, decided alone: a
number issued that nobody holds, a call no counter heard. The id is then kept as
*unanswered* in a small file beside the database (``<db>.hub-unanswered.json``, written
atomically, so it survives a restart) and reported to the hub at the next contact —
before the next hub request and at every successful sync — which undoes what it had
decided (``POST /v1/hub/queue/settle``). Ids the hub has answered for are forgotten.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from pathlib import Path
from typing import Any

from counter_app.config import write_raw
from counter_app.domain.clock import utc_iso
from counter_app.sync import inbound
from counter_app.sync.transport import SyncFailure, Transport, Unreachable

log = logging.getLogger(__name__)
_lock = threading.Lock()        # the UI thread remembers, the sync worker settles
MAX_BATCH = 200                 # the hub's limit per settle request


def new_request_id() -> str:
    return uuid.uuid4().hex


def path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".hub-unanswered.json")


def pending(db_path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path_for(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = data.get("unanswered") if isinstance(data, dict) else None
    return [i for i in items or () if isinstance(i, dict) and isinstance(i.get("id"), str)]


def remember(db_path: Path, request_id: str, action: str, now_ms: int) -> None:
    with _lock:
        items = pending(db_path)
        items.append({"id": request_id, "action": action, "at": utc_iso(now_ms)})
        _write(db_path, items)


def forget(db_path: Path, ids: set[str]) -> None:
    with _lock:
        _write(db_path, [i for i in pending(db_path) if i["id"] not in ids])


def _write(db_path: Path, items: list[dict]) -> None:
    try:
        if items:
            write_raw({"unanswered": items}, path_for(db_path))
        else:
            path_for(db_path).unlink(missing_ok=True)
    except OSError as exc:
        # The PC's own decision is made and kept; only the hub's duplicate would stay.
        log.warning("could not save the unanswered hub requests (%s)", exc)


def settle(conn, db_path: Path, t: Transport, now_ms: int) -> dict[str, str]:
    """Report this PC's unanswered requests; store the hub's undoing events as pulled
    events. Returns {request_id: outcome}. An unreachable hub raises ``Unreachable``
    (the ids stay for next time); a hub that refuses (an older server without
    settling) is logged and the ids stay."""
    items = pending(db_path)[:MAX_BATCH]
    if not items:
        return {}
    try:
        answer = t.hub("settle", {"request_ids": [i["id"] for i in items],
                                  "hlc": last_hlc(conn)})
    except Unreachable:
        raise
    except SyncFailure as exc:
        log.warning("the hub did not settle the unanswered requests (%s)", exc)
        return {}
    settled, events = answer.get("settled"), answer.get("events")
    if not isinstance(settled, dict) or not isinstance(events, list):
        log.warning("the hub's answer to settle is not the protocol's")
        return {}
    if events:
        inbound.apply_pulled(conn, events, None, now_ms)
    forget(db_path, set(settled))
    return settled


def last_hlc(conn) -> str | None:
    """The newest clock this PC has seen: the hub's decisions must sort after it."""
    row = conn.execute("SELECT hlc FROM device_state WHERE id = 1").fetchone()
    return row[0] if row and row[0] else None
