"""Events on the wire (docs/SYNC.md, protocol v1): checking what another device sent.

A pulled event is a JSON object with the fields of ``domain.events.CHAINED_FIELDS`` plus
``prev_hash`` and ``hash``. Nothing in it is trusted: every field is checked for type and
size, the type must belong to the entity it names, and when the event carries its hash
the hash must be the one ``chain_hash`` gives (an event edited on the way is refused).

``check_link`` is the smaller check every event must pass to hold a place in its
device's chain even when its content is refused (here, or by the server: such an event
comes flagged ``"quarantined": "<server's reason>"``, see ``server_flag``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from counter_app.domain import hlc as hlc_mod
from counter_app.domain.credentials import LEGACY_FIELD, PASSWORD_EVENTS
from counter_app.domain.event_kinds import expected_entity
from counter_app.domain.events import CHAINED_FIELDS, chain_hash, dump_payload

# Longest text accepted per field (the app's own values are far shorter).
TEXT_LIMITS = {"id": 64, "device_id": 64, "hlc": 96, "officer_id": 64, "entity": 40,
               "entity_id": 200, "type": 64, "recorded_at": 40}
# A payload bigger than this is refused (the largest real one, a form set with its
# forms, is a few tens of kilobytes; the server takes at most 1 MB per request).
MAX_PAYLOAD_BYTES = 512 * 1024
CHAIN_FIELDS = ("prev_hash", "hash")
# Whether a chained ``log.scrubbed`` record vouches for this content of a scrubbed
# password event: (event id, chain hash of the content as it is now) → bool.
Vouched = Callable[[str, str], bool]


class RefusedEvent(ValueError):
    """An event that cannot be applied (now: ``waiting``; or as it is)."""

    def __init__(self, reason: str, waiting: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.waiting = waiting


def check_wire(raw: Any, vouched: Vouched | None = None) -> dict:
    """A checked copy of a wire event (payload still a dict), or ``RefusedEvent``.
    ``vouched``: see ``check_link``."""
    if not isinstance(raw, dict):
        raise RefusedEvent("Sự kiện không phải một đối tượng JSON.")
    for name, limit in TEXT_LIMITS.items():
        value = raw.get(name)
        if not isinstance(value, str) or not 0 < len(value) <= limit:
            raise RefusedEvent(f"Trường {name} thiếu, sai kiểu hoặc dài quá {limit} ký tự.")
    for name in ("device_seq", "schema_version"):
        value = raw.get(name)
        if type(value) is not int or not 1 <= value < 2**53:
            raise RefusedEvent(f"Trường {name} phải là số nguyên dương.")
    _check_clock_and_time(raw)
    _check_payload(raw.get("payload"))
    entity = expected_entity(raw["type"])
    if entity is not None and entity != raw["entity"]:
        raise RefusedEvent(f"Loại sự kiện {raw['type']} không thuộc đối tượng {raw['entity']}.")
    wire = {name: raw[name] for name in CHAINED_FIELDS}
    _check_hash(raw, wire, vouched)
    return wire


def check_link(raw: Any, vouched: Vouched | None = None) -> dict:
    """The event's chain identity ``{id, device_id, device_seq, prev_hash, hash}``, or
    ``RefusedEvent``: the identity fields are sound, every chained field is present and
    ``hash == chain_hash(fields, prev_hash)``. Says nothing about the content (payload,
    type…): an event that passes may still be refused, but its link can be trusted.

    A password event whose hash was scrubbed (by its device, or by the sync server:
    docs/SECURITY.md) no longer gives its stored ``hash``; it passes only when
    ``vouched`` says a chained ``log.scrubbed`` record vouches for exactly this content,
    and waits (``RefusedEvent(waiting=True)``) until that record has arrived."""
    if not isinstance(raw, dict):
        raise RefusedEvent("Sự kiện không phải một đối tượng JSON.")
    for name in ("id", "device_id"):
        value = raw.get(name)
        if not isinstance(value, str) or not 0 < len(value) <= TEXT_LIMITS[name]:
            raise RefusedEvent(f"Trường {name} thiếu, sai kiểu hoặc dài quá "
                               f"{TEXT_LIMITS[name]} ký tự.")
    seq = raw.get("device_seq")
    if type(seq) is not int or not 1 <= seq < 2**53:
        raise RefusedEvent("Trường device_seq phải là số nguyên dương.")
    missing = [name for name in CHAINED_FIELDS if name not in raw]
    if missing:
        raise RefusedEvent(f"Sự kiện thiếu trường {', '.join(missing)}.")
    wire = {name: raw[name] for name in CHAINED_FIELDS}
    try:
        _check_hash(raw, wire, vouched)
    except (TypeError, ValueError, RecursionError) as exc:
        if isinstance(exc, RefusedEvent):
            raise
        raise RefusedEvent("Sự kiện không băm được (nội dung không phải JSON hợp lệ).") from None
    return {name: wire[name] for name in ("id", "device_id", "device_seq", "prev_hash", "hash")}


def server_flag(raw: Any) -> str | None:
    """The server's quarantine reason when it handed the event out flagged, else None."""
    flag = raw.get("quarantined") if isinstance(raw, dict) else None
    if flag is None or flag is False:
        return None
    return (flag if isinstance(flag, str) else dump_payload(flag))[:300] or "?"


def _check_clock_and_time(raw: dict) -> None:
    try:
        hlc_mod.HLC.decode(raw["hlc"])
        datetime.fromisoformat(raw["recorded_at"])
    except ValueError:
        raise RefusedEvent("Dấu thời gian (hlc hoặc recorded_at) không hợp lệ.") from None


def _check_payload(payload: Any) -> None:
    if not isinstance(payload, dict):
        raise RefusedEvent("Nội dung (payload) của sự kiện phải là một đối tượng JSON.")
    try:
        size = len(dump_payload(payload).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        raise RefusedEvent("Nội dung (payload) không phải JSON hợp lệ.") from None
    if size > MAX_PAYLOAD_BYTES:
        raise RefusedEvent(f"Nội dung (payload) quá lớn ({size} byte).")


def _check_hash(raw: dict, wire: dict, vouched: Vouched | None = None) -> None:
    """Every pulled event carries its chain link (protocol v1), and it must be the one its
    fields give: a link that is missing or does not match means it was altered on the way."""
    if "hash" not in raw or "prev_hash" not in raw:
        raise RefusedEvent("Sự kiện thiếu mã băm chuỗi (prev_hash, hash).")
    prev, digest = raw["prev_hash"], raw["hash"]
    if not isinstance(prev, str) or not isinstance(digest, str):
        raise RefusedEvent("prev_hash và hash phải là chuỗi.")
    computed = chain_hash(wire, prev)
    if computed != digest:
        if not _scrubbed(wire):
            raise RefusedEvent("Mã băm (hash) không khớp nội dung sự kiện: sự kiện đã bị sửa.")
        if vouched is None or not vouched(wire["id"], computed):
            raise RefusedEvent("Sự kiện mật khẩu đã được xoá mã băm mật khẩu: chờ bản ghi xác "
                               "nhận (log.scrubbed) đi kèm.", waiting=True)
    wire.update(prev_hash=prev, hash=digest)


def _scrubbed(wire: dict) -> bool:
    """Shaped like a password event whose hash was replaced by its digest."""
    payload = wire.get("payload")
    return wire.get("type") in PASSWORD_EVENTS and isinstance(payload, dict) \
        and LEGACY_FIELD not in payload and isinstance(payload.get("credential"), str)
