"""A label that fits its text by the ink of its glyphs, for text read across a hall.

A ``QLabel`` sizes its line by the font's nominal ascent and descent; the stacked marks
on Vietnamese capitals (Ế, Ầ, Ố) rise above the ascent, so a label squeezed by its layout
cuts them ("ĐÊN QUÂY SÔ 1"), and a big number loses its foot. ``FitLabel`` measures the
outline of its actual string (``QPainterPath.addText``: marks included), asks its layout
for exactly that much room, and when it gets less, draws the text at the largest pixel
size whose ink fits its rectangle — centred by the ink, never clipped. The size the
style sheet gives is the largest it draws at; it never grows past it.
"""

from __future__ import annotations

from ui.qt import (QFont, QLabel, QPainter, QPainterPath, QPaintEvent, QPointF, QRectF, QSize,
                   Qt, QWidget)

MIN_PIXEL_SIZE = 6
MARGIN_EM = 0.06    # clear space around the ink, as a fraction of the pixel size


def pixel_size(font: QFont) -> float:
    """The font's size in pixels, whether the style sheet gave pixels or points."""
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * 96 / 72


def ink_rect(font: QFont, text: str) -> QRectF:
    """The bounds of the glyph outlines of ``text`` drawn with its baseline at y = 0."""
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, text)
    return path.boundingRect()


def sized(font: QFont, px: int) -> QFont:
    smaller = QFont(font)
    smaller.setPixelSize(max(MIN_PIXEL_SIZE, px))
    return smaller


def fitting_font(font: QFont, text: str, room: QSize) -> QFont:
    """``font`` at the largest pixel size (at most its own) whose ink of ``text``, plus its
    margin, fits in ``room``. Ink scales with the size, so one proportional step lands near
    the answer; hinting can round a pixel up, so step down until it really fits."""
    full = pixel_size(font)
    px = int(full)
    while px > MIN_PIXEL_SIZE:
        candidate = sized(font, px)
        ink = ink_rect(candidate, text)
        margin = 2 * MARGIN_EM * px
        if ink.width() + margin <= room.width() and ink.height() + margin <= room.height():
            return candidate
        scale = min((room.width() - margin) / max(ink.width(), 1),
                    (room.height() - margin) / max(ink.height(), 1))
        px = min(px - 1, int(px * scale)) if scale > 0 else px - 1
    return sized(font, MIN_PIXEL_SIZE)


class FitLabel(QLabel):
    """One line of text, shrunk to fit by its measured ink; see the module docstring."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._cache: tuple | None = None

    def _natural(self) -> QSize:
        """Room for the ink at the style sheet's size, margins included."""
        font = self.font()
        ink = ink_rect(font, self.text() or "Ẩg")
        margin = 2 * MARGIN_EM * pixel_size(font)
        return QSize(int(ink.width() + margin) + 2, int(ink.height() + margin) + 2)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._natural()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # A layout short of room may squeeze the label: it draws smaller instead of cutting.
        natural = self._natural()
        return QSize(min(natural.width(), 40), min(natural.height(), 16))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False

    def text_font(self) -> QFont:
        """The font the text is drawn with at the label's present size."""
        key = (self.text(), self.font().key(), self.width(), self.height())
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, fitting_font(self.font(), self.text(), self.size()))
        return self._cache[1]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        text = self.text()
        if not text:
            return
        font = self.text_font()
        ink = ink_rect(font, text)
        area = QRectF(self.rect())
        align = self.alignment()
        margin = MARGIN_EM * pixel_size(font)
        if align & Qt.AlignmentFlag.AlignLeft:
            x = area.left() + margin
        elif align & Qt.AlignmentFlag.AlignRight:
            x = area.right() - margin - ink.width()
        else:
            x = area.center().x() - ink.width() / 2
        y = area.center().y() - ink.height() / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(QPointF(x - ink.left(), y - ink.top()), text)
        painter.end()
