"""A report's file (XLSX or PDF) as bytes, for the office's app and the central server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from printing.documents.model import OfficeHeader

FILE_FORMATS = ("xlsx", "pdf")


def render(data: dict, fmt: str, header: OfficeHeader, today: date) -> bytes:
    """``fmt`` is ``xlsx`` (one sheet per breakdown) or ``pdf`` (A4, NĐ 30/2020 style)."""
    from printing.reports import pdf, xlsx   # reportlab/openpyxl only when a file is asked
    from printing.reports.columns import flatten_ratings
    if data["report"] == "ratings":
        data = flatten_ratings(data)
    if fmt == "xlsx":
        return xlsx.render(data)
    if fmt == "pdf":
        return pdf.render(data, header, today)
    raise ValueError(f"no file format {fmt!r}")


def save(path: Path, payload: bytes) -> None:
    """Write the file whole or not at all (a temporary file renamed over it), so a
    reader never opens half a report; OSError is the caller's to word."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(payload)
    tmp.replace(path)
