"""Fonts and the application style sheet.

The UI font must have every Vietnamese glyph (ă â đ ê ô ơ ư with all five
tones, stacked: ẫ ặ ổ …). Be Vietnam Pro is shipped as a Python package
(``fontpkg-be-vietnam-pro``, also used for printed tickets); without it we
fall back to a system font that declares Vietnamese support.
"""

from __future__ import annotations

import logging

from ui.qt import QApplication, QFont, QFontDatabase

log = logging.getLogger(__name__)

BUNDLED_FAMILY = "Be Vietnam Pro"
_BUNDLED_STYLES = ("Regular", "Italic", "Medium", "SemiBold", "Bold")
FALLBACK_FAMILIES = ("Segoe UI", "Noto Sans", "DejaVu Sans", "Arial", "Tahoma")
BASE_POINT_SIZE = 10

PRIMARY = "#1a5490"
PRIMARY_DARK = "#123d6b"
ERROR = "#b3261e"

# Stacked marks on capitals (Ẫ, Ố, Ầ) rise above the font's ascent and a QLabel clips
# them at its top edge; a little top padding keeps them visible at any font size.
STYLESHEET = f"""
QLabel {{ padding-top: 0.2em; qproperty-indent: 0; }}
QListWidget#nav {{
    background: #eef2f7; border: none; border-right: 1px solid #d5dce6;
    padding-top: 8px; outline: 0;
}}
QListWidget#nav::item {{ padding-left: 16px; color: #1f2933; }}
QListWidget#nav::item:hover {{ background: #dde6f1; }}
QListWidget#nav::item:selected {{ background: {PRIMARY}; color: white; }}
QLabel#pageTitle {{ font-size: 18pt; font-weight: 600; color: {PRIMARY_DARK}; }}
QLabel#muted {{ color: #52606d; }}
QLabel#error {{ color: {ERROR}; }}
QLabel#chainOk {{ color: #2e7d32; }}
QFrame#card {{ background: white; border: 1px solid #d5dce6; border-radius: 6px; }}
QLabel#todayNumber {{ font-size: 17pt; font-weight: 600; color: {PRIMARY}; }}
QLabel#statNumber {{ font-size: 22pt; font-weight: 600; color: {PRIMARY}; }}
QFrame#demoNote {{ background: #fff7dc; border: 1px solid #e8c95a; border-radius: 4px; }}
QFrame#banner {{ background: {PRIMARY}; }}
QFrame#banner QLabel {{ color: white; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def _load_bundled_font() -> str | None:
    try:
        import fontpkg_be_vietnam_pro as bundled
    except ImportError:
        return None
    loaded = False
    for style in _BUNDLED_STYLES:
        path = bundled.ROOT / "files" / f"BeVietnamPro-{style}.ttf"
        if QFontDatabase.addApplicationFont(str(path)) >= 0:
            loaded = True
        else:
            log.warning("could not load font file %s", path.name)
    return BUNDLED_FAMILY if loaded else None


def _has_vietnamese(family: str) -> bool:
    return QFontDatabase.WritingSystem.Vietnamese in QFontDatabase.writingSystems(family)


def choose_font_family() -> str | None:
    """The bundled font, else the first installed fallback that covers Vietnamese."""
    family = _load_bundled_font()
    if family:
        return family
    installed = set(QFontDatabase.families())
    for candidate in FALLBACK_FAMILIES:
        if candidate in installed and _has_vietnamese(candidate):
            return candidate
    log.warning("no font with Vietnamese glyphs found; diacritics may not display")
    return None


def apply_style(app: QApplication) -> None:
    family = choose_font_family()
    font = QFont(family) if family else app.font()
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
    log.info("UI font: %s", font.family())
