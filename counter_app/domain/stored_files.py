"""Where attached files live: always inside the office's attachments folder.

A stored file's path is relative to that folder and has exactly the shape the app
gives it, ``<year>/<dossier id>/<first 20 hex of its SHA-256>.<kind>``. Paths come
in events, and events come from other devices (sync): anything else — ``..``, an
absolute path, a drive letter, a backslash — is refused, so no event can make the
app read or write outside the folder.
"""

from __future__ import annotations

import re

KINDS = ("pdf", "jpg", "png")
_STORED = re.compile(r"[0-9]{4}/[0-9A-Za-z]{1,64}/[0-9a-f]{20}\.(?:pdf|jpg|png)")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def stored_name(year: str, dossier_id: str, sha256: str, kind: str) -> str:
    """The relative path (POSIX) a file is stored under."""
    return f"{year}/{dossier_id}/{sha256[:20]}.{kind}"


def is_stored_name(path: object) -> bool:
    """True only for a path of the shape ``stored_name`` makes (nothing that can escape)."""
    return isinstance(path, str) and _STORED.fullmatch(path) is not None


def is_sha256(text: object) -> bool:
    return isinstance(text, str) and _SHA256.fullmatch(text) is not None
