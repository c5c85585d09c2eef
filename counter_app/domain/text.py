"""Vietnamese text normalisation for search and matching.

``fold("Nguyễn Văn Ánh")`` → ``"nguyen van anh"``: Unicode NFC/NFD agnostic,
case-folded, diacritics removed, ``đ`` → ``d``, whitespace collapsed. A search for
"nguyen van a" and one for "Nguyễn Văn A" then meet on the same folded text.

What a person types, pastes or scans may carry characters that print as nothing
or turn a line around: NUL and other control characters, bidi overrides and
isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F), zero-width and other
format characters, and lone surrogates (which SQLite cannot even store).
``printable`` removes them; ``clean`` and ``fold`` start with it, so every name,
address and search passes through it at the service boundary.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters that do not decompose under NFD.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


# Unicode categories removed: controls (Cc), format characters (Cf: bidi marks,
# overrides and isolates, zero-width spaces and joiners, BOM, soft hyphen) and
# surrogates (Cs: only ever lone ones in a Python str).
_REMOVED = frozenset({"Cc", "Cf", "Cs"})


def printable(text: str) -> str:
    """``text`` without control, format and surrogate characters; tabs, line breaks
    and other control white space become a space (so words stay apart)."""
    if text.isprintable():      # the common case, in C: nothing to remove
        return text
    return "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in _REMOVED)


def ascii_digits(text: str) -> str:
    """Every decimal digit as its ASCII digit: full-width "０１２" (Japanese and
    Chinese input methods), Arabic-Indic … become "012"; other characters stay."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal()
                   else ch for ch in text)


def nfc(text: str) -> str:
    """Composed form: what is stored and printed (scanners and IMEs may send NFD)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form for search keys, digits in ASCII."""
    text = unicodedata.normalize("NFD", ascii_digits(printable(text)).translate(_SPECIAL))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text.casefold().translate(_SPECIAL)).strip()


def clean(text: str) -> str:
    """Printable, NFC, trimmed, inner whitespace collapsed: for names and addresses
    as typed."""
    return _SPACES.sub(" ", nfc(printable(text))).strip()


def matches(query: str, text: str) -> bool:
    """True if every word of ``query`` occurs in ``text``, accents and case ignored."""
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())
