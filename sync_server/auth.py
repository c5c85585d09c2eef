"""Device secrets and enrollment codes: long random tokens, only their sha256 kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Enrollment codes are typed by an administrator: no 0/O, 1/I/L look-alikes.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LEN = 3, 4          # e.g. K7MQ-2XWD-9RTA: 31^12 ≈ 2^59


def new_secret() -> str:
    """A device's bearer secret (256 bits of randomness)."""
    return secrets.token_urlsafe(32)


def new_code() -> str:
    return "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_GROUP_LEN))
                    for _ in range(CODE_GROUPS))


def normalise_code(code: str) -> str:
    """What the administrator typed, forgiving case, spaces and dashes."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(letters[i:i + CODE_GROUP_LEN]
                    for i in range(0, len(letters), CODE_GROUP_LEN))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_digest(stored: str, token: str) -> bool:
    """Constant-time comparison of a stored digest with the digest of ``token``."""
    return hmac.compare_digest(stored.encode("ascii"), digest(token).encode("ascii"))
