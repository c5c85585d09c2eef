"""Fonts for rendered tickets: Be Vietnam Pro (bundled by ``fontpkg-be-vietnam-pro``),
else DejaVu Sans from the system.

Never Pillow's built-in bitmap font: it has no Vietnamese letters, and a ticket
with "?" for "Số" is worse than a clear error.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PIL import ImageFont

from printing.errors import PrinterUnsupported

log = logging.getLogger(__name__)

# weight name → (Be Vietnam Pro file stem, DejaVu Sans file name)
WEIGHTS = {
    "regular": ("BeVietnamPro-Regular", "DejaVuSans.ttf"),
    "italic": ("BeVietnamPro-Italic", "DejaVuSans-Oblique.ttf"),
    "medium": ("BeVietnamPro-Medium", "DejaVuSans.ttf"),
    "semibold": ("BeVietnamPro-SemiBold", "DejaVuSans-Bold.ttf"),
    "bold": ("BeVietnamPro-Bold", "DejaVuSans-Bold.ttf"),
    "extrabold": ("BeVietnamPro-ExtraBold", "DejaVuSans-Bold.ttf"),
}
_DEJAVU_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("C:/Windows/Fonts"),
)


def _bundled(stem: str) -> Path | None:
    try:
        import fontpkg_be_vietnam_pro as bundled
    except ImportError:
        return None
    path = bundled.ROOT / "files" / f"{stem}.ttf"
    return path if path.is_file() else None


def _dejavu(name: str) -> Path | None:
    return next((d / name for d in _DEJAVU_DIRS if (d / name).is_file()), None)


@functools.lru_cache(maxsize=None)
def font_path(weight: str) -> Path:
    stem, fallback = WEIGHTS[weight]
    path = _bundled(stem)
    if path is None:
        path = _dejavu(fallback)
        if path is not None:
            log.warning("Be Vietnam Pro not found; tickets use %s", path)
    if path is None:
        raise PrinterUnsupported(
            "Không tìm thấy phông chữ tiếng Việt để in phiếu (Be Vietnam Pro hoặc DejaVu "
            "Sans). Hãy cài lại phần mềm.")
    return path


@functools.lru_cache(maxsize=128)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """A TrueType font of ``weight`` (see WEIGHTS) at ``size`` pixels, cached."""
    return ImageFont.truetype(str(font_path(weight)), size)
