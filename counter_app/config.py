"""Configuration: one versioned JSON file, written atomically.

Defaults live in code; the file holds the office, this device, printers and
scanner. A corrupt file is set aside (never deleted) and defaults are used.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, time, timezone
from pathlib import Path
from typing import Any

from counter_app.domain import calendar, codes
from counter_app.errors import ConfigError

log = logging.getLogger(__name__)

CONFIG_VERSION = 1
DEVICE_ROLES = ("counter", "kiosk", "display", "all-in-one")


@dataclass
class OfficeConfig:
    name: str = ""                 # TÊN CƠ QUAN, e.g. "UBND PHƯỜNG HOÀN KIẾM"
    parent_name: str = ""          # cơ quan cấp trên, e.g. "UBND THÀNH PHỐ HÀ NỘI"
    code: str = ""                 # mã định danh, e.g. "000.17.22.H56"
    place: str = ""                # for "<place>, ngày … tháng … năm …"


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


@dataclass
class CodesConfig:
    template: str = "{agency}-{yymmdd}-{seq:04d}"   # TT 01/2018 Điều 19
    block_start: int = 1       # this device's share of the daily sequence, so two
    block_end: int = 9999      # counters of one office never mint the same code


@dataclass
class Config:
    version: int = CONFIG_VERSION
    office: OfficeConfig = field(default_factory=OfficeConfig)
    device: DeviceConfig = field(default_factory=DeviceConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    scanner: ScannerConfig = field(default_factory=ScannerConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    codes: CodesConfig = field(default_factory=CodesConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def validate(self) -> None:
        if self.device.role not in DEVICE_ROLES:
            raise ConfigError(
                f"Vai trò máy không hợp lệ: {self.device.role!r} "
                f"(chọn: {', '.join(DEVICE_ROLES)}).")
        if self.device.counter_number is not None and self.device.counter_number < 1:
            raise ConfigError("Số quầy phải là số nguyên dương.")
        try:
            calendar.parse_sessions(self.calendar.sessions)
            time.fromisoformat(self.calendar.same_day_cutoff)
        except ValueError as exc:
            raise ConfigError(f"Cấu hình giờ làm việc không hợp lệ: {exc}") from None
        try:
            codes.CodeFormat(self.codes.template).check_block(
                self.codes.block_start, self.codes.block_end)
        except ValueError as exc:
            raise ConfigError(f"Cấu hình mã hồ sơ không hợp lệ: {exc}") from None


def _section(cls, data: Any):
    if not isinstance(data, dict):
        return cls()
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def from_dict(data: dict[str, Any]) -> Config:
    version = data.get("version", CONFIG_VERSION)
    if not isinstance(version, int) or version > CONFIG_VERSION:
        raise ConfigError(
            f"Tệp cấu hình có phiên bản {version!r}, mới hơn phần mềm này "
            f"(hỗ trợ đến {CONFIG_VERSION}). Hãy cập nhật phần mềm.")
    try:
        cfg = Config(
            version=CONFIG_VERSION,
            office=_section(OfficeConfig, data.get("office")),
            device=_section(DeviceConfig, data.get("device")),
            printer=_section(PrinterConfig, data.get("printer")),
            scanner=_section(ScannerConfig, data.get("scanner")),
            calendar=_section(CalendarConfig, data.get("calendar")),
            codes=_section(CodesConfig, data.get("codes")),
        )
    except TypeError as exc:
        raise ConfigError(f"Tệp cấu hình không hợp lệ: {exc}") from exc
    cfg.validate()
    return cfg


def load(path: Path) -> Config:
    """Read the config; a missing file gives defaults, a corrupt one is set aside."""
    if not path.exists():
        return Config()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        aside = _set_aside(path)
        log.error("config file unreadable (%s); moved to %s, using defaults", exc, aside)
        return Config()
    return from_dict(data)


def save(cfg: Config, path: Path) -> None:
    """Atomic write: temp file in the same folder, fsync, rename over."""
    cfg.validate()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(cfg.to_dict(), ensure_ascii=False, indent=2) + "\n"
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


def _set_aside(path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    return aside
