"""Printer addresses: ``scheme:target[?options]``.

``usb:VID:PID`` · ``serial:/dev/ttyUSB0?baudrate=9600`` · ``serial:COM3`` ·
``tcp:HOST:9100`` · ``win32:Printer name`` · ``cups:NAME`` · ``file:PATH``.

Options (serial and tcp): ``status=off`` for printers that do not answer the
DLE EOT status query; serial also takes ``baudrate``, ``rtscts``, ``dsrdtr``,
``xonxoff``; usb takes ``in_ep`` and ``out_ep``. Windows printer names, CUPS
names and file paths are taken whole, ``?`` and all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from printing.errors import BadPrinterUrl

EXAMPLES = ("usb:0x0416:0x5011, serial:/dev/ttyUSB0?baudrate=9600, serial:COM3, "
            "tcp:192.168.1.50:9100, win32:Tên máy in, cups:TEN_MAY_IN, file:/thư-mục/phiếu.bin")
OPTIONS = {
    "serial": {"baudrate", "rtscts", "dsrdtr", "xonxoff", "status"},
    "tcp": {"status"},
    "usb": {"in_ep", "out_ep"},
}
SCHEMES = ("usb", "serial", "tcp", "win32", "cups", "file")
DEFAULT_TCP_PORT = 9100
_TRUE, _FALSE = {"1", "on", "yes", "true", "có"}, {"0", "off", "no", "false", "không"}


@dataclass(frozen=True)
class PrinterUrl:
    scheme: str
    target: str
    options: dict[str, str] = field(default_factory=dict)

    def flag(self, name: str, default: bool) -> bool:
        value = self.options.get(name)
        if value is None:
            return default
        if value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise BadPrinterUrl(
            f"Tùy chọn {name}={value} không hợp lệ: dùng {name}=on hoặc {name}=off.")

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.options.get(name)
        if value is None:
            return default
        try:
            number = int(value, 0)
        except ValueError:
            number = -1
        if not low <= number <= high:
            raise BadPrinterUrl(f"Tùy chọn {name}={value} không hợp lệ (từ {low} đến {high}).")
        return number


def _bad(url: str, why: str) -> BadPrinterUrl:
    return BadPrinterUrl(f"Địa chỉ máy in “{url}” không hợp lệ: {why}. Ví dụ: {EXAMPLES}.")


def parse_url(url: str) -> PrinterUrl:
    text = (url or "").strip()
    if not text:
        raise BadPrinterUrl(f"Chưa có địa chỉ máy in. Ví dụ: {EXAMPLES}.")
    scheme, sep, rest = text.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise _bad(text, f"loại “{scheme}” không được hỗ trợ (dùng {', '.join(SCHEMES)})")
    query = ""
    if scheme in OPTIONS:
        rest, _, query = rest.partition("?")
    if rest.startswith("//"):
        rest = rest[2:]
    if not rest.strip():
        raise _bad(text, "thiếu tên hoặc đường dẫn sau dấu “:”")
    options = dict(parse_qsl(query, keep_blank_values=True))
    unknown = sorted(set(options) - OPTIONS.get(scheme, set()))
    if unknown:
        allowed = ", ".join(sorted(OPTIONS.get(scheme, ()))) or "không có"
        raise _bad(text, f"tùy chọn {', '.join(unknown)} không dùng được (được dùng: {allowed})")
    return PrinterUrl(scheme, rest.strip() if scheme != "file" else rest, options)


def host_port(url: PrinterUrl) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or ``[IPv6]:PORT`` → (host, port)."""
    target = url.target
    if target.startswith("["):
        host, _, tail = target[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else tail
    elif target.count(":") == 1:
        host, _, port_text = target.partition(":")
    else:
        host, port_text = target, ""
    if not host:
        raise _bad(f"tcp:{target}", "thiếu tên hoặc địa chỉ IP của máy in")
    if not port_text:
        return host, DEFAULT_TCP_PORT
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise _bad(f"tcp:{target}", f"cổng “{port_text}” phải là số từ 1 đến 65535")
    return host, int(port_text)


def usb_ids(url: PrinterUrl) -> tuple[int, int]:
    """``VID:PID`` in hexadecimal (``0x`` optional) → two integers."""
    parts = url.target.split(":")
    try:
        vid, pid = (int(p, 16) for p in parts) if len(parts) == 2 else (-1, -1)
    except ValueError:
        vid = pid = -1
    if not (0 <= vid <= 0xFFFF and 0 <= pid <= 0xFFFF):
        raise _bad(f"usb:{url.target}", "cần mã hãng và mã sản phẩm dạng hệ 16, "
                   "ví dụ usb:0x04b8:0x0202")
    return vid, pid
