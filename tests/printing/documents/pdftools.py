"""Reading PDFs back in tests: poppler's pdftotext/pdftoppm, pypdf, zxing-cpp."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="pdftotext/pdftoppm not installed (Debian: apt-get install poppler-utils)")
MM = 72 / 25.4


def _run(args: list[str], pdf: bytes, out: str = "-") -> bytes:
    """Run a poppler tool on ``pdf``; its output is stdout, or the file named ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        target = "-" if out == "-" else str(Path(tmp) / out)
        result = subprocess.run([*args, str(path), target], check=True, capture_output=True,
                                timeout=60).stdout
        return result if out == "-" else Path(target + ".png").read_bytes()


def text(pdf: bytes, page: int | None = None) -> str:
    """``pdftotext -layout`` of the whole document or of one page (1-based)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run(["pdftotext", "-layout", "-enc", "UTF-8", *pages], pdf).decode("utf-8")


def flat(pdf: bytes, page: int | None = None) -> str:
    """The text in drawing order (``pdftotext -raw``: a table cell's lines stay
    together) with runs of white space made one space, so a wrapped sentence reads
    as one; the characters themselves are compared exactly."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    raw = _run(["pdftotext", "-raw", "-enc", "UTF-8", *pages], pdf).decode("utf-8")
    return " ".join(raw.split())


def words(pdf: bytes) -> list[tuple[int, float, float, float, float, float, str]]:
    """(page, page width, xMin, yMin, xMax, yMax, word) for every word."""
    html = _run(["pdftotext", "-bbox"], pdf).decode("utf-8")
    out = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</word>', page):
            out.append((number, width, *map(float, m.groups()[:4]), m.group(5)))
    return out


def png(pdf: bytes, page: int = 1, dpi: int = 200):
    """Page ``page`` rendered by pdftoppm, as a PIL image."""
    from PIL import Image
    data = _run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                 "-singlefile"], pdf, out="page")
    return Image.open(io.BytesIO(data))


def barcodes(pdf: bytes, page: int = 1) -> dict[str, list[str]]:
    """Format name → decoded texts, for every barcode zxing-cpp finds on the page."""
    import zxingcpp
    found: dict[str, list[str]] = {}
    for r in zxingcpp.read_barcodes(png(pdf, page).convert("L")):
        found.setdefault(r.format.name, []).append(r.text)
    return found


def reader(pdf: bytes):
    from pypdf import PdfReader
    return PdfReader(io.BytesIO(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page's MediaBox."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


def fonts(pdf: bytes) -> dict[str, bool]:
    """BaseFont name → embedded?, over all pages."""
    found = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found
