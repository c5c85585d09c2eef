"""Printing the office's PDFs (forms 01–05) on the A4/A5 office printer, or previewing them.

Qt cannot send a PDF to a printer; the pages are rendered to images (QtPdf
from PySide6-Addons, else pypdfium2) and painted on a ``QPrinter`` at the PDF's
own page size, page by page (shared/research/hardware-and-printing.md §6). The
result is raster (300 dpi): fine on paper; the archived copy stays the vector
PDF that ``documents.save`` wrote.

- ``print_pdf()`` does the whole job and blocks; ``PrintJob`` runs it on a
  background thread and reports on the GUI thread.
- ``DocumentPrinter`` is what a page uses: the configured printer
  (``printer.document_printer``) prints at once; with none configured, or one
  this computer does not know, a preview opens, from which the officer can
  print on any printer. A failure is a Vietnamese sentence; the PDF stays saved
  and can be printed again.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ui.qt import (QBuffer, QByteArray, QIODevice, QImage, QMarginsF, QObject, QPageLayout,
                   QPageSize, QPainter, QPrinter, QPrinterInfo, QPrintPreviewDialog, QRect,
                   QSize, QSizeF, Qt, QWidget, Signal, is_valid, qt_pdf)

log = logging.getLogger(__name__)

PRINT_DPI = 300
PREVIEW_DPI = 150
THREAD_NAME = "pdf-print"
POINTS_PER_INCH = 72


class PdfRenderError(Exception):
    """The PDF could not be read or no renderer is installed; str() is Vietnamese."""


@dataclass(frozen=True)
class PrintOutcome:
    """``kind``: "printed", "failed" or "preview" (shown for the officer to print)."""

    kind: str
    message: str
    printer: str = ""
    pages: int = 0

    @property
    def ok(self) -> bool:
        return self.kind != "failed"


def _pdf_bytes(source: bytes | Path | str) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise PdfRenderError(f"Không đọc được tệp PDF {source}: {exc.strerror or exc}.") from exc


def renderer_name() -> str | None:
    """"QtPdf", "pypdfium2", or None when neither is installed."""
    if qt_pdf() is not None:
        return "QtPdf"
    try:
        import pypdfium2
    except ImportError:
        return None
    return "pypdfium2" if pypdfium2 else None


def page_images(source: bytes | Path | str, dpi: int = PRINT_DPI
                ) -> Iterator[tuple[QImage, QSizeF]]:
    """Each page as a white-backed image at ``dpi``, with its size in points."""
    data = _pdf_bytes(source)
    name = renderer_name()
    if name == "QtPdf":
        yield from _qtpdf_pages(data, dpi)
    elif name == "pypdfium2":
        yield from _pdfium_pages(data, dpi)
    else:
        raise PdfRenderError("Máy này thiếu bộ hiển thị PDF (PySide6-Addons hoặc pypdfium2) nên "
                             "không in trực tiếp được. Hãy mở tệp PDF đã lưu và in từ đó.")


def _pixels(points: QSizeF, dpi: int) -> QSize:
    return QSize(max(1, round(points.width() * dpi / POINTS_PER_INCH)),
                 max(1, round(points.height() * dpi / POINTS_PER_INCH)))


def _qtpdf_pages(data: bytes, dpi: int) -> Iterator[tuple[QImage, QSizeF]]:
    qtpdf = qt_pdf()
    document = qtpdf.QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != qtpdf.QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PdfRenderError("Tệp PDF bị hỏng hoặc rỗng: không in được.")
    try:
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            yield _on_white(document.render(index, _pixels(points, dpi))), points
    finally:
        document.close()
        buffer.close()


def _pdfium_pages(data: bytes, dpi: int) -> Iterator[tuple[QImage, QSizeF]]:
    import pypdfium2 as pdfium
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfRenderError("Tệp PDF bị hỏng hoặc rỗng: không in được.") from exc
    try:
        for page in document:
            width, height = page.get_size()
            pil = page.render(scale=dpi / POINTS_PER_INCH).to_pil().convert("RGB")
            raw = pil.tobytes()
            image = QImage(raw, pil.width, pil.height, 3 * pil.width,
                           QImage.Format.Format_RGB888).copy()  # copy: raw is freed below
            page.close()
            yield image, QSizeF(width, height)
    finally:
        document.close()


def _on_white(image: QImage) -> QImage:
    """QtPdf leaves the paper transparent; printers and PDF viewers want it white."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def page_layout(points: QSizeF) -> QPageLayout:
    """The printer layout for one PDF page: its paper (A5, A4… matched), no margins."""
    landscape = points.width() > points.height()
    portrait = QSizeF(points.height(), points.width()) if landscape else points
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if landscape else \
        QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def _set_paper(printer: QPrinter, points: QSizeF) -> None:
    # Only PDF output can change paper inside a job (Qt refuses it for a printer or a
    # preview that is already active); elsewhere the page is fitted onto the paper.
    layout, current = page_layout(points), printer.pageLayout()
    if current.pageSize().isEquivalentTo(layout.pageSize()) and \
            current.orientation() == layout.orientation():
        return
    active = printer.printerState() == QPrinter.PrinterState.Active
    if not active or printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        printer.setPageLayout(layout)


def _fitted(image: QImage, full: QRect) -> QRect:
    """The largest rectangle with the image's proportions, centred on the paper."""
    scale = min(full.width() / image.width(), full.height() / image.height())
    width, height = round(image.width() * scale), round(image.height() * scale)
    return QRect((full.width() - width) // 2, (full.height() - height) // 2, width, height)


def paint_pages(printer: QPrinter, pages: list[tuple[QImage, QSizeF]]) -> bool:
    """Paint ``pages`` on ``printer``, each at its own paper size; False if it cannot start."""
    printer.setFullPage(True)
    _set_paper(printer, pages[0][1])
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index, (image, points) in enumerate(pages):
            if index:
                _set_paper(printer, points)
                printer.newPage()
            # Per page, not painter.viewport(): that keeps the first page's size.
            full = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(_fitted(image, full), image)
    finally:
        painter.end()
    return printer.printerState() != QPrinter.PrinterState.Error


def printer_known(name: str) -> bool:
    return bool(name) and not QPrinterInfo.printerInfo(name).isNull()


def print_pdf(source: bytes | Path | str, printer_name: str = "", *, title: str = "",
              output_file: Path | str | None = None, dpi: int = PRINT_DPI) -> PrintOutcome:
    """Print every page of the PDF on ``printer_name`` (or into ``output_file`` as a PDF,
    which stands in for a printer in tests). Never raises; the outcome says what happened."""
    where = str(output_file) if output_file else printer_name
    try:
        pages = list(page_images(source, dpi))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if output_file is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(output_file))
        elif not printer_known(printer_name):
            return PrintOutcome("failed", _not_found(printer_name), printer_name)
        else:
            printer.setPrinterName(printer_name)
        printer.setDocName(title or "counter-app")
        printer.setResolution(dpi)
        if not paint_pages(printer, pages):
            return PrintOutcome("failed", f"Máy in “{where}” không nhận lệnh in (hết giấy, kẹt "
                                "giấy hoặc đang tắt?). Tệp PDF vẫn được lưu; hãy kiểm tra máy "
                                "in rồi bấm “In lại”.", where)
    except PdfRenderError as exc:
        return PrintOutcome("failed", str(exc), where)
    except Exception:
        log.exception("printing to %s failed", where)
        return PrintOutcome("failed", f"Không in được trên máy in “{where}” do lỗi không mong "
                            "đợi (chi tiết trong nhật ký). Tệp PDF vẫn được lưu.", where)
    log.info("printed %d page(s) of %s on %s", len(pages), title or "a PDF", where)
    return PrintOutcome("printed", f"Đã gửi {len(pages)} trang tới máy in “{where}”.", where,
                        len(pages))


def _not_found(name: str) -> str:
    return (f"Máy tính này không có máy in tên “{name}” (printer.document_printer). Hãy kiểm tra "
            "máy in đã được cài trên Windows/CUPS, hoặc chọn máy in khác trong cửa sổ xem trước.")


class PrintJob(QObject):
    """``print_pdf`` on a background thread; ``finished(PrintOutcome)`` on the GUI thread."""

    finished = Signal(object)
    _done = Signal(object)

    def __init__(self, source: bytes | Path | str, printer_name: str = "", *, title: str = "",
                 output_file: Path | str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._args = (source, printer_name)
        self._kwargs = {"title": title, "output_file": output_file}
        self.outcome: PrintOutcome | None = None
        self.thread: threading.Thread | None = None
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self._done.emit(print_pdf(*self._args, **self._kwargs))

    def _deliver(self, outcome: PrintOutcome) -> None:
        self.outcome = outcome
        self.finished.emit(outcome)


class PdfPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview of a PDF: zoom, page through, and print on any printer."""

    def __init__(self, source: bytes | Path | str, title: str,
                 parent: QWidget | None = None) -> None:
        pages = list(page_images(source, PREVIEW_DPI))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(pages[0][1]))  # before the preview takes the printer
        super().__init__(printer, parent)
        self.printer = printer
        self.pages = pages
        self.setWindowTitle(self.tr("Xem trước khi in — {title}").format(title=title))
        self.paintRequested.connect(self._paint)
        self.resize(900, 760)

    def _paint(self, printer: QPrinter) -> None:
        # Printing from the preview may go to a real printer: redraw at print resolution.
        if not paint_pages(printer, self.pages):
            log.warning("the preview could not paint on %s", printer.printerName())


class DocumentPrinter(QObject):
    """Print a saved form on the office printer, or open a preview; ``done(PrintOutcome)``."""

    done = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: PrintJob | None = None
        self.preview: PdfPreviewDialog | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def print_document(self, path: Path, printer_name: str, title: str) -> None:
        printer_name = printer_name.strip()
        if printer_name and printer_known(printer_name):
            self.job = PrintJob(path, printer_name, title=title, parent=self)
            self.job.finished.connect(self._printed)
            self.job.start()
            return
        opened = self.open_preview(path, title)
        if printer_name:
            self.done.emit(PrintOutcome("failed", _not_found(printer_name), printer_name))
        elif opened:
            self.done.emit(PrintOutcome("preview", self.tr(
                "Chưa cấu hình máy in văn bản (printer.document_printer): đã mở bản xem trước, "
                "bấm biểu tượng máy in để in.")))

    def open_preview(self, path: Path, title: str) -> bool:
        self.close_preview()
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        try:
            dialog = PdfPreviewDialog(path, title, parent)
        except PdfRenderError as exc:
            self.done.emit(PrintOutcome("failed", str(exc)))
            return False
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: self._preview_closed(dialog))
        self.preview = dialog
        dialog.open()
        return True

    def _preview_closed(self, dialog: PdfPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None

    def close_preview(self) -> None:
        if self.preview is not None and is_valid(self.preview):
            self.preview.close()
        self.preview = None

    def _printed(self, outcome: PrintOutcome) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
        self.done.emit(outcome)
