"""The one-stop forms of TT 01/2018/TT-VPCP as PDF (reportlab): 01–05 on A5, 06 on A4.

``render_form("form01", Receipt(...)) -> bytes`` renders one form from the plain
dataclasses of ``model.py``; ``write_pdf(path, data)`` saves the bytes atomically.
The text is set in Times New Roman where installed, else the shipped Liberation
Serif (``fonts.py``). Each form's wording sits at the top of its ``formNN.py``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from printing.documents import form01, form02, form03, form04, form05, form06
from printing.documents.model import (Apology, BookRow, ControlSlip, DocumentLine, Handover,
                                      MissingDocument, OfficeHeader, Person, Receipt, Refusal,
                                      SupplementRequest, TrackingBook)

RENDERERS: dict[str, tuple[type, Callable[..., bytes]]] = {
    "form01": (Receipt, form01.render),
    "form02": (SupplementRequest, form02.render),
    "form03": (Refusal, form03.render),
    "form04": (Apology, form04.render),
    "form05": (ControlSlip, form05.render),
    "form06": (TrackingBook, form06.render),
}

__all__ = ["render_form", "write_pdf", "RENDERERS", "Apology", "BookRow", "ControlSlip",
           "DocumentLine", "Handover", "MissingDocument", "OfficeHeader", "Person", "Receipt",
           "Refusal", "SupplementRequest", "TrackingBook"]


def render_form(kind: str, data) -> bytes:
    """The PDF of form ``kind`` ("form01" … "form06") filled with ``data``."""
    try:
        expected, render = RENDERERS[kind]
    except KeyError:
        raise ValueError(f"unknown form {kind!r}; expected one of {sorted(RENDERERS)}") from None
    if not isinstance(data, expected):
        raise TypeError(f"{kind} needs a {expected.__name__}, not {type(data).__name__}")
    return render(data)


def write_pdf(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a
    reader never sees half a PDF and a crash leaves the old file in place."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
