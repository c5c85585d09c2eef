"""What a scanner read: an ID card, a dossier code, a queue ticket, or nothing usable.

Routing needs no database: the dossier-code format comes from configuration.
A half-read or garbled scan is "unknown" with a message; it never overwrites
anything by itself.
"""

from __future__ import annotations

import re

import unicodedata
from dataclasses import dataclass

from counter_app.domain import cccd, vietqr
from counter_app.domain.codes import CodeFormat

TICKET_PREFIX = "SOTHUTU|"


@dataclass(frozen=True)
class Scan:
    kind: str                      # "cccd", "dossier_code", "ticket", "unknown"
    text: str                      # cleaned text
    card: cccd.CccdData | None = None
    message: str = ""              # Vietnamese, for "unknown" and for card warnings


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).strip().strip("\ufeff")
    return "".join(ch for ch in text if ch >= " " or ch == "\t").strip()


# A national portal's dossier code: letters and digits with dots, dashes, slashes or
# underscores between them (e.g. "G22.99-251206-0001"), one word, a digit and a separator.
_PORTAL_CODE = re.compile(r"^(?=.*\d)(?=.*[.\-_/])[A-Za-z0-9][A-Za-z0-9.\-_/]{5,49}$")


def _transfer_note(text: str) -> str:
    """The transfer note of a VietQR payload ("" for anything else)."""
    if not text.startswith("000201"):
        return ""
    try:
        return vietqr.parse(text).note
    except vietqr.VietQRError:
        return ""


def classify(raw: str | bytes, code_format: CodeFormat) -> Scan:
    """Decide what a scan is. Never raises for bad input."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = _clean(raw)
    if not text:
        return Scan("unknown", "", message="Máy quét không đọc được gì. Hãy quét lại.")
    if text.startswith(TICKET_PREFIX):
        return Scan("ticket", text)
    if code_format.matches(text):
        return Scan("dossier_code", text)
    paid_for = _transfer_note(text)
    if paid_for and code_format.matches(paid_for):
        # The receipt's transfer code (VietQR) scanned instead of its dossier code: its
        # note is the dossier code, so the return desk finds the dossier all the same.
        return Scan("dossier_code", paid_for)
    if _PORTAL_CODE.match(text) and not cccd.looks_like_cccd(text):
        # An online dossier's receipt carries the portal's code (NĐ 309/2026 Điều 17(3)),
        # whose form is the portal's: looked up as a code (dossiers.by_code finds it).
        return Scan("dossier_code", text)
    if cccd.looks_like_cccd(text) or text.count("|") >= 4:
        try:
            card = cccd.parse(text)
        except cccd.CccdParseError as exc:
            return Scan("unknown", text, message=f"Mã QR chưa đọc trọn vẹn: {exc} Hãy quét lại.")
        note = " ".join(w.message for w in card.warnings)
        return Scan("cccd", text, card=card, message=note)
    return Scan("unknown", text, message=(
        "Mã vừa quét không phải mã QR trên thẻ căn cước, mã hồ sơ hay phiếu số thứ tự "
        f"({text[:40]}{'…' if len(text) > 40 else ''}). Hãy kiểm tra và quét lại."))
