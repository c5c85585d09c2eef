"""A report's file (XLSX or PDF) as bytes, for the office's app and the central server."""

from __future__ import annotations

from datetime import date

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
