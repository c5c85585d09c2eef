"""Several PDFs as one document: a citizen's forms printed (or previewed) as one job."""

from __future__ import annotations

import io

import pypdfium2 as pdfium


def combine(pdfs: list[bytes]) -> bytes:
    """The pages of ``pdfs`` one after another; a single PDF is returned unchanged."""
    if len(pdfs) == 1:
        return pdfs[0]
    out = pdfium.PdfDocument.new()
    try:
        for data in pdfs:
            src = pdfium.PdfDocument(data)
            try:
                out.import_pages(src)
            finally:
                src.close()
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
