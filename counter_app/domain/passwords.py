"""Temporary passwords an administrator hands to an officer (new account, reset).

Read aloud or written on paper, so without letters that look alike (0/O, 1/l/I);
the officer must replace it at the first login (officers.change_password)."""

from __future__ import annotations

import secrets

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LENGTH = 10


def temporary_password() -> str:
    """Ten characters from 31, grouped 5-5 for reading out: about 49 bits."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{chars[:5]}-{chars[5:]}"
