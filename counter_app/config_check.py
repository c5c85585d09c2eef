"""Checking a configuration as it is in its file: every wrong key named.

The file is JSON written by this app or edited by hand (Notepad). Nothing here
replaces a wrong value with a default. ``type_problems`` and ``rule_problems``
list each wrong key with what it should be, so the GUI and the CLI can say
which key to fix, and ``config set`` can still repair the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import time
from typing import Any, get_type_hints

from counter_app.domain import calendar, codes, vietqr
from counter_app.domain.device_roles import DEVICE_ROLES
from printing.errors import BadPrinterUrl
from printing.urls import host_port, parse_url, usb_ids

SCANNER_MODES = ("hid", "serial")

# What an administrator calls each key (the keys themselves stay as in the file).
LABELS = {
    "device.role": "vai trò máy",
    "device.counter_number": "số quầy",
    "printer.ticket_url": "địa chỉ máy in phiếu",
    "printer.ticket_width_dots": "khổ in phiếu",
    "scanner.mode": "kiểu máy quét",
    "scanner.baudrate": "tốc độ cổng máy quét",
    "calendar.sessions": "giờ làm việc",
    "calendar.same_day_cutoff": "giờ chốt trong ngày",
    "calendar.due_rule": "cách tính hạn giải quyết",
    "codes.template": "mẫu mã hồ sơ",
    "codes.block_start": "khối số thứ tự",
    "sync.server_url": "địa chỉ máy chủ đồng bộ",
    "payment.bank_bin": "mã BIN ngân hàng nhận phí",
    "payment.account_number": "số tài khoản nhận phí",
    "payment.account_name": "tên tài khoản nhận phí",
}


@dataclass(frozen=True)
class Problem:
    """One wrong key: ``key`` as written in the file, ``message`` in Vietnamese."""

    key: str
    message: str

    def __str__(self) -> str:
        label = LABELS.get(self.key)
        return f"{self.key} ({label}): {self.message}" if label else \
            f"{self.key}: {self.message}"


def shown(value: Any) -> str:
    """A value as it looks in the JSON file, shortened."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_ok(value: Any, hint: Any) -> bool:
    if hint is bool:
        return isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if hint is int:
        return _is_int(value)
    return value is None or _is_int(value)     # int | None


def _expected(hint: Any) -> str:
    if hint is bool:
        return "true hoặc false (không có ngoặc kép)"
    if hint is str:
        return "một chuỗi chữ (trong dấu ngoặc kép)"
    if hint is int:
        return "một số nguyên (không có ngoặc kép)"
    return "một số nguyên (không có ngoặc kép) hoặc null"


def type_problems(data: dict[str, Any], sections: dict[str, type]) -> list[Problem]:
    """Sections that are not objects and known keys of the wrong JSON type."""
    found = []
    version = data.get("version", 1)
    if not _is_int(version):
        found.append(Problem("version", f"cần một số nguyên, đang là {shown(version)}"))
    for name, cls in sections.items():
        section = data.get(name, {})
        if not isinstance(section, dict):
            found.append(Problem(name, f"cần một nhóm mục {{…}}, đang là {shown(section)}"))
            continue
        hints = get_type_hints(cls)
        for f in fields(cls):
            if f.name in section and not _type_ok(section[f.name], hints[f.name]):
                found.append(Problem(f"{name}.{f.name}", f"cần {_expected(hints[f.name])}, "
                                     f"đang là {shown(section[f.name])}"))
    return found


def printer_url_problem(url: str) -> str | None:
    """Why a ticket printer address cannot be used, or None."""
    if not url.strip():
        return None      # empty: tickets go to files
    try:
        parsed = parse_url(url)
        if parsed.scheme == "tcp":
            host_port(parsed)
        elif parsed.scheme == "usb":
            usb_ids(parsed)
    except BadPrinterUrl as exc:
        return str(exc)
    return None


# The id of a set of one-stop forms, which is also its file name (services/official_forms).
FORM_SET_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def rule_problems(cfg: Any) -> list[Problem]:
    """Values of the right type that break a rule (``cfg`` is a ``config.Config``)."""
    found = []

    def check(key: str, bad: bool, message: str) -> None:
        if bad:
            found.append(Problem(key, message))

    form_set = cfg.office.form_set
    check("office.form_set", bool(form_set) and not FORM_SET_ID.match(form_set),
          f"cần mã bộ mẫu như tt03-2025 hoặc tt01-2018, đang là {shown(form_set)}")
    role = cfg.device.role
    check("device.role", role not in DEVICE_ROLES,
          f"cần một trong {', '.join(DEVICE_ROLES)}, đang là {shown(role)}")
    number = cfg.device.counter_number
    check("device.counter_number", number is not None and number < 1,
          f"cần một số nguyên dương hoặc null, đang là {number}")
    url_problem = printer_url_problem(cfg.printer.ticket_url)
    check("printer.ticket_url", url_problem is not None, url_problem or "")
    check("printer.ticket_width_dots", cfg.printer.ticket_width_dots < 1,
          f"cần một số dương (384, 512 hoặc 576), đang là {cfg.printer.ticket_width_dots}")
    check("scanner.mode", cfg.scanner.mode not in SCANNER_MODES,
          f"cần hid hoặc serial, đang là {shown(cfg.scanner.mode)}")
    check("scanner.baudrate", cfg.scanner.baudrate < 1,
          f"cần một số dương, ví dụ 9600, đang là {cfg.scanner.baudrate}")
    check("sync.server_url", server_url_problem(cfg.sync.server_url) is not None,
          server_url_problem(cfg.sync.server_url) or "")
    check("backup.keep_days", cfg.backup.keep_days < 1,
          f"cần số ngày giữ bản sao lưu, ít nhất 1, đang là {cfg.backup.keep_days}")
    found += _calendar_problems(cfg.calendar) + _code_problems(cfg.codes)
    return found + _payment_problems(cfg.payment)


def _payment_problems(section: Any) -> list[Problem]:
    """The transfer account, each value as it is given (``config set`` sets one key at
    a time; the receipt prints a code only once BIN and number are both set)."""
    found = []
    if section.bank_bin and not vietqr.BIN.match(section.bank_bin):
        found.append(Problem("payment.bank_bin", "cần đúng 6 chữ số (ví dụ 970436), đang "
                                                 f"là {shown(section.bank_bin)}"))
    if section.account_number and not vietqr.ACCOUNT.match(section.account_number):
        found.append(Problem("payment.account_number",
                             "chỉ gồm chữ số (hoặc chữ cái không dấu), 1–19 ký tự, đang là "
                             f"{shown(section.account_number)}"))
    if len(section.account_name) > 70:
        found.append(Problem("payment.account_name", "dài quá 70 ký tự"))
    return found


def server_url_problem(url: str) -> str | None:
    """Why a sync server address cannot be used, or None (empty: not enrolled)."""
    if not url:
        return None
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/") \
            or any(c.isspace() for c in url):
        return (f"cần địa chỉ dạng https://máy-chủ[:cổng], đang là {shown(url)}")
    return None


def _calendar_problems(section: Any) -> list[Problem]:
    found = []
    try:
        calendar.parse_sessions(section.sessions)
    except ValueError as exc:
        found.append(Problem("calendar.sessions", f"{exc} (ví dụ 08:00-12:00,13:00-17:00)"))
    try:
        time.fromisoformat(section.same_day_cutoff)
    except ValueError:
        found.append(Problem("calendar.same_day_cutoff",
                             f"cần giờ dạng HH:MM, đang là {shown(section.same_day_cutoff)}"))
    if section.due_rule not in calendar.DUE_RULES:
        found.append(Problem("calendar.due_rule",
                             f"phải là {' hoặc '.join(calendar.DUE_RULES)}, "
                             f"đang là {shown(section.due_rule)}"))
    return found


def _code_problems(section: Any) -> list[Problem]:
    try:
        code_format = codes.CodeFormat(section.template)
    except ValueError as exc:
        return [Problem("codes.template", str(exc))]
    try:
        code_format.check_block(section.block_start, section.block_end)
    except ValueError as exc:
        return [Problem("codes.block_start", f"{exc} (codes.block_start, codes.block_end)")]
    return []
