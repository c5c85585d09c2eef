"""The one-stop forms as PDF (reportlab): 01–05 and the stop notice on A5, 06 on A4.

``render_form("form01", Receipt(...)) -> bytes`` renders one form from the plain
dataclasses of ``model.py``, in the wording of the code (TT 01/2018/TT-VPCP) or of a
form set (``wording.py``: ``render_form(kind, data, form_set.wording(kind))``);
``write_pdf(path, data)`` saves the bytes atomically. The kinds keep their TT 01/2018
names (form01 … form06) whatever number a set gives them; ``stop_notice`` is new.
The text is set in Times New Roman where installed, else the shipped Liberation
Serif (``fonts.py``). Each form's wording sits at the top of its ``formNN.py``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from printing.documents import (form01, form02, form03, form04, form05, form06,
                                stop_notice)
from printing.documents.model import (Apology, BookRow, ControlSlip, DocumentLine, Handover,
                                      MissingDocument, OfficeHeader, Person, Receipt, Refusal,
                                      StopNotice, SupplementRequest, TrackingBook)
from printing.documents.wording import FormWording

RENDERERS: dict[str, tuple[type, Callable[..., bytes]]] = {
    "form01": (Receipt, form01.render),
    "form02": (SupplementRequest, form02.render),
    "form03": (Refusal, form03.render),
    "form04": (Apology, form04.render),
    "form05": (ControlSlip, form05.render),
    "form06": (TrackingBook, form06.render),
    "stop_notice": (StopNotice, stop_notice.render),
}
# Each kind's wording keys and defaults, which a form set is checked against.
WORDINGS = {"form01": form01.WORDING, "form02": form02.WORDING, "form03": form03.WORDING,
            "form04": form04.WORDING, "form05": form05.WORDING, "form06": form06.WORDING,
            "stop_notice": stop_notice.WORDING}

__all__ = ["render_form", "write_pdf", "RENDERERS", "Apology", "BookRow", "ControlSlip",
           "DocumentLine", "Handover", "MissingDocument", "OfficeHeader", "Person", "Receipt",
           "Refusal", "StopNotice", "SupplementRequest", "TrackingBook", "WORDINGS"]


def render_form(kind: str, data, wording: FormWording | None = None) -> bytes:
    """The PDF of form ``kind`` ("form01" … "form06", "stop_notice") filled with
    ``data``, in ``wording`` (a form set's) or the code's own."""
    try:
        expected, render = RENDERERS[kind]
    except KeyError:
        raise ValueError(f"unknown form {kind!r}; expected one of {sorted(RENDERERS)}") from None
    if not isinstance(data, expected):
        raise TypeError(f"{kind} needs a {expected.__name__}, not {type(data).__name__}")
    return render(data, wording)


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
