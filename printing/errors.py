"""Typed printing errors, each with a Vietnamese message that says what to do next.

They subclass :class:`counter_app.errors.CounterError`, so the CLI turns them
into exit code 2 and the UI into a dialog. ``code`` is a stable short name for
scripts and logs; nobody matches on the message text.
"""

from __future__ import annotations

from counter_app.errors import CounterError


class PrintError(CounterError):
    """Base: the ticket could not be printed. ``str()`` is the Vietnamese reason."""

    code = "print_error"


class BadPrinterUrl(PrintError):
    """The printer address is empty or not one of the supported forms."""

    code = "bad_url"


class PrinterUnsupported(PrintError):
    """This kind of printer cannot be used on this machine (missing driver package, OS)."""

    code = "unsupported"


class PrinterUnreachable(PrintError):
    """Nothing answers at the address: refused connection, unknown port or host."""

    code = "unreachable"


class PrinterTimeout(PrintError):
    """The printer stopped answering or accepting data within the time limit."""

    code = "timeout"


class PaperOut(PrintError):
    code = "paper_out"


class CoverOpen(PrintError):
    code = "cover_open"


class PrinterNotReady(PrintError):
    """Offline or in an error state (cutter jam, overheating) for another reason."""

    code = "not_ready"
