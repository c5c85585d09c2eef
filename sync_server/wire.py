"""Events on the wire (docs/SYNC.md): the shape a pushed event must have to be stored,
and the rules whose breach stores the event but quarantines it.

Two kinds of bad input, on purpose treated differently:
- ``shape_error``: the event cannot be stored or chained at all (no id, a seq that is not
  an integer, text too long for any real event…). The whole push is refused with 400.
- ``rule_breach``: the event can be stored and its hash checked, but it is not something
  a counter could have produced (unknown type form, payload not an object…). It is stored,
  acknowledged, and quarantined with the reason — never silently dropped.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

FIELDS = ("id", "device_id", "device_seq", "hlc", "officer_id", "entity", "entity_id",
          "type", "schema_version", "payload", "recorded_at", "prev_hash", "hash")
TEXT_FIELDS = ("id", "device_id", "hlc", "officer_id", "entity", "entity_id", "type",
               "recorded_at", "prev_hash", "hash")
MAX_TEXT = 200          # every text field of a real event is far shorter
_TYPE = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")


def shape_error(event: Any) -> str | None:
    """Why ``event`` cannot be stored at all, or None."""
    if not isinstance(event, dict):
        return "sự kiện không phải là một đối tượng JSON"
    missing = [f for f in FIELDS if f not in event]
    if missing:
        return f"sự kiện thiếu trường {', '.join(missing)}"
    for name in TEXT_FIELDS:
        value = event[name]
        if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
            return f"trường {name} phải là chuỗi không quá {MAX_TEXT} ký tự"
    if not event["id"] or not event["device_id"]:
        return "sự kiện thiếu mã hoặc mã thiết bị"
    for name in ("device_seq", "schema_version"):
        if type(event[name]) is not int or not 0 <= event[name] < 2**31:
            return f"trường {name} phải là số nguyên không âm"
    if event["device_seq"] < 1:
        return "device_seq phải từ 1 trở lên"
    if "\\u0000" in _json_text(event["payload"]):
        return "nội dung sự kiện chứa ký tự NUL"
    return None


def rule_breach(event: dict[str, Any]) -> str | None:
    """Why a well-shaped event breaks a rule (it will be quarantined), or None."""
    if not _TYPE.fullmatch(event["type"]):
        return f"loại sự kiện không hợp lệ: {event['type']!r}"
    if not isinstance(event["payload"], dict):
        return "nội dung (payload) không phải là đối tượng JSON"
    if event["schema_version"] < 1:
        return "schema_version phải từ 1 trở lên"
    if not (event["hlc"] and event["officer_id"] and event["entity"] and event["entity_id"]):
        return "thiếu hlc, người thực hiện hoặc đối tượng"
    if not _utc_time(event["recorded_at"]):
        return f"thời điểm ghi không phải giờ UTC ISO 8601: {event['recorded_at']!r}"
    return None


def _utc_time(text: str) -> bool:
    if not text.endswith("Z"):
        return False
    try:
        datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        return False
    return True


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True)
