"""VietQR: the EMVCo merchant-presented QR code that Vietnamese banking apps read to
prefill a NAPAS 247 transfer, built and parsed from the specification.

A payload is a string of TLV data objects: a two-digit id, a two-digit length (in
characters) and the value; a template's value is itself such a string. The objects we
write, in this order (EMVCo MPM 1.1 and NAPAS's VietQR profile, as described by
public implementations; the NAPAS document itself was not read here):

- ``00`` payload format indicator ``01``; ``01`` point of initiation ``11`` (static:
  no amount) or ``12`` (dynamic: one amount, one payment);
- ``38`` merchant account information: ``00`` the NAPAS GUID ``A000000727``, ``01`` the
  beneficiary (``00`` the bank's BIN, 6 digits; ``01`` the account number), ``02`` the
  service ``QRIBFTTA`` (transfer to an account);
- ``53`` currency ``704`` (đồng), ``54`` the amount (whole đồng), ``58`` country ``VN``;
- ``62`` additional data: ``08`` the purpose of the transaction (the transfer note the
  office reconciles by: the dossier code);
- ``63`` the CRC: CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) over every
  character before its value, ``6304`` included, as four upper-case hex digits.

No PyPI package was taken: the two that build VietQR (``vietqr-emvco`` 1.0.0,
``vietnam-qr-pay`` 1.0.0) each had one release and no tests shipped, and the whole
rule fits in this module. ``parse`` reads any payload back (the tests decode the QR
printed on form 01 with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
# EMVCo "ans" fields: printable ASCII. Bank apps show the note as typed, and some drop
# what is not a letter, digit or space, so a note is kept to what every app keeps.
_NOTE = re.compile(r"^[A-Za-z0-9 .\-/]{1,25}$")
BIN = re.compile(r"^\d{6}$")
ACCOUNT = re.compile(r"^[A-Za-z0-9]{1,19}$")
MAX_AMOUNT = 9_999_999_999_999        # the 13 characters field 54 holds


class VietQRError(ValueError):
    """A payload that cannot be built or read; the message is Vietnamese."""


@dataclass(frozen=True)
class Transfer:
    """What a VietQR payload asks for: who is paid, how much, with which note."""

    bank_bin: str
    account: str
    amount: int | None = None
    note: str = ""
    service: str = TO_ACCOUNT


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (check value of b"123456789" is 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"Trường {tag} của mã VietQR dài quá 99 ký tự.")
    return f"{tag}{len(value):02d}{value}"


def account_problem(bank_bin: str, account: str) -> str | None:
    """Why (bank BIN, account number) cannot be put in a VietQR, or None."""
    if not BIN.match(bank_bin):
        return f"mã BIN ngân hàng phải có đúng 6 chữ số (ví dụ 970436), đang là {bank_bin!r}"
    if not ACCOUNT.match(account):
        return ("số tài khoản chỉ gồm chữ số (hoặc chữ cái không dấu), 1–19 ký tự, "
                f"đang là {account!r}")
    return None


def note_problem(note: str) -> str | None:
    """Why ``note`` cannot be the transfer note (field 62.08), or None."""
    if note and not _NOTE.match(note):
        return ("nội dung chuyển khoản chỉ gồm chữ không dấu, chữ số, dấu cách, “.”, “-”, "
                f"“/”, tối đa 25 ký tự, đang là {note!r}")
    return None


def build(transfer: Transfer) -> str:
    """The payload of ``transfer``, CRC included."""
    problem = account_problem(transfer.bank_bin, transfer.account) or \
        note_problem(transfer.note)
    if problem:
        raise VietQRError(f"Không tạo được mã VietQR: {problem}.")
    if transfer.amount is not None and not 0 < transfer.amount <= MAX_AMOUNT:
        raise VietQRError("Không tạo được mã VietQR: số tiền phải lớn hơn 0.")
    beneficiary = _tlv("00", transfer.bank_bin) + _tlv("01", transfer.account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", transfer.service)
    text = (_tlv("00", "01") + _tlv("01", "11" if transfer.amount is None else "12")
            + _tlv("38", merchant) + _tlv("53", CURRENCY_VND))
    if transfer.amount is not None:
        text += _tlv("54", str(transfer.amount))
    text += _tlv("58", "VN")
    if transfer.note:
        text += _tlv("62", _tlv("08", transfer.note))
    text += "6304"
    return text + f"{crc16(text.encode('utf-8')):04X}"


def objects(text: str) -> dict[str, str]:
    """The data objects of a TLV string, id → value, in order (a repeated id or a
    length running past the end is an error)."""
    out: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        head = text[pos:pos + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRError(f"Mã VietQR hỏng ở vị trí {pos}: cần mã trường và độ dài.")
        tag, length = head[:2], int(head[2:])
        value = text[pos + 4:pos + 4 + length]
        if len(value) != length or tag in out:
            raise VietQRError(f"Mã VietQR hỏng ở trường {tag}.")
        out[tag] = value
        pos += 4 + length
    return out


def parse(text: str) -> Transfer:
    """Read a VietQR payload back: checks the CRC, the GUID and the currency."""
    fields = objects(text)
    crc = fields.get("63", "")
    if not text.endswith("6304" + crc) or len(crc) != 4:
        raise VietQRError("Mã VietQR không kết thúc bằng trường kiểm tra 63.")
    if f"{crc16(text[:-4].encode('utf-8')):04X}" != crc.upper():
        raise VietQRError("Mã VietQR sai mã kiểm tra CRC.")
    merchant = objects(fields.get("38", ""))
    if merchant.get("00") != NAPAS_GUID:
        raise VietQRError("Không phải mã VietQR (thiếu định danh NAPAS A000000727).")
    if fields.get("53", CURRENCY_VND) != CURRENCY_VND:
        raise VietQRError("Mã VietQR không tính bằng đồng Việt Nam (704).")
    beneficiary = objects(merchant.get("01", ""))
    amount = fields.get("54")
    return Transfer(bank_bin=beneficiary.get("00", ""), account=beneficiary.get("01", ""),
                    amount=int(amount) if amount else None,
                    note=objects(fields.get("62", "")).get("08", ""),
                    service=merchant.get("02", ""))
