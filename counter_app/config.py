"""Configuration: one versioned JSON file, written atomically.

Defaults live in code; the file holds the office, this device, printers and
scanner. Rules: the file is read with or without a UTF-8 BOM (Notepad,
PowerShell 5) and also as UTF-16 with a BOM; a missing file gives defaults; a
file that is not JSON or has a wrong key is never replaced by defaults:
``load`` raises ``InvalidConfigError`` naming each wrong key, the file is left
untouched, and ``inspect``/``set_value`` (``config show``/``config set``)
still work on it so an administrator can repair it.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from counter_app.config_check import DEVICE_ROLES, Problem, rule_problems, type_problems
from counter_app.errors import ConfigError, InvalidConfigError, UserInputError

log = logging.getLogger(__name__)

CONFIG_VERSION = 1
__all__ = ["DEVICE_ROLES", "Config", "load", "save", "inspect", "set_value"]


@dataclass
class OfficeConfig:
    name: str = ""                 # TÊN CƠ QUAN, e.g. "UBND PHƯỜNG HOÀN KIẾM"
    parent_name: str = ""          # cơ quan cấp trên, e.g. "UBND THÀNH PHỐ HÀ NỘI"
    code: str = ""                 # mã định danh, e.g. "000.17.22.H56"
    place: str = ""                # for "<place>, ngày … tháng … năm …"
    # The counter unit printed on forms, tickets and the board; empty → "Trung tâm Phục
    # vụ hành chính công" + the commune named in ``name`` (domain/office_names.py).
    unit_name: str = ""
    # Which set of one-stop forms to print (docs/bieu-mau-mot-cua.md); empty → current set.
    form_set: str = ""


@dataclass
class DeviceConfig:
    name: str = ""
    counter_number: int | None = None
    role: str = "all-in-one"


@dataclass
class PrinterConfig:
    ticket_url: str = ""            # e.g. tcp:192.0.2.10:9100; empty → file output
    ticket_width_dots: int = 576
    document_printer: str = ""      # office A4/A5 printer name; empty → PDF files
    output_dir: str = ""            # where "file" printing writes; empty → data dir


@dataclass
class ScannerConfig:
    mode: str = "hid"               # hid (keyboard wedge) or serial
    port: str = ""                  # serial port, e.g. COM3 or /dev/ttyACM0
    baudrate: int = 9600


@dataclass
class CalendarConfig:
    sessions: str = "08:00-12:00,13:00-17:00"   # office hours, used for due times
    same_day_cutoff: str = "15:00"              # same-day procedures after this → next day
    # How a term of N working days ends (domain/calendar.py): "end_of_day" = closing time of
    # the N-th working day (Civil Code art. 147–148); "working_hours" = N × a day's hours.
    due_rule: str = "end_of_day"


@dataclass
class CodesConfig:
    template: str = "{agency}-{yymmdd}-{seq:04d}"   # TT 01/2018 Điều 19
    block_start: int = 1       # this device's share of the daily sequence, so two
    block_end: int = 9999      # counters of one office never mint the same code


@dataclass
class SyncConfig:
    server_url: str = ""            # e.g. https://sync.example.gov.vn; empty → not enrolled
    device_secret: str = ""         # from enrollment; never printed (config show masks it)
    office: str = ""                # the office code the server enrolled this device in
    # Office mode (docs/OFFICE.md): queue actions go to the office hub (the sync server);
    # off: this PC keeps its own queue even when enrolled.
    office_queue: bool = True
    island_tag: str = ""            # from enrollment: marks numbers issued with the hub away


@dataclass
class BackupConfig:
    """Automatic daily backups (docs/SECURITY.md, counter_app/backups.py)."""

    daily: bool = True
    folder: str = ""                # empty → the "backups" folder beside the database
    keep_days: int = 14             # older automatic backups are deleted
    second_folder: str = ""         # also copy there (a USB disk); empty → none


@dataclass
class PaymentConfig:
    """The office's account for fees paid by bank transfer: the receipt (form 01) carries
    a VietQR code for it (counter_app/domain/vietqr.py). Empty: no code is printed."""
    bank_bin: str = ""              # the bank's NAPAS BIN, 6 digits, e.g. 970436
    account_number: str = ""        # the office's account (tài khoản thu phí, lệ phí)
    account_name: str = ""          # printed under the code, e.g. "UBND PHUONG HOAN KIEM"
    bank_name: str = ""             # printed too, e.g. "Vietcombank - CN Hà Nội"


@dataclass
class Config:
    version: int = CONFIG_VERSION
    office: OfficeConfig = field(default_factory=OfficeConfig)
    device: DeviceConfig = field(default_factory=DeviceConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    scanner: ScannerConfig = field(default_factory=ScannerConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    codes: CodesConfig = field(default_factory=CodesConfig)
    sync: SyncConfig = field(default_factory=SyncConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    payment: PaymentConfig = field(default_factory=PaymentConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def validate(self) -> None:
        """Raise ``InvalidConfigError`` naming every value that breaks a rule."""
        found = rule_problems(self)
        if found:
            raise InvalidConfigError(None, found)


SECTIONS = {f.name: f.default_factory for f in fields(Config) if f.name != "version"}


def problems(data: dict[str, Any]) -> list[Problem]:
    """Every wrong key of a config as read from its file (types first, then rules)."""
    found = type_problems(data, SECTIONS)
    wrong = {p.key for p in found}
    # The rules are checked on the other keys too, so one pass names every wrong key.
    return found + rule_problems(_build(data, skip=wrong))


def _build(data: dict[str, Any], skip: set[str] = frozenset()) -> Config:
    """A ``Config`` from data whose types are right (keys in ``skip`` and unknown
    keys are left at their defaults)."""
    def section(name: str):
        cls = SECTIONS[name]
        values = data.get(name) if name not in skip else {}
        names = {f.name for f in fields(cls)} - {k.partition(".")[2] for k in skip
                                                  if k.startswith(name + ".")}
        return cls(**{k: v for k, v in (values or {}).items() if k in names})
    return Config(version=CONFIG_VERSION, **{name: section(name) for name in SECTIONS})


def _refuse_newer(data: dict[str, Any], path: Path | None) -> None:
    version = data.get("version", CONFIG_VERSION)
    if isinstance(version, int) and version > CONFIG_VERSION:
        raise ConfigError(
            f"Tệp cấu hình {path or ''} có phiên bản {version!r}, mới hơn phần mềm này "
            f"(hỗ trợ đến {CONFIG_VERSION}). Hãy cập nhật phần mềm.")


def from_dict(data: dict[str, Any], path: Path | None = None) -> Config:
    _refuse_newer(data, path)
    found = problems(data)
    if found:
        raise InvalidConfigError(path, found)
    return _build(data)


def read_raw(path: Path) -> dict[str, Any]:
    """The file's JSON object as it is ({} if there is no file); never changes the file."""
    if path.is_dir():
        raise ConfigError(f"Đường dẫn cấu hình {path} là một thư mục, không phải tệp. "
                          "Hãy chỉ ra một tệp, ví dụ --config cau-hinh.json.")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path} ({exc.strerror}). "
                          "Hãy kiểm tra quyền đọc tệp.") from None
    try:
        data = json.loads(raw)    # detects UTF-8 (with or without BOM), UTF-16, UTF-32
    except UnicodeDecodeError:
        raise _unreadable(path, "không phải văn bản UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _unreadable(path, f"không phải JSON hợp lệ (dòng {exc.lineno}, "
                                f"cột {exc.colno})") from None
    if not isinstance(data, dict):
        raise _unreadable(path, "không phải một đối tượng JSON {…}")
    return data


def _unreadable(path: Path, why: str) -> ConfigError:
    return ConfigError(
        f"Tệp cấu hình {path} {why}. Tệp được giữ nguyên, phần mềm không tự thay bằng "
        "cấu hình mặc định. Hãy sửa tệp bằng trình soạn thảo, hoặc đổi tên tệp để tạo "
        "lại cấu hình rồi đặt lại từng mục bằng: counter-app config set KHÓA GIÁ_TRỊ")


def load(path: Path) -> Config:
    """Read the config; a missing file gives defaults, a wrong one raises (untouched)."""
    return from_dict(read_raw(path), path)


def inspect(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """What ``config show`` prints: the defaults overlaid with the file's values as
    they are (wrong ones included), and the problems found."""
    data = read_raw(path)
    _refuse_newer(data, path)
    shown = Config().to_dict()
    for name, values in data.items():
        if name in shown and isinstance(values, dict) and isinstance(shown[name], dict):
            shown[name].update({k: v for k, v in values.items() if k in shown[name]})
        elif name in shown:
            shown[name] = values
    _mask_secrets(shown)
    return shown, problems(data)


SECRET_KEYS = (("sync", "device_secret"),)
MASK = "••••••••"


def _mask_secrets(shown: dict[str, Any]) -> None:
    """A secret is never printed: only whether it is set."""
    for section, name in SECRET_KEYS:
        values = shown.get(section)
        if isinstance(values, dict) and values.get(name):
            values[name] = MASK


def parse_value(key: str, text: str) -> tuple[str, str, Any]:
    """``section.name`` and a typed value from the command line; refuse unknown keys."""
    section_name, _, name = key.partition(".")
    cls = SECTIONS.get(section_name)
    if cls is None or name not in {f.name for f in fields(cls)}:
        raise UserInputError(f"Không có mục cấu hình {key!r}. Xem: counter-app config show")
    hint = get_type_hints(cls)[name]
    if hint is str:
        return section_name, name, text
    if hint is bool:
        value = {"true": True, "false": False, "1": True, "0": False, "có": True,
                 "không": False}.get(text.strip().lower())
        if value is None:
            raise UserInputError(f"{key} phải là true hoặc false.")
        return section_name, name, value
    if text == "" and hint is not int:
        return section_name, name, None
    try:
        return section_name, name, int(text)
    except ValueError:
        raise UserInputError(f"{key} phải là số nguyên.") from None


def set_value(path: Path, key: str, text: str) -> tuple[Any, list[Problem]]:
    """Set one key in the file (``config set``); see ``set_values``."""
    typed, after = set_values(path, {key: text})
    return typed[key], after


def set_values(path: Path, changes: dict[str, str], *,
               dry_run: bool = False) -> tuple[dict[str, Any], list[Problem]]:
    """Set each ``section.name`` of ``changes`` (text as typed) in the file, keeping
    every other value as it is (even a wrong one, which stays listed). All or
    nothing: refused, naming each value, if the change adds a problem. Returns the
    typed values and the problems left. ``dry_run``: check only, write nothing."""
    data = read_raw(path)
    _refuse_newer(data, path)
    before = set(problems(data))
    typed: dict[str, Any] = {}
    for key, text in changes.items():
        section_name, name, value = parse_value(key, "" if text is None else str(text))
        section = data.get(section_name)
        data[section_name] = dict(section) if isinstance(section, dict) else {}
        data[section_name][name] = value
        typed[key] = value
    data.setdefault("version", CONFIG_VERSION)
    after = problems(data)
    added = [p for p in after if p not in before]
    if added:
        raise UserInputError("Không đặt được: " + "; ".join(map(str, added)))
    if not dry_run:
        write_raw(data, path)
    return typed, after


def save(cfg: Config, path: Path) -> None:
    cfg.validate()
    write_raw(cfg.to_dict(), path)


def write_raw(data: dict[str, Any], path: Path) -> None:
    """Atomic write: temp file in the same folder, fsync, rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
