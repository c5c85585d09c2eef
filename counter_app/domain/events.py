"""Events: the one way state changes (shared/architecture.md §2)."""

from __future__ import annotations

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

    def payload_json(self) -> str:
        return dump_payload(self.payload)


def dump_payload(payload: Any) -> str:
    """Canonical JSON: stable key order, real UTF-8 (Vietnamese stays readable)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
