"""Looking at rendered pixels: is a label's text cut?

The ink a label's text needs is measured from the real glyph outlines of its string in the
font it is drawn with (``QPainterPath.addText``: the stacked marks of "Ế" included). The ink
actually on screen is found in a grab of the window: the pixels of the label's text colour
inside the label's rectangle. A label that clips its text (at its edge or at the padding
inside it) shows less ink than its string needs.
"""

from __future__ import annotations

from ui.qt import QColor, QImage, QLabel, QPainterPath, QPoint, QPointF, QRect, Qt, QWidget



def needed_ink(lab: QLabel) -> tuple[float, float]:
    """(width, height) of the ink of the label's whole text on one line, in the font it is
    drawn with (``text_font()`` for labels that fit their text, else ``font()``)."""
    font = lab.text_font() if hasattr(lab, "text_font") else lab.font()
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, lab.text())
    box = path.boundingRect()
    return box.width(), box.height()


def shown_ink(image: QImage, rect: QRect, colour: QColor) -> tuple[int, int]:
    """(width, height) of the span of pixels of exactly ``colour`` (the glyphs' cores; the
    anti-aliased rim is mixed with the background) inside ``rect`` of ``image``."""
    region = image.copy(rect).convertToFormat(QImage.Format.Format_RGB32)
    mask = region.createMaskFromColor(colour.rgb(), Qt.MaskMode.MaskInColor)
    mask = mask.convertToFormat(QImage.Format.Format_Mono)
    stride, width = mask.bytesPerLine(), mask.width()
    data = bytes(mask.constBits())[:stride * mask.height()]
    padding = stride * 8 - width   # the bits past the last pixel of a row are not pixels
    rows = [int.from_bytes(data[y * stride:(y + 1) * stride], "big") >> padding
            for y in range(mask.height())]
    inked = [y for y, bits in enumerate(rows) if bits]
    if not inked:
        return 0, 0
    merged = 0
    for bits in rows:
        merged |= bits
    # Mono is most significant bit first: pixel x is bit (width - 1 - x).
    return merged.bit_length() - _lowest_bit(merged), inked[-1] - inked[0] + 1


def _lowest_bit(value: int) -> int:
    return (value & -value).bit_length() - 1


def clipped_labels(window: QWidget) -> list[str]:
    """Every visible label of ``window`` whose text shows less ink than it needs, as
    "name 'text': what is missing"."""
    image = window.grab().toImage()
    bounds = QRect(0, 0, image.width(), image.height())
    found = []
    for lab in window.findChildren(QLabel):
        if not lab.isVisible() or not lab.text().strip():
            continue
        rect = QRect(lab.mapTo(window, QPoint(0, 0)), lab.size())
        where = f"{lab.objectName() or type(lab).__name__} {lab.text()!r}"
        if not bounds.contains(rect):
            found.append(f"{where}: outside the window {rect}")
            continue
        need_w, need_h = needed_ink(lab)
        shown_w, shown_h = shown_ink(image, rect, lab.palette().color(lab.foregroundRole()))
        tolerance_h = 3.5 + 0.03 * need_h   # thin anti-aliased marks have no exact pixel
        if shown_h < need_h - tolerance_h:
            found.append(f"{where}: ink {shown_h}px high of {need_h:.0f}px")
        wrapped = lab.wordWrap() and shown_h > 1.6 * need_h
        if not wrapped and shown_w < need_w - (3.5 + 0.03 * need_w):
            found.append(f"{where}: ink {shown_w}px wide of {need_w:.0f}px")
    return found
