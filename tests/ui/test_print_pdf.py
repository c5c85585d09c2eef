"""Printing a real form PDF through QPrinter, with a PDF file standing in for the printer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from counter_app.services import documents, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from ui import print_pdf
from ui.print_pdf import DocumentPrinter, PdfPreviewDialog, PrintJob, page_images
from ui.qt import QPrinter

needs_renderer = pytest.mark.skipif(print_pdf.renderer_name() is None,
                                    reason="neither QtPdf nor pypdfium2 is installed")
pytestmark = needs_renderer


@pytest.fixture
def form01(core) -> Path:
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    d = intake.receive(core, IntakeRequest("DEMO-HT-05", Applicant(full_name="Lê Thị Hoa")))
    return documents.save(core, "form01", d["code"], copies=2)


def dark_share(png: Path) -> float:
    histogram = Image.open(png).convert("L").histogram()
    return sum(histogram[:128]) / sum(histogram)


def rasterise(pdf: Path, out: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page*.png"))


@pytest.fixture(params=["QtPdf", "pypdfium2"])
def renderer(request, monkeypatch):
    """Both renderers: QtPdf where PySide6-Addons is installed, pypdfium2 everywhere else."""
    if request.param == "QtPdf" and print_pdf.qt_pdf() is None:
        pytest.skip("QtPdf (PySide6-Addons) is not installed")
    if request.param == "pypdfium2":
        pytest.importorskip("pypdfium2")
        monkeypatch.setattr(print_pdf, "qt_pdf", lambda: None)
    assert print_pdf.renderer_name() == request.param
    return request.param


def test_page_images_are_white_with_text_at_the_pdf_size(qapp, form01, renderer):
    pages = list(page_images(form01, dpi=72))
    assert len(pages) == 2                                    # Liên 1, Liên 2
    image, points = pages[0]
    assert round(points.width()) == 420 and round(points.height()) == 595   # A5
    assert abs(image.width() - 420) <= 1 and abs(image.height() - 595) <= 1
    assert image.pixelColor(2, 2).name() == "#ffffff"
    dark = sum(1 for x in range(0, 420, 3) for y in range(0, 595, 3)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 50


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_print_to_a_pdf_printer_keeps_pages_size_and_ink(qapp, form01, tmp_path, renderer):
    out = tmp_path / "printed.pdf"
    outcome = print_pdf.print_pdf(form01, title="form01", output_file=out, dpi=150)
    assert outcome.kind == "printed" and outcome.pages == 2, outcome.message
    reader = PdfReader(out)
    assert len(reader.pages) == len(PdfReader(form01).pages) == 2
    box = reader.pages[1].mediabox
    assert abs(float(box.width) - 420) < 3 and abs(float(box.height) - 595) < 3
    pngs = rasterise(out, tmp_path)
    assert len(pngs) == 2
    assert all(0.005 < dark_share(p) < 0.5 for p in pngs)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_mixed_page_sizes_each_get_their_own_paper(qapp, tmp_path):
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.pdfgen import canvas
    src = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(src))
    for size in (A4, A5):
        c.setPageSize(size)
        c.rect(20, 20, size[0] - 40, size[1] - 40, fill=1)
        c.showPage()
    c.save()
    out = tmp_path / "out.pdf"
    assert print_pdf.print_pdf(src, output_file=out, dpi=50).ok
    boxes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in PdfReader(out).pages]
    assert boxes == [(595, 842), (420, 595)]
    pngs = rasterise(out, tmp_path)
    assert all(dark_share(p) > 0.7 for p in pngs), "a page was clipped"


def test_a_broken_pdf_or_unknown_printer_is_a_clear_message(qapp, tmp_path, form01, renderer):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    outcome = print_pdf.print_pdf(bad, output_file=tmp_path / "x.pdf")
    assert outcome.kind == "failed" and "PDF bị hỏng" in outcome.message
    outcome = print_pdf.print_pdf(form01, "Máy in không có thật")
    assert outcome.kind == "failed" and "không có máy in tên" in outcome.message
    missing = print_pdf.print_pdf(tmp_path / "gone.pdf", output_file=tmp_path / "y.pdf")
    assert missing.kind == "failed" and "Không đọc được tệp PDF" in missing.message


def test_print_job_runs_off_the_gui_thread(qtbot, form01, tmp_path):
    out = tmp_path / "job.pdf"
    job = PrintJob(form01, title="form01", output_file=out)
    with qtbot.waitSignal(job.finished, timeout=20_000) as blocker:
        job.start()
    assert blocker.args[0].kind == "printed"
    assert job.thread is not None and job.thread.name == print_pdf.THREAD_NAME
    job.thread.join(5)
    assert len(PdfReader(out).pages) == 2


def test_without_a_printer_a_preview_opens(qtbot, form01, tmp_path):
    printer = DocumentPrinter()
    with qtbot.waitSignal(printer.done) as blocker:
        printer.print_document(form01, "", "Giấy tiếp nhận")
    assert blocker.args[0].kind == "preview"
    dialog = printer.preview
    assert isinstance(dialog, PdfPreviewDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Xem trước khi in — Giấy tiếp nhận"
    pdf_printer = QPrinter()
    pdf_printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf_printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    dialog._paint(pdf_printer)                                # what its print button does
    assert len(PdfReader(tmp_path / "preview.pdf").pages) == 2
    printer.close_preview()
    assert printer.preview is None


def test_a_configured_printer_that_is_missing_says_so(qtbot, form01):
    printer = DocumentPrinter()
    with qtbot.waitSignal(printer.done) as blocker:
        printer.print_document(form01, "HP LaserJet Phòng Một cửa", "Giấy tiếp nhận")
    assert blocker.args[0].kind == "failed"
    assert "HP LaserJet Phòng Một cửa" in blocker.args[0].message
    assert printer.preview is not None                        # to print elsewhere
    printer.close_preview()
