"""Identifiers: ULIDs (time-sortable, made offline on any device without collision)."""

from __future__ import annotations

from ulid import ULID


def new_id() -> str:
    """A new ULID as 26 Crockford base32 characters."""
    return str(ULID())


def is_id(text: str) -> bool:
    try:
        ULID.from_str(text)
    except (ValueError, TypeError):
        return False
    return True
