"""Events: the one way state changes (shared/architecture.md §2)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

# Officer id recorded on events made by the system itself (setup, kiosk) rather
# than by a logged-in officer.
SYSTEM_OFFICER = "system"
# Actor recorded on actions a citizen takes at a public device (kiosk, rating).
PUBLIC_ACTOR = "public"


@dataclass(frozen=True)
class NewEvent:
    """What a command decides: an event before it has an id, a sequence and a clock."""

    entity: str
    entity_id: str
    type: str
    payload: dict[str, Any] = field(default_factory=dict)
    schema_version: int = 1


@dataclass(frozen=True)
class Event:
    """An immutable recorded fact."""

    id: str
    device_id: str
    device_seq: int
    hlc: str
    officer_id: str
    entity: str
    entity_id: str
    type: str
    schema_version: int
    payload: dict[str, Any]
    recorded_at: str
    # The hash-chain link (see ``chain_hash``): the hash of this device's previous
    # event and this event's own hash. Empty until the event store records it.
    prev_hash: str = ""
    hash: str = ""

    def payload_json(self) -> str:
        return dump_payload(self.payload)


def dump_payload(payload: Any) -> str:
    """Canonical JSON: stable key order, real UTF-8 (Vietnamese stays readable)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# The event log is the audit trail (shared/architecture.md §3): each device's events form a
# hash chain. An event's hash covers every field of the event and the hash of the event
# before it from the same device (device_seq - 1); the first event of a device chains
# to GENESIS. Editing, deleting or reordering a recorded event breaks every later link.
GENESIS = ""
CHAINED_FIELDS = ("id", "device_id", "device_seq", "hlc", "officer_id", "entity", "entity_id",
                  "type", "schema_version", "payload", "recorded_at")


def chain_hash(event: "Event | dict[str, Any]", prev_hash: str) -> str:
    """SHA-256 (hex) of the canonical JSON of the event's fields plus ``prev_hash``.

    Takes an ``Event`` or a plain dict with the same keys (the sync server holds
    dicts), so client and server compute the one definition. ``payload`` is the
    decoded JSON value, never its text, so a re-serialisation cannot change the hash.
    """
    get = event.get if isinstance(event, dict) else lambda k: getattr(event, k)
    body = {name: get(name) for name in CHAINED_FIELDS}
    body["prev_hash"] = prev_hash
    return hashlib.sha256(dump_payload(body).encode("utf-8")).hexdigest()
