"""The QR code on the citizen ID card (CCCD gắn chip / thẻ căn cước): fields and warnings.

The QR holds plain UTF-8 text, fields separated by ``|`` (domain.md §6)::

    <12-digit number>|<old 9-digit CMND, often empty>|<full name>|<birth ddMMyyyy>|
    <Nam/Nữ>|<address>|<issue ddMMyyyy>      (one line in the QR)

Cards issued from 1/7/2024 add trailing, usually empty, fields (11 in all); some
documents show 6 fields without the issue date. ``parse`` accepts 6 to 11 fields.
It refuses (``CccdParseError``) only text that cannot be a card's QR; anything
doubtful on a readable card becomes a ``CccdWarning`` (a stable code plus a
Vietnamese sentence) because the officer can compare with the card and edit.
Pure: no I/O; "today" is a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.provinces import PROVINCES
from counter_app.domain.text import ascii_digits, clean, fold, nfc
from counter_app.errors import UserInputError

MIN_FIELDS, MAX_FIELDS = 6, 11
GENDERS = {"nam": "Nam", "nu": "Nữ"}

_ID = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}")
_DATE = re.compile(r"[0-9]{8}")
_DIGITS_ONLY = re.compile(r"[0-9\s]+")
_EDGES = re.compile(r"^[\s\x00-\x1f\x7f\ufeff]+|[\s\x00-\x1f\x7f\ufeff]+$")
_AIM_PREFIX = re.compile(r"^\]Q[0-9]")  # symbology identifier some scanners prepend
_DOSSIER_CODE = re.compile(r"[0-9A-Za-z]{2,4}(?:\.[0-9A-Za-z]{1,4}){1,4}-[0-9]{6,8}-[0-9]{3,8}")
# What "|" can turn into when a wedge scanner types through another keyboard layout.
_ALT_SEPARATORS = ("¦", "｜", "\\", "~", "µ", "#", "'", "`", ";", "\t")
_LOOKS = re.compile(r"(?:\]Q[0-9])?[0-9]{12}([|¦｜\\~µ#'`;\t])")
# A UTF-8 lead byte read as cp1252/cp1258 followed by a continuation byte read the same way.
_MOJIBAKE = re.compile("[ÃĂÄÅÆ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                       "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|á[º»]")
# Telex keys left in plain letters: never a Vietnamese spelling.
_TELEX = re.compile(r"dd|aa|ee|oo|aw|ow|uw", re.IGNORECASE)

_MESSAGES = {
    "mojibake_repaired": "Chữ tiếng Việt bị sai bảng mã (UTF-8 bị đọc như Windows-1252/1258) và "
                         "đã được sửa tự động; hãy đối chiếu họ tên, địa chỉ với thẻ.",
    "mojibake_suspected": "Chữ tiếng Việt có vẻ bị sai bảng mã (ví dụ “Ã”, “á»”) và không sửa tự "
                          "động được; hãy đối chiếu với thẻ và sửa tay.",
    "replacement_char": "Mã QR có ký tự không đọc được (“\ufffd”): một số chữ có dấu đã mất. Hãy "
                        "đối chiếu với thẻ và sửa tay; nên đặt máy quét xuất UTF-8.",
    "separator_replaced": "Mã QR dùng dấu “{sep}” thay cho “|”: có thể máy quét đang ở chế độ bàn "
                          "phím (HID) với kiểu bàn phím khác. Hãy kiểm tra kỹ các trường; nên đặt "
                          "máy quét ở chế độ cổng COM ảo (USB-COM).",
    "telex_residue": "Họ tên “{name}” có dãy phím gõ kiểu Telex (“{seq}”) thay cho chữ có dấu: "
                     "có thể máy quét ở chế độ bàn phím (HID) bị bộ gõ tiếng Việt can thiệp. Hãy "
                     "tắt Unikey/EVKey hoặc dùng chế độ cổng COM ảo, rồi quét lại hoặc sửa tay.",
    "diacritics_missing": "Họ tên và địa chỉ không có dấu tiếng Việt: có thể máy quét ở chế độ "
                          "bàn phím (HID) đã làm mất dấu. Hãy đối chiếu với thẻ.",
    "issue_date_missing": "Mã QR không có ngày cấp; hãy nhập ngày cấp theo thẻ.",
    "old_id_field_missing": "Mã QR chỉ có 6 trường và thiếu trường số CMND cũ; đã đọc các trường "
                            "còn lại theo thứ tự. Hãy đối chiếu với thẻ.",
    "old_id_invalid": "Số CMND cũ “{old}” không gồm 9 chữ số; hãy đối chiếu với thẻ.",
    "name_empty": "Mã QR không có họ tên; hãy nhập họ tên theo thẻ.",
    "address_empty": "Mã QR không có nơi thường trú; hãy nhập theo thẻ.",
    "gender_unknown": "Giới tính “{gender}” không phải “Nam” hoặc “Nữ”; hãy chọn lại theo thẻ.",
    "birth_date_missing": "Mã QR không có ngày sinh; hãy nhập theo thẻ.",
    "birth_date_invalid": "Ngày sinh “{raw}” không hợp lệ (cần 8 chữ số ngàythángnăm, ví dụ "
                          "01011999); hãy nhập theo thẻ.",
    "birth_date_in_future": "Ngày sinh {shown} ở tương lai; hãy nhập theo thẻ.",
    "issue_date_invalid": "Ngày cấp “{raw}” không hợp lệ (cần 8 chữ số ngàythángnăm, ví dụ "
                          "15082021); hãy nhập theo thẻ.",
    "issue_date_in_future": "Ngày cấp {shown} ở tương lai; hãy nhập theo thẻ.",
    "issue_before_birth": "Ngày cấp {issue} trước ngày sinh {birth}; hãy đối chiếu với thẻ.",
    "province_code_unknown": "Ba số đầu “{prefix}” của số định danh không có trong danh mục mã "
                             "tỉnh (Thông tư 07/2016/TT-BCA); có thể là mã quốc gia hoặc quy tắc "
                             "mới. Hãy đối chiếu với thẻ.",
    "gender_digit_mismatch": "Chữ số thứ 4 của số định danh ({digit}) thường ứng với giới tính "
                             "{expected}, nhưng mã QR ghi {gender}. Quy tắc đánh số không còn bắt "
                             "buộc; hãy đối chiếu với thẻ.",
    "century_digit_mismatch": "Chữ số thứ 4 của số định danh ({digit}) thường ứng với năm sinh "
                              "{start}–{end}, nhưng năm sinh là {year}; hãy đối chiếu với thẻ.",
    "birth_year_digits_mismatch": "Chữ số thứ 5–6 của số định danh ({digits}) khác hai số cuối của "
                                  "năm sinh {year}; hãy đối chiếu với thẻ.",
    "extra_fields": "Mã QR có {count} trường thêm ở cuối chưa biết ý nghĩa; đã giữ nguyên.",
}
WARNING_CODES = tuple(_MESSAGES)
_NOT_CCCD = "Mã QR không phải mã QR trên thẻ căn cước: "


class CccdParseError(UserInputError):
    """The text cannot be a card's QR. ``code`` says why, for routing and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CccdWarning:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class CccdData:
    """One card as read. Dates that could not be read are ``None``; ``*_raw`` keeps the text."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: date | None
    gender: str | None
    address: str
    issue_date: date | None
    birth_date_raw: str = ""
    issue_date_raw: str = ""
    extra: tuple[str, ...] = ()
    warnings: tuple[CccdWarning, ...] = ()
    raw: str = field(default="", repr=False)

    @property
    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]

    def to_dict(self) -> dict:
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_date_raw": self.birth_date_raw,
            "gender": self.gender,
            "address": self.address,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "issue_date_raw": self.issue_date_raw,
            "extra": list(self.extra),
            "warnings": [w.to_dict() for w in self.warnings],
            "raw": self.raw,
        }


def looks_like_cccd(text: str) -> bool:
    """Cheap routing check: 12 digits then 5 to 10 separators (scanner input → CCCD?)."""
    if not isinstance(text, str):
        return False
    text = _EDGES.sub("", text)
    m = _LOOKS.match(text)
    return bool(m) and MIN_FIELDS - 1 <= text.count(m.group(1)) <= MAX_FIELDS - 1


def parse(text: str | bytes, today: date | None = None) -> CccdData:
    """The card's fields from its QR text; raises only ``CccdParseError``."""
    today = today or datetime.now(LOCAL_TZ).date()
    notes: list[CccdWarning] = []
    text = _prepare(text, notes)
    _refuse_obvious(text)
    parts = _layout(_split(text, notes), notes)
    # Names and addresses go through ``clean`` (control and bidi characters removed);
    # numbers and dates are read in ASCII digits whatever digits the scanner typed.
    parts[:2] = [ascii_digits(clean(p)) for p in parts[:2]]
    parts[3], parts[6] = ascii_digits(parts[3]), ascii_digits(parts[6])
    id_number = parts[0]
    if not _ID.fullmatch(id_number):
        raise _id_error(id_number)
    old_id = _old_id(parts[1], notes)
    name = _name(parts[2], notes)
    birth = _date(parts[3].strip(), "birth_date", today, notes)
    gender = _gender(parts[4], notes)
    address = clean(parts[5])
    if not address:
        _warn(notes, "address_empty")
    issue = _date(parts[6].strip(), "issue_date", today, notes)
    if birth and issue and issue < birth:
        _warn(notes, "issue_before_birth", issue=_shown(issue), birth=_shown(birth))
    _check_id_digits(id_number, gender, birth, notes)
    extra = _extra(parts[7:], notes)
    _check_keyboard_wedge(name, address, notes)
    return CccdData(
        id_number=id_number, old_id_number=old_id, full_name=name, birth_date=birth,
        gender=gender, address=address, issue_date=issue, birth_date_raw=parts[3].strip(),
        issue_date_raw=parts[6].strip(), extra=extra, warnings=tuple(notes), raw=text)


def _warn(notes: list[CccdWarning], code: str, **values) -> None:
    notes.append(CccdWarning(code, _MESSAGES[code].format(**values)))


def _shown(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _snippet(text: str, limit: int = 40) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def _prepare(text: str | bytes, notes: list[CccdWarning]) -> str:
    """Trim scanner framing, repair mojibake, compose (NFD input becomes NFC)."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    text = _AIM_PREFIX.sub("", _EDGES.sub("", text))
    repaired = _repair_mojibake(text)
    if repaired is not None:
        text = repaired
        _warn(notes, "mojibake_repaired")
    elif _MOJIBAKE.search(text):
        _warn(notes, "mojibake_suspected")
    if "\ufffd" in text:
        _warn(notes, "replacement_char")
    return _EDGES.sub("", nfc(text))


def _repair_mojibake(text: str) -> str | None:
    """UTF-8 bytes once decoded as cp1252 (or Vietnamese cp1258): undo it if it decodes cleanly."""
    if text.isascii():
        return None
    for codec in ("cp1252", "cp1258"):
        try:
            fixed = _to_bytes(text, codec).decode("utf-8")
        except (UnicodeError, ValueError):
            continue
        if fixed != text:
            return fixed
    return None


def _to_bytes(text: str, codec: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))  # bytes cp1252 leaves undefined come through as latin-1
    return bytes(out)


def _refuse_obvious(text: str) -> None:
    if not text:
        raise CccdParseError("empty", "Không đọc được mã QR: nội dung trống. Hãy quét lại mã QR "
                                      "trên thẻ căn cước.")
    if "|" not in text and _DOSSIER_CODE.search(text):
        raise CccdParseError("dossier_code", f"Đây có vẻ là mã hồ sơ ({_snippet(text)}), không "
                             "phải mã QR trên thẻ căn cước. Hãy quét mã này ở chức năng tra cứu "
                             "hoặc trả kết quả hồ sơ.")
    if _OLD_ID.fullmatch(text):
        raise _old_cmnd_error(text)
    if _ID.fullmatch(text):
        raise CccdParseError("id_only", _NOT_CCCD + f"chỉ đọc được dãy 12 chữ số ({text}), không "
                             "có họ tên, ngày sinh. Hãy quét mã QR trên thẻ (mặt trước thẻ căn "
                             "cước công dân, mặt sau thẻ căn cước mẫu mới) hoặc nhập bằng tay.")


def _old_cmnd_error(number: str) -> CccdParseError:
    return CccdParseError("old_cmnd", f"Số {number} có 9 chữ số: đó là số chứng minh nhân dân "
                          "(CMND) cũ, không phải mã QR trên thẻ căn cước. Hãy quét mã QR trên "
                          "thẻ căn cước hoặc nhập thông tin bằng tay.")


def _id_error(id_number: str) -> CccdParseError:
    if _OLD_ID.fullmatch(id_number):
        return _old_cmnd_error(id_number)
    return CccdParseError("id_number", _NOT_CCCD + f"trường đầu tiên (“{_snippet(id_number)}”) "
                          "phải là số định danh gồm 12 chữ số. Hãy quét lại hoặc nhập bằng tay.")


def _split(text: str, notes: list[CccdWarning]) -> list[str]:
    if "|" in text:
        parts = text.split("|")
    else:
        parts = _split_mangled(text, notes)
    if not MIN_FIELDS <= len(parts) <= MAX_FIELDS:
        raise CccdParseError("field_count", _NOT_CCCD + f"có {len(parts)} trường, cần từ "
                             f"{MIN_FIELDS} đến {MAX_FIELDS} trường ngăn cách bởi dấu “|”. Hãy "
                             "quét lại; nếu vẫn lỗi, nhập thông tin bằng tay.")
    return parts


def _split_mangled(text: str, notes: list[CccdWarning]) -> list[str]:
    for sep in _ALT_SEPARATORS:
        parts = text.split(sep)
        if MIN_FIELDS <= len(parts) <= MAX_FIELDS and _ID.fullmatch(parts[0].strip()):
            _warn(notes, "separator_replaced", sep=sep if sep != "\t" else "Tab")
            return parts
    raise CccdParseError("no_separator", _NOT_CCCD + f"không có dấu “|” ngăn cách các trường "
                         f"(đọc được: “{_snippet(text)}”). Nếu máy quét ở chế độ bàn phím (HID), "
                         "hãy chuyển sang chế độ cổng COM ảo (USB-COM) hoặc kiểm tra kiểu bàn "
                         "phím.")


def _layout(parts: list[str], notes: list[CccdWarning]) -> list[str]:
    """Bring the 6-field variants to the 7-field order."""
    if len(parts) != MIN_FIELDS:
        return parts
    if _DATE.fullmatch(parts[2].strip()) and fold(parts[3]) in GENDERS:
        _warn(notes, "old_id_field_missing")
        return [parts[0], "", *parts[1:]]
    return [*parts, ""]  # older documents: no issue date (warned when the date is read)


def _name(raw: str, notes: list[CccdWarning]) -> str:
    name = clean(raw)
    if not name:
        _warn(notes, "name_empty")
    elif _DIGITS_ONLY.fullmatch(name):
        raise CccdParseError("name_digits", _NOT_CCCD + f"trường họ tên (“{_snippet(name)}”) chỉ "
                             "có chữ số, các trường có thể bị lệch. Hãy quét lại hoặc nhập "
                             "bằng tay.")
    return name


def _date(raw: str, what: str, today: date, notes: list[CccdWarning]) -> date | None:
    """ddMMyyyy → date; missing, invalid or future → None with a warning."""
    if not raw:
        _warn(notes, f"{what}_missing")
        return None
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError(raw)
        value = date(int(raw[4:]), int(raw[2:4]), int(raw[:2]))
        if value.year < 1900:
            raise ValueError(raw)
    except ValueError:
        _warn(notes, f"{what}_invalid", raw=_snippet(raw))
        return None
    if value > today:
        _warn(notes, f"{what}_in_future", shown=_shown(value))
        return None
    return value


def _gender(raw: str, notes: list[CccdWarning]) -> str | None:
    gender = GENDERS.get(fold(raw))
    if gender is None:
        _warn(notes, "gender_unknown", gender=_snippet(clean(raw)))
    return gender


def _old_id(raw: str, notes: list[CccdWarning]) -> str | None:
    old = clean(raw)
    if not old:
        return None
    if not _OLD_ID.fullmatch(old):
        _warn(notes, "old_id_invalid", old=_snippet(old))
    return old


def _extra(parts: list[str], notes: list[CccdWarning]) -> tuple[str, ...]:
    """Trailing fields, positions kept; none at all when every one is empty (the usual case)."""
    extra = tuple(clean(p) for p in parts)
    filled = sum(1 for p in extra if p)
    if not filled:
        return ()
    _warn(notes, "extra_fields", count=filled)
    return extra


def _check_id_digits(id_number: str, gender: str | None, birth: date | None,
                     notes: list[CccdWarning]) -> None:
    """TT 07/2016 numbering: warn on a mismatch only (no longer guaranteed since 1/7/2024)."""
    if id_number[:3] not in PROVINCES:
        _warn(notes, "province_code_unknown", prefix=id_number[:3])
    digit = int(id_number[3])
    expected = "Nam" if digit % 2 == 0 else "Nữ"
    if gender is not None and gender != expected:
        _warn(notes, "gender_digit_mismatch", digit=digit, expected=expected, gender=gender)
    if birth is None:
        return
    start = 1900 + 100 * (digit // 2)
    if not start <= birth.year <= start + 99:
        _warn(notes, "century_digit_mismatch", digit=digit, start=start, end=start + 99,
              year=birth.year)
    if id_number[4:6] != f"{birth.year % 100:02d}":
        _warn(notes, "birth_year_digits_mismatch", digits=id_number[4:6], year=birth.year)


def _check_keyboard_wedge(name: str, address: str, notes: list[CccdWarning]) -> None:
    """Signs that a keyboard-wedge scan went through an IME or lost its accents."""
    residue = [m.group(0) for word in name.split() if word.isascii()
               for m in _TELEX.finditer(word)]
    if residue:
        _warn(notes, "telex_residue", name=_snippet(name), seq=", ".join(dict.fromkeys(residue)))
    elif name and (name + address).isascii() and any(ch.isalpha() for ch in name):
        _warn(notes, "diacritics_missing")
