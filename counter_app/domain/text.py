"""Vietnamese text normalisation for search and matching.

``fold("Nguyễn Văn Ánh")`` → ``"nguyen van anh"``: Unicode NFC/NFD agnostic,
case-folded, diacritics removed, ``đ`` → ``d``, whitespace collapsed. A search for
"nguyen van a" and one for "Nguyễn Văn A" then meet on the same folded text.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters that do not decompose under NFD.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str) -> str:
    """Composed form: what is stored and printed (scanners and IMEs may send NFD)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form for search keys."""
    text = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text.casefold().translate(_SPECIAL)).strip()


def clean(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: for names and addresses as typed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def matches(query: str, text: str) -> bool:
    """True if every word of ``query`` occurs in ``text``, accents and case ignored."""
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())
