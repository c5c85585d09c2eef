"""What the event log says about a password: a digest of its hash, never the hash.

The argon2 hash of an officer's password is kept where it can be replaced (the
``credentials`` table on each PC and on the sync server, newest only), not in the
replicated, hash-chained event log, which keeps everything for good
(docs/SECURITY.md, "Password hashes"). The events that set a password carry
``credential``: the SHA-256 of the hash text. The hash holds a random salt, so the
digest gives nothing to guess passwords with; it names which hash the event set,
so a PC only uses a hash the log vouches for.
"""

from __future__ import annotations

import hashlib

# Event types that set an officer's password, and the payload key older versions
# used for the hash itself (scrubbed from the log: db/credentials.py).
PASSWORD_EVENTS = ("officer.created", "officer.updated")
LEGACY_FIELD = "password_hash"


def digest(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def redact(payload: dict) -> dict:
    """A payload as it is kept once scrubbed: the hash replaced by its digest."""
    if LEGACY_FIELD not in payload:
        return payload
    kept = {k: v for k, v in payload.items() if k != LEGACY_FIELD}
    kept["credential"] = digest(payload[LEGACY_FIELD])
    return kept
