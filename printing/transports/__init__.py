"""Where ticket bytes go: ``open_transport(url, timeout)`` → a :class:`Transport`.

One module per kind of link (address forms in :mod:`printing.urls`): file.py,
tcp.py, serial_port.py (two-way: status is asked with DLE EOT), usb.py and
os_queue.py (Windows queue, CUPS) through python-escpos (escpos_link.py).
base.py holds the protocol and the bounded reads: no read, status query or
close waits longer than its deadline, whatever the printer sends.
"""

from __future__ import annotations

from printing.transports.base import Transport
from printing.transports.file import FileTransport
from printing.transports.os_queue import open_os_queue
from printing.transports.serial_port import SerialTransport
from printing.transports.tcp import TcpTransport
from printing.transports.usb import open_usb
from printing.urls import host_port, parse_url

__all__ = ["FileTransport", "SerialTransport", "TcpTransport", "Transport", "open_transport"]


def open_transport(url: str, timeout: float = 5.0) -> Transport:
    """Parse ``url`` (see :mod:`printing.urls`) and open the link; raises a PrintError."""
    parsed = parse_url(url)
    label = url.strip()
    if parsed.scheme == "file":
        return FileTransport(parsed.target, label, timeout)
    if parsed.scheme == "tcp":
        host, port = host_port(parsed)
        return TcpTransport(host, port, label, timeout, parsed.flag("status", True))
    if parsed.scheme == "serial":
        return SerialTransport(parsed, label, timeout)
    if parsed.scheme == "usb":
        return open_usb(parsed, label, timeout)
    return open_os_queue(parsed, label, timeout)
